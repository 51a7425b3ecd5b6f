// The example application's migrations through every command, on each database; and the
// SQLite-only configuration cases (the default sqlite://database.db, DATABASE_URL, .env).
#include <regex>

#include "host_test.hpp"

namespace kit::test {
namespace {

using Examples = DatabaseTest;
KIT_E2E_ON_EVERY_DATABASE(Examples);

using Column = SchemaReader::Column;
using Columns = std::vector<Column>;
using Strings = std::vector<std::string>;

/// The schema after the first three example migrations.
void expect_schema_after_phone(SchemaReader& db) {
  EXPECT_EQ(db.tables(), (Strings{"kit_migrations", "posts", "users"}));
  EXPECT_TRUE(has(db.column_names("users"), "phone"));
  EXPECT_TRUE(has(db.column_names("posts"), "title"));
  EXPECT_FALSE(has(db.column_names("posts"), "headline"));
  EXPECT_TRUE(db.indexes().empty());
}

/// The schema after every example migration: the same facts on every database.
void expect_full_schema(SchemaReader& db) {
  EXPECT_EQ(db.tables(), (Strings{"kit_migrations", "posts", "users"}));
  EXPECT_EQ(db.columns("users"), (Columns{{"id", false},
                                          {"name", false},
                                          {"email", false},
                                          {"password_hash", false},
                                          {"created_at", false},
                                          {"updated_at", false},
                                          {"phone", true}}));
  // The renamed and widened headline kept its NOT NULL and its place.
  EXPECT_EQ(db.columns("posts"), (Columns{{"id", false},
                                          {"user_id", false},
                                          {"headline", false},
                                          {"body", false},
                                          {"published", false},
                                          {"created_at", false},
                                          {"updated_at", false}}));
  EXPECT_EQ(db.indexes(), (Strings{"idx_posts_user_id_created_at", "idx_users_phone"}));
  EXPECT_EQ(db.columns("kit_migrations"), (Columns{{"version", false},
                                                   {"batch", false},
                                                   {"checksum", true},
                                                   {"applied_at", false},
                                                   {"execution_ms", true},
                                                   {"state", false}}));
}

TEST_P(Examples, MigrateAppliesEveryMigrationInOrderOnce) {
  link_examples_as_default_dir();
  const auto result = kit({"migrate"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.err, "");
  EXPECT_TRUE(contains(result.out, "Database: " + shown_url() + "\n")) << result.out;
  EXPECT_TRUE(contains(result.out, "Running 5 migrations (batch 1)\n")) << result.out;
  std::size_t position = 0;
  for (const auto& name : kExamples) {
    const std::regex line("  " + name + R"( \.+ [0-9.]+ m?s DONE\n)");
    std::smatch match;
    const std::string rest = result.out.substr(position);
    ASSERT_TRUE(std::regex_search(rest, match, line)) << name << " in\n" << result.out;
    position += static_cast<std::size_t>(match.position(0) + match.length(0));
  }
  EXPECT_TRUE(
      std::regex_search(result.out, std::regex(R"(\nApplied 5 migrations in [0-9.]+ m?s\.\n$)")))
      << result.out;

  expect_full_schema(schema());
  const auto ledger = schema().ledger();
  ASSERT_EQ(ledger.size(), 5U);
  for (std::size_t i = 0; i < ledger.size(); ++i) {
    EXPECT_EQ(ledger[i].version, kExamples[i]);
    EXPECT_EQ(ledger[i].batch, 1);
    EXPECT_TRUE(std::regex_match(ledger[i].checksum, std::regex("[0-9a-f]{64}")))
        << ledger[i].checksum;
    EXPECT_TRUE(std::regex_match(ledger[i].applied_at,
                                 std::regex(R"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})")))
        << ledger[i].applied_at;
    EXPECT_TRUE(ledger[i].execution_ms.has_value());
  }

  const auto before = schema().snapshot();
  const auto again = kit({"migrate"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(contains(again.out, "\nNothing to migrate.\n")) << again.out;
  EXPECT_EQ(schema().snapshot(), before);
}

TEST_P(Examples, StatusBeforeAndAfter) {
  link_examples_as_default_dir();
  auto status = kit({"migrate:status"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_TRUE(contains(status.out, "Migration  ")) << status.out;
  for (const auto& name : kExamples) {
    EXPECT_TRUE(std::regex_search(status.out, std::regex(name + R"( +Pending\n)"))) << status.out;
  }
  EXPECT_TRUE(contains(status.out, "5 migrations: 0 applied, 5 pending.\n")) << status.out;

  ASSERT_EQ(kit({"migrate", "--step", "3"}).exit_code, 0);
  status = kit({"migrate:status"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  for (std::size_t i = 0; i < kExamples.size(); ++i) {
    const std::string expected =
        i < 3 ? kExamples[i] + R"( +Applied +1 +\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\n)"
              : kExamples[i] + R"( +Pending\n)";
    EXPECT_TRUE(std::regex_search(status.out, std::regex(expected))) << status.out;
  }
  EXPECT_TRUE(contains(status.out, "5 migrations: 3 applied, 2 pending.\n")) << status.out;
  expect_schema_after_phone(schema());
}

TEST_P(Examples, RollbackStepTwoThenMigrateAgainMakesANewBatch) {
  link_examples_as_default_dir();
  ASSERT_EQ(kit({"migrate"}).exit_code, 0);

  const auto rollback = kit({"migrate:rollback", "--step", "2"});
  ASSERT_EQ(rollback.exit_code, 0) << rollback.err;
  EXPECT_TRUE(contains(rollback.out, "Rolling back 2 migrations\n")) << rollback.out;
  const auto newest = rollback.out.find(kRename);
  const auto second = rollback.out.find(kIndexes);
  ASSERT_NE(newest, std::string::npos) << rollback.out;
  ASSERT_NE(second, std::string::npos) << rollback.out;
  EXPECT_LT(newest, second) << "newest first:\n" << rollback.out;
  EXPECT_FALSE(contains(rollback.out, kPhone)) << rollback.out;
  EXPECT_TRUE(contains(rollback.out, "Rolled back 2 migrations in ")) << rollback.out;
  expect_schema_after_phone(schema());
  EXPECT_EQ(schema().ledger_versions(), (Strings{kUsers, kPosts, kPhone}));

  const auto migrate = kit({"migrate"});
  ASSERT_EQ(migrate.exit_code, 0) << migrate.err;
  EXPECT_TRUE(contains(migrate.out, "Running 2 migrations (batch 2)\n")) << migrate.out;
  expect_full_schema(schema());
  const auto ledger = schema().ledger();
  ASSERT_EQ(ledger.size(), 5U);
  EXPECT_EQ(ledger[2].batch, 1);
  EXPECT_EQ(ledger[3].batch, 2);
  EXPECT_EQ(ledger[4].batch, 2);

  // The default step is one migration.
  const auto one = kit({"migrate:rollback"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_TRUE(contains(one.out, "Rolling back 1 migration\n")) << one.out;
  EXPECT_TRUE(contains(one.out, kRename)) << one.out;
  EXPECT_EQ(schema().ledger().size(), 4U);
  EXPECT_TRUE(has(schema().column_names("posts"), "title"));
  EXPECT_TRUE(
      std::regex_search(kit({"migrate:status"}).out, std::regex(kIndexes + R"( +Applied +2 )")));
}

TEST_P(Examples, ResetRollsBackEverythingNewestFirst) {
  link_examples_as_default_dir();
  ASSERT_EQ(kit({"migrate"}).exit_code, 0);
  const auto reset = kit({"migrate:reset"});
  ASSERT_EQ(reset.exit_code, 0) << reset.err;
  EXPECT_TRUE(contains(reset.out, "Rolling back 5 migrations\n")) << reset.out;
  std::size_t previous = 0;
  for (auto it = kExamples.rbegin(); it != kExamples.rend(); ++it) {
    const auto at = reset.out.find(*it);
    ASSERT_NE(at, std::string::npos) << *it;
    EXPECT_GT(at, previous) << *it;
    previous = at;
  }
  EXPECT_EQ(schema().tables(), Strings{"kit_migrations"});
  EXPECT_TRUE(schema().indexes().empty());
  EXPECT_TRUE(schema().ledger().empty());

  const auto again = kit({"migrate:reset"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_TRUE(contains(again.out, "Nothing to roll back.\n")) << again.out;
}

TEST_P(Examples, RefreshRollsBackAndReapplies) {
  link_examples_as_default_dir();
  ASSERT_EQ(kit({"migrate", "--step", "2"}).exit_code, 0);
  ASSERT_EQ(kit({"migrate"}).exit_code, 0);
  const auto refresh = kit({"migrate:refresh"});
  ASSERT_EQ(refresh.exit_code, 0) << refresh.err;
  EXPECT_TRUE(contains(refresh.out, "Rolling back 5 migrations\n")) << refresh.out;
  EXPECT_TRUE(contains(refresh.out, "Running 5 migrations (batch 1)\n")) << refresh.out;
  expect_full_schema(schema());
  for (const auto& row : schema().ledger()) EXPECT_EQ(row.batch, 1) << row.version;
}

TEST_P(Examples, FreshWithForceDropsEverythingAndMigrates) {
  link_examples_as_default_dir();
  ASSERT_EQ(kit({"migrate", "--step", "1"}).exit_code, 0);
  schema().execute("CREATE TABLE scratch (x INTEGER)");
  schema().execute(
      "INSERT INTO users (name, email, password_hash) VALUES ('a', 'a@example.com', 'x')");
  const auto fresh = kit({"migrate:fresh", "--force"});
  ASSERT_EQ(fresh.exit_code, 0) << fresh.err;
  EXPECT_TRUE(contains(fresh.out, "Dropped all tables")) << fresh.out;
  EXPECT_TRUE(contains(fresh.out, "Running 5 migrations (batch 1)\n")) << fresh.out;
  expect_full_schema(schema());
  EXPECT_FALSE(has(schema().tables(), "scratch"));
  EXPECT_EQ(schema().row_count("users"), 0);
  EXPECT_EQ(schema().ledger_versions(), kExamples);
}

TEST_P(Examples, FreshWithoutForceAndWithoutATerminalRefuses) {
  link_examples_as_default_dir();
  ASSERT_EQ(kit({"migrate"}).exit_code, 0);
  schema().execute(
      "INSERT INTO users (name, email, password_hash) VALUES ('a', 'a@example.com', 'x')");
  const auto before = schema().snapshot();
  const auto fresh = kit({"migrate:fresh"});
  EXPECT_EQ(fresh.exit_code, 2);
  expect_error_line(fresh, {"migrate:fresh", shown_url(), "--force"});
  EXPECT_EQ(schema().snapshot(), before);
}

TEST_P(Examples, QuietPrintsNothing) {
  link_examples_as_default_dir();
  const auto result = kit({"--quiet", "migrate"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err, "");
  EXPECT_EQ(schema().ledger().size(), 5U);
}

// Where the database URL comes from: SQLite files, so that the default makes sense.
using SqliteConfig = HostTest;

TEST_F(SqliteConfig, MigrateWithNothingConfiguredUsesSqliteDatabaseDb) {
  link_examples_as_default_dir();
  const auto result = kit({"migrate"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.err, "");
  EXPECT_TRUE(contains(result.out,
                       "Database: sqlite://database.db (default; set --database-url or "
                       "DATABASE_URL to choose another)\n"))
      << result.out;
  EXPECT_TRUE(contains(result.out, "Running 5 migrations (batch 1)\n")) << result.out;
  ASSERT_TRUE(fs::exists(dir_ / "database.db"));
  SqliteSchemaReader reader(dir_ / "database.db");
  expect_full_schema(reader);
  EXPECT_EQ(reader.ledger_versions(), kExamples);
}

TEST_F(SqliteConfig, CommandsThatOnlyReadCreateNoDatabaseFile) {
  link_examples_as_default_dir();
  for (const std::vector<std::string>& args : {std::vector<std::string>{"migrate:status"},
                                               {"migrate:status", "--format", "json"},
                                               {"migrate:validate"}}) {
    const auto result = kit(args);
    EXPECT_EQ(result.exit_code, 0) << args[0] << ": " << result.out << result.err;
    EXPECT_EQ(result.err, "") << args[0];
  }
  // db:sync can make nothing of a missing file: it says so (exit 2), and creates none either.
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"db:sync", "--out", "."}, {"db:sync", "--check"}}) {
    const auto result = kit(args);
    EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
    expect_error_line(result, {"database file 'database.db' does not exist"});
  }
  EXPECT_TRUE(contains(kit({"migrate:status"}).out, "5 migrations: 0 applied, 5 pending.\n"));
  EXPECT_FALSE(fs::exists(dir_ / "database.db"));
  EXPECT_FALSE(fs::exists(dir_ / "database.db-kitlock"));

  ASSERT_EQ(kit({"migrate"}).exit_code, 0);
  EXPECT_EQ(SqliteSchemaReader(dir_ / "database.db").ledger_versions(), kExamples);
}

TEST_F(SqliteConfig, DatabaseUrlFromFlagEnvironmentAndDotEnv) {
  dir_.write(".env", "DATABASE_URL=sqlite://from_dotenv.db\nKIT_MIGRATIONS_DIR=" +
                         std::string(KIT_E2E_EXAMPLES_DIR) + "\n");
  auto result = kit({"migrate", "--step", "1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(contains(result.out, "Database: sqlite://from_dotenv.db (from .env)\n"))
      << result.out;
  EXPECT_TRUE(fs::exists(dir_ / "from_dotenv.db"));

  result = kit({"migrate", "--step", "1"}, {{"DATABASE_URL", "sqlite://from_env.db"}});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(contains(result.out, "Database: sqlite://from_env.db (from DATABASE_URL)\n"))
      << result.out;
  EXPECT_TRUE(fs::exists(dir_ / "from_env.db"));

  result = kit({"migrate", "--step", "1", "--database-url", "sqlite://from_flag.db"},
               {{"DATABASE_URL", "sqlite://from_env.db"}});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(contains(result.out, "Database: sqlite://from_flag.db\n")) << result.out;
  EXPECT_EQ(SqliteSchemaReader(dir_ / "from_flag.db").ledger_versions(), Strings{kUsers});
  EXPECT_FALSE(fs::exists(dir_ / "database.db"));
}

}  // namespace
}  // namespace kit::test
