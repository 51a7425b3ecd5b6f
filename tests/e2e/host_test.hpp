// HostTest: a GoogleTest fixture that runs the built kit-host in a fresh temporary directory.
// DatabaseTest: the same, parameterized by database: each test gets a database of its own
// (a SQLite file in its directory; a new PostgreSQL database on the server of
// KIT_TEST_POSTGRES_URL, dropped afterwards), hands its URL to every kit-host run, and reads
// it back through a SchemaReader that asks the same questions of both.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "process.hpp"
#include "schema_reader.hpp"
#include "sqlite_schema_reader.hpp"
#include "temp_dir.hpp"
#ifdef KIT_E2E_WITH_POSTGRES
#include "postgres_schema_reader.hpp"
#include "postgres_test_database.hpp"
#endif

namespace kit::test {

namespace fs = std::filesystem;

// The example application's migrations (migrations/*.cpp), in order.
inline const std::string kUsers = "m20240115_120000_create_users_table";
inline const std::string kPosts = "m20240115_120100_create_posts_table";
inline const std::string kPhone = "m20240116_093000_add_phone_to_users";
inline const std::string kIndexes = "m20240117_101500_add_user_indexes";
inline const std::string kRename = "m20240118_140000_rename_and_widen_post_title";
inline const std::vector<std::string> kExamples = {kUsers, kPosts, kPhone, kIndexes, kRename};

class HostTest : public ::testing::Test {
 protected:
  /// Runs kit-host with `args` in the test's directory.
  Process::Result kit(const std::vector<std::string>& args,
                      const std::map<std::string, std::string>& env = {}) const {
    return Process::run(KIT_E2E_HOST, args, dir_.path(), env);
  }

  /// Copies the first `count` (default: all) artifacts of `from` into <test dir>/<to>.
  fs::path copy_artifacts(const fs::path& from, const std::string& to,
                          std::optional<std::size_t> count = std::nullopt) const {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(from)) {
      if (entry.path().extension() == ".so") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    if (count && *count < files.size()) files.resize(*count);
    const fs::path target = dir_ / to;
    fs::create_directories(target);
    // kit-host refuses folders others may write; 0755 whatever the umask.
    fs::permissions(target, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                fs::perms::others_read | fs::perms::others_exec);
    for (const auto& file : files) fs::copy_file(file, target / file.filename());
    return target;
  }

  /// Makes the default --dir, build/migrations, point at the example artifacts.
  void link_examples_as_default_dir() const {
    fs::create_directories(dir_ / "build");
    fs::create_directory_symlink(KIT_E2E_EXAMPLES_DIR, dir_ / "build" / "migrations");
  }

  TempDir dir_;
};

/// `url` with its password, if any, as kit-host shows it: "***".
inline std::string hide_password(const std::string& url) {
  const auto start = url.find("://");
  if (start == std::string::npos) return url;
  const auto at = url.find('@', start + 3);
  const auto colon = url.find(':', start + 3);
  if (at == std::string::npos || colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

/// The databases every DatabaseTest runs on.
enum class Backend { Sqlite, Postgres };

/// "sqlite", "postgres".
inline std::string to_string(Backend backend) {
  return backend == Backend::Sqlite ? "sqlite" : "postgres";
}
inline void PrintTo(Backend backend, std::ostream* out) { *out << to_string(backend); }
/// The end of each test's name: the database.
inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return to_string(info.param);
}

class DatabaseTest : public HostTest, public ::testing::WithParamInterface<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::Sqlite) {
      // Absolute, so that the in-process Cli (fresh_prompt_test) finds the same file.
      url_ = "sqlite://" + (dir_ / "database.db").string();
      shown_url_ = url_;
      reader_ = std::make_unique<SqliteSchemaReader>(dir_ / "database.db");
      return;
    }
#ifdef KIT_E2E_WITH_POSTGRES
    try {
      postgres_ = std::make_unique<PostgresTestDatabase>();  // fails without a server
      reader_ = std::make_unique<PostgresSchemaReader>(postgres_->session());
    } catch (const std::exception& e) {
      GTEST_FAIL() << e.what();
    }
    url_ = postgres_->url();
    shown_url_ = hide_password(url_);
#else
    GTEST_FAIL() << "built without KIT_WITH_POSTGRES";
#endif
  }

  /// Runs kit-host with `args` and `--database-url` of the test's database.
  Process::Result kit(std::vector<std::string> args,
                      const std::map<std::string, std::string>& env = {}) const {
    args.insert(args.end(), {"--database-url", url_});
    return HostTest::kit(args, env);
  }
  /// Runs kit-host with `args` alone.
  Process::Result kit_as_is(const std::vector<std::string>& args,
                            const std::map<std::string, std::string>& env = {}) const {
    return HostTest::kit(args, env);
  }

  [[nodiscard]] bool postgres() const noexcept { return GetParam() == Backend::Postgres; }
  /// The URL kit-host is given, password included.
  [[nodiscard]] const std::string& url() const noexcept { return url_; }
  /// The URL as kit-host prints it: the password, if any, as ***.
  [[nodiscard]] const std::string& shown_url() const noexcept { return shown_url_; }
  /// What the test checks in its database.
  [[nodiscard]] SchemaReader& schema() const { return *reader_; }
  /// Whether kit-host left the database as it was made: no SQLite file, no table.
  [[nodiscard]] bool untouched() const {
    return postgres() ? reader_->tables().empty() : !fs::exists(dir_ / "database.db");
  }
#ifdef KIT_E2E_WITH_POSTGRES
  /// The test's PostgreSQL database (PostgreSQL tests only).
  [[nodiscard]] PostgresTestDatabase& postgres_database() const { return *postgres_; }
#endif

 private:
  std::string url_;
  std::string shown_url_;
#ifdef KIT_E2E_WITH_POSTGRES
  std::unique_ptr<PostgresTestDatabase> postgres_;
#endif
  std::unique_ptr<SchemaReader> reader_;  // declared last: it reads through postgres_
};

/// Runs every test of `Suite` (a DatabaseTest) on each database.
#ifdef KIT_E2E_WITH_POSTGRES
#define KIT_E2E_ON_EVERY_DATABASE(Suite)                                                      \
  INSTANTIATE_TEST_SUITE_P(E2e, Suite, ::testing::Values(Backend::Sqlite, Backend::Postgres), \
                           backend_name)
#else
#define KIT_E2E_ON_EVERY_DATABASE(Suite) \
  INSTANTIATE_TEST_SUITE_P(E2e, Suite, ::testing::Values(Backend::Sqlite), backend_name)
#endif

/// Expects exactly one line on stderr, "kit-host: error: ...", containing every text.
inline void expect_error_line(const Process::Result& result,
                              std::initializer_list<std::string> texts) {
  EXPECT_EQ(result.err.rfind("kit-host: error: ", 0), 0U) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  for (const auto& text : texts) {
    EXPECT_NE(result.err.find(text), std::string::npos)
        << "missing '" << text << "' in " << result.err;
  }
}

/// Whether `haystack` contains `needle`.
inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

/// Whether `list` contains `item`.
inline bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace kit::test
