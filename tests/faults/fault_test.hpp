// What the fault tests share: where the built kit-host, drivers and artifacts are, and a
// fixture that runs kit-host in a fresh temporary directory against a database of its own.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "temp_dir.hpp"
#include "test_database.hpp"

namespace kit::test {

namespace fs = std::filesystem;

/// The 100 generated migrations of the killed-runs set, and the hostile fixtures.
inline const fs::path kKilledDir = KIT_FAULTS_KILLED_DIR;
inline const fs::path kFixturesDir = KIT_FAULTS_FIXTURES_DIR;
inline constexpr std::size_t kKilledCount = 100;

/// The artifacts (*.so) of `dir`, sorted by name.
inline std::vector<fs::path> artifacts_in(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".so") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

/// The artifact name (file name without suffix) of a path.
inline std::string artifact_name(const fs::path& file) { return file.stem().string(); }

/// Whether `text` contains `needle`.
inline bool contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

/// A directory of its own in memory (/dev/shm) where there is one, else in the temporary
/// directory; removed with what is in it. SQLite files there cost no disk flushes, which a
/// killed process does not need (the kernel keeps what it wrote), and keep the timing of the
/// fault tests steady on a busy disk.
class MemoryDir {
 public:
  MemoryDir() {
    std::error_code ec;
    const fs::path base = fs::is_directory("/dev/shm", ec) && ::access("/dev/shm", W_OK) == 0
                              ? fs::path("/dev/shm")
                              : fs::temp_directory_path();
    std::string pattern = (base / "kit-faults-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  MemoryDir(const MemoryDir&) = delete;
  MemoryDir& operator=(const MemoryDir&) = delete;
  ~MemoryDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  [[nodiscard]] const fs::path& path() const noexcept { return path_; }

 private:
  fs::path path_;
};

class FaultTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    try {
      db_ = TestDatabase::create(GetParam(), dir_.path());
    } catch (const std::exception& e) {
      GTEST_FAIL() << e.what();  // no PostgreSQL server: fail, never skip
    }
  }

  /// Runs kit-host in the test's directory with `args` plus --database-url of its database.
  ChildProcess::Result kit(std::vector<std::string> args,
                           const std::map<std::string, std::string>& env = {}) const {
    args.insert(args.end(), {"--database-url", db_->url()});
    return ChildProcess::run(KIT_FAULTS_HOST, args, options(env));
  }
  /// Starts that run in the background.
  [[nodiscard]] ChildProcess start_kit(std::vector<std::string> args,
                                       const StartGate* gate = nullptr) const {
    args.insert(args.end(), {"--database-url", db_->url()});
    auto opts = options();
    opts.gate = gate;
    return ChildProcess(KIT_FAULTS_HOST, args, opts);
  }
  [[nodiscard]] ChildProcess::Options options(
      const std::map<std::string, std::string>& env = {}) const {
    ChildProcess::Options opts;
    opts.cwd = dir_.path();
    opts.env = env;
    opts.env["KIT_DRIVER_PATH"] = KIT_FAULTS_DRIVERS_DIR;
    return opts;
  }

  /// Makes <test dir>/<name> hold links to `files`; returns its path.
  fs::path artifact_dir(const std::string& name, const std::vector<fs::path>& files) const {
    const fs::path dir = dir_ / name;
    fs::create_directories(dir);
    for (const auto& file : files) fs::create_symlink(file, dir / file.filename());
    return dir;
  }
  /// The first `count` migrations of the killed-runs set.
  [[nodiscard]] static std::vector<fs::path> killed_artifacts(std::size_t count = kKilledCount) {
    auto files = artifacts_in(kKilledDir);
    if (files.size() > count) files.resize(count);
    return files;
  }

  /// A new database of the test's backend, besides the first (SQLite: a file in memory).
  [[nodiscard]] std::unique_ptr<TestDatabase> another_database(const std::string& name) const {
    return TestDatabase::create(GetParam(), memory_.path(), name);
  }

  TempDir dir_;
  MemoryDir memory_;
  std::unique_ptr<TestDatabase> db_;
};

#ifdef KIT_FAULTS_WITH_POSTGRES
#define KIT_FAULTS_ON_EVERY_DATABASE(Suite)                                                      \
  INSTANTIATE_TEST_SUITE_P(Faults, Suite, ::testing::Values(Backend::Sqlite, Backend::Postgres), \
                           backend_name)
#else
#define KIT_FAULTS_ON_EVERY_DATABASE(Suite) \
  INSTANTIATE_TEST_SUITE_P(Faults, Suite, ::testing::Values(Backend::Sqlite), backend_name)
#endif

}  // namespace kit::test
