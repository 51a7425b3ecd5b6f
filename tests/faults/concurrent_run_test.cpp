// Concurrent runs: 8 `kit-host migrate` processes released at the same instant against one
// empty database, several rounds: every run exits 0, exactly one of them applies the
// migrations (one batch), the others find nothing to do, and each migration is applied once.
#include <set>

#include "fault_test.hpp"

namespace kit::test {
namespace {

constexpr int kRounds = 5;
constexpr int kProcesses = 8;
constexpr std::size_t kMigrations = 20;

using ConcurrentRuns = FaultTest;

TEST_P(ConcurrentRuns, EveryMigrationIsAppliedExactlyOnce) {
  const auto files = killed_artifacts(kMigrations);
  ASSERT_EQ(files.size(), kMigrations) << "the generated migrations are not built";
  const auto dir = artifact_dir("artifacts", files);
  std::vector<std::string> names;
  for (const auto& file : files) names.push_back(artifact_name(file));

  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    auto db = another_database("round" + std::to_string(round) + ".db");
    const std::vector<std::string> args = {"migrate", "--dir", dir.string(), "--database-url",
                                           db->url()};
    std::vector<ChildProcess> children;
    {
      StartGate gate;
      for (int i = 0; i < kProcesses; ++i) {
        auto opts = options();
        opts.gate = &gate;
        children.emplace_back(KIT_FAULTS_HOST, args, opts);
      }
      gate.open();
    }
    int applied_runs = 0;
    for (auto& child : children) {
      const auto result = child.wait();
      EXPECT_EQ(result.exit_code, 0) << result.describe() << "\n" << result.out << result.err;
      if (contains(result.out, "Running " + std::to_string(kMigrations) + " migrations")) {
        ++applied_runs;
      } else {
        EXPECT_TRUE(contains(result.out, "Nothing to migrate.")) << result.out << result.err;
      }
    }
    EXPECT_EQ(applied_runs, 1) << "the migrations were applied by more than one run";

    const auto ledger = db->ledger();
    std::set<std::string> versions;
    for (const auto& row : ledger) {
      EXPECT_TRUE(versions.insert(row.version).second) << row.version << " recorded twice";
      EXPECT_EQ(row.batch, 1) << row.version;
    }
    EXPECT_EQ(db->ledger_versions(), names);
    for (const auto& name : names) {
      const std::string table = "killed_" + name.substr(name.size() - 3);
      EXPECT_EQ(db->row_count(table), 1) << table;
    }
    if (HasFailure()) return;
  }
}

KIT_FAULTS_ON_EVERY_DATABASE(ConcurrentRuns);

}  // namespace
}  // namespace kit::test
