#include "status_json.hpp"

#include <cctype>
#include <nlohmann/json.hpp>

#include "ledger.hpp"

namespace kit::host {

namespace {

using Json = nlohmann::ordered_json;  // keys in the documented order
using State = MigrationPlan::State;

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

}  // namespace

const char* StatusJson::state_name(State state) noexcept {
  switch (state) {
    case State::Applied:
      return "applied";
    case State::Modified:
      return "modified";
    case State::Missing:
      return "missing";
    case State::Pending:
      return "pending";
    case State::OutOfOrder:
      return "out_of_order";
    case State::Running:
      return "running";
    case State::Reverting:
      return "reverting";
  }
  return "unknown";
}

std::string StatusJson::rfc3339(const std::string& time) {
  // "2024-01-15 12:00:00": digits everywhere but the separators.
  static constexpr const char* kShape = "dddd-dd-dd dd:dd:dd";
  if (time.size() != std::char_traits<char>::length(kShape)) return time;
  for (std::size_t i = 0; i < time.size(); ++i) {
    if (kShape[i] == 'd' ? !is_digit(time[i]) : time[i] != kShape[i]) return time;
  }
  return time.substr(0, 10) + "T" + time.substr(11) + "Z";
}

std::string StatusJson::render(const MigrationPlan& plan, const Context& context) {
  Json migrations = Json::array();
  std::size_t adopted = 0;
  for (const auto& row : plan.rows()) {
    Json item;
    item["name"] = row.name;
    item["state"] = state_name(row.state);
    const auto& applied = row.applied;
    item["batch"] = applied ? Json(applied->batch) : Json(nullptr);
    item["applied_at"] = applied ? Json(rfc3339(applied->applied_at)) : Json(nullptr);
    item["execution_ms"] =
        applied && applied->execution_ms ? Json(*applied->execution_ms) : Json(nullptr);
    item["checksum"] = applied && !applied->checksum.empty() ? Json(applied->checksum) : Json();
    item["artifact"] = row.artifact != nullptr ? Json(row.artifact->path) : Json();
    std::optional<std::string> artifact_checksum;
    if (row.artifact != nullptr && context.artifact_checksum) {
      artifact_checksum = context.artifact_checksum(*row.artifact);
    }
    item["artifact_checksum"] =
        artifact_checksum && !artifact_checksum->empty() ? Json(*artifact_checksum) : Json();
    const bool was_adopted = applied && applied->batch == Ledger::kAdoptedBatch;
    item["adopted"] = was_adopted;
    if (was_adopted) ++adopted;
    migrations.push_back(std::move(item));
  }

  Json summary;
  summary["total"] = plan.rows().size();
  for (const State state : {State::Applied, State::Pending, State::Modified, State::Missing,
                            State::OutOfOrder, State::Running, State::Reverting}) {
    summary[state_name(state)] = plan.count(state);
  }
  summary["adopted"] = adopted;
  summary["next_batch"] = plan.next_batch();
  summary["up_to_date"] = plan.count(State::Applied) == plan.rows().size();

  Json document;
  document["schema_version"] = kSchemaVersion;
  document["database"] = context.database;
  document["directory"] = context.directory;
  document["migrations"] = std::move(migrations);
  document["summary"] = std::move(summary);
  // Invalid UTF-8 in a name or path (never in a valid artifact name) is replaced, not thrown.
  return document.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace kit::host
