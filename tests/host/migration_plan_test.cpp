#include "migration_plan.hpp"

#include <gtest/gtest.h>

namespace kit::host {
namespace {

MigrationCatalog::Entry artifact(const std::string& name) {
  return {name, name.substr(1, 15), name + ".so"};
}

kit::LedgerEntry applied(const std::string& name, std::int64_t batch) {
  return {name, batch, "", "2024-01-15 12:00:00", 1};
}

std::vector<std::string> names(const std::vector<const MigrationCatalog::Entry*>& entries) {
  std::vector<std::string> out;
  for (const auto* entry : entries) out.push_back(entry->name);
  return out;
}

std::vector<std::string> names(const std::vector<const kit::LedgerEntry*>& entries) {
  std::vector<std::string> out;
  for (const auto* entry : entries) out.push_back(entry->version);
  return out;
}

const std::string kA = "m20240101_000000_a", kB = "m20240102_000000_b", kC = "m20240103_000000_c",
                  kD = "m20240104_000000_d", kE = "m20240105_000000_e";

TEST(MigrationPlanTest, EverythingPendingOnAnEmptyLedger) {
  const std::vector artifacts = {artifact(kA), artifact(kB), artifact(kC)};
  const MigrationPlan plan(artifacts, {});
  EXPECT_EQ(names(plan.pending()), (std::vector<std::string>{kA, kB, kC}));
  EXPECT_EQ(names(plan.pending(2)), (std::vector<std::string>{kA, kB}));
  EXPECT_EQ(plan.next_batch(), 1);
  EXPECT_TRUE(plan.rollback().empty());
  EXPECT_EQ(plan.count(MigrationPlan::State::Pending), 3U);
}

TEST(MigrationPlanTest, PendingIsTheCatalogMinusTheLedgerAndMissingIsTheRest) {
  const std::vector artifacts = {artifact(kA), artifact(kC), artifact(kD)};
  // kB applied but its artifact is gone; kC applied; kA and kD pending (kA out of order).
  const MigrationPlan plan(artifacts, {applied(kB, 1), applied(kC, 2)});
  EXPECT_EQ(names(plan.pending()), (std::vector<std::string>{kA, kD}));
  ASSERT_EQ(plan.rows().size(), 4U);
  EXPECT_EQ(plan.rows()[0].name, kA);
  EXPECT_EQ(plan.rows()[0].state, MigrationPlan::State::OutOfOrder);
  EXPECT_EQ(plan.newest_applied(), kC);
  EXPECT_EQ(plan.rows()[1].name, kB);
  EXPECT_EQ(plan.rows()[1].state, MigrationPlan::State::Missing);
  EXPECT_EQ(plan.rows()[1].artifact, nullptr);
  EXPECT_EQ(plan.rows()[1].applied->batch, 1);
  EXPECT_EQ(plan.rows()[2].state, MigrationPlan::State::Applied);
  EXPECT_EQ(plan.rows()[2].artifact, &artifacts[1]);
  EXPECT_EQ(plan.rows()[3].state, MigrationPlan::State::Pending);
  EXPECT_EQ(plan.count(MigrationPlan::State::Missing), 1U);
  EXPECT_EQ(plan.next_batch(), 3);
}

TEST(MigrationPlanTest, RollbackIsNewestBatchFirstThenNewestName) {
  const std::vector artifacts = {artifact(kA), artifact(kB), artifact(kC), artifact(kD),
                                 artifact(kE)};
  // kA and kE applied late (batch 3), kB..kD in batches 1 and 2.
  const MigrationPlan plan(
      artifacts, {applied(kA, 3), applied(kB, 1), applied(kC, 1), applied(kD, 2), applied(kE, 3)});
  EXPECT_EQ(names(plan.rollback(1)), (std::vector<std::string>{kE}));
  EXPECT_EQ(names(plan.rollback(2)), (std::vector<std::string>{kE, kA}));
  EXPECT_EQ(names(plan.rollback(3)), (std::vector<std::string>{kE, kA, kD}));
  EXPECT_EQ(names(plan.rollback()), (std::vector<std::string>{kE, kA, kD, kC, kB}));
  EXPECT_EQ(names(plan.rollback(99)), (std::vector<std::string>{kE, kA, kD, kC, kB}));
  EXPECT_TRUE(plan.pending().empty());
  EXPECT_EQ(plan.next_batch(), 4);
}

TEST(MigrationPlanTest, ModifiedWhenTheArtifactsChecksumDiffersFromTheLedgers) {
  const std::vector artifacts = {artifact(kA), artifact(kB), artifact(kC), artifact(kD)};
  auto a = applied(kA, 1);
  a.checksum = "aaaa";
  auto b = applied(kB, 1);
  b.checksum = "bbbb";
  auto c = applied(kC, 1);  // no checksum recorded: unknown, so never modified
  std::vector<std::string> asked;
  const MigrationPlan plan(artifacts, {a, b, c},
                           [&](const MigrationCatalog::Entry& entry) -> std::optional<std::string> {
                             asked.push_back(entry.name);
                             if (entry.name == kA) return std::string("aaaa");
                             if (entry.name == kB) return std::string("b222");
                             return std::string("cccc");
                           });
  EXPECT_EQ(plan.rows()[0].state, MigrationPlan::State::Applied);
  EXPECT_EQ(plan.rows()[1].state, MigrationPlan::State::Modified);
  EXPECT_EQ(plan.rows()[1].artifact_checksum, "b222");
  EXPECT_EQ(plan.rows()[2].state, MigrationPlan::State::Applied);
  EXPECT_EQ(plan.rows()[3].state, MigrationPlan::State::Pending);
  // Only applied artifacts with a recorded checksum are read.
  EXPECT_EQ(asked, (std::vector<std::string>{kA, kB}));
  // An artifact whose checksum cannot be read is not called modified.
  const MigrationPlan unreadable(artifacts, {b}, [](const auto&) { return std::nullopt; });
  EXPECT_EQ(unreadable.rows()[1].state, MigrationPlan::State::Applied);
}

TEST(MigrationPlanTest, RowsLeftRunningOrRevertingAreIncomplete) {
  const std::vector artifacts = {artifact(kA), artifact(kB), artifact(kC)};
  auto b = applied(kB, 2);
  b.state = kit::ledger_state::kRunning;
  auto c = applied(kC, 2);
  c.state = kit::ledger_state::kReverting;
  auto d = applied(kD, 2);  // a state from a newer kit-host: not known applied
  d.state = "paused";
  const MigrationPlan plan(artifacts, {applied(kA, 1), b, c, d});
  EXPECT_EQ(plan.rows()[1].state, MigrationPlan::State::Running);
  EXPECT_EQ(plan.rows()[2].state, MigrationPlan::State::Reverting);
  EXPECT_EQ(plan.rows()[3].state, MigrationPlan::State::Running);
  ASSERT_EQ(plan.incomplete().size(), 3U);
  EXPECT_EQ(plan.incomplete()[0]->name, kB);
  EXPECT_TRUE(plan.pending().empty());
}

TEST(MigrationPlanTest, StateNames) {
  using State = MigrationPlan::State;
  EXPECT_STREQ(MigrationPlan::to_string(State::Applied), "Applied");
  EXPECT_STREQ(MigrationPlan::to_string(State::Modified), "Modified");
  EXPECT_STREQ(MigrationPlan::to_string(State::Missing), "Missing");
  EXPECT_STREQ(MigrationPlan::to_string(State::Pending), "Pending");
  EXPECT_STREQ(MigrationPlan::to_string(State::OutOfOrder), "Out of order");
  EXPECT_STREQ(MigrationPlan::to_string(State::Running), "Running");
  EXPECT_STREQ(MigrationPlan::to_string(State::Reverting), "Reverting");
}

}  // namespace
}  // namespace kit::host
