// PostgresTestDatabase: a database of its own for one test, created on the server that
// KIT_TEST_POSTGRES_URL points at (scripts/test starts one) and dropped afterwards.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <pqxx/connection>

namespace kit::test {

class PostgresTestDatabase {
 public:
  /// The admin URL from KIT_TEST_POSTGRES_URL; throws std::runtime_error saying to run the
  /// tests through scripts/test when it is unset, so that no test passes without a server.
  [[nodiscard]] static std::string admin_url();
  /// The message a test fails with when there is no server to run against.
  static constexpr const char* kNoServer =
      "KIT_TEST_POSTGRES_URL is not set: the PostgreSQL tests need a server; run them "
      "through scripts/test (it starts a throwaway PostgreSQL), or eval \"$(scripts/"
      "throwaway-postgres start)\" first";

  /// Creates a uniquely named database.
  PostgresTestDatabase();
  /// Drops it, closing every session still connected to it.
  ~PostgresTestDatabase();
  PostgresTestDatabase(const PostgresTestDatabase&) = delete;
  PostgresTestDatabase& operator=(const PostgresTestDatabase&) = delete;

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  /// `postgres://user:password@host:port/<name>`, plus `?query` when given.
  [[nodiscard]] std::string url(std::string_view query = {}) const;
  /// The same server and database with another user and password.
  [[nodiscard]] std::string url_as(std::string_view user, std::string_view password,
                                   std::string_view query = {}) const;
  [[nodiscard]] const std::string& user() const noexcept { return user_; }
  /// The server's password, which no error message may show.
  [[nodiscard]] const std::string& password() const noexcept { return password_; }
  [[nodiscard]] const std::string& host() const noexcept { return host_; }
  [[nodiscard]] const std::string& port() const noexcept { return port_; }

  /// An independent session on this database, to check what others see.
  [[nodiscard]] pqxx::connection& session();
  /// Runs SQL in that session and returns the first column of the first row ("" if none,
  /// "NULL" for NULL).
  std::string scalar(const std::string& sql);

 private:
  [[nodiscard]] std::string conninfo(std::string_view database) const;

  std::string name_;
  std::string admin_database_;
  std::string user_;
  std::string password_;
  std::string host_;
  std::string port_;
  std::unique_ptr<pqxx::connection> session_;
};

}  // namespace kit::test
