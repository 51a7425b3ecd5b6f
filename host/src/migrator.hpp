// Migrator: applies and rolls back migration artifacts through a driver, one transaction
// per migration with its ledger row, under the database's migration lock.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
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
  Migrator(kit::Driver& driver, const MigrationCatalog& catalog, Output& output,
           std::chrono::milliseconds lock_timeout) noexcept
      : driver_(driver), catalog_(catalog), output_(output), lock_timeout_(lock_timeout) {}

  /// Reads the ledger (without creating it or locking) and joins it with the catalog.
  [[nodiscard]] MigrationPlan plan();
  /// Applies the pending migrations (at most `steps`) as one new batch; returns how many.
  /// Every one is loaded and checked before the first is applied. Throws HostError.
  std::size_t migrate(std::optional<std::size_t> steps = std::nullopt);
  /// Rolls back `steps` applied migrations, newest first, or all when unset.
  std::size_t rollback(std::optional<std::size_t> steps = std::nullopt);
  /// Rolls back every migration, then applies every migration.
  std::size_t refresh();
  /// Drops every table of the database, then applies every migration.
  std::size_t fresh();

  /// Loads an artifact and checks its manifest, name and entry points; calls none.
  [[nodiscard]] static std::shared_ptr<PluginLibrary> open_artifact(
      const MigrationCatalog::Entry& artifact);
  /// Loads an artifact and creates its migration object.
  [[nodiscard]] static PluginObject<kit::Migration> load(const MigrationCatalog::Entry& artifact);

 private:
  std::size_t migrate_locked(std::optional<std::size_t> steps);
  std::size_t rollback_locked(std::optional<std::size_t> steps);
  void preflight(const std::vector<const MigrationCatalog::Entry*>& artifacts);
  void apply(const MigrationCatalog::Entry& artifact, std::int64_t batch);
  void revert(const MigrationCatalog::Entry& artifact);
  enum class Direction { Up, Down };
  /// Runs up() or down() with its ledger change in one transaction (where the driver and
  /// the migration allow one); on failure rolls it back and throws HostError.
  void run(const MigrationCatalog::Entry& artifact, Direction direction, std::int64_t batch);

  kit::Driver& driver_;
  const MigrationCatalog& catalog_;
  Output& output_;
  std::chrono::milliseconds lock_timeout_;
};

}  // namespace kit::host
