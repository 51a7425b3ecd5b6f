#include "output.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace kit::host {
namespace {

using std::chrono::milliseconds;

TEST(OutputTest, MigrationLineIsDottedToAFixedWidth) {
  const auto line =
      Output::migration_line("m20240115_120000_create_users_table", milliseconds(2), "DONE");
  EXPECT_EQ(line.size(), Output::kLineWidth);
  EXPECT_EQ(line.rfind("  m20240115_120000_create_users_table ...", 0), 0U) << line;
  EXPECT_EQ(line.substr(line.size() - 12), " 2.0 ms DONE") << line;
}

TEST(OutputTest, LongNamesStillGetDots) {
  const std::string name(90, 'x');
  const auto line = Output::migration_line(name, milliseconds(12), "FAIL");
  EXPECT_EQ(line, "  " + name + " ... 12 ms FAIL");
}

TEST(OutputTest, Durations) {
  EXPECT_EQ(Output::duration(std::chrono::microseconds(420)), "0.4 ms");
  EXPECT_EQ(Output::duration(milliseconds(12)), "12 ms");
  EXPECT_EQ(Output::duration(milliseconds(1520)), "1.52 s");
}

TEST(OutputTest, CountsAndQuiet) {
  EXPECT_EQ(Output::count(1, "migration"), "1 migration");
  EXPECT_EQ(Output::count(0, "migration"), "0 migrations");
  std::ostringstream text;
  Output(text, true).line("hidden");
  EXPECT_EQ(text.str(), "");
  Output(text, false).line("shown");
  EXPECT_EQ(text.str(), "shown\n");
}

}  // namespace
}  // namespace kit::host
