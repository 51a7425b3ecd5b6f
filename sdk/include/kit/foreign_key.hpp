// Foreign keys: inside Table::create(), Table::alter(), or on their own.
#pragma once

#include <optional>
#include <vector>

#include "kit/export.hpp"
#include "kit/iden.hpp"

namespace kit {

enum class ForeignKeyAction { Cascade, SetNull, SetDefault, Restrict, NoAction };

/// ForeignKey::create().name("fk_posts_user").from(Posts::Table, Posts::UserId)
///     .to(Users::Table, Users::Id).on_delete(ForeignKeyAction::Cascade)
class KIT_SDK_API ForeignKeyCreateStatement {
 public:
  ForeignKeyCreateStatement();
  KIT_DECLARE_VALUE_MEMBERS(ForeignKeyCreateStatement);

  ForeignKeyCreateStatement& name(Iden name);
  /// Sets the referencing table and adds a referencing column.
  ForeignKeyCreateStatement& from(Iden table, Iden column);
  ForeignKeyCreateStatement& from_tbl(Iden table);
  ForeignKeyCreateStatement& from_col(Iden column);
  /// Sets the referenced table and adds a referenced column.
  ForeignKeyCreateStatement& to(Iden table, Iden column);
  ForeignKeyCreateStatement& to_tbl(Iden table);
  ForeignKeyCreateStatement& to_col(Iden column);
  ForeignKeyCreateStatement& on_delete(ForeignKeyAction action);
  ForeignKeyCreateStatement& on_update(ForeignKeyAction action);

  /// The name given, or one derived Laravel-style: `<table>_<col>[_<col>...]_foreign`.
  [[nodiscard]] Iden get_name() const;
  [[nodiscard]] bool has_explicit_name() const noexcept { return !name_.empty(); }
  [[nodiscard]] const Iden& get_from_table() const noexcept { return from_table_; }
  [[nodiscard]] const std::vector<Iden>& get_from_columns() const noexcept { return from_columns_; }
  [[nodiscard]] const Iden& get_to_table() const noexcept { return to_table_; }
  [[nodiscard]] const std::vector<Iden>& get_to_columns() const noexcept { return to_columns_; }
  [[nodiscard]] const std::optional<ForeignKeyAction>& get_on_delete() const noexcept {
    return on_delete_;
  }
  [[nodiscard]] const std::optional<ForeignKeyAction>& get_on_update() const noexcept {
    return on_update_;
  }

 private:
  Iden name_;
  Iden from_table_;
  std::vector<Iden> from_columns_;
  Iden to_table_;
  std::vector<Iden> to_columns_;
  std::optional<ForeignKeyAction> on_delete_;
  std::optional<ForeignKeyAction> on_update_;
};

/// ForeignKey::drop().name("fk_posts_user").table(Posts::Table)
class KIT_SDK_API ForeignKeyDropStatement {
 public:
  ForeignKeyDropStatement();
  KIT_DECLARE_VALUE_MEMBERS(ForeignKeyDropStatement);

  ForeignKeyDropStatement& name(Iden name);
  ForeignKeyDropStatement& table(Iden table);

  [[nodiscard]] const Iden& get_name() const noexcept { return name_; }
  [[nodiscard]] const Iden& get_table() const noexcept { return table_; }

 private:
  Iden name_;
  Iden table_;
};

struct KIT_SDK_API ForeignKey {
  [[nodiscard]] static ForeignKeyCreateStatement create();
  [[nodiscard]] static ForeignKeyDropStatement drop();
};

/// The SQL spelling, e.g. "SET NULL".
[[nodiscard]] KIT_SDK_API const char* to_sql(ForeignKeyAction action) noexcept;

}  // namespace kit
