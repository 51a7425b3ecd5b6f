#include "sqlite_dialect.hpp"

#include <map>
#include <variant>

#include "kit/error.hpp"
#include "sqlite_schema.hpp"
#include "sqlite_table_rebuild.hpp"
#include "sqlite_tokenizer.hpp"

namespace kit::sqlite {

namespace {

bool is_integer_kind(ColumnKind kind) {
  return kind == ColumnKind::Integer || kind == ColumnKind::BigInteger ||
         kind == ColumnKind::SmallInteger;
}

// What SQLite's ADD COLUMN refuses but a rebuild can do: a key, a NOT NULL column without
// a default, or a default that is an expression (SQLite requires a constant).
bool add_column_rebuilds(const ColumnDef& column) {
  if (column.is_primary_key() || column.is_auto_increment()) return true;
  const auto& def = column.get_default();
  if (column.get_nullable() == false && (!def || def->is_null())) return true;
  return def && std::holds_alternative<Expr>(def->get());
}

// Throws when auto_increment() is used where SQLite cannot honour it.
void check_auto_increment(const SqliteDialect& dialect, const Statement& statement,
                          const ColumnDef& column) {
  if (!column.is_auto_increment()) return;
  const std::string& name = column.get_name().name();
  if (!column.is_primary_key()) {
    dialect.unsupported(statement, "column " + name +
                                       " is auto_increment() but not primary_key(); SQLite "
                                       "only auto-increments an INTEGER PRIMARY KEY column");
  }
  if (column.get_type() && !is_integer_kind(column.get_type()->kind)) {
    dialect.unsupported(statement, "column " + name + " is auto_increment() but of type " +
                                       to_string(column.get_type()->kind) +
                                       "; SQLite only auto-increments an INTEGER PRIMARY KEY");
  }
}

}  // namespace

bool SqliteDialect::alter_rebuilds(const TableAlterStatement& s) const {
  std::optional<std::optional<SqliteTableInfo>> info;  // read once, when needed
  std::map<std::string, std::string> renamed;          // current name -> name in the table
  for (const auto& operation : s.get_operations()) {
    if (std::holds_alternative<ModifyColumn>(operation) ||
        std::holds_alternative<AddForeignKey>(operation) ||
        std::holds_alternative<DropForeignKey>(operation)) {
      return true;
    }
    if (const auto* add = std::get_if<AddColumn>(&operation)) {
      if (add_column_rebuilds(add->column) &&
          !(add->if_not_exists &&
            schema_.has_column(s.get_table().name(), add->column.get_name().name()))) {
        return true;
      }
    } else if (const auto* rename = std::get_if<RenameColumn>(&operation)) {
      const auto from = renamed.find(rename->from.name());
      renamed[rename->to.name()] = from == renamed.end() ? rename->from.name() : from->second;
    } else if (const auto* drop = std::get_if<DropColumn>(&operation)) {
      // SQLite's DROP COLUMN refuses a column that is keyed, unique, indexed or in a
      // foreign key; those go through a rebuild.
      if (!info) info = schema_.table(s.get_table().name());
      if (!*info) continue;
      const auto found = renamed.find(drop->column.name());
      const std::string column = found == renamed.end() ? drop->column.name() : found->second;
      const auto same = [&](const std::string& name) {
        return SqliteTokenizer::same_name(name, column);
      };
      const SqliteTableInfo& table = **info;
      if (const auto* c = table.column(column); c != nullptr && c->primary_key_position > 0) {
        return true;
      }
      for (const auto& unique : table.uniques) {
        for (const auto& key : unique.columns) {
          if (same(key.name)) return true;
        }
      }
      for (const auto& key : table.foreign_keys) {
        for (const auto& name : key.columns) {
          if (same(name)) return true;
        }
      }
      for (const auto& index : table.indexes) {
        for (const auto& name : index.names) {
          if (same(name)) return true;
        }
      }
    }
  }
  return false;
}

bool SqliteDialect::rebuilds(const Statement& statement) const {
  if (const auto* alter = std::get_if<TableAlterStatement>(&statement)) {
    return alter_rebuilds(*alter);
  }
  return std::holds_alternative<ForeignKeyCreateStatement>(statement) ||
         std::holds_alternative<ForeignKeyDropStatement>(statement);
}

// --- Statements ----------------------------------------------------------------------------

SqlList SqliteDialect::create_table(const TableCreateStatement& s) const {
  for (const auto& column : s.get_columns()) check_auto_increment(*this, s, column);
  return SqlRenderer::create_table(s);
}

SqlList SqliteDialect::alter_table(const TableAlterStatement& s) const {
  for (const auto& operation : s.get_operations()) {
    if (const auto* add = std::get_if<AddColumn>(&operation)) {
      check_auto_increment(*this, s, add->column);
    } else if (const auto* modify = std::get_if<ModifyColumn>(&operation)) {
      if (modify->column.is_auto_increment() && modify->column.get_type() &&
          !is_integer_kind(modify->column.get_type()->kind)) {
        check_auto_increment(*this, s, modify->column);
      }
    }
  }
  if (alter_rebuilds(s)) return SqliteTableRebuild(*this).render(s, s);
  return SqlRenderer::alter_table(s);
}

SqlList SqliteDialect::alter_operation(const TableAlterStatement& s,
                                       const AlterOperation& operation) const {
  if (const auto* add = std::get_if<AddColumn>(&operation)) {
    const ColumnDef& column = add->column;
    if (add->if_not_exists && schema_.has_column(s.get_table().name(), column.get_name().name())) {
      return {};
    }
    // SQLite's ADD COLUMN takes no UNIQUE constraint: a unique index does the same.
    std::string definition = quote(column.get_name()) + " " + column_type(column);
    if (const auto& nullable = column.get_nullable()) {
      definition += *nullable ? " NULL" : " NOT NULL";
    }
    if (const auto& def = column.get_default()) definition += " DEFAULT " + value(*def);
    SqlList out{"ALTER TABLE " + quote(s.get_table()) + " ADD COLUMN " + definition};
    if (column.is_unique_key()) {
      auto index = IndexCreateStatement().table(s.get_table()).col(column.get_name()).unique();
      for (auto& sql : create_index(index)) out.push_back(std::move(sql));
    }
    return out;
  }
  if (std::holds_alternative<ModifyColumn>(operation) ||
      std::holds_alternative<AddForeignKey>(operation) ||
      std::holds_alternative<DropForeignKey>(operation)) {
    // alter_table() sends these to the rebuild; a caller that renders operation by
    // operation gets a rebuild for this one.
    auto single = TableAlterStatement().table(s.get_table());
    if (const auto* modify = std::get_if<ModifyColumn>(&operation)) {
      single.modify_column(modify->column);
    } else if (const auto* add_key = std::get_if<AddForeignKey>(&operation)) {
      single.add_foreign_key(add_key->key);
    } else if (const auto* drop_key = std::get_if<DropForeignKey>(&operation)) {
      single.drop_foreign_key(drop_key->name);
    }
    return SqliteTableRebuild(*this).render(single, s);
  }
  return SqlRenderer::alter_operation(s, operation);
}

SqlList SqliteDialect::drop_table(const TableDropStatement& s) const {
  // One statement per table; SQLite has no CASCADE (foreign keys that reference a dropped
  // table are checked when the migration's transaction commits).
  SqlList out;
  for (const auto& table : s.get_tables()) {
    out.push_back(std::string("DROP TABLE ") + (s.is_if_exists() ? "IF EXISTS " : "") +
                  quote(table));
  }
  return out;
}

SqlList SqliteDialect::truncate_table(const TableTruncateStatement& s) const {
  SqlList out{"DELETE FROM " + quote(s.get_table())};
  // An AUTOINCREMENT table counts on from sqlite_sequence; TRUNCATE starts it over. The
  // row has the name as the table was created; SQLite's names ignore ASCII case.
  if (schema_.has_table("sqlite_sequence")) {
    out.push_back("DELETE FROM \"sqlite_sequence\" WHERE \"name\" = " +
                  quote_literal(s.get_table().name()) + " COLLATE NOCASE");
  }
  return out;
}

SqlList SqliteDialect::create_foreign_key(const ForeignKeyCreateStatement& s) const {
  auto alter = TableAlterStatement().table(s.get_from_table()).add_foreign_key(s);
  return SqliteTableRebuild(*this).render(alter, s);
}

SqlList SqliteDialect::drop_foreign_key(const ForeignKeyDropStatement& s) const {
  auto alter = TableAlterStatement().table(s.get_table()).drop_foreign_key(s.get_name());
  return SqliteTableRebuild(*this).render(alter, s);
}

// --- Pieces --------------------------------------------------------------------------------

std::string SqliteDialect::type_name(const ColumnType& type) const {
  // Names whose affinity is TEXT where values are text, so they are stored as written.
  switch (type.kind) {
    case ColumnKind::Double:
      return "double";
    case ColumnKind::Timestamp:
      return "timestamp_text";
    case ColumnKind::TimestampWithTimeZone:
      return "timestamp_with_timezone_text";
    case ColumnKind::Date:
      return "date_text";
    case ColumnKind::Time:
      return "time_text";
    case ColumnKind::Json:
      return "json_text";
    case ColumnKind::JsonBinary:
      return "jsonb_text";
    case ColumnKind::Uuid:
      return "uuid_text";
    default:
      return SqlRenderer::type_name(type);
  }
}

std::string SqliteDialect::column_type(const ColumnDef& column) const {
  // Only a column declared exactly INTEGER PRIMARY KEY is the rowid that AUTOINCREMENT needs.
  if (column.is_auto_increment() && column.get_type() && is_integer_kind(column.get_type()->kind)) {
    return "integer";
  }
  return SqlRenderer::column_type(column);
}

std::string SqliteDialect::auto_increment(const ColumnDef& column) const {
  if (!column.is_primary_key()) {
    throw UnsupportedError("sqlite", "column " + column.get_name().name(),
                           "auto_increment() needs primary_key() on the same column");
  }
  return "AUTOINCREMENT";
}

std::string SqliteDialect::references_clause(const ForeignKeyCreateStatement& key) const {
  // The generic clause is `CONSTRAINT "n" FOREIGN KEY (cols) REFERENCES ...`; keep its tail,
  // so that an override of foreign_key_clause() is honoured here too.
  const std::string clause = foreign_key_clause(key);
  const std::string head = "CONSTRAINT " + quote(key.get_name()) + " FOREIGN KEY (" +
                           quote_list(key.get_from_columns()) + ") ";
  if (clause.compare(0, head.size(), head) == 0) return clause.substr(head.size());
  std::string sql =
      "REFERENCES " + quote(key.get_to_table()) + " (" + quote_list(key.get_to_columns()) + ")";
  if (key.get_on_delete()) sql += std::string(" ON DELETE ") + to_sql(*key.get_on_delete());
  if (key.get_on_update()) sql += std::string(" ON UPDATE ") + to_sql(*key.get_on_update());
  return sql;
}

}  // namespace kit::sqlite
