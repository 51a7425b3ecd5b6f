// PostgresDriver against a server whose configuration changes while a migration runs: a
// reload (pg_reload_conf(), SIGHUP) reaches a session when its next query arrives, before
// that query is lexed, and libpq hears of the change only at that query's end. These tests
// ALTER SYSTEM, which every session of the server sees, so ctest runs them alone.
#include <gtest/gtest.h>

#include <chrono>
#include <pqxx/nontransaction>
#include <string>
#include <thread>
#include <utility>

#include "kit/error.hpp"
#include "kit/schema_manager.hpp"
#include "postgres_driver.hpp"
#include "postgres_sql_scanner.hpp"
#include "postgres_test.hpp"

namespace kit::test {

namespace {

/// Sets `name` in the server's configuration (not reloaded), and puts it back, reloaded,
/// when it goes.
class ServerSetting {
 public:
  ServerSetting(pqxx::connection& admin, std::string name, const std::string& value)
      : admin_(admin), name_(std::move(name)) {
    pqxx::nontransaction(admin_).exec("ALTER SYSTEM SET " + name_ + " = " + value);
  }
  ~ServerSetting() {
    try {
      pqxx::nontransaction restore(admin_);
      restore.exec("ALTER SYSTEM RESET " + name_);
      restore.exec("SELECT pg_reload_conf()");
    } catch (...) {  // the test has failed already
    }
  }
  ServerSetting(const ServerSetting&) = delete;
  ServerSetting& operator=(const ServerSetting&) = delete;

 private:
  pqxx::connection& admin_;
  std::string name_;
};

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
  const ServerSetting off(db().session(), "standard_conforming_strings", "off");
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
  const ServerSetting off(db().session(), "standard_conforming_strings", "off");
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

// kit-host speaks UTF-8 (the migrations' C++ strings are), and says so when it connects: a
// client_encoding from the server's configuration, a role or a database applies neither to a
// new session nor, through a reload, to one in the middle of a migration. In SJIS the byte
// after 0x95 belongs to the same character, so "E'\x95\\'" would end its string early and run
// the COMMIT; the scanner, which reads bytes, cannot see that.
TEST_F(PostgresServerConfigTest, TheSessionStaysInUtf8WhateverTheServersConfigurationSays) {
  auto driver = open();
  SchemaManager manager(*driver);
  const ServerSetting sjis(db().session(), "client_encoding", "'SJIS'");
  driver->begin();
  manager.execute("CREATE TABLE caf\xc3\xa9 (id integer)");  // café, in UTF-8
  // The reload reaches the session in the middle of its migration, and the next text is
  // read as UTF-8: the lone 0x95 is no character at all, so it fails whole, COMMIT unrun.
  manager.execute("SELECT pg_reload_conf(), pg_sleep(0.5)");
  const std::string hidden_commit = "SELECT E'\x95\\'; COMMIT; --'";
  EXPECT_EQ(outcome(manager, hidden_commit).substr(0, 6), "22021 ");
  EXPECT_EQ(driver->connection().client_encoding(), "UTF8");
  driver->rollback();
  EXPECT_EQ(count("SELECT 1 FROM pg_tables WHERE tablename = 'caf\xc3\xa9'"), 0);

  // A session that starts while the configuration says SJIS is in UTF-8 too.
  EXPECT_EQ(open()->connection().client_encoding(), "UTF8");
}

// An empty ?client_encoding= names no encoding (libpq sends none): the session is pinned
// to UTF8 all the same, or a reload in the middle of a migration could turn it into SJIS.
TEST_F(PostgresServerConfigTest, AnEmptyClientEncodingInTheUrlStillPinsUtf8) {
  auto driver = open("client_encoding=");
  SchemaManager manager(*driver);
  EXPECT_EQ(driver->connection().client_encoding(), "UTF8");
  const ServerSetting sjis(db().session(), "client_encoding", "'SJIS'");
  driver->begin();
  manager.execute("CREATE TABLE half_a_migration (id integer)");
  manager.execute("SELECT pg_reload_conf(), pg_sleep(0.5)");
  const std::string hidden_commit = "SELECT E'\x95\\'; COMMIT; --'";
  EXPECT_EQ(outcome(manager, hidden_commit).substr(0, 6), "22021 ");
  driver->rollback();
  EXPECT_EQ(count("SELECT 1 FROM pg_tables WHERE tablename = 'half_a_migration'"), 0);
}

// A URL that names its client_encoding gets it (and a client-only one is refused at its
// first statement in a migration, as before).
TEST_F(PostgresServerConfigTest, AClientEncodingTheUrlNamesIsKept) {
  auto driver = open("client_encoding=LATIN1");
  EXPECT_EQ(driver->connection().client_encoding(), "LATIN1");
}

}  // namespace

}  // namespace kit::test
