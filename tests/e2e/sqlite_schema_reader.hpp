// SqliteSchemaReader: SchemaReader for a SQLite file, read through SQLiteCpp. The file is
// opened afresh for every question, so it may not exist yet when the reader is made.
#pragma once

#include <filesystem>

#include "schema_reader.hpp"

namespace kit::test {

class SqliteSchemaReader final : public SchemaReader {
 public:
  explicit SqliteSchemaReader(std::filesystem::path file) : file_(std::move(file)) {}

  [[nodiscard]] std::vector<std::string> tables() override;
  [[nodiscard]] std::vector<Column> columns(const std::string& table) override;
  [[nodiscard]] std::vector<std::string> indexes() override;
  [[nodiscard]] std::vector<LedgerRow> ledger() override;
  [[nodiscard]] std::int64_t row_count(const std::string& table) override;
  [[nodiscard]] std::string snapshot() override;
  void execute(const std::string& sql) override;

 private:
  std::filesystem::path file_;
};

}  // namespace kit::test
