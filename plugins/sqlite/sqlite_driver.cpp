#include "sqlite_driver.hpp"

#include <sqlite3.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <cctype>
#include <optional>
#include <utility>

#include "sqlite_error.hpp"
#include "sqlite_tokenizer.hpp"

namespace kit::sqlite {

namespace {

constexpr int kBusyTimeoutMs = 5000;

const std::string kLedgerQuoted = "\"kit_migrations\"";

std::unique_ptr<SQLite::Database> open(const SqliteUrl& url) {
  try {
    return std::make_unique<SQLite::Database>(url.path(), url.open_flags(), kBusyTimeoutMs);
  } catch (const SQLite::Exception& error) {
    const int code = error.getExtendedErrorCode();
    throw DatabaseError("cannot open SQLite database '" + url.path() + "': " + error.what(), "",
                        result_code_name(code < 0 ? SQLITE_CANTOPEN : code));
  }
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
  try {
    const auto tokens = SqliteTokenizer::tokenize(sql);
    return tokens.size() >= 2 && tokens[0].is("PRAGMA") &&
           (tokens[1].is("foreign_key_check") ||
            (tokens.size() >= 4 && tokens[2].is_punct(".") && tokens[3].is("foreign_key_check")));
  } catch (const Error&) {
    return false;
  }
}

std::string column_text(sqlite3_stmt* statement, int column) {
  const auto* text = sqlite3_column_text(statement, column);
  return text == nullptr ? std::string("NULL") : std::string(reinterpret_cast<const char*>(text));
}

// One line per violation row of PRAGMA foreign_key_check (table, rowid, parent, fkid).
std::string violation(sqlite3_stmt* statement) {
  return "row " + column_text(statement, 1) + " of table " + column_text(statement, 0) +
         " references a missing row of " + column_text(statement, 2);
}

}  // namespace

SqliteDriver::SqliteDriver(const char* url)
    : url_(SqliteUrl::parse(url == nullptr ? "" : url)),
      db_(open(url_)),
      schema_(*db_),
      dialect_(schema_) {
  run("PRAGMA foreign_keys = ON");
}

SqliteDriver::~SqliteDriver() { rollback(); }

std::vector<std::string> SqliteDriver::render(const Statement& statement) {
  auto sql = dialect_.render(statement);
  if (!in_transaction_ && !sql.empty() && dialect_.rebuilds(statement)) {
    // Without a migration transaction the rebuild brings its own: foreign keys cannot be
    // switched off inside one, and DROP TABLE must not cascade.
    sql.insert(sql.begin(), {"PRAGMA foreign_keys = OFF", "BEGIN IMMEDIATE"});
    sql.emplace_back("COMMIT");
    sql.emplace_back("PRAGMA foreign_keys = ON");
  }
  return sql;
}

void SqliteDriver::execute(std::string_view sql) {
  sqlite3* handle = db_->getHandle();
  const char* tail = sql.data();
  const char* const end = sql.data() + sql.size();
  while (tail < end) {
    sqlite3_stmt* statement = nullptr;
    const char* next = nullptr;
    const int prepared =
        sqlite3_prepare_v2(handle, tail, static_cast<int>(end - tail), &statement, &next);
    if (prepared != SQLITE_OK) {
      auto error = database_error(
          handle, std::string(first_statement({tail, static_cast<std::size_t>(end - tail)})));
      recover_outside_transaction();
      throw error;
    }
    const std::string_view text = trim({tail, static_cast<std::size_t>(next - tail)});
    tail = next;
    if (statement == nullptr) continue;  // white space or a comment

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
    if (error) {
      recover_outside_transaction();
      throw *error;
    }
  }
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
}

void SqliteDriver::check_foreign_keys() {
  static const std::string sql = "PRAGMA foreign_key_check";
  std::vector<std::string> violations;
  std::vector<std::string> tables;
  try {
    SQLite::Statement statement(*db_, sql);
    while (statement.executeStep()) {
      const std::string table = statement.getColumn(0).getString();
      if (violations.size() < 5) {
        violations.push_back("row " + statement.getColumn(1).getString() + " of table " + table +
                             " references a missing row of " + statement.getColumn(2).getString());
      }
      bool seen = false;
      for (const auto& t : tables) seen = seen || t == table;
      if (!seen) tables.push_back(table);
    }
  } catch (const SQLite::Exception& error) {
    throw database_error(error, sql);
  }
  if (violations.empty()) return;
  std::string message = "FOREIGN KEY constraint failed in table";
  message += tables.size() == 1 ? " " : "s ";
  for (std::size_t i = 0; i < tables.size(); ++i) message += (i == 0 ? "" : ", ") + tables[i];
  message += ": ";
  for (std::size_t i = 0; i < violations.size(); ++i) {
    message += (i == 0 ? "" : "; ") + violations[i];
  }
  throw DatabaseError(message, sql, "SQLITE_CONSTRAINT_FOREIGNKEY");
}

void SqliteDriver::commit() {
  if (!in_transaction_) throw Error("sqlite: commit() without begin()");
  try {
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
  // An error such as SQLITE_FULL may already have rolled the transaction back.
  if (sqlite3_get_autocommit(db_->getHandle()) == 0) {
    sqlite3_exec(db_->getHandle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
  restore_foreign_keys();
}

// --- Lock ----------------------------------------------------------------------------------

void SqliteDriver::lock(std::chrono::milliseconds /*timeout*/) { locked_ = true; }

void SqliteDriver::unlock() noexcept { locked_ = false; }

// --- Introspection -------------------------------------------------------------------------

bool SqliteDriver::has_table(std::string_view table) { return schema_.has_table(table); }

bool SqliteDriver::has_column(std::string_view table, std::string_view column) {
  return schema_.has_column(table, column);
}

bool SqliteDriver::has_index(std::string_view table, std::string_view index) {
  return schema_.has_index(table, index);
}

std::vector<std::string> SqliteDriver::tables() { return schema_.tables(); }

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
  run("CREATE TABLE IF NOT EXISTS " + kLedgerQuoted +
      " (\"version\" TEXT NOT NULL PRIMARY KEY, \"batch\" INTEGER NOT NULL, \"checksum\" TEXT, "
      "\"applied_at\" TEXT NOT NULL, \"execution_ms\" INTEGER)");
}

std::vector<LedgerEntry> SqliteDriver::read_ledger() {
  std::vector<LedgerEntry> entries;
  if (!schema_.has_table(kLedgerTable)) return entries;
  const std::string sql = "SELECT \"version\", \"batch\", \"checksum\", \"applied_at\", " +
                          std::string("\"execution_ms\" FROM ") + kLedgerQuoted +
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
      entries.push_back(std::move(entry));
    }
  } catch (const SQLite::Exception& error) {
    throw database_error(error, sql);
  }
  return entries;
}

void SqliteDriver::record(const LedgerEntry& entry) {
  const std::string sql = "INSERT INTO " + kLedgerQuoted +
                          " (\"version\", \"batch\", \"checksum\", \"applied_at\", "
                          "\"execution_ms\") VALUES (?, ?, ?, ?, ?)";
  try {
    SQLite::Statement statement(*db_, sql);
    statement.bind(1, entry.version);
    statement.bind(2, static_cast<std::int64_t>(entry.batch));
    if (entry.checksum.empty()) {
      statement.bind(3);
    } else {
      statement.bind(3, entry.checksum);
    }
    statement.bind(4, entry.applied_at);
    if (entry.execution_ms) {
      statement.bind(5, static_cast<std::int64_t>(*entry.execution_ms));
    } else {
      statement.bind(5);
    }
    statement.exec();
  } catch (const SQLite::Exception& error) {
    throw database_error(error, sql);
  }
}

void SqliteDriver::forget(std::string_view version) {
  const std::string sql = "DELETE FROM " + kLedgerQuoted + " WHERE \"version\" = ?";
  try {
    SQLite::Statement statement(*db_, sql);
    statement.bind(1, std::string(version));
    statement.exec();
  } catch (const SQLite::Exception& error) {
    throw database_error(error, sql);
  }
}

}  // namespace kit::sqlite
