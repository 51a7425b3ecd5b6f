// PostgreSQL only: the password of the database URL appears in no output of any command,
// whether the URL comes from the flag, DATABASE_URL or .env, and whether the command
// succeeds, fails in a migration, or cannot connect at all.
#include "host_test.hpp"

namespace kit::test {
namespace {

using PostgresPassword = DatabaseTest;
INSTANTIATE_TEST_SUITE_P(E2e, PostgresPassword, ::testing::Values(Backend::Postgres), backend_name);

const std::string kFixtures = KIT_E2E_FIXTURES_DIR;

/// Expects that `secret` appears nowhere in what the run printed.
void expect_hidden(const Process::Result& result, const std::string& secret,
                   const std::string& what) {
  EXPECT_FALSE(contains(result.out, secret)) << what << ": stdout shows it:\n" << result.out;
  EXPECT_FALSE(contains(result.err, secret)) << what << ": stderr shows it:\n" << result.err;
}

TEST_P(PostgresPassword, AppearsInNoOutputOfAnyCommand) {
  const std::string password = postgres_database().password();
  ASSERT_GE(password.size(), 6U) << "KIT_TEST_POSTGRES_URL needs a password for this test "
                                    "(scripts/throwaway-postgres sets one)";
  link_examples_as_default_dir();

  auto result = kit({"migrate", "--step", "3"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(contains(result.out, "Database: " + shown_url() + "\n")) << result.out;
  expect_hidden(result, password, "migrate");

  result = kit({"migrate:status"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  expect_hidden(result, password, "migrate:status");

  result = kit_as_is({"migrate:status"}, {{"DATABASE_URL", url()}});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(contains(result.out, shown_url() + " (from DATABASE_URL)")) << result.out;
  expect_hidden(result, password, "migrate:status with DATABASE_URL");

  dir_.write(".env", "DATABASE_URL=" + url() + "\n");
  result = kit_as_is({"migrate"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(contains(result.out, shown_url() + " (from .env)")) << result.out;
  expect_hidden(result, password, "migrate with .env");

  result = kit({"migrate:rollback", "--step", "2"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  expect_hidden(result, password, "migrate:rollback");

  result = kit({"migrate:refresh"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  expect_hidden(result, password, "migrate:refresh");

  result = kit({"migrate:fresh"});  // no terminal, no --force: refused, naming the database
  EXPECT_EQ(result.exit_code, 2);
  expect_error_line(result, {shown_url()});
  expect_hidden(result, password, "migrate:fresh");

  result = kit({"migrate:reset"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  expect_hidden(result, password, "migrate:reset");

  result = kit({"migrate", "--dir", kFixtures + "/failing_sql"});
  EXPECT_EQ(result.exit_code, 1);
  expect_error_line(result, {"m20240101_000100_create_beta_then_fail", "no_such_table"});
  expect_hidden(result, password, "a failing migration");

  result = kit({"migrate:fresh", "--force", "--dir", kFixtures + "/failing_sql"});
  EXPECT_EQ(result.exit_code, 1);
  expect_hidden(result, password, "migrate:fresh --force, then a failing migration");
  EXPECT_EQ(schema().ledger_versions(),
            std::vector<std::string>{"m20240101_000000_create_alpha_table"});
}

TEST_P(PostgresPassword, ConnectionFailuresNameTheServerButNoPassword) {
  const auto& db = postgres_database();
  const std::string password = db.password();
  ASSERT_GE(password.size(), 6U) << "KIT_TEST_POSTGRES_URL needs a password for this test";
  const std::string wrong = "Wrong-Secret-4711";

  // A wrong password: the server refuses, the message names where, not what.
  auto result = kit_as_is(
      {"migrate", "--dir", KIT_E2E_EXAMPLES_DIR, "--database-url", db.url_as(db.user(), wrong)});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  expect_error_line(result, {"cannot connect to PostgreSQL", db.host(), db.port(), db.name()});
  expect_hidden(result, wrong, "a wrong password");
  expect_hidden(result, password, "a wrong password");

  // The right password, but no server on that port.
  const std::string closed = "postgres://" + db.user() + ":" + password + "@127.0.0.1:1/" +
                             db.name() + "?connect_timeout=5";
  result = kit_as_is({"migrate:status", "--dir", KIT_E2E_EXAMPLES_DIR, "--database-url", closed});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  expect_error_line(result, {"cannot connect to PostgreSQL", "127.0.0.1", "port 1"});
  expect_hidden(result, password, "no server");

  // A URL the driver refuses before connecting.
  result = kit_as_is(
      {"migrate", "--dir", KIT_E2E_EXAMPLES_DIR, "--database-url", db.url("bad%20key=1")});
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  expect_error_line(result, {"bad key"});
  expect_hidden(result, password, "a bad URL parameter");
  EXPECT_TRUE(untouched());
}

}  // namespace
}  // namespace kit::test
