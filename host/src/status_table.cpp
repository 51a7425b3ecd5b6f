#include "status_table.hpp"

#include <algorithm>

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

std::string StatusTable::render(const MigrationPlan& plan) {
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
  const std::size_t state_width = std::string("Applied").size();

  std::string out;
  out += trim_right(pad("Migration", name_width) + "  " + pad("Status", state_width) + "  " +
                    pad("Batch", batch_width) + "  Applied at (UTC)") +
         "\n";
  for (const auto& row : rows) {
    std::string line = pad(row.name, name_width) + "  " +
                       pad(MigrationPlan::to_string(row.state), state_width) + "  ";
    if (row.applied) {
      line += pad(std::to_string(row.applied->batch), batch_width) + "  " + row.applied->applied_at;
    }
    out += trim_right(line) + "\n";
  }

  const auto applied = plan.count(MigrationPlan::State::Applied);
  const auto pending = plan.count(MigrationPlan::State::Pending);
  const auto missing = plan.count(MigrationPlan::State::Missing);
  out += Output::count(rows.size(), "migration") + ": " + std::to_string(applied) + " applied, " +
         std::to_string(pending) + " pending";
  if (missing > 0) out += ", " + std::to_string(missing) + " missing (applied, artifact gone)";
  out += ".\n";
  return out;
}

}  // namespace kit::host
