// --pretend on migrate, migrate:rollback, migrate:reset, migrate:refresh and migrate:fresh:
// each migration's SQL is printed, the database (ledger included) is the same afterwards,
// and the SQL is the SQL a real run executes, SQLite's table rebuilds included. On each
// database.
#include <regex>

#include "host_test.hpp"

namespace kit::test {
namespace {

using Strings = std::vector<std::string>;

const std::string kFixtures = KIT_E2E_FIXTURES_DIR;
const std::string kOutside = kFixtures + "/outside_transaction";
const std::string kIndex = "m20240101_000100_index_alpha_concurrently";

/// The lines of `text`.
Strings lines_of(const std::string& text) {
  Strings out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

/// The statements printed under `migration`'s line, each without its indentation and
/// without a trailing "-- <time>" comment: what --pretend and --verbose show of it.
Strings sql_of(const std::string& output, const std::string& migration) {
  Strings out;
  const auto lines = lines_of(output);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("  " + migration + " ", 0) != 0) continue;
    for (std::size_t j = i + 1; j < lines.size() && lines[j].rfind("    ", 0) == 0; ++j) {
      std::string sql = lines[j].substr(4);
      if (sql.rfind("-- ", 0) == 0) continue;  // a note, not a statement
      sql = std::regex_replace(sql, std::regex(R"( -- [0-9.]+ m?s$)"), "");
      out.push_back(sql);
    }
    break;
  }
  return out;
}

/// Whether `output` has `migration`'s line ending in `status`.
bool has_line(const std::string& output, const std::string& migration, const std::string& status) {
  return std::regex_search(output,
                           std::regex("\n  " + migration + R"( \.+ [0-9.]+ m?s )" + status + "\n"));
}

using Pretend = DatabaseTest;
KIT_E2E_ON_EVERY_DATABASE(Pretend);

TEST_P(Pretend, MigratePrintsEachMigrationsSqlAndChangesNothing) {
  link_examples_as_default_dir();
  ASSERT_EQ(kit({"migrate", "--step", "2"}).exit_code, 0);
  const auto before = schema().snapshot();

  const auto pretend = kit({"migrate", "--pretend"});
  ASSERT_EQ(pretend.exit_code, 0) << pretend.out << pretend.err;
  EXPECT_EQ(pretend.err, "");
  EXPECT_TRUE(contains(pretend.out,
                       "Pretend: the migrations run in one transaction, rolled back at the end.\n"
                       "Would run 3 migrations (batch 2)\n"))
      << pretend.out;
  for (const auto& name : {kPhone, kIndexes, kRename}) {
    EXPECT_TRUE(has_line(pretend.out, name, "PRETEND")) << name << "\n" << pretend.out;
    EXPECT_FALSE(sql_of(pretend.out, name).empty()) << name << "\n" << pretend.out;
  }
  EXPECT_EQ(sql_of(pretend.out, kPhone),
            Strings{R"(ALTER TABLE "users" ADD COLUMN "phone" varchar(20) NULL;)"});
  EXPECT_TRUE(
      std::regex_search(pretend.out, std::regex(R"(\nPretended 3 migrations in [0-9.]+ m?s\.\n)"
                                                R"(Nothing was changed \(--pretend\)\.\n$)")))
      << pretend.out;
  EXPECT_EQ(schema().snapshot(), before);
  EXPECT_EQ(schema().ledger_versions(), (Strings{kUsers, kPosts}));
}

TEST_P(Pretend, ItsSqlIsWhatTheRealRunExecutes) {
  // The rename and widen migration renames a column, then modifies it: on SQLite the
  // rebuild that follows the rename is rendered from the live table, which only a run
  // that executed the rename can show.
  link_examples_as_default_dir();
  ASSERT_EQ(kit({"migrate", "--step", "1"}).exit_code, 0);
  const auto pretend = kit({"migrate", "--pretend"});
  ASSERT_EQ(pretend.exit_code, 0) << pretend.out << pretend.err;
  const auto real = kit({"migrate", "--verbose"});
  ASSERT_EQ(real.exit_code, 0) << real.out << real.err;
  for (const auto& name : {kPosts, kPhone, kIndexes, kRename}) {
    EXPECT_EQ(sql_of(pretend.out, name), sql_of(real.out, name)) << name;
    EXPECT_FALSE(sql_of(real.out, name).empty()) << name << "\n" << real.out;
  }
  if (!postgres()) {
    // The rebuild copies the renamed column: it was rendered after the rename ran.
    const auto rename = sql_of(pretend.out, kRename);
    ASSERT_GE(rename.size(), 2U);
    EXPECT_TRUE(contains(rename[1], R"("headline" varchar(255) NOT NULL)")) << rename[1];
  }
}

TEST_P(Pretend, RollbackResetRefreshAndFreshChangeNothing) {
  link_examples_as_default_dir();
  ASSERT_EQ(kit({"migrate"}).exit_code, 0);
  schema().execute(
      "INSERT INTO users (name, email, password_hash) VALUES ('a', 'a@example.com', 'x')");
  const auto before = schema().snapshot();

  const auto rollback = kit({"migrate:rollback", "--step", "2", "--pretend"});
  ASSERT_EQ(rollback.exit_code, 0) << rollback.out << rollback.err;
  EXPECT_TRUE(contains(rollback.out, "Would roll back 2 migrations\n")) << rollback.out;
  EXPECT_TRUE(has_line(rollback.out, kRename, "PRETEND")) << rollback.out;
  EXPECT_TRUE(has_line(rollback.out, kIndexes, "PRETEND")) << rollback.out;
  const std::string in_schema = postgres() ? R"("public".)" : "";
  EXPECT_EQ(sql_of(rollback.out, kIndexes),
            (Strings{"DROP INDEX " + in_schema + R"("idx_posts_user_id_created_at";)",
                     "DROP INDEX " + in_schema + R"("idx_users_phone";)"}));
  EXPECT_LT(rollback.out.find(kRename), rollback.out.find(kIndexes)) << "newest first";
  EXPECT_EQ(schema().snapshot(), before);

  const auto reset = kit({"migrate:reset", "--pretend"});
  ASSERT_EQ(reset.exit_code, 0) << reset.out << reset.err;
  EXPECT_TRUE(contains(reset.out, "Would roll back 5 migrations\n")) << reset.out;
  EXPECT_EQ(sql_of(reset.out, kUsers), Strings{R"(DROP TABLE "users";)"});
  EXPECT_EQ(schema().snapshot(), before);

  const auto refresh = kit({"migrate:refresh", "--pretend"});
  ASSERT_EQ(refresh.exit_code, 0) << refresh.out << refresh.err;
  EXPECT_TRUE(contains(refresh.out, "Would roll back 5 migrations\n")) << refresh.out;
  EXPECT_TRUE(contains(refresh.out, "Would run 5 migrations (batch 1)\n")) << refresh.out;
  EXPECT_EQ(schema().snapshot(), before);

  // Without --force and without a terminal: pretending drops nothing, so it asks nothing.
  const auto fresh = kit({"migrate:fresh", "--pretend"});
  ASSERT_EQ(fresh.exit_code, 0) << fresh.out << fresh.err;
  EXPECT_TRUE(contains(fresh.out, "Would drop 3 tables: kit_migrations, posts, users; "))
      << fresh.out;
  EXPECT_TRUE(contains(fresh.out, "Would run 5 migrations (batch 1)\n")) << fresh.out;
  for (const auto& name : kExamples) {
    EXPECT_TRUE(has_line(fresh.out, name, "PRETEND")) << name << "\n" << fresh.out;
  }
  // They ran against the dropped tables: adding the phone column again would have failed.
  EXPECT_EQ(sql_of(fresh.out, kPhone),
            Strings{R"(ALTER TABLE "users" ADD COLUMN "phone" varchar(20) NULL;)"});
  EXPECT_EQ(schema().snapshot(), before);
}

TEST_P(Pretend, CreatesNoLedgerOnANewDatabase) {
  link_examples_as_default_dir();
  const auto pretend = kit({"migrate", "--pretend"});
  ASSERT_EQ(pretend.exit_code, 0) << pretend.out << pretend.err;
  EXPECT_TRUE(contains(pretend.out, "Would run 5 migrations (batch 1)\n")) << pretend.out;
  EXPECT_TRUE(schema().tables().empty());
  // And a real run afterwards finds everything still pending.
  const auto status = kit({"migrate:status"});
  EXPECT_TRUE(contains(status.out, "5 migrations: 0 applied, 5 pending.\n")) << status.out;
}

TEST_P(Pretend, HasChecksSeeWhatTheRunDidSoFar) {
  // alter_everything checks has_column after its own rename, and throws if it is wrong.
  const std::string vocabulary = kFixtures + "/vocabulary";
  const auto pretend = kit({"migrate", "--pretend", "--dir", vocabulary});
  ASSERT_EQ(pretend.exit_code, 0) << pretend.out << pretend.err;
  EXPECT_TRUE(has_line(pretend.out, "m20240201_000100_alter_everything", "PRETEND")) << pretend.out;
  EXPECT_TRUE(schema().tables().empty());
}

TEST_P(Pretend, AMigrationOutsideATransactionIsRenderedNotRun) {
  const auto pretend = kit({"migrate", "--pretend", "--dir", kOutside});
  ASSERT_EQ(pretend.exit_code, 0) << pretend.out << pretend.err;
  EXPECT_TRUE(has_line(pretend.out, kIndex, "RENDERED")) << pretend.out;
  EXPECT_EQ(sql_of(pretend.out, kIndex),
            Strings{postgres() ? "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_alpha_name ON alpha "
                                 "(name);"
                               : "CREATE INDEX IF NOT EXISTS idx_alpha_name ON alpha (name);"});
  EXPECT_TRUE(contains(pretend.out, "    -- not run: it opts out of transactions")) << pretend.out;
  EXPECT_TRUE(has_line(pretend.out, "m20240101_000200_create_omega_table", "PRETEND"))
      << pretend.out;
  EXPECT_TRUE(schema().tables().empty());
  EXPECT_TRUE(schema().indexes().empty());
}

TEST_P(Pretend, AFailureSaysSoAndChangesNothing) {
  const auto pretend = kit({"migrate", "--pretend", "--dir", kFixtures + "/failing_sql"});
  EXPECT_EQ(pretend.exit_code, 1) << pretend.out << pretend.err;
  expect_error_line(pretend, {"m20240101_000100_create_beta_then_fail", "no_such_table",
                              "(--pretend: rolled back; nothing was changed)"});
  EXPECT_TRUE(has_line(pretend.out, "m20240101_000100_create_beta_then_fail", "FAIL"))
      << pretend.out;
  // Its SQL ends with the statement it failed at, as attempted, marked.
  const auto sql = sql_of(pretend.out, "m20240101_000100_create_beta_then_fail");
  ASSERT_EQ(sql.size(), 2U) << pretend.out;
  EXPECT_EQ(sql.back(), "INSERT INTO no_such_table (id) VALUES (1); -- FAILED");
  EXPECT_TRUE(contains(pretend.out, "Nothing was changed (--pretend).\n")) << pretend.out;
  EXPECT_TRUE(schema().tables().empty());
}

// The listing of a failed migration is the real run's (--verbose), times aside: what ran,
// then the statement it failed at, marked, with no time. A statement the driver refused
// unsent is one it failed at too; a failure outside any statement marks none.
TEST_P(Pretend, ListsTheStatementAMigrationFailedAtAsTheRealRunDoes) {
  const std::string dir = kFixtures + "/failing_sql";
  const std::string beta = "m20240101_000100_create_beta_then_fail";
  const auto pretend = kit({"migrate", "--pretend", "--dir", dir});
  EXPECT_EQ(pretend.exit_code, 1) << pretend.out << pretend.err;
  const auto real = kit({"migrate", "--verbose", "--dir", dir});
  EXPECT_EQ(real.exit_code, 1) << real.out << real.err;
  EXPECT_TRUE(has_line(real.out, beta, "FAIL")) << real.out;
  EXPECT_EQ(sql_of(pretend.out, beta), sql_of(real.out, beta)) << pretend.out << real.out;
  EXPECT_TRUE(contains(real.out, "\n    INSERT INTO no_such_table (id) VALUES (1); -- FAILED\n"))
      << real.out;
  EXPECT_EQ(schema().ledger_versions(), Strings{"m20240101_000000_create_alpha_table"});
  EXPECT_EQ(schema().tables(), (Strings{"alpha", "kit_migrations"}));
  // Without --verbose, the real run lists no SQL, the failed statement neither.
  const auto quiet = kit({"migrate", "--dir", dir});
  EXPECT_EQ(quiet.exit_code, 1);
  EXPECT_FALSE(contains(quiet.out, "no_such_table")) << quiet.out;

  const auto refused = kit({"migrate", "--pretend", "--dir", kFixtures + "/raw_commit"});
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  const auto epsilon = sql_of(refused.out, "m20240101_000100_create_epsilon_then_commit");
  ASSERT_FALSE(epsilon.empty()) << refused.out;
  EXPECT_EQ(epsilon.back(), "INSERT INTO alpha (name) VALUES ('kept?'); COMMIT; -- FAILED");

  const auto thrown = kit({"migrate", "--pretend", "--dir", kFixtures + "/throwing_up"});
  EXPECT_EQ(thrown.exit_code, 1) << thrown.out << thrown.err;
  expect_error_line(thrown, {"deliberate failure in up()"});
  EXPECT_TRUE(has_line(thrown.out, "m20240101_000100_throw_in_up", "FAIL")) << thrown.out;
  EXPECT_EQ(sql_of(thrown.out, "m20240101_000100_throw_in_up").size(), 1U) << thrown.out;
  EXPECT_FALSE(contains(thrown.out, "FAILED")) << thrown.out;
}

// A statement SchemaManager refuses before the driver sees it (kit-host's own savepoint) is
// the one the error line names: listed last and marked too, in both runs.
TEST_P(Pretend, MarksAStatementRefusedBeforeTheDriverSawIt) {
  const std::string host_savepoint = kFixtures + "/host_savepoint";
  const std::string lambda = "m20240101_000100_create_lambda_naming_the_host_savepoint";
  const auto named = kit({"migrate", "--pretend", "--dir", host_savepoint});
  EXPECT_EQ(named.exit_code, 1) << named.out << named.err;
  expect_error_line(named, {lambda, "kit_host_migration is kit-host's own savepoint"});
  EXPECT_EQ(sql_of(named.out, lambda), (Strings{"CREATE TABLE lambda (id integer PRIMARY KEY);",
                                                "SAVEPOINT kit_host_migration; -- FAILED"}))
      << named.out;
  const auto named_real = kit({"migrate", "--verbose", "--dir", host_savepoint});
  EXPECT_EQ(named_real.exit_code, 1) << named_real.out << named_real.err;
  EXPECT_EQ(sql_of(named_real.out, lambda), sql_of(named.out, lambda)) << named_real.out;
  EXPECT_TRUE(schema().ledger_versions().empty());
}

TEST_P(Pretend, FailsWhereTheRealRunFailsWhenUpCatchesAFailedStatement) {
  // Found in review: the pretend run marked the migration that swallowed an error as fine
  // (SQLite) or blamed the next one (PostgreSQL); the real run fails on it. Then, it said
  // "a statement of up() caught the error" where the real run says "up() caught the error".
  const std::string dir = kFixtures + "/swallowed_error";
  const std::string delta = "m20240101_000100_create_delta_swallowing_an_error";
  const auto pretend = kit({"migrate", "--pretend", "--dir", dir});
  EXPECT_EQ(pretend.exit_code, 1) << pretend.out << pretend.err;
  expect_error_line(pretend, {delta, "no_such_table", "caught the error and went on",
                              "(--pretend: rolled back; nothing was changed)"});
  EXPECT_TRUE(has_line(pretend.out, delta, "FAIL")) << pretend.out;
  EXPECT_EQ(sql_of(pretend.out, delta).back(),
            "INSERT INTO no_such_table (id) VALUES (1); -- FAILED")
      << pretend.out;
  EXPECT_TRUE(schema().tables().empty());

  const auto real = kit({"migrate", "--dir", dir});
  EXPECT_EQ(real.exit_code, 1) << real.out << real.err;
  expect_error_line(real,
                    {delta, "no_such_table", "; up() caught the error and went on", "rolled back"});
  // The same line, word for word, but for what the pretend run adds at its end.
  const std::string real_end = " (rolled back)\n";
  ASSERT_GT(real.err.size(), real_end.size());
  ASSERT_EQ(real.err.substr(real.err.size() - real_end.size()), real_end) << real.err;
  EXPECT_EQ(pretend.err, real.err.substr(0, real.err.size() - real_end.size()) +
                             " (--pretend: rolled back; nothing was changed)\n");
}

TEST_P(Pretend, RefusesWhatTheRealRunRefuses) {
  const auto dir = copy_artifacts(KIT_E2E_EXAMPLES_DIR, "artifacts");
  ASSERT_EQ(kit({"migrate", "--dir", "artifacts", "--step", "2"}).exit_code, 0);
  fs::copy_file(fs::path(kFixtures) / "edited" / (kUsers + ".so"), dir / (kUsers + ".so"),
                fs::copy_options::overwrite_existing);
  const auto before = schema().snapshot();
  const auto pretend = kit({"migrate", "--pretend", "--dir", "artifacts"});
  EXPECT_EQ(pretend.exit_code, 4) << pretend.out << pretend.err;
  expect_error_line(pretend, {"refusing to migrate", kUsers + ": modified since it was applied"});
  EXPECT_EQ(schema().snapshot(), before);
}

}  // namespace
}  // namespace kit::test
