// TestDatabase: a fresh database of one backend for a fault test, its URL for kit-host, and
// the questions a test asks of it afterwards (through the database's own client library,
// never through kit's driver).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace kit::test {

/// The databases every fault test runs on.
enum class Backend { Sqlite, Postgres };

/// "sqlite" or "postgres": the end of a parameterized test's name.
std::string to_string(Backend backend);
inline void PrintTo(Backend backend, std::ostream* out) { *out << to_string(backend); }
inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return to_string(info.param);
}

class TestDatabase {
 public:
  /// One row of kit_migrations.
  struct LedgerRow {
    std::string version;
    std::int64_t batch = 0;
  };

  /// A new, empty database: a SQLite file in `dir` named `name`, or a PostgreSQL database of
  /// its own on the server of KIT_TEST_POSTGRES_URL (throws, saying to use scripts/test, when
  /// that is unset; dropped when this object goes).
  [[nodiscard]] static std::unique_ptr<TestDatabase> create(Backend backend,
                                                            const std::filesystem::path& dir,
                                                            const std::string& name = "test.db");

  virtual ~TestDatabase();

  /// The URL kit-host is given (with the password, for PostgreSQL).
  [[nodiscard]] virtual std::string url() const = 0;
  /// The password in url(), or "" when it has none.
  [[nodiscard]] virtual std::string password() const = 0;
  /// The tables, sorted, the ledger included; empty when the database does not exist yet.
  [[nodiscard]] virtual std::vector<std::string> tables() = 0;
  /// The named indexes, sorted, without the ones a primary key or unique constraint makes.
  [[nodiscard]] virtual std::vector<std::string> indexes() = 0;
  /// The ledger ordered by version; empty when it does not exist.
  [[nodiscard]] virtual std::vector<LedgerRow> ledger() = 0;
  /// How many rows `table` has.
  [[nodiscard]] virtual std::int64_t row_count(const std::string& table) = 0;
  /// Runs SQL as the server's administrator (PostgreSQL only; throws on SQLite).
  virtual void admin_execute(const std::string& sql);
  /// The same server, another user and password (PostgreSQL only; throws on SQLite).
  [[nodiscard]] virtual std::string url_as(const std::string& user,
                                           const std::string& password) const;
  /// The database's name on the server (PostgreSQL only; throws on SQLite).
  [[nodiscard]] virtual std::string name() const;

  /// Waits until no other session is connected to the database (PostgreSQL: the server may
  /// still be committing what a killed client sent last; SQLite: nothing to wait for).
  virtual void settle();

  /// The ledger's versions, in order.
  [[nodiscard]] std::vector<std::string> ledger_versions();
};

}  // namespace kit::test
