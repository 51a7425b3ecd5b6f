#include "sqlite_driver.hpp"

#include <sqlite3.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <optional>
#include <utility>

#include "sqlite_error.hpp"
#include "sqlite_migration_lock.hpp"
#include "sqlite_table_rebuild.hpp"
#include "sqlite_tokenizer.hpp"

namespace kit::sqlite {

namespace {

constexpr int kBusyTimeoutMs = 5000;

const std::string kLedgerQuoted = "\"kit_migrations\"";

/// The folder of a file's path: "." for a bare name.
std::string folder_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
}

/// Why SQLite could not open `path`, where the file system tells (SQLite says only "unable to
/// open database file"): "" when it does not.
std::string why_cannot_open(const SqliteUrl& url) {
  const std::string& path = url.path();
  struct stat file {};
  if (::stat(path.c_str(), &file) == 0) {
    return S_ISDIR(file.st_mode) ? " (it is a folder)" : "";
  }
  const int file_errno = errno;
  const std::string folder = folder_of(path);
  struct stat dir {};
  if (::stat(folder.c_str(), &dir) != 0) {
    return errno == ENOENT ? " (its folder '" + folder + "' does not exist)" : "";
  }
  if (!S_ISDIR(dir.st_mode)) return " ('" + folder + "' is not a folder)";
  if (file_errno != ENOENT) return "";
  if (url.mode() != SqliteUrl::Mode::ReadWriteCreate) {
    return " (the file does not exist, and ?mode=" +
           std::string(url.mode() == SqliteUrl::Mode::ReadOnly ? "ro" : "rw") +
           " does not create it)";
  }
  if (::access(folder.c_str(), W_OK | X_OK) != 0) {
    return " (the file does not exist, and this user may not create files in '" + folder + "')";
  }
  return "";
}

std::unique_ptr<SQLite::Database> open(const SqliteUrl& url) {
  try {
    return std::make_unique<SQLite::Database>(url.path(), url.open_flags(), kBusyTimeoutMs);
  } catch (const SQLite::Exception& error) {
    const int code = error.getExtendedErrorCode();
    const int primary = (code < 0 ? SQLITE_CANTOPEN : code) & 0xff;
    throw DatabaseError("cannot open SQLite database '" + url.path() + "': " + error.what() +
                            (primary == SQLITE_CANTOPEN ? why_cannot_open(url) : ""),
                        "", result_code_name(code < 0 ? SQLITE_CANTOPEN : code));
  }
}

// Whether opening `url` would create its file: the file does not exist, in a directory that
// this process may create it in. Otherwise the open fails at once, as it would without this
// (a missing or read-only directory is SQLITE_CANTOPEN; a file under a non-directory is not
// ENOENT).
bool creates_file(const SqliteUrl& url) {
  if (url.is_memory() || url.mode() != SqliteUrl::Mode::ReadWriteCreate) return false;
  const std::string& path = url.path();
  if (::access(path.c_str(), F_OK) == 0 || errno != ENOENT) return false;
  return ::access(folder_of(path).c_str(), W_OK | X_OK) == 0;
}

std::unique_ptr<SQLite::Database> open_stand_in() {
  return std::make_unique<SQLite::Database>(":memory:", SQLite::OPEN_READWRITE);
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
    text.remove_suffix(1);
  }
  return text;
}

// The first complete statement of `sql`, for naming the one that failed to prepare.
std::string_view first_statement(std::string_view sql) {
  for (auto semicolon = sql.find(';'); semicolon != std::string_view::npos;
       semicolon = sql.find(';', semicolon + 1)) {
    const std::string prefix(sql.substr(0, semicolon + 1));
    if (sqlite3_complete(prefix.c_str()) != 0) return trim(sql.substr(0, semicolon));
  }
  return trim(sql);
}

bool is_foreign_key_check(std::string_view sql) {
  // Tokenizing every statement a migration runs costs more than looking for the word first.
  constexpr std::string_view word = "foreign_key_check";
  const auto found =
      std::search(sql.begin(), sql.end(), word.begin(), word.end(),
                  [](char a, char b) { return (a >= 'A' && a <= 'Z' ? a + 32 : a) == b; });
  if (found == sql.end()) return false;
  try {
    const auto tokens = SqliteTokenizer::tokenize(sql);
    return tokens.size() >= 2 && tokens[0].is("PRAGMA") &&
           (tokens[1].is("foreign_key_check") ||
            (tokens.size() >= 4 && tokens[2].is_punct(".") && tokens[3].is("foreign_key_check")));
  } catch (const Error&) {
    return false;
  }
}

// One line of a FOREIGN KEY error, from a row of PRAGMA foreign_key_check (table, rowid,
// parent, fkid); the rows of a WITHOUT ROWID table have no rowid (nullptr).
std::string violation(std::string_view table, const char* rowid, std::string_view parent) {
  return (rowid == nullptr ? std::string("a row") : "row " + std::string(rowid)) + " of table " +
         std::string(table) + " references a missing row of " + std::string(parent);
}

std::string violation(sqlite3_stmt* row) {
  const auto text = [row](int column) {
    const auto* value = reinterpret_cast<const char*>(sqlite3_column_text(row, column));
    return value == nullptr ? "" : value;
  };
  return violation(text(0), sqlite3_column_type(row, 1) == SQLITE_NULL ? nullptr : text(1),
                   text(2));
}

// A statement of a table rebuild names its new table in SQLite's message ("NOT NULL
// constraint failed: _kit_new_users.bio"), a table the migration never wrote: the same
// error naming the table it rebuilds ("users.bio"). The SQL stays as it ran.
DatabaseError naming_rebuilt_table(const DatabaseError& error) {
  std::string new_table;
  try {
    for (const auto& token : SqliteTokenizer::tokenize(error.sql())) {
      if (token.is_name() && token.name().rfind(SqliteTableRebuild::kNewTablePrefix, 0) == 0) {
        new_table = token.name();
        break;
      }
    }
  } catch (const Error&) {
    return error;
  }
  if (new_table.empty()) return error;
  const std::string table = new_table.substr(SqliteTableRebuild::kNewTablePrefix.size());
  std::string message = error.message();
  for (auto at = message.find(new_table); at != std::string::npos;
       at = message.find(new_table, at + table.size())) {
    message.replace(at, new_table.size(), table);
  }
  return DatabaseError(std::move(message), error.sql(), error.code());
}

}  // namespace

SqliteDriver::SqliteDriver(const char* url)
    : url_(SqliteUrl::parse(url == nullptr ? "" : url)),
      create_on_write_(creates_file(url_)),
      db_(create_on_write_ ? open_stand_in() : open(url_)),
      schema_(*db_),
      dialect_(schema_) {
  set_up_connection();
}

void SqliteDriver::set_up_connection() {
  run("PRAGMA foreign_keys = ON");
  writes_.install(db_->getHandle());
  // The full path SQLite resolved (symbolic links followed), so that every spelling of
  // one database's path locks the same file; empty for :memory: and the stand-in.
  const char* file = sqlite3_db_filename(db_->getHandle(), "main");
  if (file != nullptr && *file != '\0') lock_ = std::make_unique<SqliteMigrationLock>(file);
}

void SqliteDriver::use_file(Access purpose) {
  if (!create_on_write_) return;
  if (purpose == Access::Read && ::access(url_.path().c_str(), F_OK) != 0) return;
  // Opened first: if it fails, the stand-in stays and the error names the file.
  auto file = open(url_);
  statements_.clear();  // the stand-in's: they must be finalized before it closes
  *db_ = std::move(*file);
  foreign_keys_.invalidate();
  set_up_connection();
  create_on_write_ = false;  // only now: a failure above leaves the next call to try again
}

std::optional<std::string> SqliteDriver::missing_file() const {
  // Only the stand-in stands for a missing file; it may have been created since, by another
  // connection (use_file() reads it then).
  if (!create_on_write_) return std::nullopt;
  if (::access(url_.path().c_str(), F_OK) == 0 || errno != ENOENT) return std::nullopt;
  return url_.path();
}

SqliteDriver::~SqliteDriver() {
  rollback();
  unlock();
}

std::vector<std::string> SqliteDriver::render(const Statement& statement) {
  use_file(Access::Read);
  auto sql = dialect_.render(statement);
  if (!in_transaction_ && !sql.empty() && dialect_.rebuilds(statement)) {
    // Without a migration transaction the rebuild brings its own: foreign keys cannot be
    // switched off inside one, and DROP TABLE must not cascade.
    sql.insert(sql.begin(), {"PRAGMA foreign_keys = OFF", "BEGIN IMMEDIATE"});
    sql.emplace_back("COMMIT");
    sql.emplace_back("PRAGMA foreign_keys = ON");
  }
  if (dialect_.rebuilds(statement)) {
    rebuild_sql_ = sql;
  } else {
    rebuild_sql_.clear();
  }
  return sql;
}

void SqliteDriver::execute(std::string_view sql) {
  use_file(Access::Write);
  sqlite3* handle = db_->getHandle();
  if (transaction_lost()) require_transaction(std::string(first_statement(sql)));
  if (const auto nul = sql.find('\0'); nul != std::string_view::npos) {
    // SQLite stops reading at a NUL: the rest would never run, or never end.
    DatabaseError error("SQL text holds a NUL character at byte " + std::to_string(nul),
                        std::string(first_statement(sql.substr(0, nul))), "SQLITE_MISUSE");
    after_failure(error);
    throw error;
  }
  // What to throw when a statement failed. One of a table rebuild names the table the
  // migration wrote, not the rebuild's new one.
  // `for_good`: as after_failure()'s.
  const auto failed = [&](const DatabaseError& error, bool for_good = false) {
    const bool rebuilding =
        std::find(rebuild_sql_.begin(), rebuild_sql_.end(), sql) != rebuild_sql_.end();
    auto thrown = rebuilding ? naming_rebuilt_table(error) : error;
    after_failure(thrown, for_good);
    return thrown;
  };
  const char* tail = sql.data();
  const char* const end = sql.data() + sql.size();
  while (tail < end) {
    sqlite3_stmt* statement = nullptr;
    const char* next = nullptr;
    writes_.forget_savepoint();
    const int prepared =
        sqlite3_prepare_v2(handle, tail, static_cast<int>(end - tail), &statement, &next);
    if (prepared != SQLITE_OK) {
      std::string text(first_statement({tail, static_cast<std::size_t>(end - tail)}));
      const bool refused = sqlite3_errcode(handle) == SQLITE_AUTH && writes_.refused_transaction();
      throw failed(refused
                       ? DatabaseError(kTransactionStatementRefused, std::move(text), "SQLITE_AUTH")
                       : database_error(handle, std::move(text)),
                   refused);
    }
    const std::string_view text = trim({tail, static_cast<std::size_t>(next - tail)});
    const bool progressed = next > tail;
    tail = next;
    if (statement == nullptr) {  // white space or a comment
      if (!progressed) break;
      continue;
    }

    const bool checks_keys = is_foreign_key_check(text);
    std::vector<std::string> violations;
    int stepped = SQLITE_ROW;
    while ((stepped = sqlite3_step(statement)) == SQLITE_ROW) {
      if (checks_keys && violations.size() < 5) violations.push_back(violation(statement));
    }
    std::optional<DatabaseError> error;
    if (stepped != SQLITE_DONE) {
      error = database_error(handle, std::string(text));
    } else if (!violations.empty()) {
      std::string message = "FOREIGN KEY constraint failed: ";
      for (std::size_t i = 0; i < violations.size(); ++i) {
        message += (i == 0 ? "" : "; ") + violations[i];
      }
      error = DatabaseError(message, std::string(text), "SQLITE_CONSTRAINT_FOREIGNKEY");
    }
    sqlite3_finalize(statement);
    if (error) throw failed(*error);
    if (const auto* savepoint = writes_.savepoint(); savepoint != nullptr && in_transaction_) {
      savepoints_.ran(savepoint->operation, savepoint->name);
    }
  }
}

void SqliteDriver::after_failure(const DatabaseError& error, bool for_good) noexcept {
  if (in_transaction_) {
    // SQLite undoes only the failed statement; commit() must refuse the rest, as
    // PostgreSQL does, or a migration that swallowed the error would commit half its work,
    // unless it rolls back to a savepoint set before the failure.
    // Some failures roll the whole transaction back: foreign keys must not stay off for
    // whatever would run next (require_transaction() refuses it).
    const bool lost = sqlite3_get_autocommit(db_->getHandle()) != 0;
    if (for_good || lost) {
      savepoints_.failed_for_good(error.what());
    } else {
      savepoints_.failed(error.what());
    }
    if (lost) restore_foreign_keys();
    return;
  }
  recover_outside_transaction();
}

bool SqliteDriver::transaction_lost() const noexcept {
  return in_transaction_ && sqlite3_get_autocommit(db_->getHandle()) != 0;
}

void SqliteDriver::require_transaction(const std::string& sql) {
  if (!transaction_lost()) return;
  if (savepoints_.first_failure().empty()) savepoints_.failed_for_good("the transaction ended");
  restore_foreign_keys();
  throw DatabaseError("the migration's transaction was rolled back by a statement that failed (" +
                          std::string(savepoints_.first_failure()) + "); nothing more runs in it",
                      sql, "SQLITE_ABORT");
}

void SqliteDriver::recover_outside_transaction() noexcept {
  if (in_transaction_) return;  // the host rolls its own transaction back
  // A failed wrapped rebuild (or raw SQL with its own BEGIN) must not leave a transaction
  // open, nor foreign keys off.
  if (sqlite3_get_autocommit(db_->getHandle()) == 0) {
    sqlite3_exec(db_->getHandle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
  restore_foreign_keys();
}

void SqliteDriver::run(const std::string& sql) {
  try {
    db_->exec(sql);
  } catch (const SQLite::Exception& error) {
    throw database_error(error, sql);
  }
}

void SqliteDriver::restore_foreign_keys() noexcept {
  sqlite3_exec(db_->getHandle(), "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
}

// --- Transactions --------------------------------------------------------------------------

void SqliteDriver::begin() {
  use_file(Access::Write);
  if (in_transaction_ || sqlite3_get_autocommit(db_->getHandle()) == 0) {
    throw Error("sqlite: begin() while a transaction is already open on this connection");
  }
  run("PRAGMA foreign_keys = OFF");
  try {
    run("BEGIN IMMEDIATE");
  } catch (...) {
    restore_foreign_keys();
    throw;
  }
  in_transaction_ = true;
  savepoints_.clear();
  begin_schema_version_ = schema_version();
  writes_.start();
}

std::int64_t SqliteDriver::schema_version() {
  static const std::string sql = "PRAGMA schema_version";
  try {
    const auto statement = statements_.get(sql);
    return statement->executeStep() ? statement->getColumn(0).getInt64() : 0;
  } catch (const SQLite::Exception& error) {
    throw database_error(error, sql);
  }
}

std::vector<std::string> SqliteDriver::tables_to_check(std::int64_t now) {
  // Each written table that still exists, and each table with a foreign key naming one,
  // from the graph of references kept across commits: told what this transaction created or
  // dropped, reset when anything else changed the schema, and read only when a write needs it.
  if (!foreign_keys_.current_at(begin_schema_version_)) {
    foreign_keys_.reset(now);
  } else if (now != begin_schema_version_) {
    foreign_keys_.changed(writes_.created_or_dropped(), now);
  }
  std::vector<std::string> tables;
  if (writes_.tables().empty()) return tables;
  try {
    foreign_keys_.update(statements_, schema_);
  } catch (const SQLite::Exception& error) {
    foreign_keys_.invalidate();
    throw database_error(error, "PRAGMA foreign_key_list");
  } catch (...) {
    foreign_keys_.invalidate();
    throw;
  }
  const auto add = [&](const std::string& table) {
    for (const auto& known : tables) {
      if (SqliteTokenizer::same_name(known, table)) return;
    }
    if (schema_.has_table(table)) tables.push_back(table);
  };
  for (const auto& written : writes_.tables()) {
    add(written);
    for (const auto& child : foreign_keys_.children(written)) add(child);
  }
  return tables;
}

void SqliteDriver::check_foreign_keys() {
  // Failures name the full check, the statement that lists every violation.
  static const std::string full = "PRAGMA foreign_key_check";
  // Only the whole check covers an ALTER TABLE: a rename moves the rows written before it
  // under another name, and the name it frees can be taken by a new table or another one
  // renamed into it; ADD COLUMN ... REFERENCES adds a reference. Nor writable_schema, left
  // on by an earlier migration: it allows edits that no write reveals.
  bool whole =
      foreign_key_check_ == ForeignKeyCheck::Full || writes_.everything() || writes_.altered();
  if (!whole) {
    // What PRAGMA writable_schema reports (the same two flags), without preparing it again
    // after every schema change.
    int writable = 0;
    if (sqlite3_db_config(db_->getHandle(), SQLITE_DBCONFIG_WRITABLE_SCHEMA, -1, &writable) !=
        SQLITE_OK) {
      writable = 1;  // unknown: check everything
    }
    whole = writable != 0;
  }
  std::vector<std::string> checks;
  if (whole) {
    foreign_keys_.invalidate();  // what changed is unknown
    checks.push_back(full);
  } else {
    for (const auto& table : tables_to_check(schema_version())) {
      checks.push_back("PRAGMA main.foreign_key_check(" + dialect_.quote(table) + ")");
    }
  }

  std::vector<std::string> violations;
  std::vector<std::string> tables_violated;
  for (const auto& check : checks) {
    try {
      SQLite::Statement statement(*db_, check);
      while (statement.executeStep()) {
        const std::string table = statement.getColumn(0).getString();
        if (violations.size() < 5) {
          const auto rowid = statement.getColumn(1);
          violations.push_back(violation(table, rowid.isNull() ? nullptr : rowid.getText(),
                                         statement.getColumn(2).getText()));
        }
        bool seen = false;
        for (const auto& t : tables_violated) seen = seen || t == table;
        if (!seen) tables_violated.push_back(table);
      }
    } catch (const SQLite::Exception& error) {
      throw database_error(error, check);
    }
  }
  if (violations.empty()) return;
  std::string message = "FOREIGN KEY constraint failed in table";
  message += tables_violated.size() == 1 ? " " : "s ";
  for (std::size_t i = 0; i < tables_violated.size(); ++i) {
    message += (i == 0 ? "" : ", ") + tables_violated[i];
  }
  message += ": ";
  for (std::size_t i = 0; i < violations.size(); ++i) {
    message += (i == 0 ? "" : "; ") + violations[i];
  }
  throw DatabaseError(message, full, "SQLITE_CONSTRAINT_FOREIGNKEY");
}

void SqliteDriver::commit() {
  if (!in_transaction_) throw Error("sqlite: commit() without begin()");
  writes_.stop();
  try {
    if (const auto failure = savepoints_.first_failure(); !failure.empty()) {
      throw Error("sqlite: cannot commit: a statement failed in this transaction (" +
                  std::string(failure) + "); rolled back");
    }
    check_foreign_keys();
    run("COMMIT");
  } catch (...) {
    rollback();
    throw;
  }
  in_transaction_ = false;
  restore_foreign_keys();
}

void SqliteDriver::rollback() noexcept {
  if (!in_transaction_) return;
  in_transaction_ = false;
  writes_.stop();
  foreign_keys_.invalidate();  // it may describe what is being rolled back
  // An error such as SQLITE_FULL may already have rolled the transaction back.
  if (sqlite3_get_autocommit(db_->getHandle()) == 0) {
    sqlite3_exec(db_->getHandle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
  restore_foreign_keys();
}

// --- Lock ----------------------------------------------------------------------------------

void SqliteDriver::lock(std::chrono::milliseconds timeout) {
  if (locked_) {
    throw Error("sqlite: the migration lock on " + url_.path() +
                " is already held by this driver; lock() is not reentrant");
  }
  use_file(Access::Write);  // the lock file's name is the database's path as SQLite resolves it
  if (lock_) lock_->acquire(timeout);
  locked_ = true;
}

void SqliteDriver::unlock() noexcept {
  if (lock_) lock_->release();
  locked_ = false;
}

// --- Introspection -------------------------------------------------------------------------

bool SqliteDriver::has_table(std::string_view table) {
  use_file(Access::Read);
  return schema_.has_table(table);
}

bool SqliteDriver::has_column(std::string_view table, std::string_view column) {
  use_file(Access::Read);
  return schema_.has_column(table, column);
}

bool SqliteDriver::has_index(std::string_view table, std::string_view index) {
  use_file(Access::Read);
  return schema_.has_index(table, index);
}

std::vector<std::string> SqliteDriver::tables() {
  use_file(Access::Read);
  return schema_.tables();
}

std::optional<TableInfo> SqliteDriver::describe_table(std::string_view table) {
  use_file(Access::Read);
  return schema_.describe(table);
}

void SqliteDriver::drop_all() {
  const bool own = !in_transaction_;
  if (own) begin();
  try {
    const auto q = [&](const std::string& name) { return dialect_.quote(name); };
    for (const auto& view : schema_.views()) run("DROP VIEW IF EXISTS " + q(view));
    for (const auto& trigger : schema_.triggers()) run("DROP TRIGGER IF EXISTS " + q(trigger));
    // Virtual tables first: dropping one drops its shadow tables too.
    std::vector<std::string> virtual_tables;
    try {
      SQLite::Statement statement(*db_,
                                  "SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                  "sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name");
      while (statement.executeStep()) virtual_tables.push_back(statement.getColumn(0).getString());
    } catch (const SQLite::Exception& error) {
      throw database_error(error, "SELECT name FROM sqlite_master");
    }
    for (const auto& table : virtual_tables) run("DROP TABLE IF EXISTS " + q(table));
    for (const auto& table : schema_.tables()) run("DROP TABLE IF EXISTS " + q(table));
    if (schema_.has_table("sqlite_sequence")) run("DELETE FROM \"sqlite_sequence\"");
    if (own) {
      // Dropping everything leaves no foreign key to check; commit without the check.
      writes_.stop();
      run("COMMIT");
      in_transaction_ = false;
      restore_foreign_keys();
    }
  } catch (...) {
    if (own) rollback();
    throw;
  }
}

// --- Ledger --------------------------------------------------------------------------------

void SqliteDriver::ensure_ledger() {
  use_file(Access::Write);
  run("CREATE TABLE IF NOT EXISTS " + kLedgerQuoted +
      " (\"version\" TEXT NOT NULL PRIMARY KEY, \"batch\" INTEGER NOT NULL, \"checksum\" TEXT, "
      "\"applied_at\" TEXT NOT NULL, \"execution_ms\" INTEGER, "
      "\"state\" TEXT NOT NULL DEFAULT 'applied')");
  if (schema_.has_column(kLedgerTable, "state")) return;
  // A ledger from before the state column. BEGIN IMMEDIATE makes a second run that gets here
  // at the same moment wait, and then find the column added.
  static const std::string add_state =
      "ALTER TABLE " + kLedgerQuoted + " ADD COLUMN \"state\" TEXT NOT NULL DEFAULT 'applied'";
  if (in_transaction_) {
    run(add_state);
    return;
  }
  run("BEGIN IMMEDIATE");
  try {
    if (!schema_.has_column(kLedgerTable, "state")) run(add_state);
    run("COMMIT");
  } catch (...) {
    recover_outside_transaction();
    throw;
  }
}

std::vector<LedgerEntry> SqliteDriver::read_ledger() {
  use_file(Access::Read);
  std::vector<LedgerEntry> entries;
  if (!schema_.has_table(kLedgerTable)) return entries;
  // A ledger not yet upgraded by ensure_ledger() holds only applied migrations.
  const std::string state = schema_.has_column(kLedgerTable, "state") ? "\"state\"" : "'applied'";
  const std::string sql = "SELECT \"version\", \"batch\", \"checksum\", \"applied_at\", " +
                          std::string("\"execution_ms\", ") + state + " FROM " + kLedgerQuoted +
                          " ORDER BY \"version\"";
  try {
    SQLite::Statement statement(*db_, sql);
    while (statement.executeStep()) {
      LedgerEntry entry;
      entry.version = statement.getColumn(0).getString();
      entry.batch = statement.getColumn(1).getInt64();
      entry.checksum = statement.getColumn(2).getString();  // NULL reads as ""
      entry.applied_at = statement.getColumn(3).getString();
      if (!statement.getColumn(4).isNull()) entry.execution_ms = statement.getColumn(4).getInt64();
      entry.state = statement.getColumn(5).getString();
      entries.push_back(std::move(entry));
    }
  } catch (const SQLite::Exception& error) {
    throw database_error(error, sql);
  }
  return entries;
}

void SqliteDriver::record(const LedgerEntry& entry) {
  // The ledger is kit-host's own: no foreign key may reference it, nothing to check.
  const PausedWrites paused(writes_);
  use_file(Access::Write);
  static const std::string sql = "INSERT INTO " + kLedgerQuoted +
                                 " (\"version\", \"batch\", \"checksum\", \"applied_at\", "
                                 "\"execution_ms\", \"state\") VALUES (?, ?, ?, ?, ?, ?)";
  require_transaction(sql);
  try {
    const auto statement = statements_.get(sql);
    statement->bind(1, entry.version);
    statement->bind(2, static_cast<std::int64_t>(entry.batch));
    if (entry.checksum.empty()) {
      statement->bind(3);
    } else {
      statement->bind(3, entry.checksum);
    }
    statement->bind(4, entry.applied_at);
    if (entry.execution_ms) {
      statement->bind(5, static_cast<std::int64_t>(*entry.execution_ms));
    } else {
      statement->bind(5);
    }
    statement->bind(6, entry.state);
    statement->exec();
  } catch (const SQLite::Exception& error) {
    throw database_error(error, sql);
  }
}

void SqliteDriver::forget(std::string_view version) {
  // The ledger is kit-host's own: no foreign key may reference it, nothing to check.
  const PausedWrites paused(writes_);
  use_file(Access::Write);
  static const std::string sql = "DELETE FROM " + kLedgerQuoted + " WHERE \"version\" = ?";
  require_transaction(sql);
  try {
    const auto statement = statements_.get(sql);
    statement->bind(1, std::string(version));
    statement->exec();
  } catch (const SQLite::Exception& error) {
    throw database_error(error, sql);
  }
}

// --- Adoption ------------------------------------------------------------------------------

std::vector<SeaqlMigration> SqliteDriver::read_seaql_ledger() {
  use_file(Access::Read);
  std::vector<SeaqlMigration> rows;
  if (!schema_.has_table(kSeaqlLedgerTable)) return rows;
  // Byte order, as the host sorts names: SQLite's default BINARY collation.
  static const std::string sql =
      "SELECT \"version\", \"applied_at\" FROM \"seaql_migrations\" ORDER BY \"version\" COLLATE "
      "BINARY";
  try {
    SQLite::Statement statement(*db_, sql);
    while (statement.executeStep()) {
      SeaqlMigration row;
      row.version = statement.getColumn(0).getString();
      row.applied_at = statement.getColumn(1).getInt64();  // NULL reads as 0
      rows.push_back(std::move(row));
    }
  } catch (const SQLite::Exception& error) {
    throw database_error(error, sql);
  }
  return rows;
}

}  // namespace kit::sqlite
