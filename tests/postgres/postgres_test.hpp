// PostgresTest: the fixture of the PostgreSQL driver tests. Each test gets a fresh
// database; without KIT_TEST_POSTGRES_URL every test fails, saying how to run it.
#pragma once

#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "kit/error.hpp"
#include "kit/schema_manager.hpp"
#include "postgres_driver.hpp"
#include "postgres_test_database.hpp"

namespace kit::test {

/// Runs `sql` through `manager`; "ran", or the SQLSTATE and statement of its DatabaseError.
inline std::string outcome(SchemaManager& manager, const std::string& sql) {
  try {
    manager.execute(sql);
    return "ran";
  } catch (const DatabaseError& e) {
    return e.code() + " " + e.sql();
  }
}

class PostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("KIT_TEST_POSTGRES_URL");
    if (url == nullptr || *url == '\0') GTEST_FAIL() << PostgresTestDatabase::kNoServer;
    database_ = std::make_unique<PostgresTestDatabase>();
  }

  [[nodiscard]] PostgresTestDatabase& db() { return *database_; }
  /// A driver on the test's database; `query` is added to its URL (`schema=app`).
  [[nodiscard]] std::unique_ptr<PostgresDriver> open(std::string_view query = {}) {
    return std::make_unique<PostgresDriver>(db().url(query).c_str());
  }
  /// Counts rows of a query in an independent session: what other connections see.
  [[nodiscard]] int count(const std::string& sql) {
    return std::stoi(db().scalar("SELECT count(*) FROM (" + sql + ") AS counted"));
  }

 private:
  std::unique_ptr<PostgresTestDatabase> database_;
};

}  // namespace kit::test
