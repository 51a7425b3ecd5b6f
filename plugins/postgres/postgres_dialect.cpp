#include "postgres_dialect.hpp"

#include <utility>
#include <variant>

#include "kit/error.hpp"

namespace kit {

namespace {

bool is_integer(ColumnKind kind) {
  return kind == ColumnKind::Integer || kind == ColumnKind::BigInteger ||
         kind == ColumnKind::SmallInteger;
}

}  // namespace

PostgresDialect::PostgresDialect(std::optional<std::string> schema) : schema_(std::move(schema)) {}

std::string PostgresDialect::qualify(const Iden& name) const {
  return schema_ ? quote(Iden(*schema_)) + "." + quote(name) : quote(name);
}

std::optional<std::string> PostgresDialect::column_problem(const ColumnDef& column) {
  if (!column.is_auto_increment()) return std::nullopt;
  if (const auto& type = column.get_type(); type && !is_integer(type->kind)) {
    return "column " + column.get_name().name() + " is " + to_string(type->kind) +
           ", but only integer types can be identity (auto_increment) columns";
  }
  if (column.get_default()) {
    return "column " + column.get_name().name() +
           " is an identity (auto_increment) column, which cannot also have a default";
  }
  return std::nullopt;
}

SqlList PostgresDialect::create_table(const TableCreateStatement& s) const {
  for (const auto& column : s.get_columns()) {
    if (auto problem = column_problem(column)) unsupported(s, *problem);
  }
  return SqlRenderer::create_table(s);
}

SqlList PostgresDialect::alter_operation(const TableAlterStatement& s,
                                         const AlterOperation& operation) const {
  if (const auto* add = std::get_if<AddColumn>(&operation)) {
    if (auto problem = column_problem(add->column)) unsupported(s, *problem);
  }
  if (const auto* modify = std::get_if<ModifyColumn>(&operation)) {
    if (auto problem = column_problem(modify->column)) unsupported(s, *problem);
    return modify_column(s, modify->column);
  }
  return SqlRenderer::alter_operation(s, operation);
}

// One ALTER TABLE with one action per thing the ColumnDef mentions: PostgreSQL applies
// them together, and whatever the ColumnDef does not mention stays as it is.
SqlList PostgresDialect::modify_column(const TableAlterStatement& s,
                                       const ColumnDef& column) const {
  const std::string name = quote(column.get_name());
  const std::string alter = "ALTER COLUMN " + name + " ";
  // Without a lookup, or for a column not there yet, nothing counts as present already.
  const ExistingColumn existing =
      lookup_ ? lookup_(s.get_table(), column.get_name()).value_or(ExistingColumn{})
              : ExistingColumn{};
  std::vector<std::string> actions;

  const auto& type = column.get_type();
  const auto& default_value = column.get_default();
  // The old default is cast to the new type, and may not cast: drop it before a new one.
  if (type && default_value && !default_value->is_null()) actions.push_back(alter + "DROP DEFAULT");
  if (type) {
    const std::string target = type_name(*type);
    std::string action = alter + "TYPE " + target;
    // Strings convert by assignment (which refuses to truncate); other types may need the
    // explicit cast (text to integer, integer to boolean, text to jsonb...).
    if (type->kind != ColumnKind::String && type->kind != ColumnKind::Text) {
      action += " USING " + name + "::" + target;
    }
    actions.push_back(std::move(action));
  }
  if (const auto& nullable = column.get_nullable()) {
    actions.push_back(alter + (*nullable ? "DROP NOT NULL" : "SET NOT NULL"));
  }
  if (default_value) {
    actions.push_back(alter + (default_value->is_null() ? std::string("DROP DEFAULT")
                                                        : "SET DEFAULT " + value(*default_value)));
  }
  if (column.is_auto_increment() && !existing.identity) {
    actions.push_back(alter + "ADD " + auto_increment(column));
  }
  if (column.is_unique_key() && !(existing.unique || existing.primary_key)) {
    actions.push_back("ADD UNIQUE (" + name + ")");
  }
  if (column.is_primary_key() && !existing.primary_key) {
    actions.push_back("ADD PRIMARY KEY (" + name + ")");
  }
  if (actions.empty()) {
    const bool mentions_anything = type || column.get_nullable() || default_value ||
                                   column.is_auto_increment() || column.is_unique_key() ||
                                   column.is_primary_key();
    if (!mentions_anything) {
      throw SchemaError(describe(s) + ": modify_column(" + column.get_name().name() +
                        ") changes nothing: give it a type, null()/not_null() or a default");
    }
    return {};  // it asks only for what the column already has
  }
  std::string sql = "ALTER TABLE " + quote(s.get_table()) + " ";
  for (std::size_t i = 0; i < actions.size(); ++i) sql += (i == 0 ? "" : ", ") + actions[i];
  return {sql};
}

SqlList PostgresDialect::truncate_table(const TableTruncateStatement& s) const {
  return {"TRUNCATE TABLE " + quote(s.get_table()) + " RESTART IDENTITY"};
}

SqlList PostgresDialect::drop_index(const IndexDropStatement& s) const {
  return {std::string("DROP INDEX ") + (s.is_if_exists() ? "IF EXISTS " : "") +
          qualify(s.get_name())};
}

std::string PostgresDialect::type_name(const ColumnType& type) const {
  switch (type.kind) {
    case ColumnKind::TimestampWithTimeZone:
      return "timestamptz";
    case ColumnKind::Blob:
      return "bytea";
    case ColumnKind::JsonBinary:
      return "jsonb";
    default:
      return SqlRenderer::type_name(type);
  }
}

std::string PostgresDialect::auto_increment(const ColumnDef& /*column*/) const {
  return "GENERATED BY DEFAULT AS IDENTITY";
}

}  // namespace kit
