// DriverConformance: what every kit::Driver must do, written once against the Driver
// interface and instantiated per driver (INSTANTIATE_TEST_SUITE_P with a
// ConformanceTarget). Each test gets a fresh, empty database from its target.
#pragma once

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include <gtest/gtest.h>

#include "kit/driver.hpp"

namespace kit::test {

/// One empty database for one test; gone when this object is destroyed.
class ConformanceDatabase {
 public:
  virtual ~ConformanceDatabase() = default;
  /// Opens a new driver, with its own connection, on this database.
  [[nodiscard]] virtual std::unique_ptr<Driver> open() = 0;
};

/// A driver under test: its name and how to make a fresh database for it.
struct ConformanceTarget {
  std::string name;
  std::function<std::unique_ptr<ConformanceDatabase>()> create;

  friend std::ostream& operator<<(std::ostream& out, const ConformanceTarget& target) {
    return out << target.name;
  }
};

class DriverConformance : public ::testing::TestWithParam<ConformanceTarget> {
 protected:
  void SetUp() override {
    try {
      database_ = GetParam().create();
      driver_ = database_->open();
    } catch (const std::exception& e) {
      GTEST_FAIL() << GetParam().name << ": cannot set up the test database: " << e.what();
    }
  }
  void TearDown() override {
    driver_.reset();
    database_.reset();
  }

  [[nodiscard]] Driver& driver() { return *driver_; }
  /// A second driver on the same database, as another process would have.
  [[nodiscard]] std::unique_ptr<Driver> open_another() { return database_->open(); }
  /// Closes and reopens the driver, so that checks see only what was committed.
  void reopen() {
    driver_.reset();
    driver_ = database_->open();
  }

 private:
  std::unique_ptr<ConformanceDatabase> database_;
  std::unique_ptr<Driver> driver_;
};

/// A test name fit for gtest: the target's name.
inline std::string conformance_name(const ::testing::TestParamInfo<ConformanceTarget>& info) {
  return info.param.name;
}

}  // namespace kit::test
