// PostgresDriver: kit::Driver for PostgreSQL through libpqxx. Transactional DDL, a
// session advisory lock, catalog introspection, and the ledger, all in one schema.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kit/driver.hpp"
#include "postgres_advisory_lock.hpp"
#include "postgres_catalog.hpp"
#include "postgres_connection.hpp"
#include "postgres_dialect.hpp"
#include "postgres_url.hpp"

namespace kit {

class PostgresDriver final : public Driver {
 public:
  /// Connects to `postgres://user:password@host:port/database?schema=name&sslmode=...`.
  /// With `?schema=`, the session's search_path is that schema alone; otherwise the
  /// schema is the search_path's first (usually `public`). A missing schema is created
  /// when the role may create it. Throws DatabaseError naming
  /// host, port and database (never the password) when it cannot connect.
  explicit PostgresDriver(const char* url);
  explicit PostgresDriver(const PostgresUrl& url);
  /// Rolls back an open transaction, releases the lock, disconnects.
  ~PostgresDriver() override;

  [[nodiscard]] std::string_view name() const noexcept override { return "postgres"; }

  [[nodiscard]] std::vector<std::string> render(const Statement& statement) override;
  void execute(std::string_view sql) override;

  [[nodiscard]] bool transactional_ddl() const noexcept override { return true; }
  void begin() override;
  void commit() override;
  void rollback() noexcept override;

  void lock(std::chrono::milliseconds timeout) override;
  void unlock() noexcept override;

  [[nodiscard]] bool has_table(std::string_view table) override;
  [[nodiscard]] bool has_column(std::string_view table, std::string_view column) override;
  [[nodiscard]] bool has_index(std::string_view table, std::string_view index) override;
  [[nodiscard]] std::vector<std::string> tables() override;
  /// Drops, in one transaction, every table (CASCADE), view, materialized view, foreign
  /// table, sequence, function, procedure, aggregate, enum, composite, range and domain
  /// type of the schema that no extension owns. Extensions and the schema itself stay.
  void drop_all() override;

  /// Creates `kit_migrations` (and the schema, should it still be missing).
  void ensure_ledger() override;
  [[nodiscard]] std::vector<LedgerEntry> read_ledger() override;
  void record(const LedgerEntry& entry) override;
  void forget(std::string_view version) override;

  /// Reads `seaql_migrations` (version, applied_at) of the driver's schema when it exists.
  [[nodiscard]] std::vector<SeaqlMigration> read_seaql_ledger() override;

  /// Reads the table of the driver's schema through PostgresCatalog::describe(): types as
  /// format_type() prints them, an identity or serial column as auto-increment.
  [[nodiscard]] std::optional<TableInfo> describe_table(std::string_view table) override;

  /// The schema this driver works in: tables, ledger, introspection, lock.
  [[nodiscard]] const std::string& schema() const noexcept { return schema_; }
  [[nodiscard]] PostgresCatalog& catalog() noexcept { return catalog_; }
  [[nodiscard]] PostgresConnection& connection() noexcept { return connection_; }
  [[nodiscard]] const PostgresDialect& dialect() const noexcept { return dialect_; }
  [[nodiscard]] const PostgresAdvisoryLock& migration_lock() const noexcept { return lock_; }

 private:
  /// `"schema"."kit_migrations"`.
  [[nodiscard]] std::string ledger_table() const;
  /// CREATE SCHEMA when the schema is missing, serialized against concurrent first runs.
  void create_schema_if_missing();
  /// Runs one DROP over every object `sql` lists (one name per row), if any.
  void drop_listed(const std::string& drop, const std::string& list_sql,
                   const PostgresParams& params);

  PostgresConnection connection_;
  std::string schema_;
  PostgresDialect dialect_;
  PostgresCatalog catalog_;
  PostgresAdvisoryLock lock_;
};

}  // namespace kit
