// MigrationValidator: what is wrong between the artifacts and the ledger, one line per
// problem: what migrate:validate lists, and what migrate says when it refuses.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "migration_catalog.hpp"
#include "migration_plan.hpp"

namespace kit::host {

class MigrationValidator {
 public:
  /// What is wrong with a row that is Modified, Missing, OutOfOrder, Running or Reverting,
  /// as "<name>: <what>", without advice; empty for a row that is fine.
  [[nodiscard]] static std::string describe(const MigrationPlan::Row& row,
                                            const MigrationPlan& plan,
                                            const MigrationCatalog& catalog);
  /// What resolves a problem of rows in `state`, starting "; " (migrate:validate's advice).
  [[nodiscard]] static std::string advice(MigrationPlan::State state);
  /// What resolves a Running or Reverting row: the migrate:repair command lines.
  [[nodiscard]] static std::string repair_advice(const MigrationPlan::Row& row);

  /// Reads and checks every artifact's manifest without loading it (ArtifactInspector);
  /// appends a line per unfit artifact to `problems` and returns the checksums of the others
  /// by name. Artifacts marked insecure are not read.
  [[nodiscard]] static std::map<std::string, std::string> check_artifacts(
      const MigrationCatalog& catalog, std::vector<std::string>& problems);
  /// A line, with advice, per row of the plan that is not Applied or Pending.
  [[nodiscard]] static std::vector<std::string> ledger_problems(const MigrationPlan& plan,
                                                                const MigrationCatalog& catalog);
};

}  // namespace kit::host
