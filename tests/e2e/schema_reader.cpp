#include "schema_reader.hpp"

#include <SQLiteCpp/Statement.h>

namespace kit::test {

namespace {

std::string quoted(const std::string& name) {
  std::string out = "\"";
  for (const char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

SchemaReader::SchemaReader(const std::filesystem::path& file)
    : db_(file.string(), SQLite::OPEN_READONLY) {}

std::vector<std::string> SchemaReader::tables() {
  std::vector<std::string> out;
  SQLite::Statement query(db_,
                          "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE "
                          "'sqlite\\_%' ESCAPE '\\' ORDER BY name");
  while (query.executeStep()) out.push_back(query.getColumn(0).getString());
  return out;
}

std::vector<std::string> SchemaReader::columns(const std::string& table) {
  std::vector<std::string> out;
  SQLite::Statement query(db_, "SELECT name FROM pragma_table_info(?) ORDER BY cid");
  query.bind(1, table);
  while (query.executeStep()) out.push_back(query.getColumn(0).getString());
  return out;
}

std::string SchemaReader::column_type(const std::string& table, const std::string& column) {
  SQLite::Statement query(db_, "SELECT type FROM pragma_table_info(?) WHERE name = ?");
  query.bind(1, table);
  query.bind(2, column);
  return query.executeStep() ? query.getColumn(0).getString() : "";
}

std::vector<std::string> SchemaReader::indexes() {
  std::vector<std::string> out;
  SQLite::Statement query(
      db_, "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name");
  while (query.executeStep()) out.push_back(query.getColumn(0).getString());
  return out;
}

std::vector<SchemaReader::LedgerRow> SchemaReader::ledger() {
  std::vector<LedgerRow> out;
  if (!db_.tableExists("kit_migrations")) return out;
  SQLite::Statement query(db_,
                          "SELECT version, batch, checksum, applied_at, execution_ms "
                          "FROM kit_migrations ORDER BY version");
  while (query.executeStep()) {
    LedgerRow row;
    row.version = query.getColumn(0).getString();
    row.batch = query.getColumn(1).getInt64();
    row.checksum = query.getColumn(2).isNull() ? "" : query.getColumn(2).getString();
    row.applied_at = query.getColumn(3).getString();
    if (!query.getColumn(4).isNull()) row.execution_ms = query.getColumn(4).getInt64();
    out.push_back(row);
  }
  return out;
}

std::vector<std::string> SchemaReader::ledger_versions() {
  std::vector<std::string> out;
  for (const auto& row : ledger()) out.push_back(row.version);
  return out;
}

std::int64_t SchemaReader::row_count(const std::string& table) {
  return db_.execAndGet("SELECT count(*) FROM " + quoted(table)).getInt64();
}

std::string SchemaReader::snapshot() {
  std::string out;
  {
    SQLite::Statement query(db_,
                            "SELECT type, name, coalesce(sql, '') FROM sqlite_schema "
                            "ORDER BY type, name");
    while (query.executeStep()) {
      out += query.getColumn(0).getString() + " " + query.getColumn(1).getString() + ": " +
             query.getColumn(2).getString() + "\n";
    }
  }
  for (const auto& table : tables()) {
    SQLite::Statement rows(db_, "SELECT * FROM " + quoted(table) + " ORDER BY 1");
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

}  // namespace kit::test
