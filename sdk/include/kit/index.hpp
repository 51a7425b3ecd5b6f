// Indexes: Index::create() and Index::drop().
#pragma once

#include <vector>

#include "kit/export.hpp"
#include "kit/iden.hpp"

namespace kit {

/// Index::create().name("idx_posts_user_created").table(Posts::Table)
///     .col(Posts::UserId).col(Posts::CreatedAt).unique().if_not_exists()
class KIT_SDK_API IndexCreateStatement {
 public:
  IndexCreateStatement();
  KIT_DECLARE_VALUE_MEMBERS(IndexCreateStatement);

  IndexCreateStatement& name(Iden name);
  IndexCreateStatement& table(Iden table);
  IndexCreateStatement& col(Iden column);
  IndexCreateStatement& unique();
  IndexCreateStatement& if_not_exists();

  /// The name given, or one derived Laravel-style: `<table>_<col>[_<col>...]_{index|unique}`.
  [[nodiscard]] Iden get_name() const;
  [[nodiscard]] bool has_explicit_name() const noexcept { return !name_.empty(); }
  [[nodiscard]] const Iden& get_table() const noexcept { return table_; }
  [[nodiscard]] const std::vector<Iden>& get_columns() const noexcept { return columns_; }
  [[nodiscard]] bool is_unique() const noexcept { return unique_; }
  [[nodiscard]] bool is_if_not_exists() const noexcept { return if_not_exists_; }

 private:
  Iden name_;
  Iden table_;
  std::vector<Iden> columns_;
  bool unique_ = false;
  bool if_not_exists_ = false;
};

/// Index::drop().name("idx_posts_user_created").table(Posts::Table)
class KIT_SDK_API IndexDropStatement {
 public:
  IndexDropStatement();
  KIT_DECLARE_VALUE_MEMBERS(IndexDropStatement);

  IndexDropStatement& name(Iden name);
  IndexDropStatement& table(Iden table);
  IndexDropStatement& if_exists();

  [[nodiscard]] const Iden& get_name() const noexcept { return name_; }
  [[nodiscard]] const Iden& get_table() const noexcept { return table_; }
  [[nodiscard]] bool is_if_exists() const noexcept { return if_exists_; }

 private:
  Iden name_;
  Iden table_;
  bool if_exists_ = false;
};

struct KIT_SDK_API Index {
  [[nodiscard]] static IndexCreateStatement create();
  [[nodiscard]] static IndexDropStatement drop();
};

}  // namespace kit
