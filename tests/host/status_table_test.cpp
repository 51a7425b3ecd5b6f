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

TEST(StatusTableTest, NoMigrations) {
  EXPECT_EQ(StatusTable::render(MigrationPlan({}, {})), "No migrations.\n");
}

}  // namespace
}  // namespace kit::host
