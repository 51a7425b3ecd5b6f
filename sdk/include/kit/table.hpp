// Table statements: Table::create(), alter(), drop(), rename(), truncate().
#pragma once

#include <optional>
#include <variant>
#include <vector>

#include "kit/column_def.hpp"
#include "kit/export.hpp"
#include "kit/foreign_key.hpp"
#include "kit/iden.hpp"
#include "kit/index.hpp"

namespace kit {

class KIT_SDK_API TableCreateStatement {
 public:
  TableCreateStatement();
  KIT_DECLARE_VALUE_MEMBERS(TableCreateStatement);

  TableCreateStatement& table(Iden table);
  TableCreateStatement& if_not_exists();
  TableCreateStatement& col(ColumnDef column);
  /// A composite primary key: `.primary_key(Index::create().col(A::X).col(A::Y))`.
  TableCreateStatement& primary_key(IndexCreateStatement key);
  /// An index created together with the table (its table defaults to this one).
  TableCreateStatement& index(IndexCreateStatement index);
  /// A foreign key of this table (its `from` table defaults to this one).
  TableCreateStatement& foreign_key(ForeignKeyCreateStatement key);

  [[nodiscard]] const Iden& get_table() const noexcept { return table_; }
  [[nodiscard]] bool is_if_not_exists() const noexcept { return if_not_exists_; }
  [[nodiscard]] const std::vector<ColumnDef>& get_columns() const noexcept { return columns_; }
  [[nodiscard]] const std::vector<Iden>& get_primary_key() const noexcept { return primary_key_; }
  [[nodiscard]] const std::vector<IndexCreateStatement>& get_indexes() const noexcept {
    return indexes_;
  }
  [[nodiscard]] const std::vector<ForeignKeyCreateStatement>& get_foreign_keys() const noexcept {
    return foreign_keys_;
  }

 private:
  Iden table_;
  bool if_not_exists_ = false;
  std::vector<ColumnDef> columns_;
  std::vector<Iden> primary_key_;
  std::vector<IndexCreateStatement> indexes_;
  std::vector<ForeignKeyCreateStatement> foreign_keys_;
};

/// One change inside Table::alter().
struct AddColumn {
  ColumnDef column;
  bool if_not_exists = false;
};
/// Changes the named column's type and the modifiers given; the others are kept.
struct ModifyColumn {
  ColumnDef column;
};
struct RenameColumn {
  Iden from;
  Iden to;
};
struct DropColumn {
  Iden column;
};
struct AddForeignKey {
  ForeignKeyCreateStatement key;
};
struct DropForeignKey {
  Iden name;
};
using AlterOperation =
    std::variant<AddColumn, ModifyColumn, RenameColumn, DropColumn, AddForeignKey, DropForeignKey>;

class KIT_SDK_API TableAlterStatement {
 public:
  TableAlterStatement();
  KIT_DECLARE_VALUE_MEMBERS(TableAlterStatement);

  TableAlterStatement& table(Iden table);
  TableAlterStatement& add_column(ColumnDef column);
  TableAlterStatement& add_column_if_not_exists(ColumnDef column);
  TableAlterStatement& modify_column(ColumnDef column);
  TableAlterStatement& rename_column(Iden from, Iden to);
  TableAlterStatement& drop_column(Iden column);
  TableAlterStatement& add_foreign_key(ForeignKeyCreateStatement key);
  TableAlterStatement& drop_foreign_key(Iden name);

  [[nodiscard]] const Iden& get_table() const noexcept { return table_; }
  [[nodiscard]] const std::vector<AlterOperation>& get_operations() const noexcept {
    return operations_;
  }

 private:
  Iden table_;
  std::vector<AlterOperation> operations_;
};

class KIT_SDK_API TableDropStatement {
 public:
  TableDropStatement();
  KIT_DECLARE_VALUE_MEMBERS(TableDropStatement);

  /// Adds a table to drop; call repeatedly to drop several.
  TableDropStatement& table(Iden table);
  TableDropStatement& if_exists();
  /// Also drops what depends on the tables, where the dialect can (PostgreSQL).
  TableDropStatement& cascade();

  [[nodiscard]] const std::vector<Iden>& get_tables() const noexcept { return tables_; }
  [[nodiscard]] bool is_if_exists() const noexcept { return if_exists_; }
  [[nodiscard]] bool is_cascade() const noexcept { return cascade_; }

 private:
  std::vector<Iden> tables_;
  bool if_exists_ = false;
  bool cascade_ = false;
};

class KIT_SDK_API TableRenameStatement {
 public:
  TableRenameStatement();
  KIT_DECLARE_VALUE_MEMBERS(TableRenameStatement);

  TableRenameStatement& table(Iden from, Iden to);

  [[nodiscard]] const Iden& get_from() const noexcept { return from_; }
  [[nodiscard]] const Iden& get_to() const noexcept { return to_; }

 private:
  Iden from_;
  Iden to_;
};

class KIT_SDK_API TableTruncateStatement {
 public:
  TableTruncateStatement();
  KIT_DECLARE_VALUE_MEMBERS(TableTruncateStatement);

  TableTruncateStatement& table(Iden table);

  [[nodiscard]] const Iden& get_table() const noexcept { return table_; }

 private:
  Iden table_;
};

struct KIT_SDK_API Table {
  [[nodiscard]] static TableCreateStatement create();
  [[nodiscard]] static TableAlterStatement alter();
  [[nodiscard]] static TableDropStatement drop();
  [[nodiscard]] static TableRenameStatement rename();
  [[nodiscard]] static TableTruncateStatement truncate();
};

}  // namespace kit
