// StatusTable: the text of `migrate:status`.
#pragma once

#include <string>

#include "migration_plan.hpp"

namespace kit::host {

class StatusTable {
 public:
  /// Renders one row per migration (name, state as MigrationPlan::to_string, batch, applied at UTC)
  /// under a header, then a summary line, each line ending in '\n'. With `color`, each state
  /// in its colour: applied green, pending yellow, the others red.
  [[nodiscard]] static std::string render(const MigrationPlan& plan, bool color = false);
};

}  // namespace kit::host
