#include "postgres_schema_reader.hpp"

#include <pqxx/nontransaction>
#include <pqxx/result>

namespace kit::test {

namespace {

// The relations of the current schema, with the namespace joined in.
constexpr const char* kInSchema =
    " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = current_schema()";

}  // namespace

std::vector<std::string> PostgresSchemaReader::strings(const std::string& sql) {
  pqxx::nontransaction tx(session_);
  std::vector<std::string> out;
  for (const auto& row : tx.exec(sql)) out.emplace_back(row[0].is_null() ? "NULL" : row[0].c_str());
  return out;
}

std::vector<std::string> PostgresSchemaReader::tables() {
  return strings(std::string("SELECT c.relname FROM pg_catalog.pg_class c") + kInSchema +
                 " AND c.relkind IN ('r', 'p') ORDER BY c.relname::text COLLATE \"C\"");
}

std::vector<SchemaReader::Column> PostgresSchemaReader::columns(const std::string& table) {
  pqxx::nontransaction tx(session_);
  std::vector<Column> out;
  const auto rows =
      tx.exec_params(std::string("SELECT a.attname, NOT a.attnotnull FROM pg_catalog.pg_attribute a"
                                 " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid") +
                         kInSchema + " AND c.relname = $1 AND a.attnum > 0 AND NOT a.attisdropped" +
                         " ORDER BY a.attnum",
                     table);
  for (const auto& row : rows) out.push_back({row[0].c_str(), row[1].as<bool>()});
  return out;
}

std::vector<std::string> PostgresSchemaReader::indexes() {
  // Not those behind a primary key, unique or exclusion constraint (a foreign key's
  // conindid names the index it references, so that one must not count).
  return strings(std::string("SELECT i.relname FROM pg_catalog.pg_index x"
                             " JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid"
                             " JOIN pg_catalog.pg_class c ON c.oid = x.indrelid") +
                 kInSchema +
                 " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid ="
                 " x.indexrelid AND k.contype IN ('p', 'u', 'x'))"
                 " ORDER BY i.relname::text COLLATE \"C\"");
}

std::vector<SchemaReader::LedgerRow> PostgresSchemaReader::ledger() {
  pqxx::nontransaction tx(session_);
  std::vector<LedgerRow> out;
  if (tx.exec("SELECT to_regclass('kit_migrations')")[0][0].is_null()) return out;
  const bool has_state =
      tx.exec(
            "SELECT count(*) FROM pg_catalog.pg_attribute WHERE attrelid = "
            "'kit_migrations'::regclass AND attname = 'state' AND NOT attisdropped")[0][0]
          .as<int>() != 0;
  for (const auto& row :
       tx.exec(std::string("SELECT version, batch, checksum, applied_at, execution_ms, ") +
               (has_state ? "state" : "'applied'") +
               " FROM kit_migrations ORDER BY version COLLATE \"C\"")) {
    LedgerRow entry;
    entry.version = row[0].c_str();
    entry.batch = row[1].as<std::int64_t>();
    entry.checksum = row[2].is_null() ? "" : row[2].c_str();
    entry.applied_at = row[3].c_str();
    if (!row[4].is_null()) entry.execution_ms = row[4].as<std::int64_t>();
    entry.state = row[5].c_str();
    out.push_back(entry);
  }
  return out;
}

std::int64_t PostgresSchemaReader::row_count(const std::string& table) {
  pqxx::nontransaction tx(session_);
  return tx.exec("SELECT count(*) FROM " + tx.quote_name(table))[0][0].as<std::int64_t>();
}

std::string PostgresSchemaReader::snapshot() {
  std::string out;
  const auto add = [&out](const std::vector<std::string>& lines) {
    for (const auto& line : lines) out += line + "\n";
  };
  add(strings(std::string("SELECT c.relkind::text || ' ' || c.relname FROM pg_catalog.pg_class c") +
              kInSchema + " ORDER BY c.relkind, c.relname::text COLLATE \"C\""));
  add(strings(
      std::string(
          "SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)"
          " || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END"
          " || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')"
          " || CASE WHEN a.attidentity <> '' THEN ' IDENTITY' ELSE '' END"
          " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
          " LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum") +
      kInSchema + " AND a.attnum > 0 AND NOT a.attisdropped" +
      " ORDER BY c.relname::text COLLATE \"C\", a.attnum"));
  add(
      strings("SELECT indexdef FROM pg_catalog.pg_indexes WHERE schemaname = current_schema()"
              " ORDER BY indexname::text COLLATE \"C\""));
  add(strings(std::string("SELECT c.relname || ' ' || k.conname || ': ' ||"
                          " pg_get_constraintdef(k.oid) FROM pg_catalog.pg_constraint k"
                          " JOIN pg_catalog.pg_class c ON c.oid = k.conrelid") +
              kInSchema +
              " ORDER BY c.relname::text COLLATE \"C\", k.conname::text COLLATE \"C\""));
  for (const auto& table : tables()) {
    pqxx::nontransaction tx(session_);
    for (const auto& row : tx.exec("SELECT * FROM " + tx.quote_name(table) + " ORDER BY 1")) {
      out += table + ":";
      for (const auto& field : row)
        out += " " + std::string(field.is_null() ? "NULL" : field.c_str());
      out += "\n";
    }
  }
  return out;
}

void PostgresSchemaReader::execute(const std::string& sql) {
  pqxx::nontransaction tx(session_);
  tx.exec(sql);
}

}  // namespace kit::test
