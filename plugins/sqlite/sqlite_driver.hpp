// SqliteDriver: kit::Driver for SQLite files (and :memory:), through SQLiteCpp.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kit/driver.hpp"
#include "sqlite_dialect.hpp"
#include "sqlite_schema.hpp"
#include "sqlite_url.hpp"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace kit::sqlite {

/// One connection to one SQLite database. URL forms: see SqliteUrl. The connection is
/// opened with a 5 s busy timeout and `PRAGMA foreign_keys = ON`.
///
/// Transactions: begin() turns `PRAGMA foreign_keys = OFF` and then runs `BEGIN IMMEDIATE`
/// (the pragma cannot change inside a transaction, and the table rebuild must drop tables
/// that others reference without cascading); commit() runs `PRAGMA foreign_key_check` over
/// the whole database first and refuses (rolling back) when any row violates a foreign key;
/// commit() and rollback() turn foreign keys back ON. So inside a migration, foreign-key
/// actions (ON DELETE CASCADE / SET NULL) do not fire; violations are caught at commit.
///
/// Lock: SQLite has no advisory lock. What it gives is one write transaction per migration:
/// BEGIN IMMEDIATE takes the database's RESERVED lock at once, waiting up to the busy
/// timeout, so two runs never write at the same time and each migration with its ledger
/// row is applied whole or not at all; a second run that planned the same migration fails
/// on the ledger's primary key and rolls back. lock() and unlock() only record that the
/// run asked for the lock; they do not keep other runs from planning concurrently.
class SqliteDriver final : public Driver {
 public:
  /// Opens the database. Throws kit::Error for a malformed URL and DatabaseError
  /// (SQLITE_CANTOPEN, ...) when the file cannot be opened.
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

  [[nodiscard]] bool transactional_ddl() const noexcept override { return true; }
  void begin() override;
  void commit() override;
  void rollback() noexcept override;

  /// Records that the run holds the migration lock; see the class comment for what
  /// SQLite serializes by itself.
  void lock(std::chrono::milliseconds timeout) override;
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

  [[nodiscard]] const SqliteUrl& url() const noexcept { return url_; }
  /// Whether begin() was called and neither commit() nor rollback() since.
  [[nodiscard]] bool in_transaction() const noexcept { return in_transaction_; }
  /// Whether lock() was called and unlock() not since.
  [[nodiscard]] bool locked() const noexcept { return locked_; }
  [[nodiscard]] const SqliteDialect& dialect() const noexcept { return dialect_; }

 private:
  void run(const std::string& sql);
  void restore_foreign_keys() noexcept;
  void recover_outside_transaction() noexcept;
  void check_foreign_keys();

  SqliteUrl url_;
  std::unique_ptr<SQLite::Database> db_;
  SqliteSchema schema_;
  SqliteDialect dialect_;
  bool in_transaction_ = false;
  bool locked_ = false;
};

}  // namespace kit::sqlite
