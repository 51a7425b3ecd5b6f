// Savepoints: the savepoints of a migration's transaction and the statements that failed in
// it, so that a failure the migration undid with ROLLBACK TO a savepoint set before it no
// longer keeps the transaction from committing. SchemaManager keeps one; so does a driver
// whose database goes on after a failed statement (SQLite's).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kit/export.hpp"

namespace kit {

/// A migration that caught an error and went on would commit half its work, so a failure
/// stands until a ROLLBACK TO a savepoint set before it, which undoes everything since, the
/// failure's effects included (PostgreSQL's server keeps the same state itself: nothing but
/// a ROLLBACK TO runs after a failure). A savepoint set after the failure undoes nothing of
/// it.
class KIT_SDK_API Savepoints {
 public:
  /// `ignore_case`: names compare ignoring ASCII case, as SQLite compares them; else exactly
  /// (for names already folded as PostgreSQL folds them), and a name that SQLite would
  /// match to another savepoint than PostgreSQL loses track (lose_track()).
  explicit Savepoints(bool ignore_case = true) noexcept : ignore_case_(ignore_case) {}

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
  /// A savepoint statement ran that the caller could not follow: from now on no ROLLBACK TO
  /// undoes a failure, since it may reach a savepoint this account does not hold.
  void lose_track() noexcept { lost_ = true; }

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
  [[nodiscard]] std::size_t find(std::string_view name, bool ignore_case) const noexcept;

  std::vector<Savepoint> savepoints_;  // open, oldest first
  std::vector<Failure> failures_;      // standing, oldest first
  std::uint64_t next_ = 0;             // orders savepoints and failures as they happened
  bool out_of_memory_ = false;         // a failure could not be recorded: it stands for good
  bool ignore_case_ = true;
  bool lost_ = false;  // lose_track(), or an ambiguous name: failures stand
};

}  // namespace kit
