// The exit-code table of README.md and docs/operating.md, one case per code, each through the
// kit-host binary, on each database: what a deploy pipeline branches on.
#include <chrono>

#include "driver_registry.hpp"
#include "host_test.hpp"
#include "kit/database_url.hpp"

namespace kit::test {
namespace {

const std::string kFixtures = KIT_E2E_FIXTURES_DIR;

using ExitCodes = DatabaseTest;
KIT_E2E_ON_EVERY_DATABASE(ExitCodes);

TEST_P(ExitCodes, ZeroIsSuccessAndNothingToDo) {
  link_examples_as_default_dir();
  EXPECT_EQ(kit({"migrate"}).exit_code, 0);
  EXPECT_EQ(kit({"migrate"}).exit_code, 0);
  EXPECT_EQ(kit({"migrate:status", "--exit-code"}).exit_code, 0);
  EXPECT_EQ(kit({"migrate:validate"}).exit_code, 0);
}

TEST_P(ExitCodes, OneIsAFailedMigration) {
  const auto result = kit({"migrate", "--dir", kFixtures + "/failing_sql"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  expect_error_line(result, {"m20240101_000100_create_beta_then_fail", "rolled back"});
}

TEST_P(ExitCodes, TwoIsUsageOrConfigurationWithTheClosestValidName) {
  auto result = kit({"migrate:rolback"});
  EXPECT_EQ(result.exit_code, 2);
  expect_error_line(result,
                    {"unknown command 'migrate:rolback'", "did you mean 'migrate:rollback'?"});
  result = kit({"migrate", "--pretnd"});
  EXPECT_EQ(result.exit_code, 2);
  expect_error_line(result, {"unknown option '--pretnd' for migrate", "did you mean '--pretend'?"});
  result = kit({"migrate", "--dir", "no/such/dir"});
  EXPECT_EQ(result.exit_code, 2);
  expect_error_line(result, {"'no/such/dir'"});
  if (!postgres()) {
    // db:sync on a SQLite file that does not exist.
    result = kit({"db:sync"});
    EXPECT_EQ(result.exit_code, 2);
    expect_error_line(result, {"database file", "does not exist"});
  }
  EXPECT_TRUE(untouched());
}

TEST_P(ExitCodes, ThreeIsAnInvalidArtifact) {
  copy_artifacts(KIT_E2E_EXAMPLES_DIR, "artifacts");
  dir_.write("artifacts/m20240101_000000_empty.so", "");
  const auto result = kit({"migrate", "--dir", "artifacts"});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  expect_error_line(result, {"m20240101_000000_empty.so"});
}

TEST_P(ExitCodes, FourIsAValidationFailure) {
  const auto dir = copy_artifacts(KIT_E2E_EXAMPLES_DIR, "artifacts");
  ASSERT_EQ(kit({"migrate", "--dir", "artifacts", "--step", "1"}).exit_code, 0);
  fs::copy_file(fs::path(kFixtures) / "edited" / (kUsers + ".so"), dir / (kUsers + ".so"),
                fs::copy_options::overwrite_existing);
  EXPECT_EQ(kit({"migrate:validate", "--dir", "artifacts"}).exit_code, 4);
  EXPECT_EQ(kit({"migrate", "--dir", "artifacts"}).exit_code, 4);
}

TEST_P(ExitCodes, FiveIsALockTimeout) {
  const auto registry = host::DriverRegistry::scan({KIT_E2E_DRIVERS_DIR});
  auto holder = registry.open(DatabaseUrl::parse(url()), url());
  holder->lock(std::chrono::seconds(5));
  link_examples_as_default_dir();
  const auto result = kit({"migrate", "--lock-timeout", "100ms"});
  EXPECT_EQ(result.exit_code, 5) << result.out << result.err;
  expect_error_line(result, {"cannot take the migration lock"});
  // --pretend takes the lock too.
  EXPECT_EQ(kit({"migrate", "--pretend", "--lock-timeout", "100ms"}).exit_code, 5);
  holder->unlock();
}

TEST_P(ExitCodes, SixIsAMigrationThatNeedsRepair) {
  const std::string outside = kFixtures + "/outside_transaction";
  ASSERT_EQ(kit({"migrate", "--dir", outside}, {{"KIT_E2E_FAIL_UP", "1"}}).exit_code, 1);
  const auto result = kit({"migrate", "--dir", outside});
  EXPECT_EQ(result.exit_code, 6) << result.out << result.err;
  expect_error_line(result, {"did not finish", "migrate:repair"});
}

TEST_P(ExitCodes, SevenIsPendingWithExitCode) {
  link_examples_as_default_dir();
  ASSERT_EQ(kit({"migrate", "--step", "4"}).exit_code, 0);
  const auto result = kit({"migrate:status", "--exit-code"});
  EXPECT_EQ(result.exit_code, 7) << result.out << result.err;
  EXPECT_EQ(result.err, "");
}

TEST_P(ExitCodes, EightIsDbSyncCheckOutOfDate) {
  link_examples_as_default_dir();
  ASSERT_EQ(kit({"migrate", "--step", "1"}).exit_code, 0);
  auto result = kit({"db:sync", "--check"});
  EXPECT_EQ(result.exit_code, 8) << result.out << result.err;
  EXPECT_EQ(result.err, "");
  ASSERT_EQ(kit({"db:sync"}).exit_code, 0);
  EXPECT_EQ(kit({"db:sync", "--check"}).exit_code, 0);
  ASSERT_EQ(kit({"migrate"}).exit_code, 0);
  EXPECT_EQ(kit({"db:sync", "--check"}).exit_code, 8);
}

}  // namespace
}  // namespace kit::test
