// DriverConformance: what every kit::Driver must do, written once against the Driver
// interface and run against each driver plugin exactly as kit-host loads it (the built
// kit_driver_<name>.so, its manifest checked, its kit_driver_create called with a URL).
// Each test gets a fresh, empty database from its target; see conformance_targets.cpp.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <type_traits>

#include <gtest/gtest.h>

#include "kit/driver.hpp"
#include "plugin_library.hpp"

namespace kit::test {

/// One empty database for one test; gone when this object is destroyed.
class ConformanceDatabase {
 public:
  virtual ~ConformanceDatabase() = default;
  /// The URL a driver of this database is created with.
  [[nodiscard]] virtual std::string url() const = 0;
  /// Called once with the test's first driver, before the test: a database that is not
  /// new (an external driver's shared scratch database) is emptied here.
  virtual void prepare(Driver& /*driver*/) {}
};

/// A driver under test: a name for the test list, its plugin file, how to make a database.
struct ConformanceTarget {
  std::string name;
  std::filesystem::path plugin;
  std::function<std::unique_ptr<ConformanceDatabase>()> create;

  friend std::ostream& operator<<(std::ostream& out, const ConformanceTarget& target) {
    return out << target.name << " (" << target.plugin.filename().string() << ")";
  }
};

/// A driver made by the plugin's factory, destroyed by the plugin's own deleter.
using DriverHandle = std::unique_ptr<Driver, DriverDestroyFn>;

class DriverConformance : public ::testing::TestWithParam<ConformanceTarget> {
 protected:
  void SetUp() override {
    const auto& target = GetParam();
    try {
      library_ = host::PluginLibrary::open(target.plugin, KIT_PLUGIN_DRIVER);
      create_ = library_->function<std::remove_pointer_t<DriverCreateFn>>(KIT_DRIVER_CREATE_SYMBOL);
      destroy_ =
          library_->function<std::remove_pointer_t<DriverDestroyFn>>(KIT_DRIVER_DESTROY_SYMBOL);
      database_ = target.create();
      driver_ = open_another();
      database_->prepare(*driver_);
    } catch (const std::exception& e) {
      GTEST_FAIL() << target << ": cannot set up the test database: " << e.what();
    }
  }
  void TearDown() override {
    driver_.reset();
    database_.reset();
  }

  [[nodiscard]] Driver& driver() { return *driver_; }
  /// The plugin's manifest, as the host read it.
  [[nodiscard]] const kit_manifest& manifest() const { return library_->manifest(); }
  /// A second driver on the same database, as another kit-host run would have.
  [[nodiscard]] DriverHandle open_another() {
    Driver* driver = create_(database_->url().c_str());
    if (driver == nullptr) throw std::runtime_error(KIT_DRIVER_CREATE_SYMBOL " returned null");
    return DriverHandle(driver, destroy_);
  }
  /// Closes and reopens the driver, so that checks see only what was committed.
  void reopen() {
    driver_.reset();
    driver_ = open_another();
  }
  /// Whether the database runs `sql` without an error: what it makes of a name.
  [[nodiscard]] bool runs(const std::string& sql) {
    try {
      driver().execute(sql);
      return true;
    } catch (const DatabaseError&) {
      return false;
    }
  }

 private:
  // The library is declared first, so that it is unloaded after everything it made.
  std::shared_ptr<host::PluginLibrary> library_;
  DriverCreateFn create_ = nullptr;
  DriverDestroyFn destroy_ = nullptr;
  std::unique_ptr<ConformanceDatabase> database_;
  DriverHandle driver_{nullptr, nullptr};
};

/// A test name fit for gtest: the target's name.
inline std::string conformance_name(const ::testing::TestParamInfo<ConformanceTarget>& info) {
  return info.param.name;
}

}  // namespace kit::test
