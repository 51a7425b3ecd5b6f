#include "kit/foreign_key.hpp"

#include <utility>

namespace kit {

ForeignKeyCreateStatement::ForeignKeyCreateStatement() = default;
KIT_DEFINE_VALUE_MEMBERS(ForeignKeyCreateStatement);
ForeignKeyDropStatement::ForeignKeyDropStatement() = default;
KIT_DEFINE_VALUE_MEMBERS(ForeignKeyDropStatement);

ForeignKeyCreateStatement& ForeignKeyCreateStatement::name(Iden name) {
  name_ = std::move(name);
  return *this;
}
ForeignKeyCreateStatement& ForeignKeyCreateStatement::from(Iden table, Iden column) {
  from_table_ = std::move(table);
  from_columns_.push_back(std::move(column));
  return *this;
}
ForeignKeyCreateStatement& ForeignKeyCreateStatement::from_tbl(Iden table) {
  from_table_ = std::move(table);
  return *this;
}
ForeignKeyCreateStatement& ForeignKeyCreateStatement::from_col(Iden column) {
  from_columns_.push_back(std::move(column));
  return *this;
}
ForeignKeyCreateStatement& ForeignKeyCreateStatement::to(Iden table, Iden column) {
  to_table_ = std::move(table);
  to_columns_.push_back(std::move(column));
  return *this;
}
ForeignKeyCreateStatement& ForeignKeyCreateStatement::to_tbl(Iden table) {
  to_table_ = std::move(table);
  return *this;
}
ForeignKeyCreateStatement& ForeignKeyCreateStatement::to_col(Iden column) {
  to_columns_.push_back(std::move(column));
  return *this;
}
ForeignKeyCreateStatement& ForeignKeyCreateStatement::on_delete(ForeignKeyAction action) {
  on_delete_ = action;
  return *this;
}
ForeignKeyCreateStatement& ForeignKeyCreateStatement::on_update(ForeignKeyAction action) {
  on_update_ = action;
  return *this;
}

Iden ForeignKeyCreateStatement::get_name() const {
  if (!name_.empty()) return name_;
  std::string name = from_table_.name();
  for (const auto& column : from_columns_) name += "_" + column.name();
  return Iden(name + "_foreign");
}

ForeignKeyDropStatement& ForeignKeyDropStatement::name(Iden name) {
  name_ = std::move(name);
  return *this;
}
ForeignKeyDropStatement& ForeignKeyDropStatement::table(Iden table) {
  table_ = std::move(table);
  return *this;
}

ForeignKeyCreateStatement ForeignKey::create() { return {}; }
ForeignKeyDropStatement ForeignKey::drop() { return {}; }

const char* to_sql(ForeignKeyAction action) noexcept {
  switch (action) {
    case ForeignKeyAction::Cascade:
      return "CASCADE";
    case ForeignKeyAction::SetNull:
      return "SET NULL";
    case ForeignKeyAction::SetDefault:
      return "SET DEFAULT";
    case ForeignKeyAction::Restrict:
      return "RESTRICT";
    case ForeignKeyAction::NoAction:
      return "NO ACTION";
  }
  return "NO ACTION";
}

}  // namespace kit
