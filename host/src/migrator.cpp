#include "migrator.hpp"

#include <algorithm>
#include <functional>
#include <set>
#include <stdexcept>
#include <type_traits>

#include "artifact_inspector.hpp"
#include "host_error.hpp"
#include "kit/schema_manager.hpp"
#include "migration_validator.hpp"
#include "plugin_call.hpp"

namespace kit::host {

namespace {

/// The message of a failed transaction, saying it was rolled back unless the driver's
/// error already ends by saying so.
std::string said_rolled_back(std::string message) {
  static constexpr std::string_view kSaid = "rolled back";
  if (message.size() < kSaid.size() ||
      message.compare(message.size() - kSaid.size(), kSaid.size(), kSaid) != 0) {
    message += " (rolled back)";
  }
  return message;
}

using Clock = std::chrono::steady_clock;
using State = MigrationPlan::State;

const std::string kLedger(kit::kLedgerTable);

/// "60s", "500ms", "2m": a timeout as --lock-timeout takes it.
std::string shown_duration(std::chrono::milliseconds timeout) {
  const auto ms = timeout.count();
  if (ms % 60000 == 0 && ms != 0) return std::to_string(ms / 60000) + "m";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

/// Holds the database's migration lock for one run.
class MigrationLock {
 public:
  MigrationLock(kit::Driver& driver, std::chrono::milliseconds timeout) : driver_(driver) {
    try {
      driver_.lock(timeout);
    } catch (const kit::LockTimeoutError& e) {
      throw HostError(ExitCode::LockTimeout,
                      std::string("cannot take the migration lock: ") + e.what() +
                          " (the lock timeout is " + shown_duration(timeout) +
                          "; set it with --lock-timeout or KIT_LOCK_TIMEOUT)");
    } catch (...) {
      throw HostError(ExitCode::Failure,
                      "cannot take the migration lock: " + current_exception_message());
    }
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
    // "this migration has no down()", or the migration's own reason. Ending so, the message
    // gets no "(rolled back)" for the transaction, which would read as a contradiction.
    return name + ": " + e.what() + ", so it cannot be rolled back";
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

/// Throws when `code` ("up()" or "down()") caught the error of a failed statement and went
/// on: in a transaction that cannot commit, whatever the driver would make of it. Sets
/// `phase` for the message.
void refuse_swallowed_failure(const kit::SchemaManager& manager, const std::string& code,
                              std::string& phase) {
  if (manager.first_failure().empty()) return;
  // Composed before `phase` changes: a caller may pass the same string as both.
  std::string message = manager.first_failure() + "; " + code +
                        " caught the error and went on, but its transaction had failed";
  phase = "a statement of " + code;
  throw std::runtime_error(message);
}

/// What the operator is told when a migration outside a transaction fails, by where it
/// failed, and how its ledger row goes back when nothing of it ran.
struct OutsideTransaction {
  std::function<void()> restore_row;  // back to what it was before the migration started
  std::string row_stays;              // ... when that fails too
  std::string half_way;               // its code failed after sending statements
  std::string completed;              // its code completed, its ledger row did not follow
};

/// The message of a migration that failed in `phase` (`code`, "up()" or "down()", or a step
/// around it), from inside the catch block. Rolls its transaction back; outside one, puts
/// its ledger row back when no statement was sent, so that only a database that may have
/// changed waits for migrate:repair.
std::string failed_migration(kit::Driver& driver, const std::string& name, const std::string& code,
                             const std::string& phase, bool transaction,
                             const kit::SchemaManager& manager, const OutsideTransaction& outside) {
  std::string message = failure_message(name, phase, manager);
  if (transaction) {
    driver.rollback();
    return said_rolled_back(std::move(message));
  }
  if (phase != code) return message + outside.completed;
  if (manager.statements_sent() > 0) return message + outside.half_way;
  try {
    outside.restore_row();
    return message + " (it had run no statement yet; nothing was changed)";
  } catch (...) {
    return message + outside.row_stays;
  }
}

std::string now_utc() { return Ledger::format_utc(std::chrono::system_clock::now()); }

std::int64_t elapsed_ms(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

/// The checksum in an artifact's manifest, read without loading it.
std::optional<std::string> manifest_checksum(const MigrationCatalog::Entry& artifact) {
  return ArtifactInspector::inspect(artifact).checksum;
}

/// "a: ...; b: ...; and 3 more (see kit-host migrate:validate)": at most three problems.
std::string list_problems(const std::vector<const MigrationPlan::Row*>& rows,
                          const MigrationPlan& plan, const MigrationCatalog& catalog) {
  std::string out;
  constexpr std::size_t kShown = 3;
  for (std::size_t i = 0; i < rows.size() && i < kShown; ++i) {
    out += (i == 0 ? "" : "; ") + MigrationValidator::describe(*rows[i], plan, catalog);
  }
  if (rows.size() > kShown) {
    out += "; and " + std::to_string(rows.size() - kShown) +
           " more (kit-host migrate:validate lists them all)";
  }
  return out;
}

/// "a, b, c".
std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

}  // namespace

class Migrator::PretendScope {
 public:
  explicit PretendScope(Migrator& migrator) : migrator_(migrator) {
    auto& run = migrator_.pretend_.emplace();
    run.transaction = migrator_.driver_.transactional_ddl();
    Output& output = migrator_.output_;
    if (run.transaction) {
      output.line("Pretend: the migrations run in one transaction, rolled back at the end.");
    } else {
      output.line("Pretend: the " + std::string(migrator_.driver_.name()) +
                  " driver cannot roll back schema changes: the SQL is rendered, not run.");
    }
    output.show_sql(true);
    try {
      if (run.transaction) {
        call_plugin(ExitCode::Failure, "--pretend: cannot begin its transaction",
                    [&] { migrator_.driver_.begin(); });
      }
      run.ledger = Ledger(migrator_.driver_).read();
    } catch (...) {
      close();
      throw;
    }
  }
  PretendScope(const PretendScope&) = delete;
  PretendScope& operator=(const PretendScope&) = delete;
  ~PretendScope() {
    close();
    try {
      migrator_.output_.line("Nothing was changed (--pretend).");
    } catch (...) {  // a destructor does not throw
    }
  }

 private:
  void close() noexcept {
    if (migrator_.pretend_ && migrator_.pretend_->transaction) migrator_.driver_.rollback();
    migrator_.pretend_.reset();
    migrator_.output_.show_sql(false);
  }

  Migrator& migrator_;
};

Migrator::Artifact Migrator::open_artifact(const MigrationCatalog::Entry& artifact) {
  auto library = PluginLibrary::open(artifact.path, KIT_PLUGIN_MIGRATION, artifact.name);
  // Both entry points now, so a missing one is found before anything is applied.
  auto* create =
      library->function<std::remove_pointer_t<kit::MigrationCreateFn>>(KIT_MIGRATION_CREATE_SYMBOL);
  auto* destroy = library->function<std::remove_pointer_t<kit::MigrationDestroyFn>>(
      KIT_MIGRATION_DESTROY_SYMBOL);
  return {std::move(library), create, destroy};
}

PluginObject<kit::Migration> Migrator::load(const MigrationCatalog::Entry& artifact) {
  auto opened = open_artifact(artifact);
  kit::Migration* migration =
      call_plugin(ExitCode::Failure, artifact.name + ": creating the migration failed",
                  [&] { return opened.create(); });
  if (migration == nullptr) {
    throw HostError(ExitCode::InvalidArtifact,
                    artifact.path + ": " KIT_MIGRATION_CREATE_SYMBOL " returned nothing");
  }
  return PluginObject<kit::Migration>(std::move(opened.library), migration, opened.destroy);
}

MigrationPlan Migrator::plan(const MigrationPlan::ChecksumOf& checksum_of) {
  Ledger ledger(driver_);
  return MigrationPlan(catalog_.entries(), ledger.read(), checksum_of);
}

std::size_t Migrator::migrate(const MigrateOptions& options) {
  MigrationLock lock(driver_, lock_timeout_);
  std::optional<PretendScope> pretend;
  if (options.pretend) pretend.emplace(*this);
  return migrate_locked(options);
}

std::size_t Migrator::rollback(std::optional<std::size_t> steps, bool pretend) {
  MigrationLock lock(driver_, lock_timeout_);
  std::optional<PretendScope> scope;
  if (pretend) scope.emplace(*this);
  return rollback_locked(steps);
}

std::size_t Migrator::refresh(bool pretend) {
  MigrationLock lock(driver_, lock_timeout_);
  std::optional<PretendScope> scope;
  if (pretend) scope.emplace(*this);
  // Check every artifact before the first rollback, so a bad one stops nothing half-way.
  std::vector<const MigrationCatalog::Entry*> all;
  for (const auto& entry : catalog_.entries()) all.push_back(&entry);
  refuse_incomplete(MigrationPlan(catalog_.entries(), ledger_rows()));
  preflight(all);
  rollback_locked(std::nullopt);
  return migrate_locked({});
}

std::size_t Migrator::fresh(bool pretend) {
  MigrationLock lock(driver_, lock_timeout_);
  std::optional<PretendScope> scope;
  if (pretend) scope.emplace(*this);
  std::vector<const MigrationCatalog::Entry*> all;
  for (const auto& entry : catalog_.entries()) all.push_back(&entry);
  preflight(all);
  const auto start = Clock::now();
  if (pretend_) {
    const auto tables =
        call_plugin(ExitCode::Failure, "cannot list the tables", [&] { return driver_.tables(); });
    output_.line(tables.empty()
                     ? std::string("Would drop nothing: the database has no tables.")
                     : "Would drop " + Output::count(tables.size(), "table") + ": " +
                           joined(tables) + "; and the views, triggers and other objects the " +
                           std::string(driver_.name()) + " driver's drop_all removes.");
    // In the pretend transaction, so that the migrations run against an empty database.
    if (pretend_->transaction) {
      call_plugin(ExitCode::Failure, "cannot drop the tables", [&] { driver_.drop_all(); });
    }
    pretend_->ledger.clear();
    return migrate_locked({});
  }
  // Dropping everything also drops rows left running: fresh starts over.
  call_plugin(ExitCode::Failure, "cannot drop the tables", [&] { driver_.drop_all(); });
  output_.line("Dropped all tables (" + Output::duration(Clock::now() - start) + ").");
  return migrate_locked({});
}

std::vector<kit::LedgerEntry> Migrator::ledger_rows() {
  if (pretend_) return pretend_->ledger;
  Ledger ledger(driver_);
  auto rows = ledger.read();
  if (ledger.adoptable()) {
    ledger.adopt(rows);
    output_.line("Adopted " + Output::count(rows.size(), "migration") + " from " +
                 std::string(kit::kSeaqlLedgerTable) + " (applied by Kit/SeaORM): recorded in " +
                 kLedger + " as batch 0.");
  }
  return rows;
}

void Migrator::refuse_incomplete(const MigrationPlan& plan) const {
  const auto incomplete = plan.incomplete();
  if (incomplete.empty()) return;
  const auto& row = *incomplete.front();
  std::string message = MigrationValidator::describe(row, plan, catalog_);
  if (incomplete.size() > 1) {
    message += " (and " + Output::count(incomplete.size() - 1, "other migration") +
               " left so; migrate:status lists them)";
  }
  throw HostError(ExitCode::NeedsRepair, message + MigrationValidator::repair_advice(row));
}

void Migrator::preflight(const std::vector<const MigrationCatalog::Entry*>& artifacts) {
  for (const auto* artifact : artifacts) (void)open_artifact(*artifact);
}

void Migrator::preflight_atomic(const std::vector<const MigrationCatalog::Entry*>& artifacts) {
  if (!driver_.transactional_ddl()) {
    throw HostError(ExitCode::Usage, "--atomic: the " + std::string(driver_.name()) +
                                         " driver cannot roll back schema changes (it has no "
                                         "transactional DDL), so a run cannot be all or nothing; "
                                         "run migrate without --atomic");
  }
  for (const auto* artifact : artifacts) {
    const auto migration = load(*artifact);
    if (!migration->use_transaction()) {
      throw HostError(ExitCode::Usage,
                      "--atomic: " + artifact->name +
                          " opts out of transactions (its use_transaction() is false), so the "
                          "run cannot be all or nothing; run migrate without --atomic");
    }
  }
}

std::size_t Migrator::migrate_locked(const MigrateOptions& options) {
  // Read after taking the lock: a run that waited sees what the run before it applied.
  Ledger ledger(driver_);
  const bool check_checksums = !options.allow_modified;
  const MigrationPlan plan(
      catalog_.entries(), ledger_rows(),
      check_checksums ? MigrationPlan::ChecksumOf(manifest_checksum) : nullptr);
  refuse_incomplete(plan);
  if (const auto modified = plan.in_state(State::Modified); !modified.empty()) {
    throw HostError(ExitCode::ValidationFailed,
                    "refusing to migrate: " + list_problems(modified, plan, catalog_) +
                        "; restore the artifacts that were applied, accept the change with "
                        "'kit-host migrate:repair --update-checksums', or pass --allow-modified");
  }
  if (const auto missing = plan.in_state(State::Missing);
      !missing.empty() && !options.allow_missing) {
    throw HostError(ExitCode::ValidationFailed,
                    "refusing to migrate: " + list_problems(missing, plan, catalog_) +
                        "; restore the artifacts, or pass --allow-missing");
  }
  const auto pending = plan.pending(options.steps);
  if (!options.allow_out_of_order) {
    std::vector<const MigrationPlan::Row*> early;
    for (const auto* row : plan.in_state(State::OutOfOrder)) {
      for (const auto* artifact : pending) {
        if (artifact == row->artifact) early.push_back(row);
      }
    }
    if (!early.empty()) {
      throw HostError(ExitCode::ValidationFailed,
                      "refusing to migrate: " + list_problems(early, plan, catalog_) +
                          "; pass --allow-out-of-order to apply it anyway, or give it a newer "
                          "timestamp");
    }
  }
  if (pending.empty()) {
    output_.line("Nothing to migrate.");
    return 0;
  }
  if (options.atomic) {
    preflight_atomic(pending);
  } else {
    preflight(pending);
  }
  if (!pretend_) ledger.ensure();
  const std::int64_t batch = plan.next_batch();
  output_.line((pretend_ ? "Would run " : "Running ") + Output::count(pending.size(), "migration") +
               " (batch " + std::to_string(batch) +
               (options.atomic ? ", in one transaction)" : ")"));
  output_.start_run(pending.size());
  const auto start = Clock::now();
  if (pretend_) {
    for (const auto* artifact : pending) {
      pretend_run(*artifact, kit::LedgerEntry{artifact->name, batch, "", now_utc(), std::nullopt},
                  true);
    }
  } else if (options.atomic) {
    apply_atomically(pending, batch);
  } else {
    for (const auto* artifact : pending) apply(*artifact, batch);
  }
  output_.line((pretend_ ? "Pretended " : "Applied ") + Output::count(pending.size(), "migration") +
               " in " + Output::duration(Clock::now() - start) + ".");
  return pending.size();
}

std::size_t Migrator::rollback_locked(std::optional<std::size_t> steps) {
  Ledger ledger(driver_);
  const MigrationPlan plan(catalog_.entries(), ledger_rows());
  refuse_incomplete(plan);
  const auto targets = plan.rollback(steps);
  if (targets.empty()) {
    output_.line("Nothing to roll back.");
    return 0;
  }
  std::vector<const MigrationCatalog::Entry*> artifacts;
  for (const auto* target : targets) {
    const auto* artifact = catalog_.find(target->version);
    if (artifact == nullptr) {
      throw HostError(
          ExitCode::InvalidArtifact,
          target->version + ": cannot roll back: applied in batch " +
              std::to_string(target->batch) + " but its artifact " +
              (catalog_.dir() / (target->version + MigrationCatalog::library_suffix())).string() +
              " is missing");
    }
    artifacts.push_back(artifact);
  }
  preflight(artifacts);
  if (!pretend_) ledger.ensure();  // a ledger from before the state column gets it
  output_.line((pretend_ ? "Would roll back " : "Rolling back ") +
               Output::count(artifacts.size(), "migration"));
  output_.start_run(artifacts.size());
  const auto start = Clock::now();
  for (std::size_t i = 0; i < artifacts.size(); ++i) {
    if (pretend_) {
      pretend_run(*artifacts[i], *targets[i], false);
    } else {
      revert(*artifacts[i], *targets[i]);
    }
  }
  output_.line((pretend_ ? "Pretended rolling back " : "Rolled back ") +
               Output::count(artifacts.size(), "migration") + " in " +
               Output::duration(Clock::now() - start) + ".");
  return artifacts.size();
}

std::size_t Migrator::repair(const RepairOptions& options) {
  MigrationLock lock(driver_, lock_timeout_);
  Ledger ledger(driver_);
  const MigrationPlan plan(
      catalog_.entries(), ledger_rows(),
      options.update_checksums ? MigrationPlan::ChecksumOf(manifest_checksum) : nullptr);
  const auto incomplete = plan.incomplete();
  for (const auto& name : options.mark_applied) {
    bool found = false;
    for (const auto* row : incomplete) found = found || row->name == name;
    if (found) continue;
    std::string state = "not in the ledger or the artifacts";
    for (const auto& row : plan.rows()) {
      if (row.name == name) state = MigrationPlan::to_string(row.state);
    }
    throw HostError(ExitCode::Usage,
                    "--mark-applied " + name + ": it is " + state +
                        ", not a migration left running or reverting; migrate:status shows "
                        "which ones are");
  }
  const auto marked = [&](const std::string& name) {
    for (const auto& wanted : options.mark_applied) {
      if (wanted == name) return true;
    }
    return false;
  };

  std::size_t changed = 0;
  const auto change = [&](const std::string& name, const std::function<void()>& work) {
    if (changed == 0) ledger.ensure();
    call_plugin(ExitCode::Failure, name + ": cannot change its row in " + kLedger, work);
    ++changed;
  };
  for (const auto* row : incomplete) {
    if (marked(row->name)) {
      kit::LedgerEntry entry = *row->applied;
      entry.state = kit::ledger_state::kApplied;
      change(row->name, [&] { ledger.replace(entry); });
      output_.line("Marked " + row->name + " applied.");
    } else {
      change(row->name, [&] { ledger.forget(row->name); });
      output_.line("Removed " + row->name + " (left " + row->applied->state + ") from " + kLedger +
                   ": it counts as " +
                   (row->state == State::Running ? "not applied" : "rolled back") + " now.");
    }
  }
  if (options.update_checksums) {
    for (const auto* row : plan.in_state(State::Modified)) {
      kit::LedgerEntry entry = *row->applied;
      entry.checksum = row->artifact_checksum;
      change(row->name, [&] { ledger.replace(entry); });
      output_.line("Updated the checksum of " + row->name + " to its artifact's (" +
                   row->artifact_checksum.substr(0, 12) + "...).");
    }
  }
  if (changed == 0) output_.line("Nothing to repair.");
  return changed;
}

void Migrator::apply(const MigrationCatalog::Entry& artifact, std::int64_t batch) {
  auto migration = load(artifact);
  const bool transaction = driver_.transactional_ddl() && migration->use_transaction();
  kit::SchemaManager manager(driver_, kit::SchemaManager::Mode::Execute, output_.statements());
  Ledger ledger(driver_);
  kit::LedgerEntry entry{artifact.name, batch, migration.library().checksum(), now_utc(),
                         std::nullopt};
  output_.start_migration(artifact.name);
  output_.watch(manager);
  const auto start = Clock::now();
  const auto fail = [&](const std::string& message) {
    output_.finish_migration(Clock::now() - start, Output::Status::Fail);
    throw HostError(ExitCode::Failure, message);
  };
  if (!transaction) {
    // Recorded before it starts: if it fails or the process dies half-way, the row stays.
    entry.state = kit::ledger_state::kRunning;
    try {
      ledger.record(entry);
    } catch (...) {
      fail(failure_message(artifact.name, "recording it as running in " + kLedger, manager) +
           " (nothing of it ran)");
    }
  }
  std::string phase = "begin";
  try {
    if (transaction) driver_.begin();
    phase = "up()";
    migration->up(manager);
    if (transaction) refuse_swallowed_failure(manager, "up()", phase);
    entry.execution_ms = elapsed_ms(start);
    entry.state = kit::ledger_state::kApplied;
    if (transaction) {
      phase = "recording it in " + kLedger;
      ledger.record(entry);
      phase = "commit";
      driver_.commit();
    } else {
      phase = "marking it applied in " + kLedger;
      ledger.replace(entry);
    }
  } catch (...) {
    fail(failed_migration(
        driver_, artifact.name, "up()", phase, transaction, manager,
        {[&] { ledger.forget(artifact.name); },
         " (it had run no statement yet, but its row in " + kLedger +
             " stays 'running': run 'kit-host migrate:repair')",
         " (it ran outside a transaction, so what it did before failing stays; it is "
         "recorded as running, and commands that change the database refuse until you "
         "check it and run 'kit-host migrate:repair')",
         " (its up() completed, but it is still recorded as running: run 'kit-host "
         "migrate:repair --mark-applied " +
             artifact.name + "')"}));
  }
  output_.finish_migration(Clock::now() - start, Output::Status::Done);
}

void Migrator::pretend_savepoint(bool open) {
  // SchemaManager refuses a migration's statements that name it.
  static const std::string savepoint = "SAVEPOINT " + std::string(kit::kHostSavepoint);
  static const std::string release = "RELEASE " + savepoint;
  driver_.execute(open ? savepoint : release);
}

void Migrator::check_ledger_rows(const std::vector<const MigrationCatalog::Entry*>& recorded) {
  std::set<std::string> present;
  for (const auto& row : Ledger(driver_).read()) present.insert(row.version);
  for (const auto* artifact : recorded) {
    if (present.count(artifact->name) == 0) {
      throw std::runtime_error(artifact->name +
                               " was undone, its ledger row with it, by a later migration's "
                               "ROLLBACK TO one of its savepoints");
    }
  }
}

void Migrator::apply_atomically(const std::vector<const MigrationCatalog::Entry*>& artifacts,
                                std::int64_t batch) {
  call_plugin(ExitCode::Failure, "--atomic: cannot begin the transaction",
              [&] { driver_.begin(); });
  Ledger ledger(driver_);
  for (const auto* artifact : artifacts) {
    output_.start_migration(artifact->name);
    const auto start = Clock::now();
    std::string phase = "loading it";
    // Outside the try, so that the library outlives any exception its code threw.
    std::optional<PluginObject<kit::Migration>> migration;
    std::optional<kit::SchemaManager> manager;
    try {
      migration.emplace(load(*artifact));
      manager.emplace(driver_, kit::SchemaManager::Mode::Execute, output_.statements());
      output_.watch(*manager);
      phase = "up()";
      (*migration)->up(*manager);
      refuse_swallowed_failure(*manager, "up()", phase);
      phase = "recording it in " + kLedger;
      ledger.record(kit::LedgerEntry{artifact->name, batch, migration->library().checksum(),
                                     now_utc(), elapsed_ms(start)});
    } catch (...) {
      std::string message;
      if (manager) {
        message = failure_message(artifact->name, phase, *manager);
      } else {
        message = artifact->name + ": " + phase + " failed: " + current_exception_message();
      }
      driver_.rollback();
      output_.finish_migration(Clock::now() - start, Output::Status::Fail);
      throw HostError(ExitCode::Failure,
                      message + " (rolled back with the whole --atomic run: none of its " +
                          Output::count(artifacts.size(), "migration") + " was applied)");
    }
    output_.finish_migration(Clock::now() - start, Output::Status::Done);
  }
  try {
    check_ledger_rows(artifacts);
  } catch (...) {
    driver_.rollback();
    throw HostError(ExitCode::Failure,
                    "--atomic: " + current_exception_message() + " (rolled back: none of its " +
                        Output::count(artifacts.size(), "migration") + " was applied)");
  }
  try {
    driver_.commit();
  } catch (...) {
    throw HostError(ExitCode::Failure, "--atomic: commit failed: " + current_exception_message() +
                                           " (rolled back: none of its " +
                                           Output::count(artifacts.size(), "migration") +
                                           " was applied)");
  }
}

void Migrator::revert(const MigrationCatalog::Entry& artifact, const kit::LedgerEntry& applied) {
  auto migration = load(artifact);
  const bool transaction = driver_.transactional_ddl() && migration->use_transaction();
  kit::SchemaManager manager(driver_, kit::SchemaManager::Mode::Execute, output_.statements());
  Ledger ledger(driver_);
  output_.start_migration(artifact.name);
  output_.watch(manager);
  const auto start = Clock::now();
  const auto fail = [&](const std::string& message) {
    output_.finish_migration(Clock::now() - start, Output::Status::Fail);
    throw HostError(ExitCode::Failure, message);
  };
  if (!transaction) {
    // Marked before it starts, as for up().
    kit::LedgerEntry reverting = applied;
    reverting.state = kit::ledger_state::kReverting;
    try {
      ledger.replace(reverting);
    } catch (...) {
      fail(failure_message(artifact.name, "marking it reverting in " + kLedger, manager) +
           " (nothing of it ran)");
    }
  }
  std::string phase = "begin";
  try {
    if (transaction) driver_.begin();
    phase = "down()";
    migration->down(manager);
    if (transaction) refuse_swallowed_failure(manager, "down()", phase);
    phase = "removing it from " + kLedger;
    ledger.forget(artifact.name);
    phase = "commit";
    if (transaction) driver_.commit();
  } catch (...) {
    // A down() that cannot roll back throws first thing: nothing reached the database.
    fail(failed_migration(
        driver_, artifact.name, "down()", phase, transaction, manager,
        {[&] { ledger.replace(applied); },
         " (it had run no statement yet, but its row in " + kLedger +
             " stays 'reverting': run 'kit-host migrate:repair --mark-applied " + artifact.name +
             "')",
         " (it ran outside a transaction, so what it undid before failing stays undone; "
         "it is recorded as reverting, and commands that change the database refuse "
         "until you check it and run 'kit-host migrate:repair')",
         " (its down() completed, but it is still recorded as reverting: run 'kit-host "
         "migrate:repair')"}));
  }
  output_.finish_migration(Clock::now() - start, Output::Status::Done);
}

void Migrator::pretend_run(const MigrationCatalog::Entry& artifact, const kit::LedgerEntry& entry,
                           bool up) {
  auto migration = load(artifact);
  // A migration outside a transaction may hold statements no transaction can (CREATE INDEX
  // CONCURRENTLY): rendered only. So is everything when the driver cannot roll back DDL.
  const bool run = pretend_->transaction && migration->use_transaction();
  kit::SchemaManager manager(
      driver_, run ? kit::SchemaManager::Mode::Execute : kit::SchemaManager::Mode::Pretend,
      output_.statements());
  output_.start_migration(artifact.name);
  output_.watch(manager);
  const auto start = Clock::now();
  const std::string code = up ? "up()" : "down()";
  std::string phase = code;
  try {
    if (run) {
      phase = "opening kit-host's savepoint for it";
      pretend_savepoint(true);
      phase = code;
    }
    if (up) {
      migration->up(manager);
    } else {
      migration->down(manager);
    }
    // As the real run would fail at its commit.
    if (run) {
      refuse_swallowed_failure(manager, code, phase);
      phase = "releasing kit-host's savepoint after it";
      pretend_savepoint(false);
    }
  } catch (...) {
    const std::string message = failure_message(artifact.name, phase, manager) + pretend_note();
    output_.finish_migration(Clock::now() - start, Output::Status::Fail);
    throw HostError(ExitCode::Failure, message);
  }
  auto& ledger = pretend_->ledger;
  if (up) {
    kit::LedgerEntry applied = entry;
    applied.checksum = migration.library().checksum();
    applied.execution_ms = elapsed_ms(start);
    ledger.push_back(std::move(applied));
  } else {
    ledger.erase(
        std::remove_if(ledger.begin(), ledger.end(),
                       [&](const kit::LedgerEntry& row) { return row.version == entry.version; }),
        ledger.end());
  }
  std::string note;
  if (!run && pretend_->transaction) {
    pretend_->rendered_only.push_back(artifact.name);
    note =
        "not run: it opts out of transactions, which --pretend cannot roll back; the "
        "migrations after it do not see its changes";
  }
  output_.finish_migration(Clock::now() - start,
                           run ? Output::Status::Pretend : Output::Status::Rendered, note);
}

std::string Migrator::pretend_note() const {
  std::string note = " (--pretend: ";
  note += pretend_->transaction ? "rolled back; nothing was changed" : "nothing was changed";
  if (!pretend_->rendered_only.empty()) {
    note += "; " + pretend_->rendered_only.back() +
            ", before it, was only rendered, not run, so the database lacked its changes";
  }
  return note + ")";
}

}  // namespace kit::host
