// Drift between the artifacts and the ledger: an applied migration whose artifact was
// modified or is gone, a pending one older than the newest applied. migrate:status shows
// them, migrate:validate lists them (and bad artifacts) and exits 4, migrate refuses them
// unless told to go on. On each database.
#include <regex>

#include "host_test.hpp"

namespace kit::test {
namespace {

using Strings = std::vector<std::string>;

const std::string kFixtures = KIT_E2E_FIXTURES_DIR;
const std::string kAlpha = "m20240101_000000_create_alpha_table";

using Drift = DatabaseTest;
KIT_E2E_ON_EVERY_DATABASE(Drift);

/// The lines of `text` that start with `prefix`.
std::vector<std::string> lines_starting(const std::string& text, const std::string& prefix) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    if (line.rfind(prefix, 0) == 0) out.push_back(line);
    start = end + 1;
  }
  return out;
}

TEST_P(Drift, AModifiedArtifactIsShownRefusedAndCanBeAccepted) {
  const auto dir = copy_artifacts(KIT_E2E_EXAMPLES_DIR, "artifacts");
  ASSERT_EQ(kit({"migrate", "--dir", "artifacts", "--step", "2"}).exit_code, 0);
  // Rebuilt from an edited source: same name, another checksum.
  fs::copy_file(fs::path(kFixtures) / "edited" / (kUsers + ".so"), dir / (kUsers + ".so"),
                fs::copy_options::overwrite_existing);

  const auto status = kit({"migrate:status", "--dir", "artifacts"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_TRUE(std::regex_search(status.out, std::regex(kUsers + " +Modified +1 "))) << status.out;
  EXPECT_TRUE(std::regex_search(status.out, std::regex(kPosts + " +Applied +1 "))) << status.out;
  EXPECT_TRUE(contains(status.out,
                       "5 migrations: 1 applied, 3 pending, 1 modified (applied, "
                       "artifact changed since).\n"))
      << status.out;

  const auto before = schema().snapshot();
  const auto refused = kit({"migrate", "--dir", "artifacts"});
  EXPECT_EQ(refused.exit_code, 4) << refused.out << refused.err;
  expect_error_line(refused, {"refusing to migrate", kUsers + ": modified since it was applied",
                              "--allow-modified", "migrate:repair --update-checksums"});
  EXPECT_EQ(schema().snapshot(), before);

  const auto validate = kit({"migrate:validate", "--dir", "artifacts"});
  EXPECT_EQ(validate.exit_code, 4) << validate.out << validate.err;
  expect_error_line(validate, {kUsers + ": modified since it was applied (batch 1)",
                               "artifacts/" + kUsers + ".so"});
  EXPECT_TRUE(contains(validate.out, "Checked 5 artifacts and 2 ledger rows: 1 problem.\n"))
      << validate.out;

  const auto allowed = kit({"migrate", "--dir", "artifacts", "--step", "1", "--allow-modified"});
  ASSERT_EQ(allowed.exit_code, 0) << allowed.out << allowed.err;
  EXPECT_EQ(schema().ledger().size(), 3U);

  const auto repair = kit({"migrate:repair", "--dir", "artifacts", "--update-checksums"});
  ASSERT_EQ(repair.exit_code, 0) << repair.out << repair.err;
  EXPECT_TRUE(contains(repair.out, "Updated the checksum of " + kUsers)) << repair.out;
  EXPECT_EQ(kit({"migrate:validate", "--dir", "artifacts"}).exit_code, 0);
  const auto rest = kit({"migrate", "--dir", "artifacts"});
  ASSERT_EQ(rest.exit_code, 0) << rest.out << rest.err;
  EXPECT_EQ(schema().ledger_versions(), kExamples);
}

TEST_P(Drift, AMissingArtifactIsRefusedUnlessAllowed) {
  const auto dir = copy_artifacts(KIT_E2E_EXAMPLES_DIR, "artifacts");
  ASSERT_EQ(kit({"migrate", "--dir", "artifacts", "--step", "2"}).exit_code, 0);
  fs::remove(dir / (kPosts + ".so"));

  const auto before = schema().snapshot();
  const auto refused = kit({"migrate", "--dir", "artifacts"});
  EXPECT_EQ(refused.exit_code, 4) << refused.out << refused.err;
  expect_error_line(refused, {"refusing to migrate", kPosts + ": applied (batch 1)",
                              "artifacts/" + kPosts + ".so is missing", "--allow-missing"});
  EXPECT_EQ(schema().snapshot(), before);
  // A no-op run refuses too: the ledger and the artifacts disagree either way.
  fs::remove(dir / (kPhone + ".so"));
  fs::remove(dir / (kIndexes + ".so"));
  fs::remove(dir / (kRename + ".so"));
  EXPECT_EQ(kit({"migrate", "--dir", "artifacts"}).exit_code, 4);

  const auto allowed = kit({"migrate", "--dir", "artifacts", "--allow-missing"});
  ASSERT_EQ(allowed.exit_code, 0) << allowed.out << allowed.err;
  EXPECT_TRUE(contains(allowed.out, "Nothing to migrate.\n")) << allowed.out;
}

TEST_P(Drift, AnOutOfOrderMigrationIsRefusedUnlessAllowed) {
  const auto dir = copy_artifacts(KIT_E2E_EXAMPLES_DIR, "artifacts");
  ASSERT_EQ(kit({"migrate", "--dir", "artifacts"}).exit_code, 0);
  // A migration from a branch merged late: older than everything applied.
  fs::copy_file(fs::path(kFixtures) / "failing_sql" / (kAlpha + ".so"), dir / (kAlpha + ".so"));

  const auto status = kit({"migrate:status", "--dir", "artifacts"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_TRUE(std::regex_search(status.out, std::regex(kAlpha + " +Out of order\n"))) << status.out;
  EXPECT_TRUE(contains(status.out,
                       "6 migrations: 5 applied, 0 pending, 1 out of order (pending, "
                       "older than the newest applied).\n"))
      << status.out;

  const auto before = schema().snapshot();
  const auto refused = kit({"migrate", "--dir", "artifacts"});
  EXPECT_EQ(refused.exit_code, 4) << refused.out << refused.err;
  expect_error_line(refused,
                    {"refusing to migrate", kAlpha + ": out of order",
                     "older than " + kRename + ", which is applied", "--allow-out-of-order"});
  EXPECT_EQ(schema().snapshot(), before);

  const auto validate = kit({"migrate:validate", "--dir", "artifacts"});
  EXPECT_EQ(validate.exit_code, 4);
  expect_error_line(validate, {kAlpha + ": out of order", "--allow-out-of-order"});

  const auto allowed = kit({"migrate", "--dir", "artifacts", "--allow-out-of-order"});
  ASSERT_EQ(allowed.exit_code, 0) << allowed.out << allowed.err;
  EXPECT_TRUE(contains(allowed.out, "Running 1 migration (batch 2)\n")) << allowed.out;
  EXPECT_TRUE(has(schema().tables(), "alpha"));
  EXPECT_EQ(kit({"migrate:validate", "--dir", "artifacts"}).exit_code, 0);
}

TEST_P(Drift, ValidateListsEveryProblemOnItsOwnLineAndChangesNothing) {
  const auto dir = copy_artifacts(KIT_E2E_EXAMPLES_DIR, "artifacts");
  ASSERT_EQ(kit({"migrate", "--dir", "artifacts", "--step", "3"}).exit_code, 0);
  const auto clean = kit({"migrate:validate", "--dir", "artifacts"});
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  EXPECT_EQ(clean.err, "");
  EXPECT_TRUE(contains(clean.out, "Checked 5 artifacts and 3 ledger rows: no problems.\n"))
      << clean.out;

  fs::copy_file(fs::path(kFixtures) / "edited" / (kUsers + ".so"), dir / (kUsers + ".so"),
                fs::copy_options::overwrite_existing);                          // modified
  fs::remove(dir / (kPhone + ".so"));                                           // missing
  fs::copy_file(dir / (kPosts + ".so"), dir / "m2024_badly_named.so");          // bad name
  fs::copy_file(dir / (kPosts + ".so"), dir / "m20240120_000000_impostor.so");  // wrong name
  fs::copy_file(fs::path(KIT_E2E_DRIVERS_DIR) / "kit_driver_sqlite.so",
                dir / "m20240121_000000_driver.so");                        // a driver
  fs::copy_file(dir / (kPosts + ".so"), dir / "m20240115_120100_twin.so");  // duplicate version
  fs::copy_file(fs::path(kFixtures) / "failing_sql" / (kAlpha + ".so"),
                dir / (kAlpha + ".so"));  // out of order
  // Its code aborts whoever loads it: validate reads manifests without loading anything.
  fs::copy_file(fs::path(kFixtures) / "loading_aborts" / "m20240301_000000_abort_when_loaded.so",
                dir / "m20240301_000000_abort_when_loaded.so");
  schema().execute(
      "INSERT INTO kit_migrations (version, batch, checksum, applied_at, state) VALUES "
      "('m20240115_130000_left_running', 2, NULL, '2024-01-22 00:00:00', 'running')");

  const auto before = schema().snapshot();
  const auto result = kit({"migrate:validate", "--dir", "artifacts"});
  EXPECT_EQ(result.exit_code, 4) << result.out << result.err;
  const auto lines = lines_starting(result.err, "kit-host: error: ");
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'),
            static_cast<std::ptrdiff_t>(lines.size()))
      << result.err;
  const std::vector<std::vector<std::string>> expected = {
      {"artifacts/m2024_badly_named.so", "not a migration artifact name"},
      {"m20240115_120100_twin.so", "duplicate version 20240115_120100"},
      {"m20240120_000000_impostor.so", "embedded name is '" + kPosts + "'"},
      {"m20240121_000000_driver.so", "is a driver plugin, expected a migration"},
      {kAlpha + ": out of order"},
      {kUsers + ": modified since it was applied"},
      {kPhone + ": applied (batch 1), but its artifact", "is missing"},
      {"m20240115_130000_left_running: did not finish", "migrate:repair"},
  };
  EXPECT_EQ(lines.size(), expected.size()) << result.err;
  for (const auto& texts : expected) {
    const bool found = std::any_of(lines.begin(), lines.end(), [&](const std::string& line) {
      return std::all_of(texts.begin(), texts.end(),
                         [&](const std::string& text) { return contains(line, text); });
    });
    EXPECT_TRUE(found) << "no line with '" << texts.front() << "' in\n" << result.err;
  }
  EXPECT_TRUE(contains(result.out, ": 8 problems.\n")) << result.out;
  EXPECT_EQ(schema().snapshot(), before);
}

}  // namespace
}  // namespace kit::test
