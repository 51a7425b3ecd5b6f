// Adoption: a database that Kit/SeaORM migrated has no kit_migrations, only SeaORM's
// seaql_migrations(version, applied_at). Its versions count as applied (batch 0) for every
// command; the first run that takes the lock records them in kit_migrations and goes on
// from there; afterwards seaql_migrations is left alone. On each database.
#include <nlohmann/json.hpp>
#include <regex>

#include "host_test.hpp"

namespace kit::test {
namespace {

using Strings = std::vector<std::string>;

class Adoption : public DatabaseTest {
 protected:
  /// The database as Kit/SeaORM leaves it after the first three example migrations: their
  /// tables, and SeaORM's ledger as sea-orm-migration creates it (Schema::create_table_from_
  /// entity of its seaql_migrations entity: version varchar primary key, applied_at bigint
  /// seconds since the Unix epoch), with no kit_migrations.
  void prepare_as_seaorm_left_it() {
    link_examples_as_default_dir();
    ASSERT_EQ(kit({"migrate", "--step", "3"}).exit_code, 0);
    schema().execute("DROP TABLE kit_migrations");
    schema().execute(
        "CREATE TABLE IF NOT EXISTS \"seaql_migrations\" ( \"version\" varchar NOT NULL "
        "PRIMARY KEY, \"applied_at\" bigint NOT NULL )");
    // Inserted out of order: the ledger is read by version.
    schema().execute("INSERT INTO seaql_migrations (version, applied_at) VALUES ('" + kPhone +
                     "', 1705397400), ('" + kUsers + "', 1705320000), ('" + kPosts +
                     "', 1705320060)");
    ASSERT_FALSE(has(schema().tables(), "kit_migrations"));
  }

  /// seaql_migrations' rows, "version applied_at", as SeaORM would read them.
  Strings seaql_rows() {
    Strings out;
    const auto snapshot = schema().snapshot();
    std::size_t start = 0;
    while (start < snapshot.size()) {
      auto end = snapshot.find('\n', start);
      if (end == std::string::npos) end = snapshot.size();
      const std::string line = snapshot.substr(start, end - start);
      if (line.rfind("seaql_migrations: ", 0) == 0) out.push_back(line.substr(18));
      start = end + 1;
    }
    return out;
  }
};
KIT_E2E_ON_EVERY_DATABASE(Adoption);

TEST_P(Adoption, SeaOrmsVersionsCountAsAppliedAndMigrateGoesOnFromThere) {
  prepare_as_seaorm_left_it();
  const auto seaql_before = seaql_rows();
  ASSERT_EQ(seaql_before.size(), 3U);

  // Read-only commands see them as applied, and write nothing.
  const auto before = schema().snapshot();
  const auto status = kit({"migrate:status"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_TRUE(
      std::regex_search(status.out, std::regex(kUsers + R"( +Applied +0 +2024-01-15 12:00:00\n)")))
      << status.out;
  EXPECT_TRUE(
      std::regex_search(status.out, std::regex(kPhone + R"( +Applied +0 +2024-01-16 09:30:00\n)")))
      << status.out;
  EXPECT_TRUE(contains(status.out,
                       "5 migrations: 3 applied, 2 pending; 3 of them adopted from "
                       "seaql_migrations (batch 0).\n"))
      << status.out;
  const auto json = nlohmann::json::parse(kit({"migrate:status", "--format", "json"}).out);
  EXPECT_EQ(json["migrations"][0]["adopted"], true);
  EXPECT_EQ(json["migrations"][0]["batch"], 0);
  EXPECT_TRUE(json["migrations"][0]["checksum"].is_null());
  EXPECT_EQ(json["summary"]["adopted"], 3);
  const auto validate = kit({"migrate:validate"});
  EXPECT_EQ(validate.exit_code, 0) << validate.out << validate.err;
  const auto pretend = kit({"migrate", "--pretend"});
  ASSERT_EQ(pretend.exit_code, 0) << pretend.out << pretend.err;
  EXPECT_TRUE(contains(pretend.out, "Would run 2 migrations (batch 1)\n")) << pretend.out;
  EXPECT_FALSE(contains(pretend.out, "Adopted")) << pretend.out;
  EXPECT_EQ(schema().snapshot(), before);

  // The first migrate adopts them, then applies the rest as batch 1.
  const auto migrate = kit({"migrate"});
  ASSERT_EQ(migrate.exit_code, 0) << migrate.out << migrate.err;
  EXPECT_TRUE(contains(migrate.out,
                       "Adopted 3 migrations from seaql_migrations (applied by Kit/SeaORM): "
                       "recorded in kit_migrations as batch 0.\n"
                       "Running 2 migrations (batch 1)\n"))
      << migrate.out;
  const auto ledger = schema().ledger();
  ASSERT_EQ(ledger.size(), 5U);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(ledger[i].version, kExamples[i]);
    EXPECT_EQ(ledger[i].batch, 0);
    EXPECT_EQ(ledger[i].checksum, "");
    EXPECT_FALSE(ledger[i].execution_ms.has_value());
    EXPECT_EQ(ledger[i].state, "applied");
  }
  EXPECT_EQ(ledger[0].applied_at, "2024-01-15 12:00:00");
  EXPECT_EQ(ledger[1].applied_at, "2024-01-15 12:01:00");
  EXPECT_EQ(ledger[2].applied_at, "2024-01-16 09:30:00");
  EXPECT_EQ(ledger[3].batch, 1);
  EXPECT_EQ(ledger[4].batch, 1);
  EXPECT_TRUE(has(schema().column_names("posts"), "headline"));
  EXPECT_EQ(seaql_rows(), seaql_before) << "SeaORM's table is left as it was";

  EXPECT_TRUE(contains(kit({"migrate"}).out, "Nothing to migrate.\n"));
  EXPECT_EQ(kit({"migrate:validate"}).exit_code, 0);
}

TEST_P(Adoption, RollbackTreatsAdoptedMigrationsLikeAnyOtherAndNeverReadoptsThem) {
  prepare_as_seaorm_left_it();
  // The first run that takes the lock adopts, whatever the command: here a rollback, which
  // reverts the newest adopted migration with its kit artifact's down().
  const auto rollback = kit({"migrate:rollback"});
  ASSERT_EQ(rollback.exit_code, 0) << rollback.out << rollback.err;
  EXPECT_TRUE(contains(rollback.out, "Adopted 3 migrations from seaql_migrations")) << rollback.out;
  EXPECT_TRUE(contains(rollback.out, "Rolling back 1 migration\n  " + kPhone)) << rollback.out;
  EXPECT_FALSE(has(schema().column_names("users"), "phone"));
  EXPECT_EQ(schema().ledger_versions(), (Strings{kUsers, kPosts}));

  // Once kit_migrations exists, seaql_migrations is not read again: a rolled-back migration
  // stays rolled back, and reset empties the ledger for good.
  const auto status = kit({"migrate:status"});
  EXPECT_TRUE(contains(status.out, "5 migrations: 2 applied, 3 pending; 2 of them adopted"))
      << status.out;
  ASSERT_EQ(kit({"migrate:reset"}).exit_code, 0);
  EXPECT_TRUE(schema().ledger().empty());
  EXPECT_EQ(schema().tables(), (Strings{"kit_migrations", "seaql_migrations"}));
  EXPECT_TRUE(contains(kit({"migrate:status"}).out, "5 migrations: 0 applied, 5 pending.\n"));

  const auto again = kit({"migrate"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_FALSE(contains(again.out, "Adopted")) << again.out;
  EXPECT_TRUE(contains(again.out, "Running 5 migrations (batch 1)\n")) << again.out;
}

TEST_P(Adoption, ADatabaseWithoutSeaOrmsTableHasNothingToAdopt) {
  link_examples_as_default_dir();
  const auto migrate = kit({"migrate", "--step", "1"});
  ASSERT_EQ(migrate.exit_code, 0) << migrate.err;
  EXPECT_FALSE(contains(migrate.out, "Adopted")) << migrate.out;
  // An empty seaql_migrations: nothing to adopt either.
  schema().execute("DROP TABLE kit_migrations");
  schema().execute(
      "CREATE TABLE seaql_migrations (version varchar NOT NULL PRIMARY KEY, applied_at bigint "
      "NOT NULL)");
  const auto status = kit({"migrate:status"});
  EXPECT_TRUE(contains(status.out, "5 migrations: 0 applied, 5 pending.\n")) << status.out;
}

}  // namespace
}  // namespace kit::test
