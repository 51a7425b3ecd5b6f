// Migrator: applies and rolls back migration artifacts through a driver, one transaction
// per migration with its ledger row (or one for a whole --atomic run), under the database's
// migration lock. A migration that opts out of transactions is recorded as running before
// it starts, so that one that fails or is killed half-way leaves a mark that later runs
// refuse until migrate:repair. With --pretend, the whole command runs in one transaction
// that is always rolled back, the ledger kept in memory; a database's first run adopts
// SeaORM's seaql_migrations.
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
    bool pretend = false;              // show the SQL, run it in a transaction rolled back
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
  /// applied artifacts' checksums come from `checksum_of` (MigrationValidator::check_artifacts
  /// reads them from the manifests, without loading anything).
  [[nodiscard]] MigrationPlan plan(const MigrationPlan::ChecksumOf& checksum_of);
  /// Applies the pending migrations as one new batch; returns how many. Refuses (HostError)
  /// while a migration is left running, or an applied one is modified or missing, or a
  /// pending one is out of order, unless `options` allows it. Every pending artifact is
  /// loaded and checked before the first is applied.
  std::size_t migrate(const MigrateOptions& options);
  /// Rolls back `steps` applied migrations, newest first, or all when unset.
  std::size_t rollback(std::optional<std::size_t> steps = std::nullopt, bool pretend = false);
  /// Rolls back every migration, then applies every migration.
  std::size_t refresh(bool pretend = false);
  /// Drops every table of the database, then applies every migration.
  std::size_t fresh(bool pretend = false);
  /// Resolves migrations left running or reverting (removes their rows, or marks the named
  /// ones applied) and, when asked, takes the modified artifacts' checksums; returns how
  /// many rows changed.
  std::size_t repair(const RepairOptions& options);

  /// A loaded artifact and its entry points.
  struct Artifact {
    std::shared_ptr<PluginLibrary> library;
    kit::MigrationCreateFn create = nullptr;
    kit::MigrationDestroyFn destroy = nullptr;
  };
  /// Loads an artifact and checks its manifest, name and entry points; calls none.
  [[nodiscard]] static Artifact open_artifact(const MigrationCatalog::Entry& artifact);
  /// Loads an artifact and creates its migration object.
  [[nodiscard]] static PluginObject<kit::Migration> load(const MigrationCatalog::Entry& artifact);

 private:
  /// A --pretend command in progress.
  struct PretendRun {
    bool transaction = false;                // its transaction is open (transactional DDL)
    std::vector<kit::LedgerEntry> ledger;    // the ledger as the run has changed it so far
    std::vector<std::string> rendered_only;  // migrations rendered without running
  };
  /// Opens a --pretend run for the life of the object: its transaction, its ledger.
  class PretendScope;
  /// --pretend runs every migration in one transaction: each runs inside a savepoint of the
  /// host's, opened before it (`open`) and released after it (`!open`), which releases every
  /// savepoint it left open. A later migration that rolls back to one of them then fails
  /// as it does in the real run, where that savepoint died with its transaction.
  void pretend_savepoint(bool open);
  /// --atomic, before its commit: a migration that rolled back to a savepoint an earlier
  /// one set undid that one's work, and so its ledger row, recorded after its savepoints:
  /// throws when a row of `recorded` is gone.
  void check_ledger_rows(const std::vector<const MigrationCatalog::Entry*>& recorded);

  /// The ledger: pretend's in memory; else read, and when `kit_migrations` does not exist
  /// yet and SeaORM's table has rows, those adopted into it (under the lock).
  [[nodiscard]] std::vector<kit::LedgerEntry> ledger_rows();
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
  /// --pretend: runs up() (or down()) in the pretend transaction, or renders it when it opts
  /// out of transactions or the driver has none; changes the in-memory ledger.
  void pretend_run(const MigrationCatalog::Entry& artifact, const kit::LedgerEntry& entry, bool up);
  /// What a failure in --pretend adds to its message.
  [[nodiscard]] std::string pretend_note() const;

  kit::Driver& driver_;
  const MigrationCatalog& catalog_;
  Output& output_;
  std::chrono::milliseconds lock_timeout_;
  std::optional<PretendRun> pretend_;
};

}  // namespace kit::host
