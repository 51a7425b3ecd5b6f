// migrate:status --format json (the documented shape, parsed back as JSON) and
// --exit-code, the deploy gate: 0 up to date, 7 pending, 4 modified or missing, 6 left
// running. On each database.
#include <nlohmann/json.hpp>
#include <regex>

#include "host_test.hpp"

namespace kit::test {
namespace {

using Json = nlohmann::ordered_json;  // keeps the document's key order
using Strings = std::vector<std::string>;

const std::string kFixtures = KIT_E2E_FIXTURES_DIR;

/// Parses stdout as one JSON document; fails the test when it is not.
Json parse(const Process::Result& result) {
  try {
    return Json::parse(result.out);
  } catch (const Json::exception& e) {
    ADD_FAILURE() << "not JSON: " << e.what() << "\n" << result.out;
    return Json();
  }
}

/// The document's entry for `name`.
Json entry(const Json& document, const std::string& name) {
  for (const auto& item : document.at("migrations")) {
    if (item.at("name") == name) return item;
  }
  ADD_FAILURE() << name << " is not in " << document.dump(2);
  return Json::object();
}

using StatusJson = DatabaseTest;
KIT_E2E_ON_EVERY_DATABASE(StatusJson);

TEST_P(StatusJson, TheDocumentedShape) {
  const auto dir = copy_artifacts(KIT_E2E_EXAMPLES_DIR, "artifacts");
  ASSERT_EQ(kit({"migrate", "--dir", "artifacts", "--step", "3"}).exit_code, 0);

  const auto result = kit({"migrate:status", "--dir", "artifacts", "--format", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "");
  const Json document = parse(result);
  ASSERT_TRUE(document.is_object());
  // Keys in the documented order.
  Strings keys;
  for (const auto& [key, value] : document.items()) keys.push_back(key);
  EXPECT_EQ(keys, (Strings{"schema_version", "database", "directory", "migrations", "summary"}));
  EXPECT_EQ(document["schema_version"], 1);
  EXPECT_EQ(document["database"], shown_url());
  EXPECT_EQ(document["directory"], "artifacts");
  ASSERT_EQ(document["migrations"].size(), 5U);

  const Json users = entry(document, kUsers);
  Strings item_keys;
  for (const auto& [key, value] : users.items()) item_keys.push_back(key);
  EXPECT_EQ(item_keys, (Strings{"name", "state", "batch", "applied_at", "execution_ms", "checksum",
                                "artifact", "artifact_checksum", "adopted"}));
  EXPECT_EQ(users["state"], "applied");
  EXPECT_EQ(users["batch"], 1);
  EXPECT_TRUE(std::regex_match(users["applied_at"].get<std::string>(),
                               std::regex(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)")))
      << users["applied_at"];
  EXPECT_TRUE(users["execution_ms"].is_number_integer());
  EXPECT_TRUE(std::regex_match(users["checksum"].get<std::string>(), std::regex("[0-9a-f]{64}")));
  EXPECT_EQ(users["artifact_checksum"], users["checksum"]);
  EXPECT_EQ(users["artifact"], "artifacts/" + kUsers + ".so");
  EXPECT_EQ(users["adopted"], false);

  const Json rename = entry(document, kRename);
  EXPECT_EQ(rename["state"], "pending");
  for (const char* key : {"batch", "applied_at", "execution_ms", "checksum"}) {
    EXPECT_TRUE(rename[key].is_null()) << key;
  }
  EXPECT_TRUE(
      std::regex_match(rename["artifact_checksum"].get<std::string>(), std::regex("[0-9a-f]{64}")));

  const Json& summary = document["summary"];
  EXPECT_EQ(summary["total"], 5);
  EXPECT_EQ(summary["applied"], 3);
  EXPECT_EQ(summary["pending"], 2);
  for (const char* key :
       {"modified", "missing", "out_of_order", "running", "reverting", "adopted"}) {
    EXPECT_EQ(summary[key], 0) << key;
  }
  EXPECT_EQ(summary["next_batch"], 2);
  EXPECT_EQ(summary["up_to_date"], false);

  // A modified and a missing migration.
  fs::copy_file(fs::path(kFixtures) / "edited" / (kUsers + ".so"), dir / (kUsers + ".so"),
                fs::copy_options::overwrite_existing);
  fs::remove(dir / (kPhone + ".so"));
  const Json drift = parse(kit({"migrate:status", "--dir", "artifacts", "--format", "json"}));
  EXPECT_EQ(entry(drift, kUsers)["state"], "modified");
  EXPECT_NE(entry(drift, kUsers)["artifact_checksum"], entry(drift, kUsers)["checksum"]);
  EXPECT_EQ(entry(drift, kPhone)["state"], "missing");
  EXPECT_TRUE(entry(drift, kPhone)["artifact"].is_null());
  EXPECT_TRUE(entry(drift, kPhone)["artifact_checksum"].is_null());
  EXPECT_EQ(drift["summary"]["modified"], 1);
  EXPECT_EQ(drift["summary"]["missing"], 1);
}

TEST_P(StatusJson, ExitCodeIsTheDeployGate) {
  link_examples_as_default_dir();
  // Pending: 7, with the table (or the document) printed all the same.
  auto gate = kit({"migrate:status", "--exit-code"});
  EXPECT_EQ(gate.exit_code, 7) << gate.out << gate.err;
  EXPECT_EQ(gate.err, "");
  EXPECT_TRUE(contains(gate.out, "5 migrations: 0 applied, 5 pending.\n")) << gate.out;
  gate = kit({"migrate:status", "--exit-code", "--format", "json"});
  EXPECT_EQ(gate.exit_code, 7);
  EXPECT_EQ(parse(gate)["summary"]["pending"], 5);
  gate = kit({"migrate:status", "--exit-code", "--quiet"});
  EXPECT_EQ(gate.exit_code, 7);
  EXPECT_EQ(gate.out, "");

  // Without --exit-code, status succeeds whatever it finds.
  EXPECT_EQ(kit({"migrate:status"}).exit_code, 0);

  ASSERT_EQ(kit({"migrate"}).exit_code, 0);
  gate = kit({"migrate:status", "--exit-code", "--format", "json"});
  EXPECT_EQ(gate.exit_code, 0) << gate.out << gate.err;
  EXPECT_EQ(parse(gate)["summary"]["up_to_date"], true);
}

TEST_P(StatusJson, ExitCodeSaysWhatIsWorseThanPending) {
  const auto dir = copy_artifacts(KIT_E2E_EXAMPLES_DIR, "artifacts");
  ASSERT_EQ(kit({"migrate", "--dir", "artifacts", "--step", "2"}).exit_code, 0);
  fs::copy_file(fs::path(kFixtures) / "edited" / (kUsers + ".so"), dir / (kUsers + ".so"),
                fs::copy_options::overwrite_existing);
  // Modified, and pending ones too: 4 wins.
  EXPECT_EQ(kit({"migrate:status", "--dir", "artifacts", "--exit-code"}).exit_code, 4);
}

TEST_P(StatusJson, ExitCodeSaysWhenAMigrationIsLeftRunning) {
  // Left running, and a pending one after it: 6.
  const std::string outside = kFixtures + "/outside_transaction";
  ASSERT_EQ(kit({"migrate", "--dir", outside}, {{"KIT_E2E_FAIL_UP", "1"}}).exit_code, 1);
  const auto running = kit({"migrate:status", "--dir", outside, "--exit-code", "--format", "json"});
  EXPECT_EQ(running.exit_code, 6) << running.out << running.err;
  EXPECT_EQ(entry(parse(running), "m20240101_000100_index_alpha_concurrently")["state"], "running");
}

}  // namespace
}  // namespace kit::test
