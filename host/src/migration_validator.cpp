#include "migration_validator.hpp"

#include "artifact_inspector.hpp"

namespace kit::host {

namespace {

/// The first 12 hex digits of a checksum, enough to tell two apart.
std::string short_checksum(const std::string& checksum) {
  return checksum.size() > 12 ? checksum.substr(0, 12) + "..." : checksum;
}

std::string artifact_path(const MigrationPlan::Row& row, const MigrationCatalog& catalog) {
  if (row.artifact != nullptr) return row.artifact->path;
  return (catalog.dir() / (row.name + MigrationCatalog::library_suffix())).string();
}

}  // namespace

std::string MigrationValidator::describe(const MigrationPlan::Row& row, const MigrationPlan& plan,
                                         const MigrationCatalog& catalog) {
  using State = MigrationPlan::State;
  const std::string batch = row.applied ? std::to_string(row.applied->batch) : "?";
  switch (row.state) {
    case State::Applied:
    case State::Pending:
      return "";
    case State::Modified:
      return row.name + ": modified since it was applied (batch " + batch +
             "): the ledger has checksum " + short_checksum(row.applied->checksum) +
             ", its artifact " + artifact_path(row, catalog) + " has " +
             short_checksum(row.artifact_checksum);
    case State::Missing:
      return row.name + ": applied (batch " + batch + "), but its artifact " +
             artifact_path(row, catalog) + " is missing";
    case State::OutOfOrder:
      return row.name + ": out of order: pending, but older than " + plan.newest_applied() +
             ", which is applied";
    case State::Running:
      return row.name + ": did not finish: its up() ran outside a transaction and failed or " +
             "was killed (recorded as '" + row.applied->state + "' in kit_migrations since " +
             row.applied->applied_at + " UTC)";
    case State::Reverting:
      return row.name + ": did not finish rolling back: its down() ran outside a transaction " +
             "and failed or was killed (recorded as 'reverting' in kit_migrations)";
  }
  return "";
}

std::string MigrationValidator::advice(MigrationPlan::State state) {
  using State = MigrationPlan::State;
  switch (state) {
    case State::Modified:
      return "; restore the artifact that was applied, or accept the change with 'kit-host "
             "migrate:repair --update-checksums' (migrate refuses until then, unless "
             "--allow-modified)";
    case State::Missing:
      return "; restore the artifact (migrate refuses without it, unless --allow-missing)";
    case State::OutOfOrder:
      return "; migrate applies it only with --allow-out-of-order";
    case State::Applied:
    case State::Pending:
    case State::Running:
    case State::Reverting:
      break;
  }
  return "";
}

std::string MigrationValidator::repair_advice(const MigrationPlan::Row& row) {
  const bool up = row.state == MigrationPlan::State::Running;
  return "; the database needs attention: check what it did, then run 'kit-host "
         "migrate:repair' (it then counts as " +
         std::string(up ? "not applied" : "rolled back") + ") or 'kit-host migrate:repair " +
         "--mark-applied " + row.name + "' (if " + (up ? "it completed" : "it is still applied") +
         ")";
}

std::map<std::string, std::string> MigrationValidator::check_artifacts(
    const MigrationCatalog& catalog, std::vector<std::string>& problems) {
  std::map<std::string, std::string> checksums;
  for (const auto& entry : catalog.entries()) {
    if (entry.insecure) continue;
    auto report = ArtifactInspector::inspect(entry);
    if (!report.problem.empty()) {
      problems.push_back(std::move(report.problem));
    } else if (report.checksum) {
      checksums.emplace(entry.name, std::move(*report.checksum));
    }
  }
  return checksums;
}

std::vector<std::string> MigrationValidator::ledger_problems(const MigrationPlan& plan,
                                                             const MigrationCatalog& catalog) {
  std::vector<std::string> out;
  for (const auto& row : plan.rows()) {
    const std::string what = describe(row, plan, catalog);
    if (what.empty()) continue;
    const bool incomplete =
        row.state == MigrationPlan::State::Running || row.state == MigrationPlan::State::Reverting;
    out.push_back(what + (incomplete ? repair_advice(row) : advice(row.state)));
  }
  return out;
}

}  // namespace kit::host
