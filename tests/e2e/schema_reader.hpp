// SchemaReader: what an end-to-end test checks in a database after kit-host ran, asked the
// same way of every database, so that each test asserts the same facts on each: tables,
// columns with their nullability, indexes, ledger rows, and a snapshot for "unchanged".
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace kit::test {

class SchemaReader {
 public:
  /// One row of kit_migrations.
  struct LedgerRow {
    std::string version;
    std::int64_t batch = 0;
    std::string checksum;  // "" for NULL
    std::string applied_at;
    std::optional<std::int64_t> execution_ms;
    std::string state;  // "applied" where the ledger has no state column
  };

  /// One column of a table: its name and whether it accepts NULL.
  struct Column {
    std::string name;
    bool nullable = true;

    friend bool operator==(const Column& a, const Column& b) {
      return a.name == b.name && a.nullable == b.nullable;
    }
    friend std::ostream& operator<<(std::ostream& out, const Column& column) {
      return out << column.name << (column.nullable ? " NULL" : " NOT NULL");
    }
  };

  virtual ~SchemaReader() = default;

  /// The tables (not views), sorted byte by byte, without the database's own.
  [[nodiscard]] virtual std::vector<std::string> tables() = 0;
  /// The columns of a table, in order; empty when there is no such table.
  [[nodiscard]] virtual std::vector<Column> columns(const std::string& table) = 0;
  /// The indexes made by CREATE INDEX (not those behind a primary key or unique
  /// constraint, which the databases name each their own way), sorted.
  [[nodiscard]] virtual std::vector<std::string> indexes() = 0;
  /// The ledger, ordered by version; empty when the table does not exist.
  [[nodiscard]] virtual std::vector<LedgerRow> ledger() = 0;
  [[nodiscard]] virtual std::int64_t row_count(const std::string& table) = 0;
  /// Everything a "database unchanged" check compares: the schema, every table's rows.
  [[nodiscard]] virtual std::string snapshot() = 0;
  /// Runs SQL that sets a test up (rows a command must keep or drop).
  virtual void execute(const std::string& sql) = 0;

  /// The column names of a table, in order.
  [[nodiscard]] std::vector<std::string> column_names(const std::string& table) {
    std::vector<std::string> out;
    for (const auto& column : columns(table)) out.push_back(column.name);
    return out;
  }
  /// The ledger's state of each version, "version=state", ordered.
  [[nodiscard]] std::vector<std::string> ledger_states() {
    std::vector<std::string> out;
    for (const auto& row : ledger()) out.push_back(row.version + "=" + row.state);
    return out;
  }
  /// The ledger's versions, ordered.
  [[nodiscard]] std::vector<std::string> ledger_versions() {
    std::vector<std::string> out;
    for (const auto& row : ledger()) out.push_back(row.version);
    return out;
  }
};

}  // namespace kit::test
