#include "status_json.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace kit::host {
namespace {

using Json = nlohmann::json;

TEST(StatusJsonTest, EveryStateHasItsName) {
  using State = MigrationPlan::State;
  EXPECT_STREQ(StatusJson::state_name(State::Applied), "applied");
  EXPECT_STREQ(StatusJson::state_name(State::Pending), "pending");
  EXPECT_STREQ(StatusJson::state_name(State::Modified), "modified");
  EXPECT_STREQ(StatusJson::state_name(State::Missing), "missing");
  EXPECT_STREQ(StatusJson::state_name(State::OutOfOrder), "out_of_order");
  EXPECT_STREQ(StatusJson::state_name(State::Running), "running");
  EXPECT_STREQ(StatusJson::state_name(State::Reverting), "reverting");
}

TEST(StatusJsonTest, LedgerTimesBecomeRfc3339) {
  EXPECT_EQ(StatusJson::rfc3339("2024-01-15 12:00:00"), "2024-01-15T12:00:00Z");
  // Anything else (a hand-edited ledger) is passed on as it is.
  EXPECT_EQ(StatusJson::rfc3339("yesterday"), "yesterday");
  EXPECT_EQ(StatusJson::rfc3339("2024-01-15T12:00:00Z"), "2024-01-15T12:00:00Z");
  EXPECT_EQ(StatusJson::rfc3339(""), "");
}

TEST(StatusJsonTest, ValidJsonWithEveryFieldAndTheSummary) {
  const std::vector<MigrationCatalog::Entry> artifacts = {
      {"m20240115_120000_create_users_table", "20240115_120000", "dir/a.so"},
      {"m20240116_093000_add \"quoted\"\\name", "20240116_093000", "dir/b.so"}};
  kit::LedgerEntry adopted{"m20240101_000000_from_seaorm", 0, "", "2024-01-01 00:00:00",
                           std::nullopt};
  kit::LedgerEntry applied{"m20240115_120000_create_users_table", 1, "abc", "2024-06-01 12:00:00",
                           3};
  const MigrationPlan plan(artifacts, {adopted, applied});
  StatusJson::Context context;
  context.database = "postgres://app:***@db/app";
  context.directory = "build/migrations";
  context.artifact_checksum =
      [](const MigrationCatalog::Entry& entry) -> std::optional<std::string> {
    return entry.path == "dir/a.so" ? std::optional<std::string>("abc") : std::nullopt;
  };
  const std::string text = StatusJson::render(plan, context);
  ASSERT_EQ(text.back(), '\n');
  const Json document = Json::parse(text);  // throws when it is not JSON
  EXPECT_EQ(document["schema_version"], 1);
  EXPECT_EQ(document["database"], "postgres://app:***@db/app");
  ASSERT_EQ(document["migrations"].size(), 3U);

  const Json& seaorm = document["migrations"][0];
  EXPECT_EQ(seaorm["name"], "m20240101_000000_from_seaorm");
  EXPECT_EQ(seaorm["state"], "missing");
  EXPECT_EQ(seaorm["batch"], 0);
  EXPECT_EQ(seaorm["adopted"], true);
  EXPECT_TRUE(seaorm["checksum"].is_null());
  EXPECT_TRUE(seaorm["execution_ms"].is_null());
  EXPECT_TRUE(seaorm["artifact"].is_null());

  const Json& users = document["migrations"][1];
  EXPECT_EQ(users["state"], "applied");
  EXPECT_EQ(users["applied_at"], "2024-06-01T12:00:00Z");
  EXPECT_EQ(users["execution_ms"], 3);
  EXPECT_EQ(users["checksum"], "abc");
  EXPECT_EQ(users["artifact"], "dir/a.so");
  EXPECT_EQ(users["artifact_checksum"], "abc");
  EXPECT_EQ(users["adopted"], false);

  const Json& quoted = document["migrations"][2];
  EXPECT_EQ(quoted["name"], "m20240116_093000_add \"quoted\"\\name");
  EXPECT_EQ(quoted["state"], "pending");
  EXPECT_TRUE(quoted["artifact_checksum"].is_null());

  const Json& summary = document["summary"];
  EXPECT_EQ(summary["total"], 3);
  EXPECT_EQ(summary["applied"], 1);
  EXPECT_EQ(summary["pending"], 1);
  EXPECT_EQ(summary["missing"], 1);
  EXPECT_EQ(summary["adopted"], 1);
  EXPECT_EQ(summary["next_batch"], 2);
  EXPECT_EQ(summary["up_to_date"], false);
}

TEST(StatusJsonTest, NoMigrationsIsUpToDate) {
  const MigrationPlan plan({}, {});
  const Json document = Json::parse(StatusJson::render(plan, {}));
  EXPECT_TRUE(document["migrations"].is_array());
  EXPECT_TRUE(document["migrations"].empty());
  EXPECT_EQ(document["summary"]["up_to_date"], true);
  EXPECT_EQ(document["summary"]["next_batch"], 1);
}

}  // namespace
}  // namespace kit::host
