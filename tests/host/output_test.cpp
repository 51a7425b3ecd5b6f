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

TEST(OutputTest, ProgressFromTenMigrationsOn) {
  EXPECT_EQ(Output::progress(3, 9), "");
  EXPECT_EQ(Output::progress(3, 10), "[ 3/10] ");
  EXPECT_EQ(Output::progress(12, 300), "[ 12/300] ");
  EXPECT_EQ(Output::progress(300, 300), "[300/300] ");
}

TEST(OutputTest, SqlLinesAreIndentedAndEndInASemicolon) {
  EXPECT_EQ(Output::sql_line("DROP TABLE \"t\"", std::nullopt), "    DROP TABLE \"t\";");
  EXPECT_EQ(Output::sql_line("SELECT 1; \n", std::nullopt), "    SELECT 1;");
  EXPECT_EQ(Output::sql_line("SELECT 1", milliseconds(12)), "    SELECT 1; -- 12 ms");
}

TEST(OutputTest, AMigrationsLineThenItsStatementsWhenShown) {
  std::ostringstream text;
  Output::Style style;
  style.verbose = true;
  Output output(text, style);
  output.start_run(1);
  output.start_migration("m20240115_120000_create_users_table");
  ASSERT_NE(output.statements(), nullptr);
  output.statements()->on_sql("CREATE TABLE \"users\" (\"id\" integer)", 2000000);
  output.finish_migration(milliseconds(3), Output::Status::Done);
  EXPECT_EQ(text.str(),
            Output::migration_line("m20240115_120000_create_users_table", milliseconds(3), "DONE") +
                "\n    CREATE TABLE \"users\" (\"id\" integer); -- 2.0 ms\n");
}

TEST(OutputTest, PretendShowsTheSqlWithoutTimesAndANote) {
  std::ostringstream text;
  Output output(text, false);
  EXPECT_EQ(output.statements(), nullptr) << "nothing records unless it is shown";
  output.show_sql(true);
  output.start_run(1);
  output.start_migration("m1");
  output.statements()->on_sql("CREATE INDEX CONCURRENTLY i ON t (c)", 0);
  output.finish_migration(milliseconds(1), Output::Status::Rendered, "not run");
  EXPECT_EQ(text.str(), Output::migration_line("m1", milliseconds(1), "RENDERED") +
                            "\n    CREATE INDEX CONCURRENTLY i ON t (c);\n    -- not run\n");
}

TEST(OutputTest, OnATerminalTheNameShowsFirstAndTheStatusInColour) {
  std::ostringstream text;
  Output::Style style;
  style.terminal = true;
  style.color = true;
  Output output(text, style);
  output.start_run(10);
  output.start_migration("m1");
  EXPECT_EQ(text.str(), "  [ 1/10] m1 ");
  output.finish_migration(milliseconds(2), Output::Status::Fail);
  const std::string plain = Output::migration_line("[ 1/10] m1", milliseconds(2), "FAIL");
  EXPECT_EQ(text.str(), plain.substr(0, plain.size() - 4) + "\x1b[31mFAIL\x1b[0m\n");
}

TEST(OutputTest, QuietPrintsNoMigrationLines) {
  std::ostringstream text;
  Output::Style style;
  style.quiet = true;
  style.terminal = true;
  style.verbose = true;
  Output output(text, style);
  output.start_run(1);
  output.start_migration("m1");
  if (auto* statements = output.statements()) statements->on_sql("SELECT 1", 0);
  output.finish_migration(milliseconds(1), Output::Status::Done);
  EXPECT_EQ(text.str(), "");
  EXPECT_EQ(output.paint("x", Output::Color::Red), "x");
}

}  // namespace
}  // namespace kit::host
