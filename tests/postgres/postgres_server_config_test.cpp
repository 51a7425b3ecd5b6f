// PostgresDriver against a server whose configuration changes while a migration runs: a
// reload (pg_reload_conf(), SIGHUP) reaches a session when its next query arrives, before
// that query is lexed, and libpq hears of the change only at that query's end. These tests
// ALTER SYSTEM, which every session of the server sees, so ctest runs them alone.
#include <gtest/gtest.h>

#include <chrono>
#include <pqxx/nontransaction>
#include <string>
#include <thread>

#include "kit/error.hpp"
#include "kit/schema_manager.hpp"
#include "postgres_driver.hpp"
#include "postgres_sql_scanner.hpp"
#include "postgres_test.hpp"

namespace kit::test {

namespace {

/// Sets standard_conforming_strings in the server's configuration (not reloaded), and puts
/// it back, reloaded, when it goes.
class ServerSetting {
 public:
  ServerSetting(pqxx::connection& admin, const std::string& value) : admin_(admin) {
    pqxx::nontransaction(admin_).exec("ALTER SYSTEM SET standard_conforming_strings = " + value);
  }
  ~ServerSetting() {
    try {
      pqxx::nontransaction restore(admin_);
      restore.exec("ALTER SYSTEM RESET standard_conforming_strings");
      restore.exec("SELECT pg_reload_conf()");
    } catch (...) {  // the test has failed already
    }
  }
  ServerSetting(const ServerSetting&) = delete;
  ServerSetting& operator=(const ServerSetting&) = delete;

 private:
  pqxx::connection& admin_;
};

/// "ran", or the SQLSTATE and statement of the DatabaseError that `sql` threw.
std::string outcome(SchemaManager& manager, const std::string& sql) {
  try {
    manager.execute(sql);
    return "ran";
  } catch (const DatabaseError& e) {
    return e.code() + " " + e.sql();
  }
}

// With escapes (off), "'a\''" is the string a' and the COMMIT is a statement; without them
// (on), the string goes on to the last quote.
constexpr const char* kCommitWhenOff = "SELECT 'a\\''; COMMIT; --'";

using PostgresServerConfigTest = PostgresTest;

// The migration's own pg_reload_conf() (or anyone's, while it runs) turns the setting off
// for its next text; libpq still says "on" until that text has run. A COMMIT that only the
// new setting shows is refused all the same, and nothing of the migration is committed.
TEST_F(PostgresServerConfigTest, AReloadThatTurnsEscapesOnBeforeTheNextTextIsSeen) {
  ASSERT_FALSE(PostgresSqlScanner::transaction_control(kCommitWhenOff, true));
  ASSERT_EQ(PostgresSqlScanner::transaction_control(kCommitWhenOff, false), "COMMIT");
  auto driver = open();
  SchemaManager manager(*driver);
  const ServerSetting off(db().session(), "off");
  driver->begin();
  manager.execute("CREATE TABLE half_a_migration (id integer)");
  // The backend takes the reload's signal during the sleep and applies it before the next
  // query it reads.
  manager.execute("SELECT pg_reload_conf(), pg_sleep(0.5)");
  EXPECT_EQ(driver->connection().reported("standard_conforming_strings"), "on");
  EXPECT_EQ(outcome(manager, kCommitWhenOff), "2D000 COMMIT");
  driver->rollback();
  EXPECT_EQ(count("SELECT 1 FROM pg_tables WHERE tablename = 'half_a_migration'"), 0);
}

// The same from an operator's reload between two statements of a migration.
TEST_F(PostgresServerConfigTest, AnOperatorsReloadBetweenTwoStatements) {
  auto driver = open();
  SchemaManager manager(*driver);
  const ServerSetting off(db().session(), "off");
  driver->begin();
  manager.execute("CREATE TABLE half_a_migration (id integer)");
  pqxx::nontransaction(db().session()).exec("SELECT pg_reload_conf()");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(driver->connection().reported("standard_conforming_strings"), "on");
  EXPECT_EQ(outcome(manager, kCommitWhenOff), "2D000 COMMIT");
  driver->rollback();
  EXPECT_EQ(count("SELECT 1 FROM pg_tables WHERE tablename = 'half_a_migration'"), 0);

  // Where the readings agree, the setting does not matter, and nothing is asked or refused.
  driver->begin();
  manager.execute("CREATE TABLE notes (body text)");
  manager.execute("INSERT INTO notes VALUES ('no escape here: C:\\\\temp')");
  driver->commit();
  EXPECT_EQ(count("SELECT 1 FROM notes"), 1);
}

}  // namespace

}  // namespace kit::test
