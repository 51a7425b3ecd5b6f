// SqliteSchema: reads a SQLite database's schema (tables, columns, indexes, triggers).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kit/column_def.hpp"
#include "kit/table_info.hpp"
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
  /// Reads one table for db:sync (Driver::describe_table()), from what table() reads;
  /// nullopt when there is no such table.
  [[nodiscard]] std::optional<TableInfo> describe(std::string_view table) const;

  /// The builder type a declared type names, as SqliteDialect spells them ("varchar(255)",
  /// "timestamp_text", ...) or as generic SQL does ("double precision", "timestamp"), in
  /// any case and spacing; nullopt for any other ("int", "datetime", none).
  [[nodiscard]] static std::optional<ColumnType> to_kit_type(std::string_view declared);

  [[nodiscard]] SQLite::Database& database() const noexcept { return db_; }

 private:
  [[nodiscard]] std::vector<std::string> names(const char* type) const;
  /// The key columns of an index in order (PRAGMA index_xinfo); an expression's name is "".
  [[nodiscard]] std::vector<SqliteTableInfo::KeyColumn> key_columns(const std::string& index) const;

  SQLite::Database& db_;
};

}  // namespace kit::sqlite
