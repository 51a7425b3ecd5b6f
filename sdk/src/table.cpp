#include "kit/table.hpp"

#include <utility>

namespace kit {

TableCreateStatement::TableCreateStatement() = default;
KIT_DEFINE_VALUE_MEMBERS(TableCreateStatement);
TableAlterStatement::TableAlterStatement() = default;
KIT_DEFINE_VALUE_MEMBERS(TableAlterStatement);
TableDropStatement::TableDropStatement() = default;
KIT_DEFINE_VALUE_MEMBERS(TableDropStatement);
TableRenameStatement::TableRenameStatement() = default;
KIT_DEFINE_VALUE_MEMBERS(TableRenameStatement);
TableTruncateStatement::TableTruncateStatement() = default;
KIT_DEFINE_VALUE_MEMBERS(TableTruncateStatement);

TableCreateStatement& TableCreateStatement::table(Iden table) {
  table_ = std::move(table);
  return *this;
}
TableCreateStatement& TableCreateStatement::if_not_exists() {
  if_not_exists_ = true;
  return *this;
}
TableCreateStatement& TableCreateStatement::col(ColumnDef column) {
  columns_.push_back(std::move(column));
  return *this;
}
TableCreateStatement& TableCreateStatement::primary_key(IndexCreateStatement key) {
  primary_key_ = key.get_columns();
  return *this;
}
TableCreateStatement& TableCreateStatement::index(IndexCreateStatement index) {
  indexes_.push_back(std::move(index));
  return *this;
}
TableCreateStatement& TableCreateStatement::foreign_key(ForeignKeyCreateStatement key) {
  foreign_keys_.push_back(std::move(key));
  return *this;
}

TableAlterStatement& TableAlterStatement::table(Iden table) {
  table_ = std::move(table);
  return *this;
}
TableAlterStatement& TableAlterStatement::add_column(ColumnDef column) {
  operations_.emplace_back(AddColumn{std::move(column), false});
  return *this;
}
TableAlterStatement& TableAlterStatement::add_column_if_not_exists(ColumnDef column) {
  operations_.emplace_back(AddColumn{std::move(column), true});
  return *this;
}
TableAlterStatement& TableAlterStatement::modify_column(ColumnDef column) {
  operations_.emplace_back(ModifyColumn{std::move(column)});
  return *this;
}
TableAlterStatement& TableAlterStatement::rename_column(Iden from, Iden to) {
  operations_.emplace_back(RenameColumn{std::move(from), std::move(to)});
  return *this;
}
TableAlterStatement& TableAlterStatement::drop_column(Iden column) {
  operations_.emplace_back(DropColumn{std::move(column)});
  return *this;
}
TableAlterStatement& TableAlterStatement::add_foreign_key(ForeignKeyCreateStatement key) {
  operations_.emplace_back(AddForeignKey{std::move(key)});
  return *this;
}
TableAlterStatement& TableAlterStatement::drop_foreign_key(Iden name) {
  operations_.emplace_back(DropForeignKey{std::move(name)});
  return *this;
}

TableDropStatement& TableDropStatement::table(Iden table) {
  tables_.push_back(std::move(table));
  return *this;
}
TableDropStatement& TableDropStatement::if_exists() {
  if_exists_ = true;
  return *this;
}
TableDropStatement& TableDropStatement::cascade() {
  cascade_ = true;
  return *this;
}

TableRenameStatement& TableRenameStatement::table(Iden from, Iden to) {
  from_ = std::move(from);
  to_ = std::move(to);
  return *this;
}

TableTruncateStatement& TableTruncateStatement::table(Iden table) {
  table_ = std::move(table);
  return *this;
}

TableCreateStatement Table::create() { return {}; }
TableAlterStatement Table::alter() { return {}; }
TableDropStatement Table::drop() { return {}; }
TableRenameStatement Table::rename() { return {}; }
TableTruncateStatement Table::truncate() { return {}; }

}  // namespace kit
