// MigrationPlan: what the artifacts and the ledger together say is applied, pending,
// modified, missing, out of order or left running, and what migrate and rollback would do.
// Pure logic, no database.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kit/driver.hpp"
#include "migration_catalog.hpp"

namespace kit::host {

class MigrationPlan {
 public:
  enum class State {
    Applied,     // in the ledger as applied, artifact present (and unchanged, when checked)
    Modified,    // in the ledger as applied, but its artifact's checksum differs
    Missing,     // in the ledger as applied, artifact gone
    Pending,     // artifact not in the ledger
    OutOfOrder,  // artifact not in the ledger, older than the newest ledger row
    Running,     // in the ledger as running: up() outside a transaction did not finish
    Reverting,   // in the ledger as reverting: down() outside a transaction did not finish
  };

  /// One migration of the catalog or the ledger.
  struct Row {
    std::string name;
    State state = State::Pending;
    const kit::LedgerEntry* applied = nullptr;          // its ledger row; unset when pending
    const MigrationCatalog::Entry* artifact = nullptr;  // unset when its artifact is gone
    std::string artifact_checksum;                      // set when Modified
  };

  /// The checksum in an artifact's manifest; nullopt when it cannot be read.
  using ChecksumOf = std::function<std::optional<std::string>(const MigrationCatalog::Entry&)>;

  /// Joins the catalog entries (sorted by name) with the ledger rows. With `checksum_of`,
  /// applied migrations whose artifact's checksum differs from the ledger's are Modified
  /// (it is asked only about those; an unknown checksum on either side compares equal).
  MigrationPlan(const std::vector<MigrationCatalog::Entry>& artifacts,
                std::vector<kit::LedgerEntry> ledger, const ChecksumOf& checksum_of = nullptr);
  // Rows point into the plan's own ledger rows (moving the plan keeps them where they are).
  MigrationPlan(const MigrationPlan&) = delete;
  MigrationPlan& operator=(const MigrationPlan&) = delete;
  MigrationPlan(MigrationPlan&&) noexcept = default;
  MigrationPlan& operator=(MigrationPlan&&) noexcept = default;
  ~MigrationPlan() = default;

  /// "Applied", "Modified", "Missing", "Pending", "Out of order", "Running", "Reverting".
  [[nodiscard]] static const char* to_string(State state) noexcept;

  /// Every migration, artifacts and ledger rows together, ordered by name.
  [[nodiscard]] const std::vector<Row>& rows() const noexcept { return rows_; }
  /// The rows in a state.
  [[nodiscard]] std::vector<const Row*> in_state(State state) const;
  /// The artifacts not yet applied (Pending and OutOfOrder), oldest first; at most `limit`.
  [[nodiscard]] std::vector<const MigrationCatalog::Entry*> pending(
      std::optional<std::size_t> limit = std::nullopt) const;
  /// The rows left Running or Reverting, which need migrate:repair.
  [[nodiscard]] std::vector<const Row*> incomplete() const;
  /// The applied migrations to roll back, newest first (batch descending, then version
  /// descending); `steps` of them, or all when unset. They point into this plan.
  [[nodiscard]] std::vector<const kit::LedgerEntry*> rollback(
      std::optional<std::size_t> steps = std::nullopt) const;
  /// The batch number of the next `migrate` run: the highest applied batch plus one.
  [[nodiscard]] std::int64_t next_batch() const noexcept;
  /// The newest (greatest) version in the ledger; empty when it has none.
  [[nodiscard]] const std::string& newest_applied() const noexcept { return newest_applied_; }
  /// How many rows are in a state.
  [[nodiscard]] std::size_t count(State state) const noexcept;

 private:
  std::vector<Row> rows_;
  std::vector<kit::LedgerEntry> ledger_;
  std::string newest_applied_;
};

}  // namespace kit::host
