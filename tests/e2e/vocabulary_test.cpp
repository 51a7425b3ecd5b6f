// The whole schema vocabulary through kit-host, on each database: every statement, type,
// modifier and default (fixtures/vocabulary), on names that need quoting, with rows that
// the alterations (table rebuilds on SQLite) must keep; then every down() in reverse.
#include "host_test.hpp"

namespace kit::test {
namespace {

using Vocabulary = DatabaseTest;
KIT_E2E_ON_EVERY_DATABASE(Vocabulary);

using Column = SchemaReader::Column;
using Columns = std::vector<Column>;
using Strings = std::vector<std::string>;

const fs::path kFixtures = fs::path(KIT_E2E_FIXTURES_DIR) / "vocabulary";

TEST_P(Vocabulary, EveryOperationAppliesKeepsRowsAndRollsBack) {
  const auto dir = kFixtures.string();
  auto result = kit({"migrate", "--dir", dir});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_TRUE(contains(result.out, "Applied 5 migrations")) << result.out;

  EXPECT_EQ(schema().tables(),
            (Strings{"customers", "kit_migrations", "line items", "order", "scratch renamed"}));
  EXPECT_EQ(
      schema().columns("order"),
      (Columns{
          {"id", false},     {"select", false},     {"group", false},     {"price", false},
          {"ratio", true},   {"weight", true},      {"big", true},        {"remarks", true},
          {"flag", false},   {"created_at", false}, {"created_tz", true}, {"day", true},
          {"at_time", true}, {"payload", true},     {"document", true},   {"attachment", true},
          {"token", true},   {"nothing", true},     {"note2", true},      {"customer_id", true}}));
  EXPECT_EQ(schema().column_names("line items"), (Strings{"id", "order_id", "we\"ird"}));
  EXPECT_EQ(schema().indexes(), (Strings{"line items unique", "order select"}));
  // The rows survived every alteration of "order", and the rows of "line items" that
  // reference it with ON DELETE CASCADE were not deleted by a rebuild.
  EXPECT_EQ(schema().row_count("order"), 2);
  EXPECT_EQ(schema().row_count("line items"), 2);
  EXPECT_EQ(schema().row_count("scratch renamed"), 0);
  // Defaults, quoting and escaping as stored: a new row takes every default.
  schema().execute(R"(INSERT INTO "order" ("price") VALUES (1.5))");
  EXPECT_EQ(schema().row_count("order"), 3);

  result = kit({"migrate:reset", "--dir", dir});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_TRUE(contains(result.out, "Rolled back 5 migrations")) << result.out;
  EXPECT_EQ(schema().tables(), (Strings{"kit_migrations"}));
  EXPECT_TRUE(schema().indexes().empty());

  // Every down() left the database fit for the up()s again.
  result = kit({"migrate", "--dir", dir});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(schema().row_count("line items"), 2);
}

TEST_P(Vocabulary, DownOfAlterationsRestoresTheColumns) {
  const auto dir = kFixtures.string();
  ASSERT_EQ(kit({"migrate", "--dir", dir, "--step", "1"}).exit_code, 0);
  auto before = schema().columns("order");
  // A column dropped and added back comes last, on every database.
  const auto small = std::find(before.begin(), before.end(), Column{"small", true});
  ASSERT_NE(small, before.end());
  std::rotate(small, small + 1, before.end());
  auto result = kit({"migrate", "--dir", dir, "--step", "1"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  result = kit({"migrate:rollback", "--dir", dir});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(schema().columns("order"), before);
  EXPECT_EQ(schema().row_count("order"), 2);
  EXPECT_EQ(schema().row_count("line items"), 2);
}

}  // namespace
}  // namespace kit::test
