// The example application's migrations through every command, on a real SQLite file.
#include <regex>

#include "host_test.hpp"

namespace kit::test {
namespace {

using Examples = HostTest;

/// The schema after the first three example migrations.
void expect_schema_after_phone(SchemaReader& db) {
  EXPECT_EQ(db.tables(), (std::vector<std::string>{"kit_migrations", "posts", "users"}));
  EXPECT_TRUE(has(db.columns("users"), "phone"));
  EXPECT_TRUE(has(db.columns("posts"), "title"));
  EXPECT_FALSE(has(db.columns("posts"), "headline"));
  EXPECT_FALSE(has(db.indexes(), "idx_users_phone"));
  EXPECT_FALSE(has(db.indexes(), "idx_posts_user_id_created_at"));
}

/// The schema after every example migration.
void expect_full_schema(SchemaReader& db) {
  EXPECT_EQ(db.tables(), (std::vector<std::string>{"kit_migrations", "posts", "users"}));
  EXPECT_EQ(db.columns("users"), (std::vector<std::string>{"id", "name", "email", "password_hash",
                                                           "created_at", "updated_at", "phone"}));
  EXPECT_TRUE(has(db.columns("posts"), "headline"));
  EXPECT_FALSE(has(db.columns("posts"), "title"));
  EXPECT_TRUE(has(db.indexes(), "idx_users_phone"));
  EXPECT_TRUE(has(db.indexes(), "idx_posts_user_id_created_at"));
}

TEST_F(Examples, MigrateWithNothingConfiguredUsesTheDefaults) {
  link_examples_as_default_dir();
  const auto result = kit({"migrate"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.err, "");
  EXPECT_TRUE(contains(result.out,
                       "Database: sqlite://database.db (default; set --database-url or "
                       "DATABASE_URL to choose another)\n"))
      << result.out;
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

  ASSERT_TRUE(fs::exists(db()));
  SchemaReader reader(db());
  expect_full_schema(reader);
  const auto ledger = reader.ledger();
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

  const auto again = kit({"migrate"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(contains(again.out, "\nNothing to migrate.\n")) << again.out;
  EXPECT_EQ(SchemaReader(db()).ledger().size(), 5U);
}

TEST_F(Examples, StatusBeforeAndAfter) {
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
}

TEST_F(Examples, RollbackStepTwoThenMigrateAgainMakesANewBatch) {
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
  {
    SchemaReader reader(db());
    expect_schema_after_phone(reader);
    EXPECT_EQ(reader.ledger_versions(), (std::vector<std::string>{kUsers, kPosts, kPhone}));
  }

  const auto migrate = kit({"migrate"});
  ASSERT_EQ(migrate.exit_code, 0) << migrate.err;
  EXPECT_TRUE(contains(migrate.out, "Running 2 migrations (batch 2)\n")) << migrate.out;
  {
    SchemaReader reader(db());
    expect_full_schema(reader);
    const auto ledger = reader.ledger();
    ASSERT_EQ(ledger.size(), 5U);
    EXPECT_EQ(ledger[2].batch, 1);
    EXPECT_EQ(ledger[3].batch, 2);
    EXPECT_EQ(ledger[4].batch, 2);
  }

  // The default step is one migration.
  const auto one = kit({"migrate:rollback"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_TRUE(contains(one.out, "Rolling back 1 migration\n")) << one.out;
  EXPECT_TRUE(contains(one.out, kRename)) << one.out;
  EXPECT_EQ(SchemaReader(db()).ledger().size(), 4U);
  EXPECT_TRUE(
      std::regex_search(kit({"migrate:status"}).out, std::regex(kIndexes + R"( +Applied +2 )")));
}

TEST_F(Examples, ResetRollsBackEverythingNewestFirst) {
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
  SchemaReader reader(db());
  EXPECT_EQ(reader.tables(), std::vector<std::string>{"kit_migrations"});
  EXPECT_TRUE(reader.ledger().empty());

  const auto again = kit({"migrate:reset"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_TRUE(contains(again.out, "Nothing to roll back.\n")) << again.out;
}

TEST_F(Examples, RefreshRollsBackAndReapplies) {
  link_examples_as_default_dir();
  ASSERT_EQ(kit({"migrate", "--step", "2"}).exit_code, 0);
  ASSERT_EQ(kit({"migrate"}).exit_code, 0);
  const auto refresh = kit({"migrate:refresh"});
  ASSERT_EQ(refresh.exit_code, 0) << refresh.err;
  EXPECT_TRUE(contains(refresh.out, "Rolling back 5 migrations\n")) << refresh.out;
  EXPECT_TRUE(contains(refresh.out, "Running 5 migrations (batch 1)\n")) << refresh.out;
  SchemaReader reader(db());
  expect_full_schema(reader);
  for (const auto& row : reader.ledger()) EXPECT_EQ(row.batch, 1) << row.version;
}

TEST_F(Examples, FreshWithForceDropsEverythingAndMigrates) {
  link_examples_as_default_dir();
  ASSERT_EQ(kit({"migrate", "--step", "1"}).exit_code, 0);
  {
    SQLite::Database db(this->db().string(), SQLite::OPEN_READWRITE);
    db.exec("CREATE TABLE scratch (x INTEGER)");
    db.exec("INSERT INTO users (name, email, password_hash) VALUES ('a', 'a@example.com', 'x')");
  }
  const auto fresh = kit({"migrate:fresh", "--force"});
  ASSERT_EQ(fresh.exit_code, 0) << fresh.err;
  EXPECT_TRUE(contains(fresh.out, "Dropped all tables")) << fresh.out;
  EXPECT_TRUE(contains(fresh.out, "Running 5 migrations (batch 1)\n")) << fresh.out;
  SchemaReader reader(db());
  expect_full_schema(reader);
  EXPECT_FALSE(has(reader.tables(), "scratch"));
  EXPECT_EQ(reader.row_count("users"), 0);
  EXPECT_EQ(reader.ledger_versions(), kExamples);
}

TEST_F(Examples, FreshWithoutForceAndWithoutATerminalRefuses) {
  link_examples_as_default_dir();
  ASSERT_EQ(kit({"migrate"}).exit_code, 0);
  {
    SQLite::Database db(this->db().string(), SQLite::OPEN_READWRITE);
    db.exec("INSERT INTO users (name, email, password_hash) VALUES ('a', 'a@example.com', 'x')");
  }
  const auto before = SchemaReader(db()).snapshot();
  const auto fresh = kit({"migrate:fresh"});
  EXPECT_EQ(fresh.exit_code, 2);
  expect_error_line(fresh, {"migrate:fresh", "sqlite://database.db", "--force"});
  EXPECT_EQ(SchemaReader(db()).snapshot(), before);
}

TEST_F(Examples, QuietPrintsNothing) {
  link_examples_as_default_dir();
  const auto result = kit({"--quiet", "migrate"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err, "");
  EXPECT_EQ(SchemaReader(db()).ledger().size(), 5U);
}

TEST_F(Examples, DatabaseUrlFromFlagEnvironmentAndDotEnv) {
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
  EXPECT_EQ(SchemaReader(dir_ / "from_flag.db").ledger_versions(),
            std::vector<std::string>{kUsers});
  EXPECT_FALSE(fs::exists(db()));
}

}  // namespace
}  // namespace kit::test
