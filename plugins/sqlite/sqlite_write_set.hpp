// SqliteWriteSet: the tables whose rows the statements of one migration may have changed,
// as SQLite itself reports them, so that commit() checks only the foreign keys at stake.
#pragma once

#include <string>
#include <vector>

struct sqlite3;

namespace kit::sqlite {

/// Installed as the connection's authorizer (sqlite3_set_authorizer), which SQLite calls
/// while preparing each statement for every table it writes, including the statements of
/// the triggers it fires. Between start() and stop() it records:
/// - the table of each INSERT, UPDATE, DELETE, DROP TABLE and ALTER TABLE in `main`;
/// - `everything()` for what it cannot bound: writes to another schema (temp, attached),
///   any PRAGMA but a list of harmless ones (writable_schema among the rest), and any
///   action it does not know.
/// SQLite's own bookkeeping writes to sqlite_schema are not recorded (a user's writes there
/// need PRAGMA writable_schema, which is not on the list), nor writes to sqlite_sequence,
/// against which no foreign key can be enforced. The one thing it denies, between
/// start() and stop(), is BEGIN, COMMIT and ROLLBACK: the migration's transaction is the
/// driver's, and a COMMIT inside it would commit half a migration without the foreign-key
/// check (SAVEPOINT, RELEASE and ROLLBACK TO stay allowed).
/// A foreign key can only break where rows of its child table change, or rows or the
/// very table of its parent do; so checking each recorded table and every table whose
/// foreign keys reference one covers all that the migration can have broken.
class SqliteWriteSet {
 public:
  /// Installs the authorizer on `db`; the object must outlive the connection's use.
  void install(sqlite3* db) noexcept;

  /// Forgets what was recorded and records, and refuses transaction statements, from now on.
  void start() noexcept;
  /// Stops recording and refusing; what was recorded stays readable.
  void stop() noexcept {
    recording_ = false;
    refusing_ = false;
    refused_ = false;
  }
  /// Whether the last statement prepared was refused for being BEGIN, COMMIT or ROLLBACK.
  [[nodiscard]] bool refused_transaction() const noexcept { return refused_; }

  /// A savepoint statement as SQLite's authorizer names it: `operation` "BEGIN" (SAVEPOINT),
  /// "RELEASE" or "ROLLBACK" (ROLLBACK TO), and the savepoint's `name`.
  struct Savepoint {
    std::string operation;
    std::string name;
  };
  /// Forgets the last savepoint statement seen; call it before preparing a statement.
  void forget_savepoint() noexcept { savepoint_seen_ = false; }
  /// The savepoint statement prepared since forget_savepoint(), if one was.
  [[nodiscard]] const Savepoint* savepoint() const noexcept {
    return savepoint_seen_ ? &savepoint_ : nullptr;
  }

  /// Stops recording until resume(): for the driver's own ledger writes, which no foreign
  /// key may reference. Returns whether it was recording.
  bool pause() noexcept {
    const bool was = recording_;
    recording_ = false;
    return was;
  }
  void resume(bool was_recording) noexcept { recording_ = was_recording; }

  /// Whether something was recorded that only a check of the whole database covers.
  [[nodiscard]] bool everything() const noexcept { return everything_; }
  /// The recorded tables, each once (compared as SQLite compares names), in first-seen order.
  [[nodiscard]] const std::vector<std::string>& tables() const noexcept { return tables_; }
  /// The tables of `main` created or dropped, whose foreign keys may have come or gone.
  [[nodiscard]] const std::vector<std::string>& created_or_dropped() const noexcept {
    return created_or_dropped_;
  }
  /// Whether an ALTER TABLE ran: a rename can change other tables' foreign keys too.
  [[nodiscard]] bool altered() const noexcept { return altered_; }

 private:
  static int authorize(void* self, int action, const char* a, const char* b, const char* database,
                       const char* trigger) noexcept;
  void note(int action, const char* a, const char* b, const char* database) noexcept;
  void add(const char* table, const char* database);

  bool recording_ = false;
  bool refusing_ = false;  // transaction statements, between start() and stop()
  bool refused_ = false;   // the last one prepared was refused
  bool everything_ = false;
  bool altered_ = false;
  std::vector<std::string> tables_;
  std::vector<std::string> created_or_dropped_;
  Savepoint savepoint_;
  bool savepoint_seen_ = false;
};

/// Pauses a write set for a scope.
class PausedWrites {
 public:
  explicit PausedWrites(SqliteWriteSet& writes) noexcept : writes_(writes), was_(writes.pause()) {}
  PausedWrites(const PausedWrites&) = delete;
  PausedWrites& operator=(const PausedWrites&) = delete;
  ~PausedWrites() { writes_.resume(was_); }

 private:
  SqliteWriteSet& writes_;
  bool was_;
};

}  // namespace kit::sqlite
