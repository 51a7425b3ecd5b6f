// SchemaReader: what a test checks in a SQLite file afterwards, read through SQLiteCpp.
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kit::test {

class SchemaReader {
 public:
  /// One row of kit_migrations.
  struct LedgerRow {
    std::string version;
    std::int64_t batch = 0;
    std::string checksum;
    std::string applied_at;
    std::optional<std::int64_t> execution_ms;
  };

  /// Opens the file read-only.
  explicit SchemaReader(const std::filesystem::path& file);

  /// The tables, sorted, without SQLite's own.
  [[nodiscard]] std::vector<std::string> tables();
  /// The column names of a table, in order (PRAGMA table_info).
  [[nodiscard]] std::vector<std::string> columns(const std::string& table);
  /// The declared type of a column ("" when there is no such column).
  [[nodiscard]] std::string column_type(const std::string& table, const std::string& column);
  /// The named indexes (not SQLite's automatic ones), sorted.
  [[nodiscard]] std::vector<std::string> indexes();
  /// The ledger, ordered by version; empty when the table does not exist.
  [[nodiscard]] std::vector<LedgerRow> ledger();
  /// The ledger's versions, ordered.
  [[nodiscard]] std::vector<std::string> ledger_versions();
  [[nodiscard]] std::int64_t row_count(const std::string& table);
  /// Everything a "database unchanged" check compares: the schema SQL, every table's rows.
  [[nodiscard]] std::string snapshot();

 private:
  SQLite::Database db_;
};

}  // namespace kit::test
