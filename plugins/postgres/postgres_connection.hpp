// PostgresConnection: one libpq session through libpqxx, with the migration's transaction
// held open across calls, and every libpqxx error turned into kit::DatabaseError.
//
// The transaction is the server's own (BEGIN ... COMMIT sent on a pqxx::nontransaction), not
// a pqxx::work: libpqxx rolls a pqxx::work back at the first failed statement, and a
// migration that set a SAVEPOINT before a statement that may fail must be able to ROLLBACK
// TO it and go on, as on the server.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <pqxx/connection>
#include <pqxx/result>

#include "kit/error.hpp"
#include "postgres_url.hpp"

namespace kit {

/// Bound parameters $1, $2, ...; nullopt is NULL.
using PostgresParams = std::vector<std::optional<std::string>>;

class PostgresConnection {
 public:
  /// Connects. Throws DatabaseError (code 08001) naming host, port and database, never
  /// the password, when the server cannot be reached or refuses the login.
  explicit PostgresConnection(const PostgresUrl& url);
  /// Rolls back an open transaction and closes the session.
  ~PostgresConnection();
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  /// Runs SQL text, one statement or several, in the open transaction or on its own
  /// (several statements on their own run as one implicit transaction).
  void execute(std::string_view sql);
  /// Runs one statement with bound parameters in the open transaction or on its own. Each
  /// distinct statement is prepared once per session under a name of its own and executed
  /// by that name after, so the server parses and plans the ledger's INSERT once a run
  /// rather than once a migration (`sql` must be one of a bounded set: values go in
  /// `params`).
  [[nodiscard]] pqxx::result query(const std::string& sql, const PostgresParams& params = {});

  /// Opens the transaction that later calls run in. Not nested.
  void begin();
  /// Commits it; throws, and rolls back, when one of its statements failed.
  void commit();
  /// Rolls it back; does nothing when none is open.
  void rollback() noexcept;
  [[nodiscard]] bool in_transaction() const noexcept { return in_transaction_; }
  /// Whether the open transaction cannot go on: a statement failed, and no ROLLBACK TO a
  /// savepoint undid it yet (the server refuses everything else until then), or a statement
  /// was refused before it was sent.
  [[nodiscard]] bool failed() const noexcept { return in_transaction_ && (failed_ || refused_); }
  /// Throws `error` for a statement refused before it was sent, as if the server had
  /// refused it: in an open transaction, every later statement and commit() are refused
  /// too, whatever savepoints the migration rolls back to.
  [[noreturn]] void refuse(const DatabaseError& error);

  /// Runs `work()` in the open transaction, or in one of its own committed when it returns.
  template <class Work>
  void atomically(Work&& work) {
    if (in_transaction()) {
      work();
      return;
    }
    begin();
    try {
      work();
    } catch (...) {
      rollback();
      throw;
    }
    commit();
  }

  [[nodiscard]] const PostgresUrl& url() const noexcept { return url_; }
  /// The session's client_encoding, as libpq last heard it from the server (no round trip).
  [[nodiscard]] std::string client_encoding() const;
  /// A setting the server reports to the client whenever its value changes (the GUC_REPORT
  /// ones: standard_conforming_strings, client_encoding, ...), as libpq last heard it: no
  /// round trip. The server reports a change by the end of the query that made it, so this
  /// is the value the next text runs under: a SET LOCAL, a ROLLBACK TO or a failure that
  /// undid one, the end of the transaction all report theirs. nullopt when never reported.
  [[nodiscard]] std::optional<std::string> reported(const char* setting) const;
  /// The database connected to, as the server names it.
  [[nodiscard]] const std::string& database() const noexcept { return database_; }

 private:
  [[nodiscard]] pqxx::result run(const std::string& sql, const PostgresParams* params);
  /// Sends `sql` on its own (BEGIN, COMMIT, ROLLBACK, the probe); errors are libpqxx's.
  void send(const std::string& sql);
  /// The error of a statement the failed transaction does not run, naming the failure.
  [[nodiscard]] DatabaseError aborted(const std::string& sql) const;
  /// Whether the server's transaction is still aborted (asks it).
  [[nodiscard]] bool transaction_aborted();
  /// The name `sql` is prepared under in this session, registered on first use.
  [[nodiscard]] const std::string& prepared(const std::string& sql);

  /// A pqxx::connection that keeps libpq's handle, for what libpqxx 6 does not ask libpq.
  class Session;

  PostgresUrl url_;
  std::string database_;
  std::unique_ptr<Session> connection_;
  std::unique_ptr<pqxx::errorhandler> notices_;
  bool in_transaction_ = false;  // BEGIN was sent, and neither COMMIT nor ROLLBACK since
  bool failed_ = false;          // the server's transaction is aborted (a statement failed)
  bool refused_ = false;         // a statement was refused unsent: nothing more may run
  std::string failure_;          // what the statement that failed last said, or else the refusal
  std::unordered_map<std::string, std::string> prepared_;  // SQL -> statement name
  std::size_t statements_named_ = 0;  // names given so far: a name is never given twice
};

}  // namespace kit
