// migrate:fresh at a terminal asks first; the Cli runs in-process so that the test can be
// the terminal and answer. On each database.
#include <sstream>

#include "cli.hpp"
#include "host_test.hpp"

namespace kit::test {
namespace {

using FreshPrompt = DatabaseTest;
KIT_E2E_ON_EVERY_DATABASE(FreshPrompt);

struct CliResult {
  int code;
  std::string out;
  std::string err;
};

CliResult run_cli(const std::vector<std::string>& args, const std::string& answer) {
  std::istringstream in(answer);
  std::ostringstream out, err;
  kit::host::Cli cli(
      in, out, err, /*interactive=*/true, [](const std::string&) { return std::nullopt; },
      "/nonexistent/bin");
  std::vector<const char*> argv = {"kit-host"};
  for (const auto& arg : args) argv.push_back(arg.c_str());
  const int code = cli.run(static_cast<int>(argv.size()), argv.data());
  return {code, out.str(), err.str()};
}

TEST_P(FreshPrompt, AsksAndDropsOnlyOnYes) {
  const std::vector<std::string> common = {
      "--dir", KIT_E2E_EXAMPLES_DIR, "--drivers", KIT_E2E_DRIVERS_DIR, "--database-url", url()};
  auto args = common;
  args.insert(args.begin(), "migrate");
  ASSERT_EQ(run_cli(args, "").code, 0);
  schema().execute(
      "INSERT INTO users (name, email, password_hash) VALUES ('a', 'a@example.com', 'x')");
  const auto before = schema().snapshot();

  args = common;
  args.insert(args.begin(), "migrate:fresh");
  for (const char* answer : {"n\n", "\n", ""}) {
    const auto declined = run_cli(args, answer);
    EXPECT_EQ(declined.code, 0) << declined.err;
    EXPECT_TRUE(
        contains(declined.out, "This drops every table in " + shown_url() + ". Continue? [y/N] "))
        << declined.out;
    EXPECT_TRUE(contains(declined.out, "Cancelled: nothing was dropped.\n")) << declined.out;
    EXPECT_EQ(schema().snapshot(), before);
  }

  const auto accepted = run_cli(args, "y\n");
  EXPECT_EQ(accepted.code, 0) << accepted.err;
  EXPECT_TRUE(contains(accepted.out, "Dropped all tables")) << accepted.out;
  EXPECT_EQ(schema().row_count("users"), 0);
  EXPECT_EQ(schema().ledger_versions(), kExamples);
}

}  // namespace
}  // namespace kit::test
