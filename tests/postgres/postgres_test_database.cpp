#include "postgres_test_database.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <random>
#include <stdexcept>

#include <pqxx/nontransaction>

#include "kit/database_url.hpp"
#include "percent_encode.hpp"

namespace kit::test {

namespace {

std::string conninfo_value(std::string_view value) {
  std::string out = "'";
  for (const char c : value) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string unique_name() {
  static std::atomic<int> counter{0};
  std::random_device random;
  return "kit_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(random() % 100000);
}

}  // namespace

std::string PostgresTestDatabase::admin_url() {
  const char* url = std::getenv("KIT_TEST_POSTGRES_URL");
  if (url == nullptr || *url == '\0') throw std::runtime_error(kNoServer);
  return url;
}

PostgresTestDatabase::PostgresTestDatabase() {
  const auto admin = DatabaseUrl::parse(admin_url());
  user_ = admin.user();
  password_ = admin.password().value_or("");
  host_ = admin.host().empty() ? "localhost" : admin.host();
  port_ = admin.port() ? std::to_string(*admin.port()) : "5432";
  admin_database_ = admin.path().empty() ? "postgres" : admin.path();
  name_ = unique_name();
  pqxx::connection connection(conninfo(admin_database_));
  pqxx::nontransaction tx(connection);
  // Copying the files of the empty template is faster than WAL-logging them (PostgreSQL
  // 15's default), and tests create hundreds of databases.
  const bool file_copy = connection.server_version() >= 150000;
  tx.exec("CREATE DATABASE \"" + name_ + "\"" + (file_copy ? " STRATEGY = FILE_COPY" : ""));
}

PostgresTestDatabase::~PostgresTestDatabase() {
  session_.reset();
  try {
    pqxx::connection connection(conninfo(admin_database_));
    pqxx::nontransaction tx(connection);
    tx.exec("DROP DATABASE IF EXISTS \"" + name_ + "\" WITH (FORCE)");
  } catch (...) {  // the throwaway server goes away at the end of the run anyway
  }
}

std::string PostgresTestDatabase::conninfo(std::string_view database) const {
  return "host=" + conninfo_value(host_) + " port=" + conninfo_value(port_) +
         " dbname=" + conninfo_value(database) + " user=" + conninfo_value(user_) +
         " password=" + conninfo_value(password_);
}

std::string PostgresTestDatabase::url(std::string_view query) const {
  return url_as(user_, password_, query);
}

std::string PostgresTestDatabase::url_as(std::string_view user, std::string_view password,
                                         std::string_view query) const {
  std::string out = "postgres://" + percent_encode(user);
  if (!password.empty()) out += ":" + percent_encode(password);
  out += "@" + host_ + ":" + port_ + "/" + name_;
  if (!query.empty()) out += "?" + std::string(query);
  return out;
}

pqxx::connection& PostgresTestDatabase::session() {
  if (!session_) {
    session_ = std::make_unique<pqxx::connection>(conninfo(name_));
  }
  return *session_;
}

std::string PostgresTestDatabase::scalar(const std::string& sql) {
  pqxx::nontransaction tx(session());
  const auto rows = tx.exec(sql);
  if (rows.empty() || rows[0].empty()) return {};
  return rows[0][0].is_null() ? "NULL" : rows[0][0].c_str();
}

}  // namespace kit::test

// Under LeakSanitizer: libpqxx 6.4 leaves libpq's error result of a query on a connection
// the server has closed unfreed (a program that only does that leaks the same 2 KiB), which
// the lost-connection test provokes on purpose. Only that allocation is suppressed.
extern "C" __attribute__((visibility("default"), used)) const char* __lsan_default_suppressions() {
  return "leak:PQmakeEmptyPGresult\n";
}
