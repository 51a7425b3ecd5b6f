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
  for (const char* text : {"make:migration",
                           "migrate ",
                           "migrate:status",
                           "migrate:validate",
                           "migrate:rollback",
                           "migrate:reset",
                           "migrate:refresh",
                           "migrate:fresh",
                           "migrate:repair",
                           "db:sync",
                           "--dir",
                           "--database-url",
                           "--drivers",
                           "--allow-insecure-plugins",
                           "--quiet",
                           "--no-color",
                           "--version",
                           "sqlite://database.db",
                           "build/migrations",
                           "5  the migration lock"}) {
    EXPECT_NE(result.out.find(text), std::string::npos) << text;
  }
}

TEST(CliTest, EveryCommandHasHelp) {
  for (const char* command :
       {"make:migration", "migrate", "migrate:status", "migrate:validate", "migrate:rollback",
        "migrate:reset", "migrate:refresh", "migrate:fresh", "migrate:repair", "db:sync"}) {
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

/// The option lines of a --help text: those that start with "  -".
std::vector<std::string> option_lines(const std::string& help) {
  std::vector<std::string> out;
  std::istringstream lines(help);
  std::string line;
  std::string* current = nullptr;
  while (std::getline(lines, line)) {
    if (line.rfind("  -", 0) == 0) {
      out.push_back(line);
      current = &out.back();
    } else if (current != nullptr && line.rfind("      ", 0) == 0) {
      *current += " " + line.substr(line.find_first_not_of(' '));  // a wrapped description
    } else {
      current = nullptr;
    }
  }
  return out;
}

TEST(CliTest, EveryOptionInEveryHelpSaysItsDefault) {
  std::vector<std::vector<std::string>> helps = {{"--help"}};
  for (const char* command :
       {"make:migration", "migrate", "migrate:status", "migrate:validate", "migrate:rollback",
        "migrate:reset", "migrate:refresh", "migrate:fresh", "migrate:repair", "db:sync"}) {
    helps.push_back({command, "--help"});
  }
  for (const auto& args : helps) {
    const auto help = run(args).out;
    const auto options = option_lines(help);
    EXPECT_GE(options.size(), 9U) << help;
    for (const auto& option : options) {
      if (option.find("--help") != std::string::npos ||
          option.find("--version") != std::string::npos) {
        continue;
      }
      EXPECT_NE(option.find("(default: "), std::string::npos) << args[0] << ": " << option;
    }
  }
}

TEST(CliTest, NewOptionsAreWhereTheyBelong) {
  for (const char* command :
       {"migrate", "migrate:rollback", "migrate:reset", "migrate:refresh", "migrate:fresh"}) {
    EXPECT_NE(run({command, "--help"}).out.find("--pretend"), std::string::npos) << command;
  }
  for (const char* command : {"migrate:status", "migrate:validate", "migrate:repair"}) {
    EXPECT_EQ(run({command, "--help"}).out.find("--pretend"), std::string::npos) << command;
  }
  const auto status = run({"migrate:status", "--help"}).out;
  EXPECT_NE(status.find("--format FORMAT"), std::string::npos) << status;
  EXPECT_NE(status.find("--exit-code"), std::string::npos) << status;
  const auto help = run({"--help"}).out;
  for (const char* text : {"--verbose", "NO_COLOR", ".env.local", "APP_ENV", "7  migrate:status"}) {
    EXPECT_NE(help.find(text), std::string::npos) << text;
  }
}

TEST(CliTest, DbSyncHasItsOptionsAndNoOthers) {
  const auto help = run({"db:sync", "--help"}).out;
  EXPECT_NE(help.find("--out DIR"), std::string::npos) << help;
  EXPECT_NE(help.find("(default: src/models)"), std::string::npos) << help;
  EXPECT_NE(help.find("--force"), std::string::npos) << help;
  EXPECT_NE(help.find("--check"), std::string::npos) << help;
  EXPECT_NE(help.find("exits 8"), std::string::npos) << help;
  EXPECT_NE(run({"--help"}).out.find("8  db:sync --check: the headers are out of date"),
            std::string::npos);
  for (const char* option : {"--lock-timeout", "--pretend", "--step"}) {
    EXPECT_EQ(help.find(option), std::string::npos) << option;
  }
  auto result = run({"db:sync", "--ot", "x"});
  EXPECT_EQ(result.code, 2);
  expect_error_line(result, "unknown option '--ot' for db:sync; did you mean '--out'?");
  result = run({"db:snyc"});
  EXPECT_EQ(result.code, 2);
  expect_error_line(result, "did you mean 'db:sync'?");
  result = run({"migrate:status", "--force"});
  EXPECT_EQ(result.code, 2);
  expect_error_line(result, "it is an option of migrate:fresh, db:sync");
  // The value of --out is not taken for the command.
  result = run({"--out", "models", "db:sync", "--help"});
  EXPECT_EQ(result.code, 0) << result.err;
}

TEST(CliTest, UnknownNamesSuggestTheClosestValidOne) {
  auto result = run({"migrate:stauts"});
  EXPECT_EQ(result.code, 2);
  expect_error_line(result, "unknown command 'migrate:stauts'; did you mean 'migrate:status'?");
  result = run({"rollback"});
  EXPECT_EQ(result.code, 2);
  expect_error_line(result, "did you mean 'migrate:rollback'?");
  result = run({"migrate", "--pretned"});
  EXPECT_EQ(result.code, 2);
  expect_error_line(result,
                    "unknown option '--pretned' for migrate; did you mean '--pretend'? (see "
                    "kit-host migrate --help)");
  result = run({"migrate:status", "--formt", "json"});
  EXPECT_EQ(result.code, 2);
  expect_error_line(result, "did you mean '--format'?");
  // Nothing close: which commands have it, if any.
  result = run({"migrate:status", "--pretend"});
  EXPECT_EQ(result.code, 2);
  expect_error_line(result,
                    "unknown option '--pretend' for migrate:status: it is an option of migrate, "
                    "migrate:rollback, migrate:reset, migrate:refresh, migrate:fresh");
  result = run({"--sideways"});
  EXPECT_EQ(result.code, 2);
  expect_error_line(result, "unknown option '--sideways' (see kit-host --help)");
  result = run({"migrate:status", "--format", "jsno"});
  EXPECT_EQ(result.code, 2);
  expect_error_line(result, "--format takes text or json, not 'jsno'; did you mean 'json'?");
}

TEST(CliTest, AnArgumentTooManyIsNamedWithItsCommand) {
  auto result = run({"migrate:status", "extra_arg"});
  EXPECT_EQ(result.code, 2);
  expect_error_line(result,
                    "unexpected argument 'extra_arg' for migrate:status: it takes no arguments, "
                    "only options (see kit-host migrate:status --help)");
  // Around options and their values, the first argument too many is the one named.
  result = run({"--dir", "artifacts", "migrate", "--step", "2", "now", "later"});
  EXPECT_EQ(result.code, 2);
  expect_error_line(result, "unexpected argument 'now' for migrate: it takes no arguments");
  result = run({"make:migration", "create_users_table", "--path", "m", "create_posts_table"});
  EXPECT_EQ(result.code, 2);
  expect_error_line(result,
                    "unexpected argument 'create_posts_table' for make:migration: it takes one "
                    "NAME (see kit-host make:migration --help)");
  EXPECT_EQ(result.out, "");
}

TEST(CliTest, ErrorLinesHaveNoLineBreaks) {
  EXPECT_EQ(Cli::error_line("near \"x\":\nsyntax error in: CREATE TABLE t (\n  id INTEGER\n)"),
            "kit-host: error: near \"x\": syntax error in: CREATE TABLE t ( id INTEGER )");
}

}  // namespace
}  // namespace kit::host
