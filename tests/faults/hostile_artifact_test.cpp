// Hostile artifacts, each through the kit-host binary: one error line naming the file, the
// documented exit code, no crash, and nothing applied from it on. Artifacts that fail the
// pre-flight check (every pending one is loaded and checked before the first is applied)
// leave the database without a single table, though good migrations sort before them.
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <random>
#include <set>

#include "fault_test.hpp"
#include "kit/plugin.hpp"

namespace kit::test {
namespace {

constexpr int kInvalidArtifact = 3;
constexpr int kFailure = 1;
constexpr int kValidationFailed = 4;

const std::string kFirst = "m20240201_120001_killed_001";
const std::string kSecond = "m20240201_120002_killed_002";
const std::string kAfter = "m20240401_000000_after_hostile";

fs::path fixture(const std::string& name) { return kFixturesDir / (name + ".so"); }

class HostileArtifacts : public FaultTest {
 protected:
  /// <test dir>/artifacts with two good migrations, then whatever `add` puts there, then a
  /// good one that sorts after it.
  template <class Add>
  fs::path artifacts(Add&& add) {
    const auto killed = killed_artifacts(2);
    const auto dir = artifact_dir("artifacts", {killed[0], killed[1], fixture(kAfter)});
    add(dir);
    return dir;
  }
  fs::path artifacts_with(const std::string& hostile_fixture) {
    return artifacts([&](const fs::path& dir) {
      fs::create_symlink(fixture(hostile_fixture), dir / (hostile_fixture + ".so"));
    });
  }
  ChildProcess::Result migrate(const fs::path& dir) {
    return kit({"migrate", "--dir", dir.string()});
  }
};

/// Exactly one line on stderr, "kit-host: error: ...", holding every text; ended by exit().
void expect_error_line(const ChildProcess::Result& result, int exit_code,
                       std::initializer_list<std::string> texts) {
  EXPECT_TRUE(result.exited()) << "crashed: " << result.describe() << "\n" << result.err;
  EXPECT_EQ(result.exit_code, exit_code) << result.out << result.err;
  EXPECT_EQ(result.err.rfind("kit-host: error: ", 0), 0U) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  for (const auto& text : texts) {
    EXPECT_TRUE(contains(result.err, text)) << "missing '" << text << "' in " << result.err;
  }
}

/// Pre-flight failures: not even the good migrations before the bad one are applied.
void expect_nothing_applied(TestDatabase& db) {
  EXPECT_EQ(db.tables(), std::vector<std::string>{}) << "something was applied";
}

TEST_P(HostileArtifacts, ZeroBytes) {
  const auto dir = artifacts([](const fs::path& d) {
    std::ofstream(d / "m20240301_000900_zero_bytes.so", std::ios::binary);
  });
  expect_error_line(migrate(dir), kInvalidArtifact,
                    {"artifacts/m20240301_000900_zero_bytes.so", "not a loadable library"});
  expect_nothing_applied(*db_);
}

TEST_P(HostileArtifacts, RandomBytes) {
  const auto dir = artifacts([](const fs::path& d) {
    std::mt19937 random(7);
    std::string bytes(64 * 1024, '\0');
    for (auto& byte : bytes) byte = static_cast<char>(random());
    std::ofstream(d / "m20240301_000900_random_bytes.so", std::ios::binary) << bytes;
  });
  expect_error_line(migrate(dir), kInvalidArtifact,
                    {"artifacts/m20240301_000900_random_bytes.so", "not a loadable library"});
  expect_nothing_applied(*db_);
}

TEST_P(HostileArtifacts, RandomBytesAfterAnElfHeader) {
  // Passes the loader's first glance; everything after the magic is noise.
  const auto dir = artifacts([](const fs::path& d) {
    std::mt19937 random(11);
    std::string bytes(16 * 1024, '\0');
    for (auto& byte : bytes) byte = static_cast<char>(random());
    std::ifstream real(kKilledDir / (kSecond + ".so"), std::ios::binary);
    real.read(bytes.data(), 20);  // ELF identification, type and machine
    std::ofstream(d / "m20240301_000900_elf_noise.so", std::ios::binary) << bytes;
  });
  const auto result = migrate(dir);
  expect_error_line(result, kInvalidArtifact,
                    {"artifacts/m20240301_000900_elf_noise.so", "not a loadable library"});
  expect_nothing_applied(*db_);
}

TEST_P(HostileArtifacts, TruncatedElf) {
  // A real migration cut short: inside its ELF header, inside its loadable segments (where
  // the loader would map pages past the end of the file, and fault touching them), after
  // them, and one byte short.
  const fs::path real = kKilledDir / "m20240201_120003_killed_003.so";
  std::string bytes;
  {
    std::ifstream in(real, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  ASSERT_GT(bytes.size(), 16384U);
  for (const std::size_t cut : {std::size_t{40}, std::size_t{4096}, std::size_t{12288},
                                bytes.size() / 2, bytes.size() - 1}) {
    SCOPED_TRACE("cut at byte " + std::to_string(cut));
    const auto dir = artifacts([&](const fs::path& d) {
      std::ofstream(d / "m20240201_120003_killed_003.so", std::ios::binary) << bytes.substr(0, cut);
    });
    expect_error_line(migrate(dir), kInvalidArtifact,
                      {"artifacts/m20240201_120003_killed_003.so", "not a loadable library"});
    expect_nothing_applied(*db_);
    fs::remove_all(dir);
  }
}

TEST_P(HostileArtifacts, SharedLibraryWithoutOurExports) {
  const auto dir = artifacts_with("m20240301_000700_no_exports");
  expect_error_line(
      migrate(dir), kInvalidArtifact,
      {"artifacts/m20240301_000700_no_exports.so", "not a kit plugin", "kit_plugin_info"});
  expect_nothing_applied(*db_);
}

TEST_P(HostileArtifacts, WrongAbiVersion) {
  const auto dir = artifacts_with("m20240301_000600_wrong_abi");
  expect_error_line(
      migrate(dir), kInvalidArtifact,
      {"artifacts/m20240301_000600_wrong_abi.so",
       "built for kit ABI version " + std::to_string(KIT_ABI_VERSION + 1), "rebuild it"});
  expect_nothing_applied(*db_);
}

TEST_P(HostileArtifacts, WrongToolchain) {
  const auto dir = artifacts_with("m20240301_000650_wrong_toolchain");
  expect_error_line(migrate(dir), kInvalidArtifact,
                    {"artifacts/m20240301_000650_wrong_toolchain.so", "built with '",
                     "but kit-host with '" KIT_TOOLCHAIN_ID "'"});
  expect_nothing_applied(*db_);
}

// What migrate refuses to load, status and validate report too, from the manifest alone: an
// artifact of another ABI or toolchain is no pending migration that a deploy gate waves on.
TEST_P(HostileArtifacts, StatusAndValidateReportWhatMigrateWouldRefuseToLoad) {
  const std::vector<std::pair<std::string, std::string>> fixtures = {
      {"m20240301_000600_wrong_abi",
       "built for kit ABI version " + std::to_string(KIT_ABI_VERSION + 1)},
      {"m20240301_000650_wrong_toolchain", "but kit-host with '" KIT_TOOLCHAIN_ID "'"}};
  for (const auto& [name, problem] : fixtures) {
    SCOPED_TRACE(name);
    const auto dir = artifacts_with(name);
    const std::string file = "artifacts/" + name + ".so";
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"migrate:status"},
          std::vector<std::string>{"migrate:status", "--exit-code"},
          std::vector<std::string>{"migrate:status", "--format", "json", "--exit-code"}}) {
      SCOPED_TRACE(args.back());
      auto command = args;
      command.insert(command.end(), {"--dir", dir.string()});
      const auto status = kit(command);
      expect_error_line(status, kInvalidArtifact, {file, problem});
      EXPECT_FALSE(contains(status.out, "Pending")) << status.out;
      // The JSON document is all or nothing: an error leaves stdout empty.
      if (std::find(args.begin(), args.end(), "json") != args.end()) {
        EXPECT_EQ(status.out, "");
      }
    }
    const auto validate = kit({"migrate:validate", "--dir", dir.string()});
    expect_error_line(validate, kValidationFailed, {file, problem});
    EXPECT_TRUE(contains(validate.out, "Checked 4 artifacts and 0 ledger rows: 1 problem."))
        << validate.out;
    expect_nothing_applied(*db_);
    fs::remove_all(dir);
  }

  // Two of them: status names the first, and how many more validate lists.
  const auto dir = artifacts([](const fs::path& d) {
    for (const char* name : {"m20240301_000600_wrong_abi", "m20240301_000650_wrong_toolchain"}) {
      fs::create_symlink(fixture(name), d / (std::string(name) + ".so"));
    }
  });
  expect_error_line(kit({"migrate:status", "--exit-code", "--dir", dir.string()}), kInvalidArtifact,
                    {"artifacts/m20240301_000600_wrong_abi.so",
                     "; and 1 other invalid artifact (kit-host migrate:validate lists them all)"});
}

TEST_P(HostileArtifacts, DriverWhereAMigrationIsExpected) {
  const auto dir = artifacts([](const fs::path& d) {
    fs::copy_file(fs::path(KIT_FAULTS_DRIVERS_DIR) / "kit_driver_sqlite.so",
                  d / "m20240301_000900_driver.so");
  });
  expect_error_line(
      migrate(dir), kInvalidArtifact,
      {"artifacts/m20240301_000900_driver.so", "driver plugin", "expected a migration"});
  expect_nothing_applied(*db_);
}

TEST_P(HostileArtifacts, DirectoryNamedLikeAnArtifact) {
  const auto dir =
      artifacts([](const fs::path& d) { fs::create_directory(d / "m20240301_000900_dir.so"); });
  expect_error_line(migrate(dir), kInvalidArtifact,
                    {"artifacts/m20240301_000900_dir.so", "is a directory"});
  expect_nothing_applied(*db_);
}

TEST_P(HostileArtifacts, UnreadableFile) {
  const auto dir = artifacts([](const fs::path& d) {
    const auto file = d / "m20240301_000900_unreadable.so";
    fs::copy_file(kKilledDir / "m20240201_120003_killed_003.so", file);
    fs::permissions(file, fs::perms::none);
  });
  auto opts = options();
  // Root reads any file: run kit-host as root without the capabilities that allow it, so
  // that the file's mode applies, wherever the checkout lives (running it as another user
  // would need every directory above the build to be open to that user).
  opts.without_file_access_override = ::geteuid() == 0;
  const auto result = ChildProcess::run(
      KIT_FAULTS_HOST, {"migrate", "--dir", dir.string(), "--database-url", db_->url()}, opts);
  expect_error_line(
      result, kInvalidArtifact,
      {"artifacts/m20240301_000900_unreadable.so", "not a loadable library", "ermission denied"});
  expect_nothing_applied(*db_);
}

TEST_P(HostileArtifacts, TwoArtifactsWithTheSameTimestamp) {
  const auto dir = artifacts([](const fs::path& d) {
    fs::create_symlink(fixture(kAfter), d / "m20240201_120002_same_time.so");
  });
  expect_error_line(migrate(dir), kInvalidArtifact,
                    {"duplicate version 20240201_120002", kSecond, "m20240201_120002_same_time"});
  expect_nothing_applied(*db_);
}

TEST_P(HostileArtifacts, MigrationThatThrowsAStdException) {
  const auto dir = artifacts_with("m20240301_000100_throws_std_exception");
  const auto result = migrate(dir);
  expect_error_line(result, kFailure,
                    {"m20240301_000100_throws_std_exception", "up() threw",
                     "deliberate std::runtime_error from up()", "rolled back"});
  // The migrations before it stay applied; it and everything after it are not.
  EXPECT_EQ(db_->ledger_versions(), (std::vector<std::string>{kFirst, kSecond}));
  EXPECT_EQ(db_->tables(),
            (std::vector<std::string>{"killed_001", "killed_002", "kit_migrations"}));
}

TEST_P(HostileArtifacts, MigrationThatThrowsSomethingElse) {
  const auto dir = artifacts_with("m20240301_000200_throws_int");
  const auto result = migrate(dir);
  expect_error_line(
      result, kFailure,
      {"m20240301_000200_throws_int", "up() threw", "not a std::exception", "rolled back"});
  EXPECT_EQ(db_->ledger_versions(), (std::vector<std::string>{kFirst, kSecond}));
  EXPECT_EQ(db_->tables(),
            (std::vector<std::string>{"killed_001", "killed_002", "kit_migrations"}));
}

TEST_P(HostileArtifacts, RollingBackAMigrationWithoutDown) {
  const auto killed = killed_artifacts(1);
  const auto dir = artifact_dir("artifacts", {killed[0], fixture("m20240301_000300_without_down")});
  const auto applied = migrate(dir);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  const auto tables = db_->tables();

  for (const char* command : {"migrate:rollback", "migrate:reset"}) {
    SCOPED_TRACE(command);
    const auto result = kit({command, "--dir", dir.string()});
    expect_error_line(result, kFailure,
                      {"m20240301_000300_without_down: this migration has no down(), so it "
                       "cannot be rolled back\n"});
    // Said once, not twice.
    EXPECT_EQ(result.err.find("rolled back"), result.err.rfind("rolled back")) << result.err;
    // Newest first: it is the first to go, so nothing was rolled back.
    EXPECT_EQ(db_->ledger_versions(),
              (std::vector<std::string>{kFirst, "m20240301_000300_without_down"}));
    EXPECT_EQ(db_->tables(), tables);
  }
}

// A static initializer runs inside dlopen(), before kit-host can check anything: one that
// throws ends in std::terminate, one that aborts ends the process. kit-host cannot survive
// that in its own process; what it promises is that pre-flight loads every pending
// artifact before the first is applied, so nothing at all is applied, and that commands
// that only read (migrate:status) or do not need the artifact never run its code.
TEST_P(HostileArtifacts, StaticInitializerThatThrowsAppliesNothing) {
  const auto dir = artifacts_with("m20240301_000400_static_init_throws");
  const auto result = migrate(dir);
  EXPECT_EQ(result.signal, SIGABRT) << result.describe() << "\n" << result.out << result.err;
  EXPECT_TRUE(contains(result.err, "deliberate throw from a static initializer")) << result.err;
  expect_nothing_applied(*db_);
}

TEST_P(HostileArtifacts, StaticInitializerThatAbortsAppliesNothing) {
  const auto dir = artifacts_with("m20240301_000500_static_init_aborts");
  const auto result = migrate(dir);
  EXPECT_EQ(result.signal, SIGABRT) << result.describe() << "\n" << result.out << result.err;
  expect_nothing_applied(*db_);
}

TEST_P(HostileArtifacts, CommandsThatDoNotApplyItNeverRunItsCode) {
  const auto killed = killed_artifacts(2);
  const auto dir = artifact_dir("artifacts", {killed[0], killed[1]});
  ASSERT_EQ(migrate(dir).exit_code, 0);
  for (const char* name :
       {"m20240301_000400_static_init_throws", "m20240301_000500_static_init_aborts"}) {
    fs::create_symlink(fixture(name), dir / (std::string(name) + ".so"));
  }

  const auto status = kit({"migrate:status", "--dir", dir.string()});
  EXPECT_EQ(status.exit_code, 0) << status.describe() << "\n" << status.err;
  EXPECT_EQ(status.err, "");
  EXPECT_TRUE(contains(status.out, "4 migrations: 2 applied, 2 pending")) << status.out;

  // Nor a library without kit's manifest: status and validate read manifests from the file,
  // and one that has none is not loaded to look for it.
  fs::create_symlink(fixture("m20240301_000800_no_manifest_aborts"),
                     dir / "m20240301_000800_no_manifest_aborts.so");
  for (const char* command : {"migrate:status", "migrate:validate"}) {
    const auto result = kit({command, "--dir", dir.string()});
    EXPECT_TRUE(result.exited()) << command << ": " << result.describe() << "\n"
                                 << result.out << result.err;
  }
  fs::remove(dir / "m20240301_000800_no_manifest_aborts.so");

  const auto rollback = kit({"migrate:rollback", "--dir", dir.string()});
  EXPECT_EQ(rollback.exit_code, 0) << rollback.describe() << "\n" << rollback.err;
  EXPECT_EQ(db_->ledger_versions(), std::vector<std::string>{kFirst});
}

KIT_FAULTS_ON_EVERY_DATABASE(HostileArtifacts);

}  // namespace
}  // namespace kit::test
