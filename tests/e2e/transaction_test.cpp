// Transactions: a migration that opts out of them is recorded as running before it starts,
// and one that fails or is killed half-way stops every later run that would change the
// database until migrate:repair; migrate --atomic applies a whole run or nothing; a ledger
// from before the state column is upgraded. On each database.
#include <regex>

#include "host_test.hpp"

namespace kit::test {
namespace {

using Strings = std::vector<std::string>;

const std::string kFixtures = KIT_E2E_FIXTURES_DIR;
const std::string kOutside = kFixtures + "/outside_transaction";
const std::string kAlpha = "m20240101_000000_create_alpha_table";
const std::string kIndex = "m20240101_000100_index_alpha_concurrently";
const std::string kOmega = "m20240101_000200_create_omega_table";

using OutsideTransaction = DatabaseTest;
KIT_E2E_ON_EVERY_DATABASE(OutsideTransaction);

TEST_P(OutsideTransaction, AppliedAndRolledBackLikeAnyOther) {
  // On PostgreSQL the migration runs CREATE INDEX CONCURRENTLY, which fails in a transaction.
  const auto migrate = kit({"migrate", "--dir", kOutside});
  ASSERT_EQ(migrate.exit_code, 0) << migrate.out << migrate.err;
  EXPECT_TRUE(contains(migrate.out, "Running 3 migrations (batch 1)\n")) << migrate.out;
  EXPECT_EQ(schema().ledger_states(),
            (Strings{kAlpha + "=applied", kIndex + "=applied", kOmega + "=applied"}));
  EXPECT_EQ(schema().indexes(), Strings{"idx_alpha_name"});

  const auto reset = kit({"migrate:reset", "--dir", kOutside});
  ASSERT_EQ(reset.exit_code, 0) << reset.out << reset.err;
  EXPECT_TRUE(schema().ledger().empty());
  EXPECT_TRUE(schema().indexes().empty());
  EXPECT_EQ(schema().tables(), Strings{"kit_migrations"});
}

TEST_P(OutsideTransaction, AFailureLeavesItRunningAndLaterRunsRefuseUntilRepair) {
  const auto failed = kit({"migrate", "--dir", kOutside}, {{"KIT_E2E_FAIL_UP", "1"}});
  EXPECT_EQ(failed.exit_code, 1) << failed.out << failed.err;
  expect_error_line(failed, {kIndex, "up() failed", "no_such_table", "outside a transaction",
                             "recorded as running", "kit-host migrate:repair"});
  // What it did before failing stays: it ran outside a transaction.
  EXPECT_EQ(schema().indexes(), Strings{"idx_alpha_name"});
  EXPECT_EQ(schema().ledger_states(), (Strings{kAlpha + "=applied", kIndex + "=running"}));
  EXPECT_FALSE(has(schema().tables(), "omega"));

  const auto before = schema().snapshot();
  for (const auto& command : {"migrate", "migrate:rollback", "migrate:reset", "migrate:refresh"}) {
    SCOPED_TRACE(command);
    const auto refused = kit({command, "--dir", kOutside});
    EXPECT_EQ(refused.exit_code, 6) << refused.out << refused.err;
    expect_error_line(refused, {kIndex + ": did not finish", "ran outside a transaction",
                                "the database needs attention", "'kit-host migrate:repair'",
                                "'kit-host migrate:repair --mark-applied " + kIndex + "'"});
    EXPECT_EQ(schema().snapshot(), before);
  }
  const auto status = kit({"migrate:status", "--dir", kOutside});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_TRUE(std::regex_search(status.out, std::regex(kIndex + " +Running +1 "))) << status.out;
  EXPECT_TRUE(contains(status.out, "3 migrations: 1 applied, 1 pending, 1 running")) << status.out;

  // The operator undoes what it did, then tells kit-host so.
  schema().execute("DROP INDEX idx_alpha_name");
  const auto repair = kit({"migrate:repair", "--dir", kOutside});
  ASSERT_EQ(repair.exit_code, 0) << repair.out << repair.err;
  EXPECT_TRUE(contains(repair.out, "Removed " + kIndex +
                                       " (left running) from kit_migrations: "
                                       "it counts as not applied now.\n"))
      << repair.out;
  EXPECT_EQ(schema().ledger_states(), Strings{kAlpha + "=applied"});

  const auto again = kit({"migrate", "--dir", kOutside});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_TRUE(contains(again.out, "Running 2 migrations (batch 2)\n")) << again.out;
  EXPECT_EQ(schema().indexes(), Strings{"idx_alpha_name"});
  EXPECT_EQ(schema().ledger_states(),
            (Strings{kAlpha + "=applied", kIndex + "=applied", kOmega + "=applied"}));
  const auto nothing = kit({"migrate:repair", "--dir", kOutside});
  EXPECT_EQ(nothing.exit_code, 0);
  EXPECT_TRUE(contains(nothing.out, "Nothing to repair.\n")) << nothing.out;
}

TEST_P(OutsideTransaction, AStatementThatFailsRenderingAfterOthersRanLeavesItRunning) {
  // Found in review: the statement that failed had sent no SQL, so kit-host said "nothing
  // was changed" and removed the row, though the index before it had been made.
  const auto failed = kit({"migrate", "--dir", kOutside}, {{"KIT_E2E_FAIL_UP_RENDERING", "1"}});
  EXPECT_EQ(failed.exit_code, 1) << failed.out << failed.err;
  expect_error_line(failed,
                    {kIndex, "up() failed", "outside a transaction", "recorded as running"});
  EXPECT_FALSE(contains(failed.err, "nothing was changed")) << failed.err;
  EXPECT_EQ(schema().indexes(), Strings{"idx_alpha_name"});
  EXPECT_EQ(schema().ledger_states(), (Strings{kAlpha + "=applied", kIndex + "=running"}));
  EXPECT_EQ(kit({"migrate", "--dir", kOutside}).exit_code, 6);

  ASSERT_EQ(kit({"migrate:repair", "--dir", kOutside, "--mark-applied", kIndex}).exit_code, 0);
  ASSERT_EQ(kit({"migrate", "--dir", kOutside}).exit_code, 0);
  const auto down = kit({"migrate:rollback", "--dir", kOutside, "--step", "2"},
                        {{"KIT_E2E_FAIL_DOWN_RENDERING", "1"}});
  EXPECT_EQ(down.exit_code, 1) << down.out << down.err;
  expect_error_line(down, {kIndex, "down() failed", "recorded as reverting"});
  EXPECT_TRUE(schema().indexes().empty());
  EXPECT_EQ(schema().ledger_states(), (Strings{kAlpha + "=applied", kIndex + "=reverting"}));
}

TEST_P(OutsideTransaction, AKilledRunLeavesItRunningAndRepairCanMarkItApplied) {
  const auto killed = kit({"migrate", "--dir", kOutside}, {{"KIT_E2E_KILL_UP", "1"}});
  EXPECT_EQ(killed.exit_code, 128 + 9) << killed.out << killed.err;
  EXPECT_EQ(schema().ledger_states(), (Strings{kAlpha + "=applied", kIndex + "=running"}));
  EXPECT_EQ(schema().indexes(), Strings{"idx_alpha_name"});

  const auto refused = kit({"migrate", "--dir", kOutside});
  EXPECT_EQ(refused.exit_code, 6);
  expect_error_line(refused, {kIndex, "did not finish", "migrate:repair"});

  // Only a migration left running can be marked applied.
  const auto wrong = kit({"migrate:repair", "--dir", kOutside, "--mark-applied", kAlpha});
  EXPECT_EQ(wrong.exit_code, 2);
  expect_error_line(wrong, {"--mark-applied " + kAlpha, "Applied", "not a migration left running"});

  // The index is there: it completed before the kill, so the operator marks it applied.
  const auto repair = kit({"migrate:repair", "--dir", kOutside, "--mark-applied", kIndex});
  ASSERT_EQ(repair.exit_code, 0) << repair.out << repair.err;
  EXPECT_TRUE(contains(repair.out, "Marked " + kIndex + " applied.\n")) << repair.out;
  EXPECT_EQ(schema().ledger_states(), (Strings{kAlpha + "=applied", kIndex + "=applied"}));

  const auto rest = kit({"migrate", "--dir", kOutside});
  ASSERT_EQ(rest.exit_code, 0) << rest.out << rest.err;
  EXPECT_TRUE(contains(rest.out, "Running 1 migration (batch 2)\n")) << rest.out;
  EXPECT_TRUE(has(schema().tables(), "omega"));
}

TEST_P(OutsideTransaction, AFailedRollbackLeavesItRevertingUntilRepair) {
  ASSERT_EQ(kit({"migrate", "--dir", kOutside}).exit_code, 0);
  const auto failed =
      kit({"migrate:rollback", "--dir", kOutside, "--step", "2"}, {{"KIT_E2E_FAIL_DOWN", "1"}});
  EXPECT_EQ(failed.exit_code, 1) << failed.out << failed.err;
  expect_error_line(failed, {kIndex, "down() failed", "recorded as reverting", "migrate:repair"});
  EXPECT_EQ(schema().ledger_states(), (Strings{kAlpha + "=applied", kIndex + "=reverting"}));
  EXPECT_TRUE(schema().indexes().empty());

  const auto refused = kit({"migrate", "--dir", kOutside});
  EXPECT_EQ(refused.exit_code, 6);
  expect_error_line(refused, {kIndex + ": did not finish rolling back", "counts as rolled back"});

  const auto repair = kit({"migrate:repair", "--dir", kOutside});
  ASSERT_EQ(repair.exit_code, 0) << repair.out << repair.err;
  EXPECT_TRUE(contains(repair.out, "it counts as rolled back now.\n")) << repair.out;
  EXPECT_EQ(schema().ledger_states(), Strings{kAlpha + "=applied"});
  const auto status = kit({"migrate:status", "--dir", kOutside});
  EXPECT_TRUE(std::regex_search(status.out, std::regex(kIndex + " +Pending\n"))) << status.out;
}

using Atomic = DatabaseTest;
KIT_E2E_ON_EVERY_DATABASE(Atomic);

TEST_P(Atomic, AppliesEveryPendingMigrationInOneTransaction) {
  link_examples_as_default_dir();
  const auto result = kit({"migrate", "--atomic"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_TRUE(contains(result.out, "Running 5 migrations (batch 1, in one transaction)\n"))
      << result.out;
  EXPECT_EQ(schema().ledger_versions(), kExamples);
  for (const auto& row : schema().ledger()) EXPECT_EQ(row.batch, 1) << row.version;
  EXPECT_EQ(schema().indexes(), (Strings{"idx_posts_user_id_created_at", "idx_users_phone"}));
}

TEST_P(Atomic, AFailureAppliesNoneOfTheRun) {
  const auto result = kit({"migrate", "--atomic", "--dir", kFixtures + "/failing_sql"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  expect_error_line(
      result, {"m20240101_000100_create_beta_then_fail", "no_such_table",
               "rolled back with the whole --atomic run", "none of its 3 migrations was applied"});
  // Without --atomic the first migration stays applied (BadInput tests that); here nothing.
  EXPECT_EQ(schema().tables(), Strings{"kit_migrations"});
  EXPECT_TRUE(schema().ledger().empty());
}

TEST_P(Atomic, RefusedWhenAMigrationOptsOutOfTransactions) {
  const auto result = kit({"migrate", "--atomic", "--dir", kOutside});
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  expect_error_line(result, {"--atomic: " + kIndex, "opts out of transactions",
                             "use_transaction() is false", "without --atomic"});
  EXPECT_TRUE(schema().tables().empty());
}

using LedgerUpgrade = DatabaseTest;
KIT_E2E_ON_EVERY_DATABASE(LedgerUpgrade);

TEST_P(LedgerUpgrade, AFiveColumnLedgerIsReadAndUpgraded) {
  link_examples_as_default_dir();
  ASSERT_EQ(kit({"migrate", "--step", "2"}).exit_code, 0);
  // The ledger as kit-host made it before the state column.
  schema().execute("ALTER TABLE kit_migrations DROP COLUMN state");
  ASSERT_FALSE(has(schema().column_names("kit_migrations"), "state"));

  const auto status = kit({"migrate:status"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_TRUE(contains(status.out, "5 migrations: 2 applied, 3 pending.\n")) << status.out;
  EXPECT_FALSE(has(schema().column_names("kit_migrations"), "state")) << "status changed it";

  const auto migrate = kit({"migrate"});
  ASSERT_EQ(migrate.exit_code, 0) << migrate.out << migrate.err;
  EXPECT_TRUE(contains(migrate.out, "Running 3 migrations (batch 2)\n")) << migrate.out;
  EXPECT_EQ(schema().column_names("kit_migrations"),
            (Strings{"version", "batch", "checksum", "applied_at", "execution_ms", "state"}));
  for (const auto& row : schema().ledger()) EXPECT_EQ(row.state, "applied") << row.version;
  EXPECT_EQ(schema().ledger_versions(), kExamples);
}

}  // namespace
}  // namespace kit::test
