// SqliteSavepoints: the savepoints of a migration's transaction and the statements that
// failed in it, so that a failure the migration undid with ROLLBACK TO a savepoint set
// before it no longer keeps the transaction from committing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kit::sqlite {

/// SQLite undoes only the failed statement and goes on, so a migration that caught an error
/// and went on would commit half its work: commit() refuses while a failure stands. A
/// ROLLBACK TO a savepoint set before the failure undoes everything since, the failure's
/// effects included, and so removes it, as PostgreSQL's server does (there, nothing but a
/// ROLLBACK TO runs after a failure). A savepoint set after the failure undoes nothing of
/// it. Savepoint names compare as SQLite compares them, ignoring ASCII case.
class SqliteSavepoints {
 public:
  /// Forgets everything: a transaction begins or ends.
  void clear() noexcept;
  /// A statement failed; it stands until a ROLLBACK TO a savepoint older than it.
  void failed(std::string_view what) noexcept { add(what, false); }
  /// What no savepoint undoes: a refused BEGIN or COMMIT, the transaction rolled back whole.
  void failed_for_good(std::string_view what) noexcept { add(what, true); }
  /// A savepoint statement ran: `operation` as SQLite's authorizer names it ("BEGIN" for
  /// SAVEPOINT, "RELEASE", "ROLLBACK" for ROLLBACK TO), `name` the savepoint's.
  void ran(std::string_view operation, std::string_view name);
  /// What failed first and still stands; empty when nothing does.
  [[nodiscard]] std::string_view first_failure() const noexcept;

 private:
  struct Savepoint {
    std::string name;
    std::uint64_t order;
  };
  struct Failure {
    std::string what;
    std::uint64_t order;
    bool for_good;
  };
  void add(std::string_view what, bool for_good) noexcept;
  /// The newest open savepoint named `name`, or savepoints_.size().
  [[nodiscard]] std::size_t find(std::string_view name) const noexcept;

  std::vector<Savepoint> savepoints_;  // open, oldest first
  std::vector<Failure> failures_;      // standing, oldest first
  std::uint64_t next_ = 0;             // orders savepoints and failures as they happened
  bool out_of_memory_ = false;         // a failure could not be recorded: it stands for good
};

}  // namespace kit::sqlite
