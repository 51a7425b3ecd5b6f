// SqliteDriver: kit::Driver for SQLite files (and :memory:), through SQLiteCpp.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kit/driver.hpp"
#include "kit/savepoints.hpp"
#include "sqlite_dialect.hpp"
#include "sqlite_foreign_key_graph.hpp"
#include "sqlite_schema.hpp"
#include "sqlite_statement_cache.hpp"
#include "sqlite_url.hpp"
#include "sqlite_write_set.hpp"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace kit::sqlite {

class SqliteMigrationLock;

/// One connection to one SQLite database. URL forms: see SqliteUrl. The connection is
/// opened with a 5 s busy timeout and `PRAGMA foreign_keys = ON`.
///
/// Transactions: begin() turns `PRAGMA foreign_keys = OFF` and then runs `BEGIN IMMEDIATE`
/// (the pragma cannot change inside a transaction, and the table rebuild must drop tables
/// that others reference without cascading); commit() runs `PRAGMA foreign_key_check` first
/// and refuses (rolling back) when any row violates a foreign key; commit() and rollback()
/// turn foreign keys back ON. So inside a migration, foreign-key actions (ON DELETE
/// CASCADE / SET NULL) do not fire; violations are caught at commit. The check covers what
/// the migration can have broken (ForeignKeyCheck::Touched, the default): each table its
/// statements, raw SQL and the triggers they fire wrote, dropped or altered, as SQLite's
/// authorizer reports them (SqliteWriteSet), and each table whose foreign keys reference
/// one of those; the whole database when it cannot tell. Its cost then no longer grows
/// with the size of the database. ForeignKeyCheck::Full checks every table at every commit.
///
/// Lock: SQLite has no advisory lock, so lock() takes an flock() on `<database>-kitlock`,
/// a file beside the database (see SqliteMigrationLock): concurrent runs serialize from
/// planning to their last migration, and a run killed while holding it leaves no lock
/// behind. `:memory:` databases, private to their connection, need none. Within each
/// migration BEGIN IMMEDIATE still takes SQLite's own write lock, so writers that do not
/// use the migration lock are kept out too.
class SqliteDriver final : public Driver, public DatabaseFile {
 public:
  /// Opens the database. Throws kit::Error for a malformed URL and DatabaseError
  /// (SQLITE_CANTOPEN, ...) when the file cannot be opened. A file that does not exist yet,
  /// in a directory where it can be created, is created by the first write (see use_file());
  /// until then the driver reads an empty database.
  explicit SqliteDriver(const char* url);
  ~SqliteDriver() override;
  SqliteDriver(const SqliteDriver&) = delete;
  SqliteDriver& operator=(const SqliteDriver&) = delete;

  [[nodiscard]] std::string_view name() const noexcept override { return "sqlite"; }

  /// Renders through SqliteDialect. A table rebuild rendered outside begin()/commit()
  /// (a migration without a transaction) comes wrapped in its own: foreign keys OFF,
  /// BEGIN IMMEDIATE, the rebuild, COMMIT, foreign keys ON.
  [[nodiscard]] std::vector<std::string> render(const Statement& statement) override;

  /// Runs every statement of `sql` in order. A `PRAGMA foreign_key_check` that finds
  /// violations fails like a constraint (SQLITE_CONSTRAINT_FOREIGNKEY). When a statement
  /// fails outside begin(), a transaction it left open is rolled back.
  void execute(std::string_view sql) override;

  /// What commit() checks for foreign-key violations.
  enum class ForeignKeyCheck {
    Touched,  // the tables the migration wrote and the tables that reference them
    Full,     // every table of the database
  };
  void set_foreign_key_check(ForeignKeyCheck check) noexcept { foreign_key_check_ = check; }
  [[nodiscard]] ForeignKeyCheck foreign_key_check() const noexcept { return foreign_key_check_; }

  [[nodiscard]] bool transactional_ddl() const noexcept override { return true; }
  void begin() override;
  void commit() override;
  void rollback() noexcept override;

  /// Takes the migration lock: flock(LOCK_EX) on `<database>-kitlock` (the database's full
  /// path as SQLite resolved it, symbolic links followed), polled until `timeout`, then
  /// Error: "another kit-host run (pid 1234 on host, since 2024-01-15 12:00:00 UTC) holds
  /// the migration lock on /path/app.db; waited 10 s. ...". While held the file records
  /// the holder (`pid=`, `host=`, `since=` lines). Not reentrant: a second lock() before
  /// unlock() throws Error at once and keeps the lock held. Records only that the lock is
  /// held for a `:memory:` database.
  void lock(std::chrono::milliseconds timeout) override;
  /// Releases the lock (the file stays, emptied; it is never deleted). The destructor
  /// releases it too, and the kernel does when the process dies.
  void unlock() noexcept override;

  [[nodiscard]] bool has_table(std::string_view table) override;
  [[nodiscard]] bool has_column(std::string_view table, std::string_view column) override;
  [[nodiscard]] bool has_index(std::string_view table, std::string_view index) override;
  [[nodiscard]] std::vector<std::string> tables() override;

  /// Drops every view, trigger and table (virtual tables first), in one transaction with
  /// foreign keys off, and clears sqlite_sequence.
  void drop_all() override;

  void ensure_ledger() override;
  [[nodiscard]] std::vector<LedgerEntry> read_ledger() override;
  void record(const LedgerEntry& entry) override;
  void forget(std::string_view version) override;

  /// Reads `seaql_migrations` ("version", "applied_at") when the table exists.
  [[nodiscard]] std::vector<SeaqlMigration> read_seaql_ledger() override;

  /// Reads the table through SqliteSchema (SqliteSchema::describe()): types as declared,
  /// defaults as written, a UNIQUE constraint's index as "sqlite_autoindex_<table>_<n>".
  [[nodiscard]] std::optional<TableInfo> describe_table(std::string_view table) override;

  /// The file's path as the URL names it while it does not exist (opened in the default
  /// mode, rwc, in a folder where it can be created: ?mode=ro and ?mode=rw refuse a missing
  /// file when opened); nullopt once it exists, and for :memory:.
  [[nodiscard]] std::optional<std::string> missing_file() const override;

  [[nodiscard]] const SqliteUrl& url() const noexcept { return url_; }
  /// Whether begin() was called and neither commit() nor rollback() since.
  [[nodiscard]] bool in_transaction() const noexcept { return in_transaction_; }
  /// Whether lock() succeeded and unlock() was not called since.
  [[nodiscard]] bool locked() const noexcept { return locked_; }
  [[nodiscard]] const SqliteDialect& dialect() const noexcept { return dialect_; }

 private:
  void run(const std::string& sql);
  void set_up_connection();
  enum class Access { Read, Write };
  /// Replaces the stand-in by the file: to write, creating it; to read, once it exists.
  void use_file(Access purpose);
  void restore_foreign_keys() noexcept;
  void recover_outside_transaction() noexcept;
  /// `for_good`: no ROLLBACK TO a savepoint undoes it (a refused transaction statement).
  void after_failure(const DatabaseError& error, bool for_good = false) noexcept;
  /// Throws when a statement has ended the open transaction underneath the driver (INSERT OR
  /// ROLLBACK, RAISE(ROLLBACK), a full disk): what ran after it would commit on its own,
  /// unchecked, so nothing more may run until rollback().
  void require_transaction(const std::string& sql);
  /// Whether the migration's transaction ended underneath it (see require_transaction()).
  [[nodiscard]] bool transaction_lost() const noexcept;
  void check_foreign_keys();
  /// The tables the commit check covers when no ALTER TABLE ran, the schema being at
  /// version `now`.
  [[nodiscard]] std::vector<std::string> tables_to_check(std::int64_t now);
  [[nodiscard]] std::int64_t schema_version();

  SqliteUrl url_;
  // The file did not exist when opened: an empty in-memory database stands in for it until
  // something writes, or until another connection creates it, so that commands that only
  // read (migrate:status) create no file.
  bool create_on_write_ = false;
  SqliteWriteSet writes_;  // the connection's authorizer: declared first, destroyed last
  std::unique_ptr<SQLite::Database> db_;
  SqliteStatementCache statements_{*db_};  // after db_: its statements are finalized first
  SqliteSchema schema_;
  SqliteDialect dialect_;
  std::unique_ptr<SqliteMigrationLock> lock_;  // null for an in-memory database
  ForeignKeyCheck foreign_key_check_ = ForeignKeyCheck::Touched;
  SqliteForeignKeyGraph foreign_keys_;
  std::int64_t begin_schema_version_ = 0;  // PRAGMA schema_version when begin() ran
  bool in_transaction_ = false;
  Savepoints savepoints_;  // and the failures of the open transaction that still stand
  std::vector<std::string> rebuild_sql_;  // the last render()'s, when it was a table rebuild
  bool locked_ = false;
};

}  // namespace kit::sqlite
