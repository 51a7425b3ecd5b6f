#include "sqlite_schema_reader.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace kit::test {

namespace {

std::string quoted(const std::string& name) {
  std::string out = "\"";
  for (const char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::vector<std::string> SqliteSchemaReader::tables() {
  SQLite::Database db(file_.string(), SQLite::OPEN_READONLY);
  std::vector<std::string> out;
  SQLite::Statement query(db,
                          "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE "
                          "'sqlite\\_%' ESCAPE '\\' ORDER BY name");
  while (query.executeStep()) out.push_back(query.getColumn(0).getString());
  return out;
}

std::vector<SchemaReader::Column> SqliteSchemaReader::columns(const std::string& table) {
  SQLite::Database db(file_.string(), SQLite::OPEN_READONLY);
  std::vector<Column> out;
  SQLite::Statement query(db, "SELECT name, \"notnull\" FROM pragma_table_info(?) ORDER BY cid");
  query.bind(1, table);
  while (query.executeStep()) {
    out.push_back({query.getColumn(0).getString(), query.getColumn(1).getInt() == 0});
  }
  return out;
}

std::vector<std::string> SqliteSchemaReader::indexes() {
  SQLite::Database db(file_.string(), SQLite::OPEN_READONLY);
  std::vector<std::string> out;
  // SQLite's own indexes behind PRIMARY KEY and UNIQUE have no SQL.
  SQLite::Statement query(
      db, "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name");
  while (query.executeStep()) out.push_back(query.getColumn(0).getString());
  return out;
}

std::vector<SchemaReader::LedgerRow> SqliteSchemaReader::ledger() {
  SQLite::Database db(file_.string(), SQLite::OPEN_READONLY);
  std::vector<LedgerRow> out;
  if (!db.tableExists("kit_migrations")) return out;
  const bool has_state =
      db.execAndGet("SELECT count(*) FROM pragma_table_info('kit_migrations') WHERE name = 'state'")
          .getInt() != 0;
  SQLite::Statement query(db, std::string("SELECT version, batch, checksum, applied_at, "
                                          "execution_ms, ") +
                                  (has_state ? "state" : "'applied'") +
                                  " FROM kit_migrations ORDER BY version");
  while (query.executeStep()) {
    LedgerRow row;
    row.version = query.getColumn(0).getString();
    row.batch = query.getColumn(1).getInt64();
    row.checksum = query.getColumn(2).isNull() ? "" : query.getColumn(2).getString();
    row.applied_at = query.getColumn(3).getString();
    if (!query.getColumn(4).isNull()) row.execution_ms = query.getColumn(4).getInt64();
    row.state = query.getColumn(5).getString();
    out.push_back(row);
  }
  return out;
}

std::int64_t SqliteSchemaReader::row_count(const std::string& table) {
  SQLite::Database db(file_.string(), SQLite::OPEN_READONLY);
  return db.execAndGet("SELECT count(*) FROM " + quoted(table)).getInt64();
}

std::string SqliteSchemaReader::snapshot() {
  SQLite::Database db(file_.string(), SQLite::OPEN_READONLY);
  std::string out;
  {
    SQLite::Statement query(db,
                            "SELECT type, name, coalesce(sql, '') FROM sqlite_schema "
                            "ORDER BY type, name");
    while (query.executeStep()) {
      out += query.getColumn(0).getString() + " " + query.getColumn(1).getString() + ": " +
             query.getColumn(2).getString() + "\n";
    }
  }
  for (const auto& table : tables()) {
    SQLite::Statement rows(db, "SELECT * FROM " + quoted(table) + " ORDER BY 1");
    while (rows.executeStep()) {
      out += table + ":";
      for (int i = 0; i < rows.getColumnCount(); ++i) {
        out += " " +
               (rows.getColumn(i).isNull() ? std::string("NULL") : rows.getColumn(i).getString());
      }
      out += "\n";
    }
  }
  return out;
}

void SqliteSchemaReader::execute(const std::string& sql) {
  SQLite::Database db(file_.string(), SQLite::OPEN_READWRITE);
  db.exec(sql);
}

}  // namespace kit::test
