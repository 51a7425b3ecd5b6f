#include "status_table.hpp"

#include <gtest/gtest.h>

namespace kit::host {
namespace {

TEST(StatusTableTest, OneRowPerMigrationAndASummary) {
  const std::vector<MigrationCatalog::Entry> artifacts = {
      {"m20240115_120000_create_users_table", "20240115_120000", "a.so"},
      {"m20240116_093000_add_phone_to_users", "20240116_093000", "b.so"}};
  const MigrationPlan plan(
      artifacts, {{"m20240115_120000_create_users_table", 1, "", "2024-06-01 12:00:00", 3},
                  {"m20240101_000000_gone", 12, "", "2024-05-01 08:00:00", 1}});
  EXPECT_EQ(StatusTable::render(plan),
            "Migration                            Status   Batch  Applied at (UTC)\n"
            "m20240101_000000_gone                Missing  12     2024-05-01 08:00:00\n"
            "m20240115_120000_create_users_table  Applied  1      2024-06-01 12:00:00\n"
            "m20240116_093000_add_phone_to_users  Pending\n"
            "3 migrations: 1 applied, 1 pending, 1 missing (applied, artifact gone).\n");
}

TEST(StatusTableTest, EveryStateAndItsNoteInTheSummary) {
  const std::vector<MigrationCatalog::Entry> artifacts = {
      {"m20240101_000000_early", "20240101_000000", "e.so"},
      {"m20240115_120000_edited", "20240115_120000", "a.so"},
      {"m20240116_000000_index_concurrently", "20240116_000000", "b.so"},
      {"m20240117_000000_unindex", "20240117_000000", "c.so"}};
  kit::LedgerEntry edited{"m20240115_120000_edited", 1, "aaaa", "2024-06-01 12:00:00", 3};
  kit::LedgerEntry running{"m20240116_000000_index_concurrently",
                           2,
                           "",
                           "2024-06-02 12:00:00",
                           std::nullopt,
                           kit::ledger_state::kRunning};
  kit::LedgerEntry reverting{"m20240117_000000_unindex", 2, "",
                             "2024-06-02 12:00:00",      1, kit::ledger_state::kReverting};
  const MigrationPlan plan(artifacts, {edited, running, reverting},
                           [](const auto&) { return std::string("bbbb"); });
  EXPECT_EQ(StatusTable::render(plan),
            "Migration                            Status        Batch  Applied at (UTC)\n"
            "m20240101_000000_early               Out of order\n"
            "m20240115_120000_edited              Modified      1      2024-06-01 12:00:00\n"
            "m20240116_000000_index_concurrently  Running       2      2024-06-02 12:00:00\n"
            "m20240117_000000_unindex             Reverting     2      2024-06-02 12:00:00\n"
            "4 migrations: 0 applied, 0 pending, 1 modified (applied, artifact changed since), 1 "
            "out of order (pending, older than the newest applied), 1 running (outside a "
            "transaction: still running, or failed or killed; see migrate:repair), 1 reverting "
            "(outside a transaction: still running, or failed or killed; see migrate:repair).\n");
}

TEST(StatusTableTest, NoMigrations) {
  EXPECT_EQ(StatusTable::render(MigrationPlan({}, {})), "No migrations.\n");
}

TEST(StatusTableTest, AdoptedMigrationsAndColour) {
  const std::vector<MigrationCatalog::Entry> artifacts = {
      {"m20240115_120000_create_users_table", "20240115_120000", "a.so"},
      {"m20240116_093000_add_phone_to_users", "20240116_093000", "b.so"}};
  const MigrationPlan plan(
      artifacts, {{"m20240115_120000_create_users_table", 0, "", "2024-01-15 12:00:00", {}}});
  EXPECT_EQ(StatusTable::render(plan),
            "Migration                            Status   Batch  Applied at (UTC)\n"
            "m20240115_120000_create_users_table  Applied  0      2024-01-15 12:00:00\n"
            "m20240116_093000_add_phone_to_users  Pending\n"
            "2 migrations: 1 applied, 1 pending; 1 of them adopted from seaql_migrations (batch "
            "0).\n");
  const auto coloured = StatusTable::render(plan, true);
  EXPECT_NE(coloured.find("  \x1b[32mApplied\x1b[0m  0  "), std::string::npos) << coloured;
  EXPECT_NE(coloured.find("  \x1b[33mPending\x1b[0m\n"), std::string::npos) << coloured;
}

}  // namespace
}  // namespace kit::host
