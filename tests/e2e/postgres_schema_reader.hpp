// PostgresSchemaReader: SchemaReader for the current schema of a PostgreSQL database, read
// through libpqxx from pg_catalog in a session of the test's own (not through the driver).
#pragma once

#include <pqxx/connection>

#include "schema_reader.hpp"

namespace kit::test {

class PostgresSchemaReader final : public SchemaReader {
 public:
  /// Reads through `session`, which must outlive the reader.
  explicit PostgresSchemaReader(pqxx::connection& session) : session_(session) {}

  [[nodiscard]] std::vector<std::string> tables() override;
  [[nodiscard]] std::vector<Column> columns(const std::string& table) override;
  [[nodiscard]] std::vector<std::string> indexes() override;
  [[nodiscard]] std::vector<LedgerRow> ledger() override;
  [[nodiscard]] std::int64_t row_count(const std::string& table) override;
  [[nodiscard]] std::string snapshot() override;
  void execute(const std::string& sql) override;

 private:
  /// The first column of every row of `sql`, as text.
  [[nodiscard]] std::vector<std::string> strings(const std::string& sql);

  pqxx::connection& session_;
};

}  // namespace kit::test
