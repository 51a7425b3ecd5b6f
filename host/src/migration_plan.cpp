#include "migration_plan.hpp"

#include <algorithm>
#include <map>

namespace kit::host {

MigrationPlan::MigrationPlan(const std::vector<MigrationCatalog::Entry>& artifacts,
                             std::vector<kit::LedgerEntry> ledger, const ChecksumOf& checksum_of)
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
    row.applied = &entry;
    newest_applied_ = std::max(newest_applied_, entry.version);
    if (entry.state == kit::ledger_state::kReverting) {
      row.state = State::Reverting;
    } else if (entry.state != kit::ledger_state::kApplied) {
      // "running", or a state this kit-host does not know: either way, not known applied.
      row.state = State::Running;
    } else if (row.artifact == nullptr) {
      row.state = State::Missing;
    } else {
      row.state = State::Applied;
      if (checksum_of && !entry.checksum.empty()) {
        const auto checksum = checksum_of(*row.artifact);
        if (checksum && !checksum->empty() && *checksum != entry.checksum) {
          row.state = State::Modified;
          row.artifact_checksum = *checksum;
        }
      }
    }
  }
  rows_.reserve(by_name.size());
  for (auto& [name, row] : by_name) {
    if (row.state == State::Pending && name < newest_applied_) row.state = State::OutOfOrder;
    rows_.push_back(std::move(row));
  }
}

const char* MigrationPlan::to_string(State state) noexcept {
  switch (state) {
    case State::Applied:
      return "Applied";
    case State::Modified:
      return "Modified";
    case State::Missing:
      return "Missing";
    case State::Pending:
      return "Pending";
    case State::OutOfOrder:
      return "Out of order";
    case State::Running:
      return "Running";
    case State::Reverting:
      return "Reverting";
  }
  return "?";
}

std::vector<const MigrationPlan::Row*> MigrationPlan::in_state(State state) const {
  std::vector<const Row*> out;
  for (const auto& row : rows_) {
    if (row.state == state) out.push_back(&row);
  }
  return out;
}

std::vector<const MigrationCatalog::Entry*> MigrationPlan::pending(
    std::optional<std::size_t> limit) const {
  std::vector<const MigrationCatalog::Entry*> out;
  for (const auto& row : rows_) {
    if (limit && out.size() >= *limit) break;
    if (row.state == State::Pending || row.state == State::OutOfOrder) {
      out.push_back(row.artifact);
    }
  }
  return out;
}

std::vector<const MigrationPlan::Row*> MigrationPlan::incomplete() const {
  std::vector<const Row*> out;
  for (const auto& row : rows_) {
    if (row.state == State::Running || row.state == State::Reverting) out.push_back(&row);
  }
  return out;
}

std::vector<const kit::LedgerEntry*> MigrationPlan::rollback(
    std::optional<std::size_t> steps) const {
  // Pointers, not copies: a migrate:reset of 1000 kept a second copy of the whole ledger.
  std::vector<const kit::LedgerEntry*> out;
  out.reserve(ledger_.size());
  for (const auto& row : ledger_) out.push_back(&row);
  std::sort(out.begin(), out.end(), [](const kit::LedgerEntry* a, const kit::LedgerEntry* b) {
    if (a->batch != b->batch) return a->batch > b->batch;
    return a->version > b->version;
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
