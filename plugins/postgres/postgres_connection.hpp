// PostgresConnection: one libpq session through libpqxx, with the migration's transaction
// held open across calls, and every libpqxx error turned into kit::DatabaseError.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <pqxx/connection>
#include <pqxx/result>
#include <pqxx/transaction>

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
  [[nodiscard]] bool in_transaction() const noexcept { return work_ != nullptr; }
  /// Whether a statement of the open transaction failed (later ones are refused).
  [[nodiscard]] bool failed() const noexcept { return work_ != nullptr && failed_; }
  /// Throws `error` for a statement refused before it was sent, as if the server had
  /// refused it: in an open transaction, later statements and commit() are refused too.
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
  /// The database connected to, as the server names it.
  [[nodiscard]] const std::string& database() const noexcept { return database_; }

 private:
  [[nodiscard]] pqxx::result run(const std::string& sql, const PostgresParams* params);
  /// The name `sql` is prepared under in this session, registered on first use.
  [[nodiscard]] const std::string& prepared(const std::string& sql);

  PostgresUrl url_;
  std::string database_;
  std::unique_ptr<pqxx::connection> connection_;
  std::unique_ptr<pqxx::errorhandler> notices_;
  std::unique_ptr<pqxx::work> work_;
  bool failed_ = false;        // a statement of the open transaction failed
  std::string first_failure_;  // what that statement's error said
  std::unordered_map<std::string, std::string> prepared_;  // SQL -> statement name
};

}  // namespace kit
