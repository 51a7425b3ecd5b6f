// Killed runs: `kill -9` at random moments of a 100-migration run, many times over. After
// each kill every migration's effects (its table, index and row) exist if and only if its
// ledger row does, and the next run completes with all 100 applied.
//
// A moment is chosen by progress, not by the clock alone, so that a loaded machine moves the
// kills no less into the middle of the run: the test waits for the run to print k migrations
// DONE (k random among those pending, 0 included: a kill during start-up and pre-flight), then
// a random fraction of the time one migration takes, and kills. k and the fractions come from
// a seeded generator: KIT_FAULTS_SEED=<n> repeats a run's choices (the interleaving with the
// child still depends on timing, so a failure is reproduced by the seed plus, if need be, a
// few repetitions: --gtest_repeat).
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <random>
#include <set>
#include <thread>

#include "fault_test.hpp"

namespace kit::test {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kTrials = 5;         // fresh databases per backend
constexpr int kKillsPerTrial = 5;  // kills on each before the run that must complete
constexpr unsigned kDefaultSeed = 20240201;

unsigned seed() {
  const char* text = std::getenv("KIT_FAULTS_SEED");
  return text != nullptr && *text != '\0' ? static_cast<unsigned>(std::strtoul(text, nullptr, 10))
                                          : kDefaultSeed;
}

/// "killed_007" for m20240201_120007_killed_007.
std::string table_of(const std::string& artifact) {
  return "killed_" + artifact.substr(artifact.size() - 3);
}

using KilledRuns = FaultTest;

/// Checks that the effects of every migration exist iff its ledger row does; returns how
/// many are applied.
std::size_t expect_all_or_nothing(TestDatabase& db, const std::vector<std::string>& names,
                                  const std::string& when) {
  const auto tables = db.tables();
  const auto indexes = db.indexes();
  const std::set<std::string> table_set(tables.begin(), tables.end());
  const std::set<std::string> index_set(indexes.begin(), indexes.end());
  std::set<std::string> ledger;
  for (const auto& row : db.ledger()) {
    EXPECT_TRUE(ledger.insert(row.version).second) << when << ": " << row.version << " twice";
  }
  for (const auto& name : names) {
    const std::string table = table_of(name);
    const bool recorded = ledger.count(name) != 0;
    const bool has_table = table_set.count(table) != 0;
    EXPECT_EQ(has_table, recorded)
        << when << ": " << name << (recorded ? " is" : " is not") << " in the ledger but its table "
        << (has_table ? "exists" : "does not");
    EXPECT_EQ(index_set.count("idx_" + table + "_label") != 0, recorded)
        << when << ": the index of " << name;
    if (has_table) {
      EXPECT_EQ(db.row_count(table), 1) << when << ": the row of " << name;
    }
  }
  // Nothing but the ledger and the migrations' tables.
  for (const auto& table : tables) {
    EXPECT_TRUE(table == "kit_migrations" || table.rfind("killed_", 0) == 0) << table;
  }
  return ledger.size();
}

TEST_P(KilledRuns, EffectsExistIfAndOnlyIfTheLedgerRowDoes) {
  const auto files = killed_artifacts();
  ASSERT_EQ(files.size(), kKilledCount) << "the generated migrations are not built";
  const auto dir = artifact_dir("artifacts", files);
  std::vector<std::string> names;
  for (const auto& file : files) names.push_back(artifact_name(file));

  // How long one migration takes here, roughly: the kills fall anywhere within one.
  const auto calibration = another_database("calibration.db");
  const auto calibration_start = Clock::now();
  const auto full = ChildProcess::run(
      KIT_FAULTS_HOST,
      {"migrate", "--quiet", "--dir", dir.string(), "--database-url", calibration->url()},
      options());
  const auto full_run = Clock::now() - calibration_start;
  ASSERT_EQ(full.exit_code, 0) << full.describe() << "\n" << full.err;
  ASSERT_EQ(calibration->ledger().size(), kKilledCount);
  const auto per_migration =
      std::chrono::duration_cast<std::chrono::microseconds>(full_run) / kKilledCount;

  const unsigned run_seed = seed() + static_cast<unsigned>(GetParam());
  std::mt19937 random(run_seed);
  std::uniform_real_distribution<double> fraction(0.0, 1.0);
  RecordProperty("seed", std::to_string(run_seed));
  std::cout << "[ seed     ] KIT_FAULTS_SEED=" << seed() << " (a full run takes "
            << std::chrono::duration_cast<std::chrono::milliseconds>(full_run).count() << " ms)\n";

  int mid_run_kills = 0;
  for (int trial = 0; trial < kTrials; ++trial) {
    auto db = another_database("trial" + std::to_string(trial) + ".db");
    const std::vector<std::string> args = {"migrate", "--dir", dir.string(), "--database-url",
                                           db->url()};
    std::size_t applied = 0;
    for (int kill = 0; kill < kKillsPerTrial && applied < kKilledCount; ++kill) {
      const auto pending = kKilledCount - applied;
      const auto target = static_cast<std::size_t>(fraction(random) * static_cast<double>(pending));
      const auto jitter = std::chrono::microseconds(
          static_cast<std::int64_t>(fraction(random) * static_cast<double>(per_migration.count())));
      const std::string when = "trial " + std::to_string(trial) + ", kill " + std::to_string(kill) +
                               " after " + std::to_string(target) + " of " +
                               std::to_string(pending) + " migrations + " +
                               std::to_string(jitter.count()) + " us";

      ChildProcess child(KIT_FAULTS_HOST, args, options());
      const auto deadline = Clock::now() + std::chrono::seconds(60);
      while (!child.finished() && Clock::now() < deadline) {
        const auto out = child.output_so_far();
        std::size_t done = 0;
        for (auto at = out.find(" DONE\n"); at != std::string::npos;
             at = out.find(" DONE\n", at + 1)) {
          ++done;
        }
        if (done >= target) break;
        std::this_thread::sleep_for(std::chrono::microseconds(100));
      }
      std::this_thread::sleep_for(jitter);
      child.kill(SIGKILL);
      const auto result = child.wait();
      // What the killed client sent last may still be committing on the server.
      db->settle();
      // A run that ended before the kill must have succeeded.
      if (result.exited()) {
        EXPECT_EQ(result.exit_code, 0) << when << ": " << result.out << result.err;
      } else {
        EXPECT_EQ(result.signal, SIGKILL) << when << ": " << result.describe() << result.err;
      }
      applied = expect_all_or_nothing(*db, names, when);
      if (!result.exited() && applied > 0 && applied < kKilledCount) ++mid_run_kills;
      if (HasFailure()) return;
    }
    const auto rest = ChildProcess::run(KIT_FAULTS_HOST, args, options());
    EXPECT_EQ(rest.exit_code, 0) << "the run after the kills of trial " << trial << ": "
                                 << rest.describe() << "\n"
                                 << rest.err;
    EXPECT_EQ(expect_all_or_nothing(*db, names, "after trial " + std::to_string(trial)),
              kKilledCount);
    EXPECT_EQ(db->ledger_versions(), names);
    if (HasFailure()) return;
  }
  std::cout << "[ kills    ] " << kTrials * kKillsPerTrial << " kills, " << mid_run_kills
            << " of them left a partly migrated database\n";
  // Otherwise every kill fell before the first or after the last migration: proven nothing.
  EXPECT_GE(mid_run_kills, kTrials) << "too few kills landed in the middle of a run";
}

KIT_FAULTS_ON_EVERY_DATABASE(KilledRuns);

}  // namespace
}  // namespace kit::test
