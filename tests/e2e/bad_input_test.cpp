// Bad input: each gets one line naming the file, migration or statement, the right exit
// code, and the database as it was before; on each database. Bad configuration, which
// fails before any database is chosen, runs once.
#include <random>
#include <regex>

#include "host_test.hpp"

namespace kit::test {
namespace {

using BadInput = DatabaseTest;
KIT_E2E_ON_EVERY_DATABASE(BadInput);
using BadConfig = HostTest;

const std::string kFixtures = KIT_E2E_FIXTURES_DIR;

TEST_P(BadInput, MissingDirIsAConfigurationError) {
  const auto result = kit({"migrate", "--dir", "no/such/dir"});
  EXPECT_EQ(result.exit_code, 2);
  expect_error_line(result, {"'no/such/dir'", "does not exist"});
  EXPECT_TRUE(untouched());
}

TEST_P(BadInput, DefaultDirMissingSaysHowToSetIt) {
  const auto result = kit({"migrate:status"});
  EXPECT_EQ(result.exit_code, 2);
  expect_error_line(result, {"'build/migrations'", "--dir", "KIT_MIGRATIONS_DIR"});
}

TEST_P(BadInput, RandomBytesNamedLikeAnArtifactApplyNothing) {
  const auto dir = copy_artifacts(KIT_E2E_EXAMPLES_DIR, "artifacts");
  ASSERT_EQ(kit({"migrate", "--dir", "artifacts", "--step", "3"}).exit_code, 0);
  std::string bytes(8192, '\0');
  std::mt19937 random(7);
  for (auto& byte : bytes) byte = static_cast<char>(random());
  dir_.write("artifacts/m20240119_000000_random_bytes.so", bytes);
  const auto before = schema().snapshot();

  const auto result = kit({"migrate", "--dir", "artifacts"});
  EXPECT_EQ(result.exit_code, 3);
  expect_error_line(result,
                    {"artifacts/m20240119_000000_random_bytes.so", "not a loadable library"});
  // Pre-flight: the two valid pending migrations were not applied either.
  EXPECT_EQ(schema().snapshot(), before);
}

TEST_P(BadInput, EmptyFileIsNotALoadableLibrary) {
  copy_artifacts(KIT_E2E_EXAMPLES_DIR, "artifacts");
  dir_.write("artifacts/m20240101_000000_empty.so", "");
  const auto result = kit({"migrate", "--dir", "artifacts"});
  EXPECT_EQ(result.exit_code, 3);
  expect_error_line(result, {"m20240101_000000_empty.so", "not a loadable library"});
  EXPECT_TRUE(schema().tables().empty());
}

TEST_P(BadInput, MalformedArtifactNameIsRejectedBeforeTheDatabaseIsOpened) {
  copy_artifacts(KIT_E2E_EXAMPLES_DIR, "artifacts");
  fs::copy_file(dir_ / "artifacts" / (kUsers + ".so"), dir_ / "artifacts" / "m2024_bad.so");
  const auto result = kit({"migrate", "--dir", "artifacts"});
  EXPECT_EQ(result.exit_code, 3);
  expect_error_line(result, {"artifacts/m2024_bad.so", "m<YYYYMMDD>_<HHMMSS>_<snake_case_name>"});
  EXPECT_TRUE(untouched());
}

TEST_P(BadInput, DuplicateVersionIsRejected) {
  copy_artifacts(KIT_E2E_EXAMPLES_DIR, "artifacts");
  fs::copy_file(dir_ / "artifacts" / (kUsers + ".so"),
                dir_ / "artifacts" / "m20240115_120000_create_accounts_table.so");
  const auto result = kit({"migrate", "--dir", "artifacts"});
  EXPECT_EQ(result.exit_code, 3);
  expect_error_line(
      result, {"duplicate version 20240115_120000", "create_accounts_table", "create_users_table"});
  EXPECT_TRUE(untouched());
}

TEST_P(BadInput, EmbeddedNameMustEqualTheFileName) {
  copy_artifacts(KIT_E2E_EXAMPLES_DIR, "artifacts");
  fs::copy_file(dir_ / "artifacts" / (kPosts + ".so"),
                dir_ / "artifacts" / "m20240120_000000_impostor.so");
  const auto result = kit({"migrate", "--dir", "artifacts"});
  EXPECT_EQ(result.exit_code, 3);
  expect_error_line(result, {"m20240120_000000_impostor.so", "embedded name", "'" + kPosts + "'"});
  EXPECT_TRUE(schema().tables().empty());
}

TEST_P(BadInput, ADriverWhereAMigrationIsExpected) {
  copy_artifacts(KIT_E2E_EXAMPLES_DIR, "artifacts");
  fs::copy_file(fs::path(KIT_E2E_DRIVERS_DIR) / "kit_driver_sqlite.so",
                dir_ / "artifacts" / "m20240120_000000_driver.so");
  const auto result = kit({"migrate", "--dir", "artifacts"});
  EXPECT_EQ(result.exit_code, 3);
  expect_error_line(result,
                    {"m20240120_000000_driver.so", "is a driver plugin, expected a migration"});
  EXPECT_TRUE(schema().tables().empty());
}

TEST_P(BadInput, AMissingEntryPointIsNamed) {
  const auto result = kit({"migrate", "--dir", kFixtures + "/no_entry_points"});
  EXPECT_EQ(result.exit_code, 3);
  expect_error_line(result, {"m20240101_000000_forgot_kit_migration.so",
                             "does not export kit_migration_create", "KIT_MIGRATION"});
  EXPECT_TRUE(schema().tables().empty());
}

TEST_F(BadConfig, UnknownSchemeListsTheAvailableOnesAndHidesThePassword) {
  const auto result = kit({"migrate", "--dir", KIT_E2E_EXAMPLES_DIR, "--database-url",
                           "mysql://root:hunter2@localhost/app"});
  EXPECT_EQ(result.exit_code, 2);
  expect_error_line(
      result, {"unknown database URL scheme 'mysql'", "mysql://root:***@localhost/app", "sqlite"});
  EXPECT_FALSE(contains(result.out + result.err, "hunter2"));
}

TEST_F(BadConfig, NoDriversSaysWhichListedFolderIsMissingOrNoFolder) {
  dir_.write("drivers.txt", "not a folder\n");
  fs::create_directory(dir_ / "empty");
  const auto result = kit({"migrate:status", "--dir", KIT_E2E_EXAMPLES_DIR, "--drivers",
                           "no/such/drivers:drivers.txt:empty"});
  EXPECT_EQ(result.exit_code, 2);
  expect_error_line(result, {"no database drivers (kit_driver_*.so) in no/such/drivers (does not "
                             "exist), drivers.txt (not a folder), empty: set --drivers or "
                             "KIT_DRIVER_PATH"});
  EXPECT_FALSE(fs::exists(dir_ / "database.db"));

  // Drivers found, but none for the scheme: the folder that is missing is named as such.
  const auto mysql = kit({"migrate:status", "--dir", KIT_E2E_EXAMPLES_DIR, "--database-url",
                          "mysql://localhost/app", "--drivers",
                          std::string(KIT_E2E_DRIVERS_DIR) + ":no/such/drivers"});
  EXPECT_EQ(mysql.exit_code, 2);
  expect_error_line(
      mysql, {"unknown database URL scheme 'mysql'", "no/such/drivers (does not exist) serve"});
}

TEST_F(BadConfig, MalformedUrlIsAConfigurationError) {
  auto result = kit({"migrate", "--dir", KIT_E2E_EXAMPLES_DIR, "--database-url", "no scheme here"});
  EXPECT_EQ(result.exit_code, 2);
  expect_error_line(result, {"invalid database URL"});

  result = kit({"migrate", "--dir", KIT_E2E_EXAMPLES_DIR, "--database-url",
                "sqlite://database.db?mode=sideways"});
  EXPECT_EQ(result.exit_code, 2);
  expect_error_line(result, {"sideways"});
  EXPECT_FALSE(fs::exists(dir_ / "database.db"));
}

TEST_F(BadConfig, SqliteDriverErrorsNeverShowThePassword) {
  const auto result = kit({"migrate", "--dir", KIT_E2E_EXAMPLES_DIR, "--database-url",
                           "sqlite://admin:hunter2@/no/such/dir/app.db?mode=rw"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_FALSE(contains(result.out + result.err, "hunter2")) << result.out << result.err;
}

TEST_P(BadInput, MigrationWhoseUpThrowsIsRolledBackAndNamed) {
  const auto result = kit({"migrate", "--dir", kFixtures + "/throwing_up"});
  EXPECT_EQ(result.exit_code, 1);
  expect_error_line(result, {"m20240101_000100_throw_in_up", "up() threw",
                             "deliberate failure in up()", "rolled back"});
  EXPECT_TRUE(contains(result.out, "m20240101_000000_create_alpha_table ")) << result.out;
  EXPECT_TRUE(
      std::regex_search(result.out, std::regex(R"(m20240101_000100_throw_in_up \.+ .* FAIL\n)")))
      << result.out;
  EXPECT_EQ(schema().tables(), (std::vector<std::string>{"alpha", "kit_migrations"}));
  EXPECT_EQ(schema().ledger_versions(),
            std::vector<std::string>{"m20240101_000000_create_alpha_table"});
}

TEST_P(BadInput, MigrationWhoseSqlFailsLeavesTheDatabaseAsBeforeIt) {
  const auto dir = kFixtures + "/failing_sql";
  const auto result = kit({"migrate", "--dir", dir});
  EXPECT_EQ(result.exit_code, 1);
  expect_error_line(result, {"m20240101_000100_create_beta_then_fail", "execute", "no_such_table",
                             "rolled back"});
  EXPECT_FALSE(contains(result.out, "m20240101_000200_create_gamma_table")) << result.out;
  EXPECT_EQ(schema().tables(), (std::vector<std::string>{"alpha", "kit_migrations"}));
  EXPECT_EQ(schema().ledger_versions(),
            std::vector<std::string>{"m20240101_000000_create_alpha_table"});

  // A second run fails the same way and changes nothing.
  const auto before = schema().snapshot();
  const auto again = kit({"migrate", "--dir", dir});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_TRUE(contains(again.out, "Running 2 migrations (batch 2)")) << again.out;
  EXPECT_EQ(schema().snapshot(), before);
}

TEST_P(BadInput, MigrationThatSwallowsAFailedStatementStillFailsAndLeavesNothing) {
  const auto dir = kFixtures + "/swallowed_error";
  const auto result = kit({"migrate", "--dir", dir});
  EXPECT_EQ(result.exit_code, 1);
  expect_error_line(result, {"m20240101_000100_create_delta_swallowing_an_error", "no_such_table",
                             "rolled back"});
  EXPECT_EQ(schema().tables(), (std::vector<std::string>{"alpha", "kit_migrations"}));
  EXPECT_EQ(schema().ledger_versions(),
            std::vector<std::string>{"m20240101_000000_create_alpha_table"});
}

// What a migration undid by rolling back to a savepoint it set before the failure no longer
// fails it: the error it caught is gone, with what ran since the savepoint.
TEST_P(BadInput, MigrationThatRollsBackToASavepointAfterAFailureGoesOn) {
  const auto dir = kFixtures + "/savepoint_recovery";
  const auto result = kit({"migrate", "--dir", dir});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_TRUE(contains(result.out, "Applied 2 migrations")) << result.out;
  EXPECT_EQ(result.err, "");
  EXPECT_EQ(schema().ledger_versions(),
            (std::vector<std::string>{"m20240101_000000_create_alpha_table",
                                      "m20240101_000100_create_zeta_recovering_from_a_failure"}));
  EXPECT_EQ(schema().row_count("zeta"), 2);  // 1 and 2; the backfill's 3 was rolled back

  // A dry run goes the same way.
  ASSERT_EQ(kit({"migrate:rollback", "--dir", dir}).exit_code, 0);
  const auto pretend = kit({"migrate", "--pretend", "--dir", dir});
  EXPECT_EQ(pretend.exit_code, 0) << pretend.out << pretend.err;
  EXPECT_EQ(schema().tables(), (std::vector<std::string>{"alpha", "kit_migrations"}));
}

// A savepoint set after the failure undoes nothing of it: the migration fails, and the dry
// run says so in the same words.
TEST_P(BadInput, ASavepointSetAfterAFailureDoesNotUndoIt) {
  const auto dir = kFixtures + "/savepoint_after_failure";
  const auto pretend = kit({"migrate", "--pretend", "--dir", dir});
  const auto result = kit({"migrate", "--dir", dir});
  EXPECT_EQ(result.exit_code, 1);
  expect_error_line(result, {"m20240101_000100_create_eta_saving_too_late", "no_such_table",
                             "caught the error and went on", "rolled back"});
  EXPECT_EQ(pretend.exit_code, 1) << pretend.out;
  expect_error_line(pretend, {"m20240101_000100_create_eta_saving_too_late", "no_such_table",
                              "caught the error and went on", "--pretend"});
  EXPECT_EQ(schema().tables(), std::vector<std::string>{"kit_migrations"});
}

// A ROLLBACK TO that undid a failure, then a second failure in the same execute(): the error
// names the second, which stands, not the one undone; in a dry run as in the real one.
TEST_P(BadInput, AFailureAfterARollbackToIsTheOneNamed) {
  const auto dir = kFixtures + "/second_failure";
  const std::string theta = "m20240101_000100_create_theta_failing_twice";
  const auto pretend = kit({"migrate", "--pretend", "--dir", dir});
  const auto result = kit({"migrate", "--dir", dir});
  for (const auto* run : {&result, &pretend}) {
    EXPECT_EQ(run->exit_code, 1) << run->out << run->err;
    expect_error_line(*run, {theta, "no_such_archive_table",
                             run == &pretend ? "(--pretend: rolled back" : "(rolled back)"});
    EXPECT_FALSE(contains(run->err, "no_such_legacy_table")) << run->err;
  }
  // PostgreSQL refuses the statement after it (naming it); SQLite runs it, and the migration
  // fails for having caught the error.
  EXPECT_TRUE(contains(result.err, postgres() ? "an earlier statement failed: relation "
                                                "\"no_such_archive_table\" does not exist"
                                              : "caught the error and went on"))
      << result.err;
  EXPECT_EQ(schema().tables(), std::vector<std::string>{"kit_migrations"});
  EXPECT_EQ(schema().ledger_versions(), std::vector<std::string>{});
}

// A ROLLBACK TO a savepoint the migration before left open: in the real run that savepoint
// died with its transaction; in one transaction with it (--atomic) it would undo that one's
// work and its ledger row, which the run finds before it commits; a dry run fails as the
// real run does.
TEST_P(BadInput, AMigrationCannotRollBackToASavepointOfTheOneBeforeIt) {
  const auto dir = kFixtures + "/savepoint_misuse";
  const auto atomic = kit({"migrate", "--atomic", "--dir", dir});
  EXPECT_EQ(atomic.exit_code, 1) << atomic.out;
  expect_error_line(atomic, {"m20240101_000100_create_iota_leaving_a_savepoint was undone",
                             "ROLLBACK TO", "none of its 2 migrations was applied"});
  EXPECT_EQ(schema().tables(), std::vector<std::string>{"kit_migrations"});
  EXPECT_EQ(schema().ledger_versions(), std::vector<std::string>{});

  const auto pretend = kit({"migrate", "--pretend", "--dir", dir});
  EXPECT_EQ(pretend.exit_code, 1) << pretend.out;
  expect_error_line(pretend, {"m20240101_000200_create_kappa_rolling_back_too_far", "step"});

  const auto one_by_one = kit({"migrate", "--dir", dir});
  EXPECT_EQ(one_by_one.exit_code, 1);
  EXPECT_EQ(schema().tables(),
            (std::vector<std::string>{"iota", "iota2", "iota3", "kit_migrations"}));
  EXPECT_EQ(schema().ledger_versions(),
            std::vector<std::string>{"m20240101_000100_create_iota_leaving_a_savepoint"});
}

TEST_P(BadInput, MigrationThatCommitsInRawSqlIsRefusedAndLeavesNothing) {
  const auto dir = kFixtures + "/raw_commit";
  const auto result = kit({"migrate", "--dir", dir});
  EXPECT_EQ(result.exit_code, 1);
  expect_error_line(result, {"m20240101_000100_create_epsilon_then_commit",
                             "a migration cannot BEGIN, COMMIT or ROLLBACK", "rolled back"});
  EXPECT_EQ(schema().tables(), (std::vector<std::string>{"alpha", "kit_migrations"}));
  EXPECT_EQ(schema().ledger_versions(),
            std::vector<std::string>{"m20240101_000000_create_alpha_table"});
  EXPECT_EQ(schema().row_count("alpha"), 0);
}

TEST_P(BadInput, RollingBackAMigrationWhoseArtifactIsMissingNamesIt) {
  copy_artifacts(KIT_E2E_EXAMPLES_DIR, "artifacts");
  ASSERT_EQ(kit({"migrate", "--dir", "artifacts"}).exit_code, 0);
  fs::remove(dir_ / "artifacts" / (kRename + ".so"));
  const auto status = kit({"migrate:status", "--dir", "artifacts"});
  EXPECT_EQ(status.exit_code, 0);
  EXPECT_TRUE(std::regex_search(status.out, std::regex(kRename + " +Missing +1 "))) << status.out;
  EXPECT_TRUE(contains(status.out, "5 migrations: 4 applied, 0 pending, 1 missing")) << status.out;

  const auto before = schema().snapshot();
  const auto result = kit({"migrate:rollback", "--dir", "artifacts"});
  EXPECT_EQ(result.exit_code, 3);
  expect_error_line(result, {kRename, "cannot roll back", "missing"});
  EXPECT_EQ(schema().snapshot(), before);
}

TEST_F(BadConfig, UnknownCommandAndOption) {
  auto result = kit({"migrate:sideways"});
  EXPECT_EQ(result.exit_code, 2);
  expect_error_line(result, {"unknown command 'migrate:sideways'"});
  result = kit({"migrate", "--sideways"});
  EXPECT_EQ(result.exit_code, 2);
  expect_error_line(result, {"--sideways"});
}

}  // namespace
}  // namespace kit::test
