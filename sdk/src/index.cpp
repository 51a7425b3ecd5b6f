#include "kit/index.hpp"

#include <utility>

namespace kit {

IndexCreateStatement::IndexCreateStatement() = default;
KIT_DEFINE_VALUE_MEMBERS(IndexCreateStatement);
IndexDropStatement::IndexDropStatement() = default;
KIT_DEFINE_VALUE_MEMBERS(IndexDropStatement);

IndexCreateStatement& IndexCreateStatement::name(Iden name) {
  name_ = std::move(name);
  return *this;
}
IndexCreateStatement& IndexCreateStatement::table(Iden table) {
  table_ = std::move(table);
  return *this;
}
IndexCreateStatement& IndexCreateStatement::col(Iden column) {
  columns_.push_back(std::move(column));
  return *this;
}
IndexCreateStatement& IndexCreateStatement::unique() {
  unique_ = true;
  return *this;
}
IndexCreateStatement& IndexCreateStatement::if_not_exists() {
  if_not_exists_ = true;
  return *this;
}

Iden IndexCreateStatement::get_name() const {
  if (!name_.empty()) return name_;
  std::string name = table_.name();
  for (const auto& column : columns_) name += "_" + column.name();
  name += unique_ ? "_unique" : "_index";
  return Iden(std::move(name));
}

IndexDropStatement& IndexDropStatement::name(Iden name) {
  name_ = std::move(name);
  return *this;
}
IndexDropStatement& IndexDropStatement::table(Iden table) {
  table_ = std::move(table);
  return *this;
}
IndexDropStatement& IndexDropStatement::if_exists() {
  if_exists_ = true;
  return *this;
}

IndexCreateStatement Index::create() { return {}; }
IndexDropStatement Index::drop() { return {}; }

}  // namespace kit
