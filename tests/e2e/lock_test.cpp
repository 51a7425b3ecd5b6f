// The migration lock as kit-host uses it: --lock-timeout and KIT_LOCK_TIMEOUT bound the
// wait, a timeout ends the run with exit code 5 and nothing done, and a run that waited
// reads the ledger after it got the lock, so it finds the other run's work and applies
// nothing twice. On each database; the lock is held by this test through the same driver
// plugin kit-host loads.
#include <chrono>
#include <future>
#include <thread>

#include "driver_registry.hpp"
#include "host_test.hpp"
#include "kit/database_url.hpp"

namespace kit::test {
namespace {

using Clock = std::chrono::steady_clock;
using Strings = std::vector<std::string>;

const std::string kSlow = std::string(KIT_E2E_FIXTURES_DIR) + "/slow";

class Lock : public DatabaseTest {
 protected:
  /// A connection of this test's own, through the driver plugin kit-host uses.
  [[nodiscard]] host::PluginObject<Driver> connect() const {
    const auto registry = host::DriverRegistry::scan({KIT_E2E_DRIVERS_DIR});
    return registry.open(DatabaseUrl::parse(url()), url());
  }

  /// Waits until another connection holds the migration lock; false after 20 s.
  [[nodiscard]] bool wait_until_locked_elsewhere(Driver& probe) const {
    const auto deadline = Clock::now() + std::chrono::seconds(20);
    while (Clock::now() < deadline) {
      try {
        probe.lock(std::chrono::milliseconds(0));
        probe.unlock();
      } catch (const LockTimeoutError&) {
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }
};
KIT_E2E_ON_EVERY_DATABASE(Lock);

TEST_P(Lock, ATimeoutEndsTheRunWithItsOwnExitCodeAndDoesNothing) {
  auto holder = connect();
  holder->lock(std::chrono::seconds(5));

  const auto start = Clock::now();
  const auto result = kit({"migrate", "--dir", kSlow, "--lock-timeout", "300ms"});
  const auto waited = Clock::now() - start;
  EXPECT_EQ(result.exit_code, 5) << result.out << result.err;
  expect_error_line(result, {"cannot take the migration lock", "the lock timeout is 300ms",
                             "--lock-timeout", "KIT_LOCK_TIMEOUT"});
  EXPECT_GE(waited, std::chrono::milliseconds(300));
  EXPECT_TRUE(schema().tables().empty());

  // The environment sets it too, for every command that takes the lock.
  for (const char* command : {"migrate:rollback", "migrate:reset", "migrate:repair"}) {
    const auto from_env = kit({command, "--dir", kSlow}, {{"KIT_LOCK_TIMEOUT", "200ms"}});
    EXPECT_EQ(from_env.exit_code, 5) << command << ": " << from_env.err;
    expect_error_line(from_env, {"the lock timeout is 200ms"});
  }
  // migrate:status does not take the lock: it answers at once.
  EXPECT_EQ(kit({"migrate:status", "--dir", kSlow}).exit_code, 0);

  holder->unlock();
  const auto after = kit({"migrate", "--dir", kSlow, "--lock-timeout", "0"});
  EXPECT_EQ(after.exit_code, 0) << after.out << after.err;
}

TEST_P(Lock, AMalformedTimeoutIsAUsageError) {
  for (const char* value : {"soon", "10x", "1.5s", "99999h"}) {
    const auto result = kit({"migrate", "--dir", kSlow, "--lock-timeout", value});
    EXPECT_EQ(result.exit_code, 2) << value;
    expect_error_line(result, {"--lock-timeout takes a duration such as 30s, 500ms or 2m",
                               "'" + std::string(value) + "'"});
  }
  const auto from_env = kit({"migrate", "--dir", kSlow}, {{"KIT_LOCK_TIMEOUT", "later"}});
  EXPECT_EQ(from_env.exit_code, 2);
  expect_error_line(from_env, {"KIT_LOCK_TIMEOUT takes a duration", "'later'"});
  // Only commands that take the lock have the option.
  const auto status = kit({"migrate:status", "--dir", kSlow, "--lock-timeout", "1s"});
  EXPECT_EQ(status.exit_code, 2);
  EXPECT_TRUE(untouched());
}

TEST_P(Lock, OnlyTheCommandsThatTakeTheLockReadItsTimeout) {
  const std::map<std::string, std::string> bad = {{"KIT_LOCK_TIMEOUT", "soon"}};
  const auto run = [&](Strings args, const std::map<std::string, std::string>& env) {
    args.insert(args.end(), {"--dir", kSlow});
    return kit(args, env);
  };
  for (const Strings& args :
       {Strings{"migrate:status"}, Strings{"migrate:status", "--format", "json"},
        Strings{"migrate:validate"}, Strings{"db:sync", "--out", "models"}}) {
    const auto result = run(args, bad);
    if (args[0] == "db:sync" && !postgres()) {
      // The SQLite file does not exist (and is not created), which db:sync refuses.
      EXPECT_EQ(result.exit_code, 2) << result.err;
      expect_error_line(result, {"database file", "does not exist"});
      continue;
    }
    EXPECT_EQ(result.exit_code, 0) << args[0] << ": " << result.err;
    EXPECT_EQ(result.err, "") << args[0];
  }
  dir_.write(".env", "KIT_LOCK_TIMEOUT=later\n");
  EXPECT_EQ(run({"migrate:status"}, {}).exit_code, 0);
  fs::remove(dir_ / ".env");

  for (const Strings& args :
       {Strings{"migrate"}, Strings{"migrate:rollback"}, Strings{"migrate:reset"},
        Strings{"migrate:refresh"}, Strings{"migrate:fresh", "--force"}, Strings{"migrate:repair"},
        Strings{"migrate", "--pretend"}}) {
    const auto result = run(args, bad);
    EXPECT_EQ(result.exit_code, 2) << args[0];
    expect_error_line(result, {"KIT_LOCK_TIMEOUT takes a duration", "'soon'"});
  }
  EXPECT_TRUE(untouched());
}

TEST_P(Lock, ARunThatWaitedFindsTheOtherRunsWorkAndAppliesNothingTwice) {
  auto probe = connect();
  // The first run holds the lock for as long as its second migration sleeps.
  auto first = std::async(std::launch::async, [&] {
    return kit({"migrate", "--dir", kSlow}, {{"KIT_E2E_SLEEP_MS", "1500"}});
  });
  ASSERT_TRUE(wait_until_locked_elsewhere(*probe)) << "the first run never took the lock";
  const auto start = Clock::now();
  const auto second = kit({"migrate", "--dir", kSlow, "--lock-timeout", "60s"});
  const auto waited = Clock::now() - start;
  const auto first_result = first.get();

  ASSERT_EQ(first_result.exit_code, 0) << first_result.out << first_result.err;
  EXPECT_TRUE(contains(first_result.out, "Running 2 migrations (batch 1)\n")) << first_result.out;
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  EXPECT_TRUE(contains(second.out, "Nothing to migrate.\n")) << second.out;
  EXPECT_GE(waited, std::chrono::milliseconds(500)) << "the second run did not wait";
  EXPECT_EQ(schema().ledger_versions(), (Strings{"m20240101_000000_create_alpha_table",
                                                 "m20240101_000100_sleep_then_create_slow_table"}));
  for (const auto& row : schema().ledger()) EXPECT_EQ(row.batch, 1) << row.version;
}

}  // namespace
}  // namespace kit::test
