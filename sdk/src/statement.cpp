#include "kit/statement.hpp"

#include <set>

#include "kit/error.hpp"
#include "overloaded.hpp"

namespace kit {

namespace {

using detail::Overloaded;

std::string join_names(const std::vector<Iden>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name.name();
  return out;
}

std::string describe_operation(const AlterOperation& operation) {
  return std::visit(
      Overloaded{
          [](const AddColumn& op) { return "add column " + op.column.get_name().name(); },
          [](const ModifyColumn& op) { return "modify column " + op.column.get_name().name(); },
          [](const RenameColumn& op) {
            return "rename column " + op.from.name() + " to " + op.to.name();
          },
          [](const DropColumn& op) { return "drop column " + op.column.name(); },
          [](const AddForeignKey& op) { return "add foreign key " + op.key.get_name().name(); },
          [](const DropForeignKey& op) { return "drop foreign key " + op.name.name(); },
      },
      operation);
}

void require(bool condition, const Statement& statement, const std::string& what) {
  if (!condition) throw SchemaError(describe(statement) + ": " + what);
}

void validate_column(const ColumnDef& column, const Statement& statement, bool type_required) {
  require(!column.get_name().empty(), statement, "a column has no name");
  require(!type_required || column.get_type().has_value(), statement,
          "column " + column.get_name().name() +
              " has no type (call integer(), string(), ... on its ColumnDef)");
  if (const auto& type = column.get_type()) {
    if (type->kind == ColumnKind::String && type->length) {
      require(*type->length > 0, statement,
              "column " + column.get_name().name() + " has string_len(0)");
    }
    if (type->kind == ColumnKind::Decimal && type->precision) {
      require(*type->precision > 0 && type->scale.value_or(0) <= *type->precision, statement,
              "column " + column.get_name().name() +
                  " needs decimal_len(precision, scale) with 0 <= scale <= precision and "
                  "precision > 0");
    }
  }
}

void validate_foreign_key(const ForeignKeyCreateStatement& key, const Statement& statement,
                          bool from_table_required) {
  require(!from_table_required || !key.get_from_table().empty(), statement,
          "the foreign key has no table: call from(table, column)");
  require(!key.get_from_columns().empty(), statement,
          "foreign key " + key.get_name().name() + " has no column: call from(table, column)");
  require(!key.get_to_table().empty() && !key.get_to_columns().empty(), statement,
          "foreign key " + key.get_name().name() + " references nothing: call to(table, column)");
  require(key.get_from_columns().size() == key.get_to_columns().size(), statement,
          "foreign key " + key.get_name().name() + " has " +
              std::to_string(key.get_from_columns().size()) + " columns but references " +
              std::to_string(key.get_to_columns().size()));
}

}  // namespace

std::string describe(const Statement& statement) {
  return std::visit(
      Overloaded{
          [](const TableCreateStatement& s) { return "create table " + s.get_table().name(); },
          [](const TableAlterStatement& s) {
            std::string out = "alter table " + s.get_table().name();
            std::string ops;
            for (const auto& op : s.get_operations()) {
              ops += (ops.empty() ? "" : ", ") + describe_operation(op);
            }
            return ops.empty() ? out : out + " (" + ops + ")";
          },
          [](const TableDropStatement& s) { return "drop table " + join_names(s.get_tables()); },
          [](const TableRenameStatement& s) {
            return "rename table " + s.get_from().name() + " to " + s.get_to().name();
          },
          [](const TableTruncateStatement& s) { return "truncate table " + s.get_table().name(); },
          [](const IndexCreateStatement& s) {
            return "create index " + s.get_name().name() + " on " + s.get_table().name();
          },
          [](const IndexDropStatement& s) { return "drop index " + s.get_name().name(); },
          [](const ForeignKeyCreateStatement& s) {
            return "create foreign key " + s.get_name().name() + " on " + s.get_from_table().name();
          },
          [](const ForeignKeyDropStatement& s) {
            return "drop foreign key " + s.get_name().name() + " on " + s.get_table().name();
          },
      },
      statement);
}

void validate(const Statement& statement) {
  std::visit(
      Overloaded{
          [&](const TableCreateStatement& s) {
            require(!s.get_table().empty(), statement, "no table name: call table(name)");
            require(!s.get_columns().empty(), statement, "no columns: call col(ColumnDef(...))");
            std::set<std::string> names;
            int column_keys = 0;
            for (const auto& column : s.get_columns()) {
              validate_column(column, statement, true);
              require(names.insert(column.get_name().name()).second, statement,
                      "column " + column.get_name().name() + " is defined twice");
              if (column.is_primary_key()) ++column_keys;
            }
            require(column_keys <= 1, statement,
                    "several columns call primary_key(); for a composite key use "
                    "primary_key(Index::create().col(a).col(b))");
            require(column_keys == 0 || s.get_primary_key().empty(), statement,
                    "both a column primary_key() and a table primary_key(...)");
            for (const auto& column : s.get_primary_key()) {
              require(names.count(column.name()) == 1, statement,
                      "primary key column " + column.name() + " is not a column of the table");
            }
            for (const auto& index : s.get_indexes()) {
              require(!index.get_columns().empty(), statement,
                      "index " + index.get_name().name() + " has no column");
            }
            for (const auto& key : s.get_foreign_keys())
              validate_foreign_key(key, statement, false);
          },
          [&](const TableAlterStatement& s) {
            require(!s.get_table().empty(), statement, "no table name: call table(name)");
            require(!s.get_operations().empty(), statement, "nothing to alter");
            for (const auto& op : s.get_operations()) {
              if (const auto* add = std::get_if<AddColumn>(&op)) {
                validate_column(add->column, statement, true);
              } else if (const auto* modify = std::get_if<ModifyColumn>(&op)) {
                validate_column(modify->column, statement, false);
              } else if (const auto* rename = std::get_if<RenameColumn>(&op)) {
                require(!rename->from.empty() && !rename->to.empty(), statement,
                        "rename_column needs both names");
              } else if (const auto* drop = std::get_if<DropColumn>(&op)) {
                require(!drop->column.empty(), statement, "drop_column needs a name");
              } else if (const auto* add_key = std::get_if<AddForeignKey>(&op)) {
                validate_foreign_key(add_key->key, statement, false);
              } else if (const auto* drop_key = std::get_if<DropForeignKey>(&op)) {
                require(!drop_key->name.empty(), statement, "drop_foreign_key needs a name");
              }
            }
          },
          [&](const TableDropStatement& s) {
            require(!s.get_tables().empty(), statement, "no table: call table(name)");
            for (const auto& table : s.get_tables()) {
              require(!table.empty(), statement, "a table name is empty");
            }
          },
          [&](const TableRenameStatement& s) {
            require(!s.get_from().empty() && !s.get_to().empty(), statement,
                    "call table(from, to)");
          },
          [&](const TableTruncateStatement& s) {
            require(!s.get_table().empty(), statement, "no table: call table(name)");
          },
          [&](const IndexCreateStatement& s) {
            require(!s.get_table().empty(), statement, "no table: call table(name)");
            require(!s.get_columns().empty(), statement, "no column: call col(name)");
          },
          [&](const IndexDropStatement& s) {
            require(!s.get_name().empty(), statement, "no index name: call name(index)");
          },
          [&](const ForeignKeyCreateStatement& s) { validate_foreign_key(s, statement, true); },
          [&](const ForeignKeyDropStatement& s) {
            require(!s.get_name().empty(), statement, "no name: call name(foreign_key)");
            require(!s.get_table().empty(), statement, "no table: call table(name)");
          },
      },
      statement);
}

}  // namespace kit
