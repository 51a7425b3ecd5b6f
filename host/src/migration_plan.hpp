// MigrationPlan: what the artifacts and the ledger together say is applied, pending or
// missing, and what migrate and rollback would do. Pure logic, no database.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kit/driver.hpp"
#include "migration_catalog.hpp"

namespace kit::host {

class MigrationPlan {
 public:
  /// Applied: in the ledger, artifact present. Pending: artifact not in the ledger.
  /// Missing: in the ledger, artifact gone.
  enum class State { Applied, Pending, Missing };

  /// One migration of the catalog or the ledger.
  struct Row {
    std::string name;
    State state = State::Pending;
    std::optional<kit::LedgerEntry> applied;            // set unless Pending
    const MigrationCatalog::Entry* artifact = nullptr;  // set unless Missing
  };

  /// Joins the catalog entries (sorted by name) with the ledger rows.
  MigrationPlan(const std::vector<MigrationCatalog::Entry>& artifacts,
                std::vector<kit::LedgerEntry> ledger);

  /// "Applied", "Pending" or "Missing".
  [[nodiscard]] static const char* to_string(State state) noexcept;

  /// Every migration, artifacts and ledger rows together, ordered by name.
  [[nodiscard]] const std::vector<Row>& rows() const noexcept { return rows_; }
  /// The artifacts not yet applied, oldest first; at most `limit` when given.
  [[nodiscard]] std::vector<const MigrationCatalog::Entry*> pending(
      std::optional<std::size_t> limit = std::nullopt) const;
  /// The applied migrations to roll back, newest first (batch descending, then version
  /// descending); `steps` of them, or all when unset.
  [[nodiscard]] std::vector<kit::LedgerEntry> rollback(
      std::optional<std::size_t> steps = std::nullopt) const;
  /// The batch number of the next `migrate` run: the highest applied batch plus one.
  [[nodiscard]] std::int64_t next_batch() const noexcept;
  /// How many rows are in a state.
  [[nodiscard]] std::size_t count(State state) const noexcept;

 private:
  std::vector<Row> rows_;
  std::vector<kit::LedgerEntry> ledger_;
};

}  // namespace kit::host
