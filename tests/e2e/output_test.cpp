// What kit-host prints as it runs: one line per migration with its duration and status,
// "[ 3/10]" progress on runs of ten or more, a summary line, each statement with its time
// under --verbose, nothing with --quiet, colour only on a terminal and never with NO_COLOR
// or --no-color. And where settings come from: flags, the environment, .env.<APP_ENV>.local,
// .env.<APP_ENV>, .env.local, .env.
#include <regex>
#include <sstream>

#include "cli.hpp"
#include "host_test.hpp"
#include "output.hpp"

namespace kit::test {
namespace {

using Strings = std::vector<std::string>;

const std::string kVocabulary = std::string(KIT_E2E_FIXTURES_DIR) + "/vocabulary";

using Output = DatabaseTest;
KIT_E2E_ON_EVERY_DATABASE(Output);

TEST_P(Output, ALongRunShowsProgressOnEveryLine) {
  // The five examples and the five vocabulary migrations, which touch other tables.
  copy_artifacts(KIT_E2E_EXAMPLES_DIR, "artifacts");
  for (const auto& file : fs::directory_iterator(kVocabulary)) {
    if (file.path().extension() == ".so") {
      fs::copy_file(file.path(), dir_ / "artifacts" / file.path().filename());
    }
  }
  const auto result = kit({"migrate", "--dir", "artifacts"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_TRUE(contains(result.out, "Running 10 migrations (batch 1)\n")) << result.out;
  EXPECT_TRUE(std::regex_search(
      result.out, std::regex(R"(\n  \[ 1/10\] )" + kUsers + R"( \.+ [0-9.]+ m?s DONE\n)")))
      << result.out;
  EXPECT_TRUE(std::regex_search(
      result.out,
      std::regex(R"(\n  \[10/10\] m20240201_000400_rename_and_truncate \.+ [0-9.]+ m?s DONE\n)")))
      << result.out;
  EXPECT_TRUE(
      std::regex_search(result.out, std::regex(R"(\nApplied 10 migrations in [0-9.]+ m?s\.\n$)")))
      << result.out;
  // The progress counts in the line's width.
  const auto at = result.out.find("  [ 1/10] " + kUsers);
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(result.out.find('\n', at) - at, host::Output::kLineWidth);
  EXPECT_EQ(result.out.find('\x1b'), std::string::npos) << "colour on a pipe";

  // A short run has no progress.
  const auto rollback = kit({"migrate:rollback", "--dir", "artifacts", "--step", "2"});
  EXPECT_FALSE(contains(rollback.out, "[")) << rollback.out;
}

TEST_P(Output, AReaderThatGoesAwayStopsNothing) {
  link_examples_as_default_dir();
  ASSERT_EQ(kit({"migrate", "--step", "2"}).exit_code, 0);
  // As `kit-host migrate:fresh --force | head -3` once head has exited: stdout is a pipe
  // that nobody reads, and every write to it fails.
  const auto into_closed_pipe = [&](Strings args) {
    args.insert(args.end(), {"--database-url", url()});
    return Process::run(KIT_E2E_HOST, args, dir_.path(), {}, Process::Stdout::ClosedPipe);
  };
  const auto fresh = into_closed_pipe({"migrate:fresh", "--force"});
  EXPECT_EQ(fresh.exit_code, 0) << fresh.err;
  EXPECT_EQ(fresh.err, "");
  EXPECT_EQ(schema().ledger_versions(), kExamples);
  EXPECT_TRUE(has(schema().tables(), "posts"));

  // A run that fails still says why on stderr, and exits with its own code.
  const std::string failing = std::string(KIT_E2E_FIXTURES_DIR) + "/failing_sql";
  const auto failed = into_closed_pipe({"migrate:fresh", "--force", "--dir", failing});
  EXPECT_EQ(failed.exit_code, 1);
  expect_error_line(failed, {"m20240101_000100_create_beta_then_fail", "rolled back"});
  EXPECT_EQ(schema().ledger_versions(),
            std::vector<std::string>{"m20240101_000000_create_alpha_table"});
  EXPECT_EQ(into_closed_pipe({"migrate:status", "--exit-code", "--dir", failing}).exit_code, 7);
}

TEST_P(Output, VerboseShowsEachStatementWithItsTimeAndQuietNothing) {
  link_examples_as_default_dir();
  const auto verbose = kit({"migrate", "--step", "2", "-v"});
  ASSERT_EQ(verbose.exit_code, 0) << verbose.err;
  EXPECT_TRUE(std::regex_search(
      verbose.out,
      std::regex("  " + kUsers +
                 R"( \.+ [0-9.]+ m?s DONE\n)"
                 R"(    CREATE TABLE IF NOT EXISTS "users" \(.*\); -- [0-9.]+ m?s\n)")))
      << verbose.out;
  const auto quiet = kit({"migrate", "--quiet", "--verbose"});
  EXPECT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(quiet.out, "");
  EXPECT_EQ(quiet.err, "");
  EXPECT_EQ(schema().ledger_versions(), kExamples);
}

/// Runs the Cli in-process with stdout and stderr as terminals, as main() would find them.
struct TerminalRun {
  int code;
  std::string out;
  std::string err;
};
TerminalRun on_a_terminal(const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env = {}) {
  std::istringstream in;
  std::ostringstream out, err;
  host::Cli cli(
      in, out, err, false,
      [env](const std::string& key) -> std::optional<std::string> {
        const auto found = env.find(key);
        if (found == env.end()) return std::nullopt;
        return found->second;
      },
      "/nonexistent/bin", host::Cli::Terminals{true, true});
  std::vector<const char*> argv = {"kit-host"};
  for (const auto& arg : args) argv.push_back(arg.c_str());
  const int code = cli.run(static_cast<int>(argv.size()), argv.data());
  return {code, out.str(), err.str()};
}

TEST_P(Output, ColourOnlyOnATerminalAndNeverWithNoColor) {
  const Strings common = {
      "--dir", KIT_E2E_EXAMPLES_DIR, "--drivers", KIT_E2E_DRIVERS_DIR, "--database-url", url()};
  const auto with = [&](std::vector<std::string> args) {
    args.insert(args.end(), common.begin(), common.end());
    return args;
  };
  const auto coloured = on_a_terminal(with({"migrate", "--step", "1"}));
  ASSERT_EQ(coloured.code, 0) << coloured.err;
  EXPECT_TRUE(contains(coloured.out, " \x1b[32mDONE\x1b[0m\n")) << coloured.out;
  // On a terminal the name shows when the migration starts; the line ends when it ends.
  EXPECT_TRUE(std::regex_search(coloured.out, std::regex("  " + kUsers + R"( \.+ [0-9.]+ m?s )")))
      << coloured.out;
  const auto status = on_a_terminal(with({"migrate:status"}));
  EXPECT_TRUE(contains(status.out, "\x1b[32mApplied\x1b[0m")) << status.out;
  EXPECT_TRUE(contains(status.out, "\x1b[33mPending\x1b[0m")) << status.out;
  const auto error = on_a_terminal(with({"migrate:sideways"}));
  EXPECT_EQ(error.err.rfind("\x1b[31mkit-host: error:\x1b[0m unknown command", 0), 0U) << error.err;

  for (const auto& [args, env] :
       std::vector<std::pair<Strings, std::map<std::string, std::string>>>{
           {with({"migrate", "--step", "1"}), {{"NO_COLOR", "1"}}},
           {with({"migrate", "--step", "1", "--no-color"}), {}},
           {with({"migrate", "--step", "1"}), {{"TERM", "dumb"}}},
           {with({"migrate:sideways"}), {{"NO_COLOR", "yes"}}},
           {with({"migrate:sideways", "--no-color"}), {}}}) {
    const auto plain = on_a_terminal(args, env);
    EXPECT_EQ(plain.out.find('\x1b'), std::string::npos) << plain.out;
    EXPECT_EQ(plain.err.find('\x1b'), std::string::npos) << plain.err;
  }
  // An empty NO_COLOR is no NO_COLOR.
  const auto empty = on_a_terminal(with({"migrate:status"}), {{"NO_COLOR", ""}});
  EXPECT_TRUE(contains(empty.out, "\x1b[32mApplied\x1b[0m")) << empty.out;
}

// Where settings come from, as Kit loads them: SQLite files, so that every source can name its
// own database.
using Configuration = HostTest;

TEST_F(Configuration, FlagsOverEnvironmentOverDotEnvLocalOverDotEnv) {
  link_examples_as_default_dir();
  dir_.write(".env", "DATABASE_URL=sqlite://from_env_file.db\nKIT_LOCK_TIMEOUT=nonsense\n");
  // A bad value in a file that a higher one overrides is never read.
  dir_.write(".env.local", "DATABASE_URL=sqlite://from_env_local.db\nKIT_LOCK_TIMEOUT=5s\n");
  auto result = kit({"migrate", "--step", "1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(contains(result.out, "Database: sqlite://from_env_local.db (from .env.local)\n"))
      << result.out;

  result = kit({"migrate:status"}, {{"DATABASE_URL", "sqlite://from_environment.db"}});
  EXPECT_TRUE(contains(result.out, "Database: sqlite://from_environment.db (from DATABASE_URL)\n"))
      << result.out;
  result = kit({"migrate:status", "--database-url", "sqlite://from_flag.db"},
               {{"DATABASE_URL", "sqlite://from_environment.db"}});
  EXPECT_TRUE(contains(result.out, "Database: sqlite://from_flag.db\n")) << result.out;

  // APP_ENV picks .env.<APP_ENV>.local, then .env.<APP_ENV>, both above .env.local.
  dir_.write(".env.production", "DATABASE_URL=sqlite://production.db\n");
  result = kit({"migrate:status"}, {{"APP_ENV", "production"}});
  EXPECT_TRUE(contains(result.out, "Database: sqlite://production.db (from .env.production)\n"))
      << result.out;
  dir_.write(".env.production.local", "DATABASE_URL=sqlite://production_local.db\n");
  result = kit({"migrate:status"}, {{"APP_ENV", "production"}});
  EXPECT_TRUE(
      contains(result.out, "Database: sqlite://production_local.db (from .env.production.local)\n"))
      << result.out;
  // The environment still wins over every file.
  result = kit({"migrate:status"},
               {{"APP_ENV", "production"}, {"DATABASE_URL", "sqlite://from_environment.db"}});
  EXPECT_TRUE(contains(result.out, "(from DATABASE_URL)\n")) << result.out;

  // A bad value says which file it came from.
  dir_.write(".env.local", "KIT_LOCK_TIMEOUT=soon\n");
  result = kit({"migrate"});
  EXPECT_EQ(result.exit_code, 2);
  expect_error_line(result, {"KIT_LOCK_TIMEOUT in .env.local takes a duration", "'soon'"});
  result = kit({"migrate:status"}, {{"APP_ENV", "../etc"}});
  EXPECT_EQ(result.exit_code, 2);
  expect_error_line(result, {"APP_ENV", "'../etc'"});
}

}  // namespace
}  // namespace kit::test
