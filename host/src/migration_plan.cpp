#include "migration_plan.hpp"

#include <algorithm>
#include <map>

namespace kit::host {

MigrationPlan::MigrationPlan(const std::vector<MigrationCatalog::Entry>& artifacts,
                             std::vector<kit::LedgerEntry> ledger)
    : ledger_(std::move(ledger)) {
  std::map<std::string, Row> by_name;
  for (const auto& artifact : artifacts) {
    Row& row = by_name[artifact.name];
    row.name = artifact.name;
    row.artifact = &artifact;
    row.state = State::Pending;
  }
  for (const auto& entry : ledger_) {
    Row& row = by_name[entry.version];
    row.name = entry.version;
    row.applied = entry;
    row.state = row.artifact != nullptr ? State::Applied : State::Missing;
  }
  rows_.reserve(by_name.size());
  for (auto& [name, row] : by_name) rows_.push_back(std::move(row));
}

const char* MigrationPlan::to_string(State state) noexcept {
  switch (state) {
    case State::Applied:
      return "Applied";
    case State::Pending:
      return "Pending";
    case State::Missing:
      return "Missing";
  }
  return "?";
}

std::vector<const MigrationCatalog::Entry*> MigrationPlan::pending(
    std::optional<std::size_t> limit) const {
  std::vector<const MigrationCatalog::Entry*> out;
  for (const auto& row : rows_) {
    if (limit && out.size() >= *limit) break;
    if (row.state == State::Pending) out.push_back(row.artifact);
  }
  return out;
}

std::vector<kit::LedgerEntry> MigrationPlan::rollback(std::optional<std::size_t> steps) const {
  std::vector<kit::LedgerEntry> out = ledger_;
  std::sort(out.begin(), out.end(), [](const kit::LedgerEntry& a, const kit::LedgerEntry& b) {
    if (a.batch != b.batch) return a.batch > b.batch;
    return a.version > b.version;
  });
  if (steps && *steps < out.size()) out.resize(*steps);
  return out;
}

std::int64_t MigrationPlan::next_batch() const noexcept {
  std::int64_t highest = 0;
  for (const auto& entry : ledger_) highest = std::max(highest, entry.batch);
  return highest + 1;
}

std::size_t MigrationPlan::count(State state) const noexcept {
  return static_cast<std::size_t>(std::count_if(
      rows_.begin(), rows_.end(), [&](const Row& row) { return row.state == state; }));
}

}  // namespace kit::host
