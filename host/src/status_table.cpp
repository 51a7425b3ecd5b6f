#include "status_table.hpp"

#include <algorithm>

#include "ledger.hpp"
#include "output.hpp"

namespace kit::host {

namespace {

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

std::string trim_right(std::string text) {
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

}  // namespace

std::string StatusTable::render(const MigrationPlan& plan, bool color) {
  const auto& rows = plan.rows();
  if (rows.empty()) return "No migrations.\n";

  std::size_t name_width = std::string("Migration").size();
  std::size_t batch_width = std::string("Batch").size();
  for (const auto& row : rows) {
    name_width = std::max(name_width, row.name.size());
    if (row.applied) {
      batch_width = std::max(batch_width, std::to_string(row.applied->batch).size());
    }
  }
  std::size_t state_width = std::string("Status").size();
  for (const auto& row : rows) {
    state_width = std::max(state_width, std::string(MigrationPlan::to_string(row.state)).size());
  }

  std::string out;
  out += trim_right(pad("Migration", name_width) + "  " + pad("Status", state_width) + "  " +
                    pad("Batch", batch_width) + "  Applied at (UTC)") +
         "\n";
  for (const auto& row : rows) {
    const std::string state = MigrationPlan::to_string(row.state);
    std::string shown_state = pad(state, state_width);
    if (color) {
      const auto paint = row.state == MigrationPlan::State::Applied   ? Output::Color::Green
                         : row.state == MigrationPlan::State::Pending ? Output::Color::Yellow
                                                                      : Output::Color::Red;
      shown_state = Output::painted(state, paint) + shown_state.substr(state.size());
    }
    std::string line = pad(row.name, name_width) + "  " + shown_state + "  ";
    if (row.applied) {
      line += pad(std::to_string(row.applied->batch), batch_width) + "  " + row.applied->applied_at;
    }
    out += trim_right(line) + "\n";
  }

  using State = MigrationPlan::State;
  out += Output::count(rows.size(), "migration") + ": " +
         std::to_string(plan.count(State::Applied)) + " applied, " +
         std::to_string(plan.count(State::Pending)) + " pending";
  const std::pair<State, const char*> notes[] = {
      {State::Modified, "modified (applied, artifact changed since)"},
      {State::Missing, "missing (applied, artifact gone)"},
      {State::OutOfOrder, "out of order (pending, older than the newest applied)"},
      {State::Running,
       "running (outside a transaction: still running, or failed or killed; see migrate:repair)"},
      {State::Reverting,
       "reverting (outside a transaction: still running, or failed or killed; see "
       "migrate:repair)"},
  };
  for (const auto& [state, note] : notes) {
    if (const auto n = plan.count(state); n > 0) out += ", " + std::to_string(n) + " " + note;
  }
  const auto adopted = static_cast<std::size_t>(
      std::count_if(rows.begin(), rows.end(), [](const MigrationPlan::Row& row) {
        return row.applied && row.applied->batch == Ledger::kAdoptedBatch;
      }));
  if (adopted > 0) {
    out += "; " + std::to_string(adopted) + " of them adopted from seaql_migrations (batch 0)";
  }
  out += ".\n";
  return out;
}

}  // namespace kit::host
