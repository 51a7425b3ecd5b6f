// HostTest: a GoogleTest fixture that runs the built kit-host in a fresh temporary directory.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "process.hpp"
#include "schema_reader.hpp"
#include "temp_dir.hpp"

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

  /// The default database of a run in the test's directory.
  [[nodiscard]] fs::path db() const { return dir_ / "database.db"; }

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
