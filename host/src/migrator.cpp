#include "migrator.hpp"

#include <type_traits>

#include "host_error.hpp"
#include "kit/schema_manager.hpp"
#include "plugin_call.hpp"

namespace kit::host {

namespace {

using Clock = std::chrono::steady_clock;

/// Holds the database's migration lock for one run.
class MigrationLock {
 public:
  MigrationLock(kit::Driver& driver, std::chrono::milliseconds timeout) : driver_(driver) {
    call_plugin(ExitCode::Failure, "cannot take the migration lock",
                [&] { driver_.lock(timeout); });
  }
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;
  ~MigrationLock() { driver_.unlock(); }

 private:
  kit::Driver& driver_;
};

/// Says why one migration failed, copying everything out of the exception being handled.
/// `phase` is what the host was doing: "up()", "down()", "recording it", "commit".
std::string failure_message(const std::string& name, const std::string& phase,
                            const kit::SchemaManager& manager) {
  const bool in_code = phase == "up()" || phase == "down()";
  std::string where = phase;
  try {
    throw;
  } catch (const kit::IrreversibleMigrationError& e) {
    return name + ": cannot be rolled back: " + e.what();
  } catch (const kit::Error& e) {
    // SDK errors come from a statement the manager was running (rendering or executing it).
    if (in_code && !manager.current_statement().empty()) {
      where += " failed at '" + manager.current_statement() + "'";
    } else {
      where += " failed";
    }
    return name + ": " + where + ": " + e.what();
  } catch (...) {
    return name + ": " + phase + (in_code ? " threw: " : " failed: ") + current_exception_message();
  }
}

}  // namespace

std::shared_ptr<PluginLibrary> Migrator::open_artifact(const MigrationCatalog::Entry& artifact) {
  auto library = PluginLibrary::open(artifact.path, KIT_PLUGIN_MIGRATION, artifact.name);
  // Resolve both entry points now, so a missing one is found before anything is applied.
  (void)library->function<std::remove_pointer_t<kit::MigrationCreateFn>>(
      KIT_MIGRATION_CREATE_SYMBOL);
  (void)library->function<std::remove_pointer_t<kit::MigrationDestroyFn>>(
      KIT_MIGRATION_DESTROY_SYMBOL);
  return library;
}

PluginObject<kit::Migration> Migrator::load(const MigrationCatalog::Entry& artifact) {
  auto library = open_artifact(artifact);
  auto* create =
      library->function<std::remove_pointer_t<kit::MigrationCreateFn>>(KIT_MIGRATION_CREATE_SYMBOL);
  auto* destroy = library->function<std::remove_pointer_t<kit::MigrationDestroyFn>>(
      KIT_MIGRATION_DESTROY_SYMBOL);
  kit::Migration* migration =
      call_plugin(ExitCode::Failure, artifact.name + ": creating the migration failed",
                  [&] { return create(); });
  if (migration == nullptr) {
    throw HostError(ExitCode::InvalidArtifact,
                    artifact.path.string() + ": " KIT_MIGRATION_CREATE_SYMBOL " returned nothing");
  }
  return PluginObject<kit::Migration>(std::move(library), migration, destroy);
}

MigrationPlan Migrator::plan() {
  Ledger ledger(driver_);
  return MigrationPlan(catalog_.entries(), ledger.read());
}

std::size_t Migrator::migrate(std::optional<std::size_t> steps) {
  MigrationLock lock(driver_, lock_timeout_);
  return migrate_locked(steps);
}

std::size_t Migrator::rollback(std::optional<std::size_t> steps) {
  MigrationLock lock(driver_, lock_timeout_);
  return rollback_locked(steps);
}

std::size_t Migrator::refresh() {
  MigrationLock lock(driver_, lock_timeout_);
  // Check every artifact before the first rollback, so a bad one stops nothing half-way.
  std::vector<const MigrationCatalog::Entry*> all;
  for (const auto& entry : catalog_.entries()) all.push_back(&entry);
  preflight(all);
  rollback_locked(std::nullopt);
  return migrate_locked(std::nullopt);
}

std::size_t Migrator::fresh() {
  MigrationLock lock(driver_, lock_timeout_);
  std::vector<const MigrationCatalog::Entry*> all;
  for (const auto& entry : catalog_.entries()) all.push_back(&entry);
  preflight(all);
  const auto start = Clock::now();
  call_plugin(ExitCode::Failure, "cannot drop the tables", [&] { driver_.drop_all(); });
  output_.line("Dropped all tables (" + Output::duration(Clock::now() - start) + ").");
  return migrate_locked(std::nullopt);
}

void Migrator::preflight(const std::vector<const MigrationCatalog::Entry*>& artifacts) {
  for (const auto* artifact : artifacts) (void)open_artifact(*artifact);
}

std::size_t Migrator::migrate_locked(std::optional<std::size_t> steps) {
  Ledger ledger(driver_);
  const MigrationPlan plan(catalog_.entries(), ledger.read());
  const auto pending = plan.pending(steps);
  if (pending.empty()) {
    output_.line("Nothing to migrate.");
    return 0;
  }
  preflight(pending);
  ledger.ensure();
  const std::int64_t batch = plan.next_batch();
  output_.line("Running " + Output::count(pending.size(), "migration") + " (batch " +
               std::to_string(batch) + ")");
  const auto start = Clock::now();
  for (const auto* artifact : pending) apply(*artifact, batch);
  output_.line("Applied " + Output::count(pending.size(), "migration") + " in " +
               Output::duration(Clock::now() - start) + ".");
  return pending.size();
}

std::size_t Migrator::rollback_locked(std::optional<std::size_t> steps) {
  Ledger ledger(driver_);
  const MigrationPlan plan(catalog_.entries(), ledger.read());
  const auto targets = plan.rollback(steps);
  if (targets.empty()) {
    output_.line("Nothing to roll back.");
    return 0;
  }
  std::vector<const MigrationCatalog::Entry*> artifacts;
  for (const auto& target : targets) {
    const auto* artifact = catalog_.find(target.version);
    if (artifact == nullptr) {
      throw HostError(
          ExitCode::InvalidArtifact,
          target.version + ": cannot roll back: applied in batch " + std::to_string(target.batch) +
              " but its artifact " +
              (catalog_.dir() / (target.version + MigrationCatalog::library_suffix())).string() +
              " is missing");
    }
    artifacts.push_back(artifact);
  }
  preflight(artifacts);
  output_.line("Rolling back " + Output::count(artifacts.size(), "migration"));
  const auto start = Clock::now();
  for (const auto* artifact : artifacts) revert(*artifact);
  output_.line("Rolled back " + Output::count(artifacts.size(), "migration") + " in " +
               Output::duration(Clock::now() - start) + ".");
  return artifacts.size();
}

void Migrator::apply(const MigrationCatalog::Entry& artifact, std::int64_t batch) {
  run(artifact, Direction::Up, batch);
}

void Migrator::revert(const MigrationCatalog::Entry& artifact) {
  run(artifact, Direction::Down, 0);
}

void Migrator::run(const MigrationCatalog::Entry& artifact, Direction direction,
                   std::int64_t batch) {
  auto migration = load(artifact);
  const bool up = direction == Direction::Up;
  const bool transaction = driver_.transactional_ddl() && migration->use_transaction();
  kit::SchemaManager manager(driver_);
  Ledger ledger(driver_);
  std::string phase = "begin";
  const auto start = Clock::now();
  try {
    if (transaction) driver_.begin();
    phase = up ? "up()" : "down()";
    if (up) {
      migration->up(manager);
      phase = "recording it in " + std::string(kit::kLedgerTable);
      const auto elapsed =
          std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
      ledger.record(kit::LedgerEntry{artifact.name, batch, migration.library().checksum(),
                                     Ledger::format_utc(std::chrono::system_clock::now()),
                                     elapsed.count()});
    } else {
      migration->down(manager);
      phase = "removing it from " + std::string(kit::kLedgerTable);
      ledger.forget(artifact.name);
    }
    phase = "commit";
    if (transaction) driver_.commit();
  } catch (...) {
    std::string message = failure_message(artifact.name, phase, manager);
    if (transaction) {
      driver_.rollback();
      message += " (rolled back)";
    } else {
      message += " (ran outside a transaction: check what it left behind)";
    }
    output_.migration(artifact.name, Clock::now() - start, "FAIL");
    throw HostError(ExitCode::Failure, message);
  }
  output_.migration(artifact.name, Clock::now() - start, "DONE");
}

}  // namespace kit::host
