// kit::Driver: the contract between kit-host and a database driver plugin.
//
// A driver plugin is a shared library that exports, through KIT_DRIVER(...), a manifest
// (`kit_plugin_info`, kind KIT_PLUGIN_DRIVER, with the URL schemes it serves) and a factory.
// The host calls a driver from one thread at a time. Every method may throw kit::Error
// (DatabaseError for what the database refused, carrying the SQL and the database's code);
// the host turns any other exception into a failure of the current command.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kit/error.hpp"
#include "kit/export.hpp"
#include "kit/plugin.hpp"
#include "kit/statement.hpp"
#include "kit/table_info.hpp"

namespace kit {

/// The values of the ledger's `state` column.
namespace ledger_state {
/// Applied: its changes are in the database. Every row of a ledger from before the column.
inline constexpr const char* kApplied = "applied";
/// Recorded before up() of a migration that runs outside a transaction, and replaced by
/// "applied" when it completes: a row left so means it failed or was killed half-way.
inline constexpr const char* kRunning = "running";
/// The same for down(): recorded before it, the row deleted when it completes.
inline constexpr const char* kReverting = "reverting";
}  // namespace ledger_state

/// One row of the `kit_migrations` ledger.
struct LedgerEntry {
  std::string version;     // the migration's name, e.g. "m20240115_120000_create_users_table"
  std::int64_t batch = 0;  // the `migrate` run that applied it, counting from 1
  std::string checksum;    // SHA-256 of the migration's source; empty when unknown
  std::string applied_at;  // UTC, "YYYY-MM-DD HH:MM:SS"
  std::optional<std::int64_t> execution_ms;
  std::string state = ledger_state::kApplied;  // one of ledger_state's values
};

/// One row of SeaORM's `seaql_migrations` table, which a database migrated by Kit/SeaORM
/// has: the migration's name and when it was applied, in seconds since the Unix epoch.
struct SeaqlMigration {
  std::string version;  // e.g. "m20240115_120000_create_users_table"
  std::int64_t applied_at = 0;
};

class KIT_SDK_API Driver {
 public:
  virtual ~Driver();

  /// Names the dialect ("sqlite", "postgres"). SchemaManager::backend() returns it.
  [[nodiscard]] virtual std::string_view name() const noexcept = 0;

  // --- Rendering -------------------------------------------------------------------------

  /// Renders one statement into the SQL statements that carry it out, in order.
  /// May read the current schema (SQLite's table rebuild does), never changes it.
  /// Throws UnsupportedError for what the dialect cannot express and SchemaError for a
  /// statement that is incomplete, before anything is executed.
  [[nodiscard]] virtual std::vector<std::string> render(const Statement& statement) = 0;

  // --- Execution -------------------------------------------------------------------------

  /// Executes SQL text; raw SQL from a migration may hold several statements. Outside a
  /// transaction a multi-statement text may run as one implicit transaction (PostgreSQL),
  /// so statements that refuse transactions (CREATE INDEX CONCURRENTLY) must come alone.
  /// Inside begin()/commit(), refuses (DatabaseError, before anything runs, and counted as
  /// a failed statement) a statement that would end the transaction or start another:
  /// BEGIN, COMMIT, END, ROLLBACK but ROLLBACK TO a savepoint.
  /// Throws DatabaseError with the failing statement and the database's code.
  virtual void execute(std::string_view sql) = 0;

  // --- Transactions ----------------------------------------------------------------------

  /// Whether schema statements inside begin()/rollback() are undone by rollback().
  [[nodiscard]] virtual bool transactional_ddl() const noexcept = 0;
  /// Starts the transaction one migration (and its ledger row) runs in. Not nested.
  virtual void begin() = 0;
  /// Commits it. Throws (and rolls back) when any statement inside it failed, or when the
  /// database refuses the commit; after a throw the transaction is no longer open.
  virtual void commit() = 0;
  /// Rolls it back; does nothing when none is open. Must not throw.
  virtual void rollback() noexcept = 0;

  // --- Lock ------------------------------------------------------------------------------

  /// Takes the database-wide migration lock so that concurrent runs serialize; waits up
  /// to `timeout`, then throws LockTimeoutError saying who holds it when the database can
  /// tell. Called once per run before the ledger is read for planning. Not reentrant: a
  /// second call while held throws Error. The lock dies with the process or connection.
  virtual void lock(std::chrono::milliseconds timeout) = 0;
  /// Releases the lock taken by lock(); does nothing when not held. Must not throw.
  virtual void unlock() noexcept = 0;

  // --- Introspection ---------------------------------------------------------------------

  /// Whether a table (not a view) of that name exists in the connection's schema.
  [[nodiscard]] virtual bool has_table(std::string_view table) = 0;
  /// Whether the table exists and has that column; false when the table does not exist.
  [[nodiscard]] virtual bool has_column(std::string_view table, std::string_view column) = 0;
  /// Whether an index of that name exists on that table.
  [[nodiscard]] virtual bool has_index(std::string_view table, std::string_view index) = 0;
  /// Every table of the connection's schema, the ledger included, sorted by name in byte
  /// order.
  [[nodiscard]] virtual std::vector<std::string> tables() = 0;

  /// Drops every table of the connection's schema, the ledger included, whatever references
  /// them, and what migrations create around tables in that database (views, triggers;
  /// sequences, types and functions where the database has them; each driver documents its
  /// list). Used by migrate:fresh; runs outside any migration, all or nothing.
  virtual void drop_all() = 0;

  // --- Ledger ----------------------------------------------------------------------------

  /// Creates `kit_migrations` when it does not exist, and adds the `state` column to a
  /// ledger made before it had one (its rows become "applied"); does nothing when both are
  /// there. Idempotent, and safe when two runs call it at once (it may be called before
  /// lock()).
  virtual void ensure_ledger() = 0;
  /// Every ledger row, ordered by version in byte order; empty when none is applied or the
  /// table is missing (which it must not create). A ledger without the `state` column (not
  /// yet upgraded by ensure_ledger()) reads as every row "applied".
  [[nodiscard]] virtual std::vector<LedgerEntry> read_ledger() = 0;
  /// Inserts one row, `state` included; called after ensure_ledger(), inside the
  /// migration's transaction, or on its own (committing at once) to record a migration
  /// that runs outside one as "running" before it starts. An empty checksum or an unset
  /// execution_ms is stored as NULL.
  virtual void record(const LedgerEntry& entry) = 0;
  /// Deletes the row of that version, if any; called inside the rollback's transaction,
  /// or on its own. The host changes a row by forget() and record() in one transaction.
  virtual void forget(std::string_view version) = 0;

  // --- Adoption --------------------------------------------------------------------------

  /// Every row of SeaORM's migration table `seaql_migrations(version, applied_at)` in the
  /// connection's schema, ordered by version in byte order; empty when the table does not
  /// exist (which it must not create). Only reads: the host records what it adopts in the
  /// ledger itself. A NULL applied_at reads as 0.
  [[nodiscard]] virtual std::vector<SeaqlMigration> read_seaql_ledger() = 0;

  // --- Describing tables (db:sync) -------------------------------------------------------

  /// Reads one table of the connection's schema, found by name as has_table() finds it:
  /// its columns in order (the database's type text, the builder type when one maps back,
  /// nullability, default, auto-increment), its primary key, its other indexes and its
  /// foreign keys (see TableInfo). nullopt when there is no such table (a view is none).
  /// Only reads, inside the open transaction if there is one. A table created through the
  /// builder reads back the same facts on every driver, but for the database's own spelling
  /// of types, defaults and implicit index names.
  [[nodiscard]] virtual std::optional<TableInfo> describe_table(std::string_view table) = 0;
};

/// What a driver whose database lives in a file may implement beside Driver, to say that the
/// file does not exist. It is an interface of its own, not a virtual function of Driver, so
/// that Driver's layout and vtable (and so every driver built against them) stay as they
/// are: the host asks for it with dynamic_cast, and asks a driver that does not implement it
/// nothing. Added within kit ABI version 3: drivers built before it load as they are; one
/// that implements it loads only where libkit_sdk has it.
///
///   class MyDriver final : public kit::Driver, public kit::DatabaseFile { ... };
///
/// Only the commands that cannot do anything with a missing file ask (db:sync); the others
/// read it as an empty database, as Driver's contract says.
class KIT_SDK_API DatabaseFile {
 public:
  virtual ~DatabaseFile();

  /// The database's file as the URL names it (a relative path as given), when that file
  /// does not exist now: the driver was opened on it without creating it, reads it as an
  /// empty database, and creates it at the first write. nullopt when the file exists, or
  /// when the database is in no file (an in-memory one). Only looks: creates nothing.
  [[nodiscard]] virtual std::optional<std::string> missing_file() const = 0;
};

/// The name of the ledger table.
inline constexpr std::string_view kLedgerTable = "kit_migrations";
/// The savepoint a dry run (--pretend) runs each migration in, released after it: not a
/// migration's to name (SchemaManager refuses it).
inline constexpr std::string_view kHostSavepoint = "kit_host_migration";
/// The name of SeaORM's migration table, adopted by a database's first kit-host run.
inline constexpr std::string_view kSeaqlLedgerTable = "seaql_migrations";
/// The message of the DatabaseError execute() throws, inside begin()/commit(), for a
/// statement that would end the transaction or start another: every driver says the same.
inline constexpr const char* kTransactionStatementRefused =
    "a migration cannot BEGIN, COMMIT or ROLLBACK: kit-host runs it in a transaction of its "
    "own, with its ledger row (SAVEPOINT nests one; a migration whose use_transaction() is "
    "false runs in none)";

using DriverCreateFn = Driver* (*)(const char* url);
using DriverDestroyFn = void (*)(Driver* driver) noexcept;

}  // namespace kit

/// Exports a driver plugin: its manifest and its factory. `schemes` is a comma-separated
/// list of the URL schemes it serves, e.g. "postgres,postgresql". `Class` has a
/// constructor taking the database URL as `const char*`.
#define KIT_DRIVER(Class, name, schemes)                                                 \
  KIT_DEFINE_MANIFEST(KIT_PLUGIN_DRIVER, name, "", schemes);                             \
  extern "C" KIT_PLUGIN_EXPORT ::kit::Driver* kit_driver_create(const char* url) {       \
    return new Class(url);                                                               \
  }                                                                                      \
  extern "C" KIT_PLUGIN_EXPORT void kit_driver_destroy(::kit::Driver* driver) noexcept { \
    delete driver;                                                                       \
  }
