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

std::vector<std::string> names(const std::vector<kit::LedgerEntry>& entries) {
  std::vector<std::string> out;
  for (const auto& entry : entries) out.push_back(entry.version);
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
  EXPECT_EQ(plan.rows()[0].state, MigrationPlan::State::Pending);
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

TEST(MigrationPlanTest, StateNames) {
  EXPECT_STREQ(MigrationPlan::to_string(MigrationPlan::State::Applied), "Applied");
  EXPECT_STREQ(MigrationPlan::to_string(MigrationPlan::State::Pending), "Pending");
  EXPECT_STREQ(MigrationPlan::to_string(MigrationPlan::State::Missing), "Missing");
}

}  // namespace
}  // namespace kit::host
