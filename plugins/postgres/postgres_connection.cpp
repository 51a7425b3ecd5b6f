#include "postgres_connection.hpp"

#include <algorithm>
#include <cctype>
#include <exception>
#include <utility>

#include <libpq-fe.h>

#include <pqxx/errorhandler>
#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/prepared_statement>

#include "kit/error.hpp"

namespace kit {

namespace {

/// libpqxx's policy for pqxx::connection (connect at once), remembering the libpq handle it
/// gives the connection, and forgetting it when it goes.
class HandleKeepingConnect final : public pqxx::connect_direct {
 public:
  using connect_direct::connect_direct;
  handle do_startconnect(handle orig) override {
    return handle_ = connect_direct::do_startconnect(orig);
  }
  handle do_completeconnect(handle orig) override {
    return handle_ = connect_direct::do_completeconnect(orig);
  }
  handle do_dropconnect(handle orig) noexcept override {
    return handle_ = connect_direct::do_dropconnect(orig);
  }
  handle do_disconnect(handle orig) noexcept override {
    return handle_ = connect_direct::do_disconnect(orig);
  }
  [[nodiscard]] handle get() const noexcept { return handle_; }

 private:
  handle handle_ = nullptr;
};

std::string trim(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  const auto end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end - begin + 1));
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

/// The server's message on one line: `relation "x" does not exist (DETAIL: ...; HINT: ...)`,
/// without severity prefixes and without the LINE/caret lines that point into the SQL.
std::string clean_message(std::string_view what) {
  std::string primary;
  std::string extra;
  while (!what.empty()) {
    const auto newline = what.find('\n');
    std::string line = trim(what.substr(0, newline));
    what = newline == std::string_view::npos ? std::string_view() : what.substr(newline + 1);
    if (line.empty()) continue;
    // libpq puts the server's severity first, or mid-line after "connection ... failed: ".
    for (const char* severity : {"ERROR:  ", "FATAL:  ", "PANIC:  "}) {
      for (auto at = line.find(severity); at != std::string::npos; at = line.find(severity)) {
        line.erase(at, 8);
      }
    }
    if (primary.empty()) {
      primary = line;
    } else if (starts_with(line, "DETAIL:") || starts_with(line, "HINT:")) {
      const auto colon = line.find(':');
      extra += (extra.empty() ? "" : "; ") + line.substr(0, colon + 1) + " " +
               trim(std::string_view(line).substr(colon + 1));
    } else if (!starts_with(line, "LINE ") && line.find_first_not_of("^ ") != std::string::npos &&
               !starts_with(line, "CONTEXT:")) {
      primary += "; " + line;
    }
  }
  return extra.empty() ? primary : primary + " (" + extra + ")";
}

/// Rethrows the exception being handled as DatabaseError naming `sql` (or as kit::Error).
[[noreturn]] void rethrow_database_error(const std::string& sql, const PostgresUrl& url) {
  try {
    throw;
  } catch (const Error&) {
    throw;
  } catch (const pqxx::sql_error& e) {
    std::string code = e.sqlstate();
    // libpqxx 6 throws insufficient_privilege for 42501 without its SQLSTATE.
    if (code.empty() && dynamic_cast<const pqxx::insufficient_privilege*>(&e) != nullptr) {
      code = "42501";
    }
    throw DatabaseError(url.scrub(clean_message(e.what())), sql, code);
  } catch (const pqxx::transaction_rollback& e) {
    // libpqxx 6 throws these (class 40) without the SQLSTATE; their type says which.
    const char* code = "40000";
    if (dynamic_cast<const pqxx::serialization_failure*>(&e) != nullptr) code = "40001";
    if (dynamic_cast<const pqxx::statement_completion_unknown*>(&e) != nullptr) code = "40003";
    if (dynamic_cast<const pqxx::deadlock_detected*>(&e) != nullptr) code = "40P01";
    throw DatabaseError(url.scrub(clean_message(e.what())), sql, code);
  } catch (const pqxx::too_many_connections& e) {
    throw DatabaseError(url.scrub(clean_message(e.what())), sql, "53300");
  } catch (const pqxx::in_doubt_error& e) {
    throw DatabaseError(url.scrub("the connection to PostgreSQL (" + url.describe() +
                                  ") was lost while committing; the transaction may or may not "
                                  "have been committed: " +
                                  clean_message(e.what())),
                        sql, "08007");
  } catch (const pqxx::broken_connection& e) {
    throw DatabaseError(url.scrub("the connection to PostgreSQL (" + url.describe() +
                                  ") was lost: " + clean_message(e.what())),
                        sql, "08006");
  } catch (const std::exception& e) {
    throw DatabaseError(url.scrub(clean_message(e.what())), sql, "");
  }
}

}  // namespace

// What pqxx::connection is (basic_connection_base<connect_direct>), but for the policy, which
// is a member of its own here, so that the handle it keeps can be read.
class PostgresConnection::Session final : public pqxx::connection_base {
 public:
  explicit Session(const std::string& conninfo) : connection_base(connect_), connect_(conninfo) {
    init();
  }
  ~Session() noexcept { close(); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  /// PQparameterStatus: what the server last reported of `setting`, or null.
  [[nodiscard]] const char* parameter_status(const char* setting) const noexcept {
    return connect_.get() == nullptr ? nullptr : PQparameterStatus(connect_.get(), setting);
  }

 private:
  HandleKeepingConnect connect_;
};

PostgresConnection::PostgresConnection(const PostgresUrl& url) : url_(url) {
  try {
    connection_ = std::make_unique<Session>(url_.conninfo());
  } catch (const std::exception& e) {
    throw DatabaseError(url_.scrub("cannot connect to PostgreSQL (" + url_.describe() +
                                   "): " + clean_message(e.what())),
                        "", "08001");
  }
  // A silent reconnect would lose the session's advisory lock and search_path: a broken
  // connection must fail the run instead.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  connection_->inhibit_reactivation(true);
#pragma GCC diagnostic pop
  // NOTICEs ("table does not exist, skipping") are not errors and would land on stderr.
  notices_ = std::make_unique<pqxx::quiet_errorhandler>(*connection_);
  database_ = connection_->dbname();
}

PostgresConnection::~PostgresConnection() {
  rollback();
  notices_.reset();
  connection_->disconnect();
}

std::string PostgresConnection::client_encoding() const {
  return connection_->get_client_encoding();
}

std::optional<std::string> PostgresConnection::reported(const char* setting) const {
  const char* value = connection_->parameter_status(setting);
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

namespace {

/// Whether `sql` may drop this session's prepared statements: DEALLOCATE [ALL] and DISCARD
/// ALL, also as the text of a function or of dynamic SQL. The word anywhere counts (in a
/// string or a comment too), as a word ("discarded_at" does not): a statement prepared
/// again costs one PREPARE, while one the server dropped would fail the ledger's row.
bool may_deallocate(std::string_view sql) {
  const auto identifier = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
  };
  for (const std::string_view word : {"deallocate", "discard"}) {
    for (auto it = sql.begin();; ++it) {
      it = std::search(it, sql.end(), word.begin(), word.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == b;
      });
      if (it == sql.end()) break;
      const auto end = it + static_cast<std::ptrdiff_t>(word.size());
      if ((it == sql.begin() || !identifier(*(it - 1))) &&
          (end == sql.end() || !identifier(*end))) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

void PostgresConnection::execute(std::string_view sql) {
  // Session-level, and not undone by a rollback: the names are forgotten whether the text
  // runs or fails, and the statements prepared again under new ones when next used.
  if (may_deallocate(sql)) prepared_.clear();
  (void)run(std::string(sql), nullptr);
}

pqxx::result PostgresConnection::query(const std::string& sql, const PostgresParams& params) {
  return run(sql, &params);
}

pqxx::result PostgresConnection::run(const std::string& sql, const PostgresParams* params) {
  const auto exec = [&](pqxx::transaction_base& tx) {
    if (params == nullptr) return tx.exec(sql);
    std::vector<const char*> values;
    values.reserve(params->size());
    for (const auto& param : *params) values.push_back(param ? param->c_str() : nullptr);
    return tx.exec_prepared(prepared(sql), pqxx::prepare::make_dynamic_params(values));
  };
  // A statement refused unsent ends what the transaction may do; after a failure the server
  // refuses everything but ROLLBACK TO a savepoint, so the driver's own queries are not sent.
  if (in_transaction_ && (refused_ || (failed_ && params != nullptr))) throw aborted(sql);
  const bool was_failed = in_transaction_ && failed_;
  pqxx::result result;
  try {
    pqxx::nontransaction tx(*connection_);
    result = exec(tx);
  } catch (...) {
    if (!in_transaction_) rethrow_database_error(sql, url_);
    try {
      rethrow_database_error(sql, url_);
    } catch (const DatabaseError& error) {
      // The server's answer to anything but a ROLLBACK TO in a failed transaction: it ran
      // nothing, and the failure that stands is still the one to name.
      if (was_failed && error.code() == "25P02") throw aborted(sql);
      // Any other error is a statement that failed now, and the one named from now on. In a
      // failed transaction, where the server runs nothing but a ROLLBACK TO, either the
      // text's leading ROLLBACK TO undid the standing failure and a later statement of the
      // text failed (only that one stands now), or the text recovered nothing (it did not
      // parse, its ROLLBACK TO failed): either way, it failed last.
      failure_ = error.what();
      failed_ = true;
      throw;
    }
  }
  // What the server ran in a failed transaction was a ROLLBACK TO a savepoint (the driver
  // refuses COMMIT and ROLLBACK unsent), or nothing at all (only comments): ask which, and
  // whether the transaction is still there.
  if (was_failed && !transaction_aborted()) {
    failed_ = false;
    failure_.clear();
  }
  return result;
}

void PostgresConnection::send(const std::string& sql) {
  pqxx::nontransaction tx(*connection_);
  (void)tx.exec(sql);
}

DatabaseError PostgresConnection::aborted(const std::string& sql) const {
  return DatabaseError(
      "current transaction is aborted, commands ignored until end of transaction block (an "
      "earlier statement failed: " +
          failure_ + ")",
      sql, "25P02");
}

bool PostgresConnection::transaction_aborted() {
  // A savepoint, where SELECT 1 would do but for one case: outside a transaction block it
  // fails too (25P01), where a statement the scanner missed ended the transaction.
  static const std::string probe = "SAVEPOINT kit_probe; RELEASE SAVEPOINT kit_probe";
  try {
    send(probe);
    return false;
  } catch (const pqxx::sql_error& error) {
    if (error.sqlstate() == "25P02") return true;  // in_failed_sql_transaction
    if (error.sqlstate() == "25P01") {             // no_active_sql_transaction
      refused_ = true;
      failure_ = "the transaction ended: a statement of the migration ended it";
      return true;
    }
    rethrow_database_error(probe, url_);
  } catch (...) {
    rethrow_database_error(probe, url_);
  }
}

const std::string& PostgresConnection::prepared(const std::string& sql) {
  auto found = prepared_.find(sql);
  if (found == prepared_.end()) {
    // libpqxx sends the PREPARE with the statement's first execution.
    found = prepared_.emplace(sql, "kit_" + std::to_string(++statements_named_)).first;
    connection_->prepare(found->second, sql);
  }
  return found->second;
}

void PostgresConnection::refuse(const DatabaseError& error) {
  if (in_transaction_ && !refused_) {
    if (!failed_) failure_ = error.what();
    refused_ = true;
  }
  throw error;
}

void PostgresConnection::begin() {
  if (in_transaction_)
    throw Error("PostgreSQL: begin() while a transaction is open; they do not nest");
  try {
    send("BEGIN");
  } catch (...) {
    rethrow_database_error("BEGIN", url_);
  }
  in_transaction_ = true;
  failed_ = false;
  refused_ = false;
  failure_.clear();
}

void PostgresConnection::commit() {
  if (!in_transaction_) throw Error("PostgreSQL: commit() without an open transaction");
  if (failed_ || refused_) {
    // The server would turn this COMMIT into a ROLLBACK without an error.
    const std::string failure = failure_;
    rollback();
    throw Error("PostgreSQL: cannot commit: a statement of this transaction failed (" + failure +
                "); rolled back");
  }
  in_transaction_ = false;  // whatever COMMIT answers, the transaction is over
  try {
    send("COMMIT");
  } catch (const pqxx::broken_connection& error) {
    try {
      throw pqxx::in_doubt_error(error.what());
    } catch (...) {
      rethrow_database_error("COMMIT", url_);
    }
  } catch (...) {
    rethrow_database_error("COMMIT", url_);
  }
}

void PostgresConnection::rollback() noexcept {
  if (!in_transaction_) return;
  in_transaction_ = false;
  failed_ = false;
  refused_ = false;
  failure_.clear();
  try {
    send("ROLLBACK");
  } catch (...) {  // the server rolls back on its own if the session is gone
  }
}

}  // namespace kit
