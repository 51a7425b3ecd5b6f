// Migrator: applies and rolls back migration artifacts through a driver, one transaction
// per migration with its ledger row (or one for a whole --atomic run), under the database's
// migration lock. A migration that opts out of transactions is recorded as running before
// it starts, so that one that fails or is killed half-way leaves a mark that later runs
// refuse until migrate:repair.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kit/driver.hpp"
#include "kit/migration.hpp"
#include "ledger.hpp"
#include "migration_catalog.hpp"
#include "migration_plan.hpp"
#include "output.hpp"
#include "plugin_object.hpp"

namespace kit::host {

class Migrator {
 public:
  /// What `migrate` may do besides applying the pending migrations in order.
  struct MigrateOptions {
    std::optional<std::size_t> steps;  // at most this many pending migrations
    bool atomic = false;               // every pending migration in one transaction
    bool allow_modified = false;       // go on while an applied migration's artifact changed
    bool allow_missing = false;        // go on while an applied migration's artifact is gone
    bool allow_out_of_order = false;   // apply pending migrations older than the newest applied
  };

  /// What `migrate:repair` does.
  struct RepairOptions {
    std::vector<std::string> mark_applied;  // incomplete migrations that completed after all
    bool update_checksums = false;          // take the modified artifacts' checksums
  };

  Migrator(kit::Driver& driver, const MigrationCatalog& catalog, Output& output,
           std::chrono::milliseconds lock_timeout) noexcept
      : driver_(driver), catalog_(catalog), output_(output), lock_timeout_(lock_timeout) {}

  /// Reads the ledger (without creating it or locking) and joins it with the catalog; the
  /// applied artifacts' checksums come from their manifests, read without loading them.
  [[nodiscard]] MigrationPlan plan();
  /// Applies the pending migrations as one new batch; returns how many. Refuses (HostError)
  /// while a migration is left running, or an applied one is modified or missing, or a
  /// pending one is out of order, unless `options` allows it. Every pending artifact is
  /// loaded and checked before the first is applied.
  std::size_t migrate(const MigrateOptions& options);
  /// Rolls back `steps` applied migrations, newest first, or all when unset.
  std::size_t rollback(std::optional<std::size_t> steps = std::nullopt);
  /// Rolls back every migration, then applies every migration.
  std::size_t refresh();
  /// Drops every table of the database, then applies every migration.
  std::size_t fresh();
  /// Resolves migrations left running or reverting (removes their rows, or marks the named
  /// ones applied) and, when asked, takes the modified artifacts' checksums; returns how
  /// many rows changed.
  std::size_t repair(const RepairOptions& options);

  /// Loads an artifact and checks its manifest, name and entry points; calls none.
  [[nodiscard]] static std::shared_ptr<PluginLibrary> open_artifact(
      const MigrationCatalog::Entry& artifact);
  /// Loads an artifact and creates its migration object.
  [[nodiscard]] static PluginObject<kit::Migration> load(const MigrationCatalog::Entry& artifact);

 private:
  std::size_t migrate_locked(const MigrateOptions& options);
  std::size_t rollback_locked(std::optional<std::size_t> steps);
  /// Throws HostError(NeedsRepair) when a migration was left running or reverting.
  void refuse_incomplete(const MigrationPlan& plan) const;
  void preflight(const std::vector<const MigrationCatalog::Entry*>& artifacts);
  /// --atomic: checks that the driver and every migration can run in one transaction.
  void preflight_atomic(const std::vector<const MigrationCatalog::Entry*>& artifacts);
  void apply(const MigrationCatalog::Entry& artifact, std::int64_t batch);
  void apply_atomically(const std::vector<const MigrationCatalog::Entry*>& artifacts,
                        std::int64_t batch);
  void revert(const MigrationCatalog::Entry& artifact, const kit::LedgerEntry& applied);

  kit::Driver& driver_;
  const MigrationCatalog& catalog_;
  Output& output_;
  std::chrono::milliseconds lock_timeout_;
};

}  // namespace kit::host
