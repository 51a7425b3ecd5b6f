// StatusJson: the text of `migrate:status --format json`, a stable shape for scripts and
// deploy pipelines (documented in docs/operating.md). Valid JSON, written by nlohmann::json.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "migration_plan.hpp"

namespace kit::host {

class StatusJson {
 public:
  /// The version of the shape; it changes only when a key changes meaning or goes away.
  static constexpr int kSchemaVersion = 1;

  /// What the document says besides the plan.
  struct Context {
    std::string database;   // the URL as shown: password redacted
    std::string directory;  // --dir
    /// The checksum in an artifact's manifest; nullopt when it cannot be read.
    std::function<std::optional<std::string>(const MigrationCatalog::Entry&)> artifact_checksum;
  };

  /// The state's name in the document: "applied", "pending", "modified", "missing",
  /// "out_of_order", "running", "reverting".
  [[nodiscard]] static const char* state_name(MigrationPlan::State state) noexcept;
  /// A ledger time "YYYY-MM-DD HH:MM:SS" (UTC) as RFC 3339, "YYYY-MM-DDTHH:MM:SSZ"; any other
  /// text as it is.
  [[nodiscard]] static std::string rfc3339(const std::string& ledger_time);
  /// The document, indented by two spaces, ending in a newline.
  [[nodiscard]] static std::string render(const MigrationPlan& plan, const Context& context);
};

}  // namespace kit::host
