#include "cli.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "kit/plugin.hpp"
#include "temp_dir.hpp"

namespace kit::host {
namespace {

struct Result {
  int code;
  std::string out;
  std::string err;
};

Result run(std::vector<std::string> args) {
  std::istringstream in;
  std::ostringstream out, err;
  Cli cli(
      in, out, err, false, [](const std::string&) { return std::nullopt; }, "/nonexistent/bin");
  std::vector<const char*> argv = {"kit-host"};
  for (const auto& arg : args) argv.push_back(arg.c_str());
  const int code = cli.run(static_cast<int>(argv.size()), argv.data());
  return {code, out.str(), err.str()};
}

/// One line on stderr, "kit-host: error: ..." containing `text`.
void expect_error_line(const Result& result, const std::string& text) {
  EXPECT_EQ(result.err.rfind("kit-host: error: ", 0), 0U) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_NE(result.err.find(text), std::string::npos) << result.err;
}

TEST(CliTest, HelpListsEveryCommandAndGlobalOption) {
  const auto result = run({"--help"});
  EXPECT_EQ(result.code, 0);
  EXPECT_EQ(result.err, "");
  for (const char* text :
       {"make:migration", "migrate ", "migrate:status", "migrate:validate", "migrate:rollback",
        "migrate:reset", "migrate:refresh", "migrate:fresh", "migrate:repair", "--dir",
        "--database-url", "--drivers", "--allow-insecure-plugins", "--quiet", "--no-color",
        "--version", "sqlite://database.db", "build/migrations", "5 the migration lock"}) {
    EXPECT_NE(result.out.find(text), std::string::npos) << text;
  }
}

TEST(CliTest, EveryCommandHasHelp) {
  for (const char* command :
       {"make:migration", "migrate", "migrate:status", "migrate:validate", "migrate:rollback",
        "migrate:reset", "migrate:refresh", "migrate:fresh", "migrate:repair"}) {
    const auto result = run({command, "--help"});
    EXPECT_EQ(result.code, 0) << command;
    EXPECT_EQ(result.out.rfind(std::string("Usage: kit-host ") + command, 0), 0U) << result.out;
    EXPECT_NE(result.out.find("--database-url"), std::string::npos) << command;
  }
  EXPECT_NE(run({"migrate:rollback", "--help"}).out.find("--step"), std::string::npos);
  EXPECT_NE(run({"migrate:fresh", "--help"}).out.find("--force"), std::string::npos);
  EXPECT_NE(run({"make:migration", "--help"}).out.find("--path"), std::string::npos);
  const auto migrate = run({"migrate", "--help"}).out;
  for (const char* option : {"--atomic", "--allow-modified", "--allow-missing",
                             "--allow-out-of-order", "--lock-timeout"}) {
    EXPECT_NE(migrate.find(option), std::string::npos) << option;
  }
  const auto repair = run({"migrate:repair", "--help"}).out;
  for (const char* option : {"--mark-applied", "--update-checksums", "--lock-timeout"}) {
    EXPECT_NE(repair.find(option), std::string::npos) << option;
  }
  // Only the commands that take the lock wait for it.
  EXPECT_EQ(run({"migrate:status", "--help"}).out.find("--lock-timeout"), std::string::npos);
  EXPECT_EQ(run({"migrate:validate", "--help"}).out.find("--lock-timeout"), std::string::npos);
}

TEST(CliTest, Version) {
  const auto result = run({"--version"});
  EXPECT_EQ(result.code, 0);
  EXPECT_EQ(result.out.rfind("kit-host ", 0), 0U);
  EXPECT_NE(result.out.find(KIT_TOOLCHAIN_ID), std::string::npos);
}

TEST(CliTest, UsageErrorsAreOneLineAndExitTwo) {
  auto result = run({"migrate:sideways"});
  EXPECT_EQ(result.code, 2);
  expect_error_line(result, "unknown command 'migrate:sideways'");

  result = run({"migrate", "--sideways"});
  EXPECT_EQ(result.code, 2);
  expect_error_line(result, "'--sideways'");

  // An option of another command is unknown here.
  result = run({"migrate", "--force"});
  EXPECT_EQ(result.code, 2);
  expect_error_line(result, "'--force'");

  result = run({"migrate:rollback", "--step", "two"});
  EXPECT_EQ(result.code, 2);
  expect_error_line(result, "--step takes a whole number of at least 1, not 'two'");

  result = run({"migrate", "extra"});
  EXPECT_EQ(result.code, 2);

  result = run({"make:migration"});
  EXPECT_EQ(result.code, 2);
  expect_error_line(result, "needs a NAME");
}

TEST(CliTest, OptionsMayComeBeforeTheCommand) {
  kit::test::TempDir dir;
  const auto result =
      run({"--path", (dir / "db").string(), "--quiet", "make:migration", "create_widgets_table"});
  EXPECT_EQ(result.code, 0) << result.err;
  EXPECT_EQ(result.out, "");
  ASSERT_EQ(std::distance(std::filesystem::directory_iterator(dir / "db"),
                          std::filesystem::directory_iterator()),
            1);
}

TEST(CliTest, MakeMigrationPrintsThePathAndRefusesDuplicates) {
  kit::test::TempDir dir;
  const auto path = (dir / "migrations").string();
  auto result = run({"make:migration", "create_widgets_table", "--path", path});
  EXPECT_EQ(result.code, 0) << result.err;
  EXPECT_EQ(result.out.rfind("Created migration " + path + "/m", 0), 0U) << result.out;
  EXPECT_NE(result.out.find("_create_widgets_table.cpp\n"), std::string::npos) << result.out;

  result = run({"make:migration", "create_widgets_table", "--path", path});
  EXPECT_EQ(result.code, 2);
  expect_error_line(result, "a migration named 'create_widgets_table' already exists");

  result = run({"make:migration", "Create-Widgets", "--path", path});
  EXPECT_EQ(result.code, 2);
  expect_error_line(result, "not a valid migration name");
}

TEST(CliTest, ErrorLinesHaveNoLineBreaks) {
  EXPECT_EQ(Cli::error_line("near \"x\":\nsyntax error in: CREATE TABLE t (\n  id INTEGER\n)"),
            "kit-host: error: near \"x\": syntax error in: CREATE TABLE t ( id INTEGER )");
}

}  // namespace
}  // namespace kit::host
