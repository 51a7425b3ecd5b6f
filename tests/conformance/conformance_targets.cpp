// The drivers the conformance suite runs against, each through its built plugin:
// - sqlite: a new file in a new temporary directory per test;
// - postgres: a new database per test on the server of KIT_TEST_POSTGRES_URL, once in its
//   default schema (public) and once in a `?schema=` whose name needs quoting;
// - any other driver plugin named by KIT_CONFORMANCE_DRIVER and KIT_CONFORMANCE_URL (set
//   at configure time, or in the environment when the test binary is run by hand); see
//   docs/writing-a-driver.md.
#include <cctype>
#include <cstdlib>
#include <string>
#include <vector>

#include "driver_conformance.hpp"
#include "temp_dir.hpp"
#ifdef KIT_CONFORMANCE_POSTGRES_PLUGIN
#include "postgres_test_database.hpp"
#endif

namespace kit::test {

namespace {

/// A database in a file of a fresh temporary directory: `{dir}` in `pattern` is replaced
/// by that directory.
class TempDirDatabase final : public ConformanceDatabase {
 public:
  explicit TempDirDatabase(const std::string& pattern) : url_(pattern) {
    const std::string dir = dir_.path().string();
    for (auto at = url_.find("{dir}"); at != std::string::npos; at = url_.find("{dir}", at)) {
      url_.replace(at, 5, dir);
      at += dir.size();
    }
  }
  [[nodiscard]] std::string url() const override { return url_; }

 private:
  TempDir dir_;
  std::string url_;
};

/// A database the test does not create: emptied with drop_all() before each test.
class SharedDatabase final : public ConformanceDatabase {
 public:
  explicit SharedDatabase(std::string url) : url_(std::move(url)) {}
  [[nodiscard]] std::string url() const override { return url_; }
  void prepare(Driver& driver) override { driver.drop_all(); }

 private:
  std::string url_;
};

#ifdef KIT_CONFORMANCE_POSTGRES_PLUGIN
class PostgresDatabase final : public ConformanceDatabase {
 public:
  explicit PostgresDatabase(std::string query) : query_(std::move(query)) {}
  [[nodiscard]] std::string url() const override { return database_.url(query_); }

 private:
  PostgresTestDatabase database_;  // throws, saying to run scripts/test, without a server
  std::string query_;
};
#endif

/// The environment's value of `name`, else the configured one.
std::string setting(const char* name, const char* configured) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : configured;
}

/// "mydb" for ".../kit_driver_mydb.so": a name gtest accepts.
std::string external_name(const std::filesystem::path& plugin) {
  std::string stem = plugin.stem().string();
  if (stem.rfind("kit_driver_", 0) == 0) stem.erase(0, 11);
  std::string out;
  for (const char c : stem) {
    out += std::isalnum(static_cast<unsigned char>(c)) != 0 ? c : '_';
  }
  return "external_" + out;
}

std::vector<ConformanceTarget> targets() {
  std::vector<ConformanceTarget> out;
#ifdef KIT_CONFORMANCE_SQLITE_PLUGIN
  out.push_back({"sqlite", KIT_CONFORMANCE_SQLITE_PLUGIN, [] {
                   return std::make_unique<TempDirDatabase>("sqlite://{dir}/conformance.db");
                 }});
#endif
#ifdef KIT_CONFORMANCE_POSTGRES_PLUGIN
  out.push_back({"postgres", KIT_CONFORMANCE_POSTGRES_PLUGIN,
                 [] { return std::make_unique<PostgresDatabase>(""); }});
  // A schema chosen by URL, whose name needs quoting: the suite must not notice.
  out.push_back({"postgres_schema", KIT_CONFORMANCE_POSTGRES_PLUGIN,
                 [] { return std::make_unique<PostgresDatabase>("schema=App%20%22Data%22"); }});
#endif
  const std::string plugin = setting("KIT_CONFORMANCE_DRIVER", KIT_CONFORMANCE_DRIVER);
  if (!plugin.empty()) {
    const std::string url = setting("KIT_CONFORMANCE_URL", KIT_CONFORMANCE_URL);
    out.push_back({external_name(plugin), plugin, [url]() -> std::unique_ptr<ConformanceDatabase> {
                     if (url.empty()) {
                       throw std::runtime_error(
                           "KIT_CONFORMANCE_DRIVER is set but KIT_CONFORMANCE_URL is not: give "
                           "the URL of a database the suite may empty, or one with {dir}");
                     }
                     if (url.find("{dir}") != std::string::npos) {
                       return std::make_unique<TempDirDatabase>(url);
                     }
                     return std::make_unique<SharedDatabase>(url);
                   }});
  }
  return out;
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Driver, DriverConformance, ::testing::ValuesIn(targets()),
                         conformance_name);

}  // namespace kit::test
