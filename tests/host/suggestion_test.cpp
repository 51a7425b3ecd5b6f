#include "suggestion.hpp"

#include <gtest/gtest.h>

namespace kit::host {
namespace {

const std::vector<std::string> kCommands = {
    "make:migration", "migrate",         "migrate:status", "migrate:validate", "migrate:rollback",
    "migrate:reset",  "migrate:refresh", "migrate:fresh",  "migrate:repair"};

TEST(SuggestionTest, DistanceCountsInsertionsDeletionsReplacementsAndSwaps) {
  EXPECT_EQ(Suggestion::distance("", ""), 0U);
  EXPECT_EQ(Suggestion::distance("abc", ""), 3U);
  EXPECT_EQ(Suggestion::distance("status", "stauts"), 1U);  // a swap is one edit
  EXPECT_EQ(Suggestion::distance("pretend", "pretnd"), 1U);
  EXPECT_EQ(Suggestion::distance("rollback", "rolback"), 1U);
  EXPECT_EQ(Suggestion::distance("kitten", "sitting"), 3U);
  EXPECT_EQ(Suggestion::distance("Fresh", "fresh"), 0U);
}

TEST(SuggestionTest, TheClosestCommandOrOption) {
  EXPECT_EQ(Suggestion::closest("migrate:stauts", kCommands), "migrate:status");
  EXPECT_EQ(Suggestion::closest("migrate:rolback", kCommands), "migrate:rollback");
  EXPECT_EQ(Suggestion::closest("migrate:fersh", kCommands), "migrate:fresh");
  EXPECT_EQ(Suggestion::closest("make:migraton", kCommands), "make:migration");
  // Laravel users leave out the prefix.
  EXPECT_EQ(Suggestion::closest("status", kCommands), "migrate:status");
  EXPECT_EQ(Suggestion::closest("rollback", kCommands), "migrate:rollback");
  const std::vector<std::string> options = {"--step", "--pretend", "--atomic", "--dir", "--quiet"};
  EXPECT_EQ(Suggestion::closest("--pretned", options), "--pretend");
  EXPECT_EQ(Suggestion::closest("--stpe", options), "--step");
  EXPECT_EQ(Suggestion::closest("pretend", options), "--pretend");
  // The start of one name only.
  EXPECT_EQ(Suggestion::closest("migrate:stat", kCommands), "migrate:status");
  EXPECT_EQ(Suggestion::closest("--pre", options), "--pretend");
  EXPECT_EQ(Suggestion::closest("migrate:re", kCommands), std::nullopt);  // reset? refresh?
}

TEST(SuggestionTest, NothingWhenNothingIsClose) {
  EXPECT_EQ(Suggestion::closest("deploy", kCommands), std::nullopt);
  EXPECT_EQ(Suggestion::closest("migrate:sideways", kCommands), std::nullopt);
  EXPECT_EQ(Suggestion::closest("--force", {"--step", "--atomic"}), std::nullopt);
  EXPECT_EQ(Suggestion::closest("", kCommands), std::nullopt);
  EXPECT_EQ(Suggestion::closest("x", {}), std::nullopt);
}

}  // namespace
}  // namespace kit::host
