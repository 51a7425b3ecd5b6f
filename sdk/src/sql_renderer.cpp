#include "kit/sql_renderer.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <system_error>

#include "kit/error.hpp"
#include "overloaded.hpp"

namespace kit {

namespace {

using detail::Overloaded;

bool valid_decimal(std::string_view digits) {
  std::size_t i = 0;
  if (i < digits.size() && (digits[i] == '-' || digits[i] == '+')) ++i;
  bool any = false;
  bool dot = false;
  for (; i < digits.size(); ++i) {
    if (digits[i] >= '0' && digits[i] <= '9') {
      any = true;
    } else if (digits[i] == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  return any;
}

}  // namespace

SqlRenderer::~SqlRenderer() = default;

SqlList SqlRenderer::render(const Statement& statement) const {
  validate(statement);
  return std::visit(Overloaded{
                        [&](const TableCreateStatement& s) { return create_table(s); },
                        [&](const TableAlterStatement& s) { return alter_table(s); },
                        [&](const TableDropStatement& s) { return drop_table(s); },
                        [&](const TableRenameStatement& s) { return rename_table(s); },
                        [&](const TableTruncateStatement& s) { return truncate_table(s); },
                        [&](const IndexCreateStatement& s) { return create_index(s); },
                        [&](const IndexDropStatement& s) { return drop_index(s); },
                        [&](const ForeignKeyCreateStatement& s) { return create_foreign_key(s); },
                        [&](const ForeignKeyDropStatement& s) { return drop_foreign_key(s); },
                    },
                    statement);
}

void SqlRenderer::unsupported(const Statement& statement, const std::string& reason) const {
  throw UnsupportedError(std::string(dialect()), describe(statement), reason);
}

// --- Statements ----------------------------------------------------------------------------

SqlList SqlRenderer::create_table(const TableCreateStatement& s) const {
  std::string sql = "CREATE TABLE ";
  if (s.is_if_not_exists()) sql += "IF NOT EXISTS ";
  sql += quote(s.get_table()) + " (";
  bool first = true;
  for (const auto& column : s.get_columns()) {
    sql += (first ? "" : ", ") + column_definition(column);
    first = false;
  }
  if (!s.get_primary_key().empty())
    sql += ", PRIMARY KEY (" + quote_list(s.get_primary_key()) + ")";
  for (auto key : s.get_foreign_keys()) {
    if (key.get_from_table().empty()) key.from_tbl(s.get_table());
    sql += ", " + foreign_key_clause(key);
  }
  sql += ")";

  SqlList out{std::move(sql)};
  for (auto index : s.get_indexes()) {
    if (index.get_table().empty()) index.table(s.get_table());
    if (s.is_if_not_exists()) index.if_not_exists();
    for (auto& index_sql : create_index(index)) out.push_back(std::move(index_sql));
  }
  return out;
}

SqlList SqlRenderer::alter_table(const TableAlterStatement& s) const {
  SqlList out;
  for (const auto& operation : s.get_operations()) {
    for (auto& sql : alter_operation(s, operation)) out.push_back(std::move(sql));
  }
  return out;
}

SqlList SqlRenderer::alter_operation(const TableAlterStatement& s,
                                     const AlterOperation& operation) const {
  const std::string prefix = "ALTER TABLE " + quote(s.get_table()) + " ";
  return std::visit(
      Overloaded{
          [&](const AddColumn& op) -> SqlList {
            return {prefix + "ADD COLUMN " + (op.if_not_exists ? "IF NOT EXISTS " : "") +
                    column_definition(op.column)};
          },
          [&](const ModifyColumn&) -> SqlList {
            unsupported(s, "this dialect has no way to modify a column");
          },
          [&](const RenameColumn& op) -> SqlList {
            return {prefix + "RENAME COLUMN " + quote(op.from) + " TO " + quote(op.to)};
          },
          [&](const DropColumn& op) -> SqlList {
            return {prefix + "DROP COLUMN " + quote(op.column)};
          },
          [&](const AddForeignKey& op) -> SqlList {
            auto key = op.key;
            if (key.get_from_table().empty()) key.from_tbl(s.get_table());
            return {prefix + "ADD " + foreign_key_clause(key)};
          },
          [&](const DropForeignKey& op) -> SqlList {
            return {prefix + "DROP CONSTRAINT " + quote(op.name)};
          },
      },
      operation);
}

SqlList SqlRenderer::drop_table(const TableDropStatement& s) const {
  std::string sql = "DROP TABLE ";
  if (s.is_if_exists()) sql += "IF EXISTS ";
  sql += quote_list(s.get_tables());
  if (s.is_cascade()) sql += " CASCADE";
  return {sql};
}

SqlList SqlRenderer::rename_table(const TableRenameStatement& s) const {
  return {"ALTER TABLE " + quote(s.get_from()) + " RENAME TO " + quote(s.get_to())};
}

SqlList SqlRenderer::truncate_table(const TableTruncateStatement& s) const {
  return {"TRUNCATE TABLE " + quote(s.get_table())};
}

SqlList SqlRenderer::create_index(const IndexCreateStatement& s) const {
  std::string sql = s.is_unique() ? "CREATE UNIQUE INDEX " : "CREATE INDEX ";
  if (s.is_if_not_exists()) sql += "IF NOT EXISTS ";
  sql += quote(s.get_name()) + " ON " + quote(s.get_table()) + " (" + quote_list(s.get_columns()) +
         ")";
  return {sql};
}

SqlList SqlRenderer::drop_index(const IndexDropStatement& s) const {
  return {std::string("DROP INDEX ") + (s.is_if_exists() ? "IF EXISTS " : "") +
          quote(s.get_name())};
}

SqlList SqlRenderer::create_foreign_key(const ForeignKeyCreateStatement& s) const {
  return {"ALTER TABLE " + quote(s.get_from_table()) + " ADD " + foreign_key_clause(s)};
}

SqlList SqlRenderer::drop_foreign_key(const ForeignKeyDropStatement& s) const {
  return {"ALTER TABLE " + quote(s.get_table()) + " DROP CONSTRAINT " + quote(s.get_name())};
}

// --- Pieces --------------------------------------------------------------------------------

std::string SqlRenderer::quote(const Iden& name) const {
  const std::string& raw = name.name();
  if (raw.empty()) throw SchemaError("an identifier is empty");
  if (raw.find('\0') != std::string::npos) {
    throw SchemaError("identifier contains a NUL character");
  }
  std::string out = "\"";
  for (const char c : raw) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string SqlRenderer::quote_literal(std::string_view text) const {
  if (text.find('\0') != std::string_view::npos) {
    throw SchemaError("string literal contains a NUL character");
  }
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string SqlRenderer::quote_list(const std::vector<Iden>& names) const {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + quote(name);
  return out;
}

std::string SqlRenderer::type_name(const ColumnType& type) const {
  switch (type.kind) {
    case ColumnKind::Integer:
      return "integer";
    case ColumnKind::BigInteger:
      return "bigint";
    case ColumnKind::SmallInteger:
      return "smallint";
    case ColumnKind::Float:
      return "real";
    case ColumnKind::Double:
      return "double precision";
    case ColumnKind::Decimal:
      if (!type.precision) return "numeric";
      return "numeric(" + std::to_string(*type.precision) + ", " +
             std::to_string(type.scale.value_or(0)) + ")";
    case ColumnKind::String:
      return type.length ? "varchar(" + std::to_string(*type.length) + ")" : "varchar";
    case ColumnKind::Text:
      return "text";
    case ColumnKind::Boolean:
      return "boolean";
    case ColumnKind::Timestamp:
      return "timestamp";
    case ColumnKind::TimestampWithTimeZone:
      return "timestamp with time zone";
    case ColumnKind::Date:
      return "date";
    case ColumnKind::Time:
      return "time";
    case ColumnKind::Blob:
      return "blob";
    case ColumnKind::Json:
      return "json";
    case ColumnKind::JsonBinary:
      return "json";
    case ColumnKind::Uuid:
      return "uuid";
  }
  throw SchemaError(std::string("unknown column type ") + to_string(type.kind));
}

std::string SqlRenderer::column_type(const ColumnDef& column) const {
  return type_name(*column.get_type());
}

std::string SqlRenderer::column_definition(const ColumnDef& column) const {
  std::string sql = quote(column.get_name());
  if (column.get_type()) sql += " " + column_type(column);
  if (const auto& nullable = column.get_nullable()) sql += *nullable ? " NULL" : " NOT NULL";
  if (const auto& def = column.get_default()) sql += " DEFAULT " + value(*def);
  if (column.is_unique_key()) sql += " UNIQUE";
  if (column.is_primary_key()) sql += " PRIMARY KEY";
  if (column.is_auto_increment()) {
    const std::string suffix = auto_increment(column);
    if (!suffix.empty()) sql += " " + suffix;
  }
  return sql;
}

std::string SqlRenderer::auto_increment(const ColumnDef& /*column*/) const { return {}; }

std::string SqlRenderer::value(const Value& v) const {
  return std::visit(
      Overloaded{
          [](std::nullptr_t) -> std::string { return "NULL"; },
          [&](bool b) { return boolean(b); },
          [](std::int64_t i) { return std::to_string(i); },
          [](double d) -> std::string {
            if (!std::isfinite(d)) throw SchemaError("a default value is not a finite number");
            char buffer[64];
            const auto result = std::to_chars(buffer, buffer + sizeof buffer, d);
            std::string text(buffer, result.ptr);
            if (text.find_first_of(".e") == std::string::npos) text += ".0";
            return text;
          },
          [](const Decimal& d) -> std::string {
            if (!valid_decimal(d.digits)) {
              throw SchemaError("Decimal(\"" + d.digits + "\") is not a decimal number");
            }
            return d.digits;
          },
          [&](const std::string& s) { return quote_literal(s); },
          [&](const Expr& e) -> std::string {
            return e.is_keyword() ? keyword(e.keyword()) : "(" + e.sql() + ")";
          },
      },
      v.get());
}

std::string SqlRenderer::keyword(Keyword k) const {
  switch (k) {
    case Keyword::CurrentTimestamp:
      return "CURRENT_TIMESTAMP";
    case Keyword::CurrentDate:
      return "CURRENT_DATE";
    case Keyword::CurrentTime:
      return "CURRENT_TIME";
  }
  return "CURRENT_TIMESTAMP";
}

std::string SqlRenderer::boolean(bool b) const { return b ? "TRUE" : "FALSE"; }

std::string SqlRenderer::foreign_key_clause(const ForeignKeyCreateStatement& key) const {
  std::string sql = "CONSTRAINT " + quote(key.get_name()) + " FOREIGN KEY (" +
                    quote_list(key.get_from_columns()) + ") REFERENCES " +
                    quote(key.get_to_table()) + " (" + quote_list(key.get_to_columns()) + ")";
  if (key.get_on_delete()) sql += std::string(" ON DELETE ") + to_sql(*key.get_on_delete());
  if (key.get_on_update()) sql += std::string(" ON UPDATE ") + to_sql(*key.get_on_update());
  return sql;
}

}  // namespace kit
