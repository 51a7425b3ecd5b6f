// The driver conformance suite on PostgreSQL: a fresh database per test.
#include "driver_conformance.hpp"
#include "postgres_driver.hpp"
#include "postgres_test_database.hpp"

namespace kit::test {

namespace {

class PostgresConformanceDatabase final : public ConformanceDatabase {
 public:
  explicit PostgresConformanceDatabase(std::string query) : query_(std::move(query)) {}
  std::unique_ptr<Driver> open() override {
    return std::make_unique<PostgresDriver>(database_.url(query_).c_str());
  }

 private:
  PostgresTestDatabase database_;
  std::string query_;
};

}  // namespace

// Once in the default schema (public), once in a schema chosen by URL whose name needs
// quoting: the suite must not notice the difference.
INSTANTIATE_TEST_SUITE_P(
    Postgres, DriverConformance,
    ::testing::Values(ConformanceTarget{"postgres",
                                        [] {
                                          return std::make_unique<PostgresConformanceDatabase>("");
                                        }},
                      ConformanceTarget{"postgres_schema",
                                        [] {
                                          return std::make_unique<PostgresConformanceDatabase>(
                                              "schema=App%20%22Data%22");
                                        }}),
    conformance_name);

}  // namespace kit::test
