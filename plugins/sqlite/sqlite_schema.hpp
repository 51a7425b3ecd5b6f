// SqliteSchema: reads a SQLite database's schema (tables, columns, indexes, triggers).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sqlite_table_info.hpp"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace kit::sqlite {

/// Introspection of the `main` schema of one connection. Names compare as SQLite compares
/// identifiers: ASCII case-insensitively. Every method only reads; failures are
/// kit::DatabaseError carrying the query and SQLite's code.
class SqliteSchema {
 public:
  explicit SqliteSchema(SQLite::Database& db) noexcept : db_(db) {}

  /// Whether a table (not a view) of that name exists; internal sqlite_* tables count.
  [[nodiscard]] bool has_table(std::string_view table) const;
  /// Whether the table exists and has that column (generated columns included).
  [[nodiscard]] bool has_column(std::string_view table, std::string_view column) const;
  /// Whether an index of that name exists on that table.
  [[nodiscard]] bool has_index(std::string_view table, std::string_view index) const;
  /// Every table but SQLite's internal sqlite_* ones, sorted by name.
  [[nodiscard]] std::vector<std::string> tables() const;
  /// Every view, sorted by name.
  [[nodiscard]] std::vector<std::string> views() const;
  /// Every trigger, sorted by name.
  [[nodiscard]] std::vector<std::string> triggers() const;
  /// Reads one table for a rebuild; nullopt when there is no such table.
  [[nodiscard]] std::optional<SqliteTableInfo> table(std::string_view table) const;

  [[nodiscard]] SQLite::Database& database() const noexcept { return db_; }

 private:
  [[nodiscard]] std::vector<std::string> names(const char* type) const;

  SQLite::Database& db_;
};

}  // namespace kit::sqlite
