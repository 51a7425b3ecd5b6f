// PostgresDriver against a real server: transactions, errors, connections, identity keys,
// modify_column's patch semantics, notices.
#include "postgres_driver.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <pqxx/nontransaction>
#include <string>
#include <thread>

#include "kit/error.hpp"
#include "kit/migration.hpp"
#include "kit/schema_manager.hpp"
#include "postgres_test.hpp"

namespace kit::test {

namespace {

using PostgresDriverTest = PostgresTest;

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

TEST_F(PostgresDriverTest, NamesItselfAndHasTransactionalDdl) {
  auto driver = open();
  EXPECT_EQ(driver->name(), "postgres");
  EXPECT_TRUE(driver->transactional_ddl());
  EXPECT_EQ(driver->schema(), "public");
}

// The driver prepares its own statements (the ledger's INSERT) once per session. A
// migration that drops the session's prepared statements (DEALLOCATE ALL, also from a
// function; DISCARD ALL outside a transaction) still gets its ledger row: they are prepared
// again, under new names.
TEST_F(PostgresDriverTest, AMigrationThatDeallocatesPreparedStatementsIsStillRecorded) {
  auto driver = open();
  driver->ensure_ledger();
  SchemaManager manager(*driver);
  LedgerEntry row;
  row.batch = 1;
  row.applied_at = "2024-01-15 12:00:00";
  const auto migrate = [&](const std::string& version, const std::string& sql) {
    row.version = version;
    driver->begin();
    manager.execute(sql);
    driver->record(row);
    driver->commit();
  };
  migrate("m20240115_120000_a", "CREATE TABLE a (id integer)");
  migrate("m20240115_120001_b", "DEALLOCATE ALL");
  migrate("m20240115_120002_c",
          "DO $$ BEGIN EXECUTE 'DEALLOC' || 'ATE ALL'; END $$; -- deallocate, in pieces");
  // An identifier that only contains the word prepares nothing again, and needs not.
  migrate("m20240115_120003_d", "ALTER TABLE a ADD COLUMN discarded_at timestamp");
  (void)manager.execute("DISCARD ALL");  // outside a transaction only
  driver->record([&] {
    row.version = "m20240115_120004_e";
    return row;
  }());
  EXPECT_EQ(driver->read_ledger().size(), 5U);
  EXPECT_EQ(count("SELECT 1 FROM kit_migrations"), 5);
}

TEST_F(PostgresDriverTest, FailingStatementLeavesNothingOfTheMigration) {
  auto driver = open();
  driver->ensure_ledger();
  SchemaManager manager(*driver);
  driver->begin();
  manager.create_table(Table::create()
                           .table("users")
                           .col(ColumnDef("id").integer().not_null().auto_increment().primary_key())
                           .col(ColumnDef("email").string().not_null()));
  manager.create_index(Index::create().table("users").col("email").unique());
  manager.execute("INSERT INTO users (email) VALUES ('a@example.com')");
  LedgerEntry row;
  row.version = "m20240115_120000_create_users";
  row.batch = 1;
  row.applied_at = "2024-01-15 12:00:00";
  driver->record(row);
  EXPECT_EQ(count("SELECT 1 FROM pg_tables WHERE tablename = 'users'"), 0);  // not committed yet
  try {
    manager.execute("ALTER TABLE users ADD COLUMN broken no_such_type");
    FAIL() << "no error";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.code(), "42704");  // undefined_object
    EXPECT_EQ(e.sql(), "ALTER TABLE users ADD COLUMN broken no_such_type");
  }
  driver->rollback();
  EXPECT_EQ(count("SELECT 1 FROM pg_tables WHERE tablename = 'users'"), 0);
  EXPECT_EQ(count("SELECT 1 FROM pg_indexes WHERE indexname = 'users_email_unique'"), 0);
  EXPECT_EQ(count("SELECT 1 FROM kit_migrations"), 0);
}

TEST_F(PostgresDriverTest, LedgerStatementsPreparedOnceSurviveTheLedgerBeingRecreated) {
  // The ledger's statements are prepared once per session; migrate:fresh drops the ledger
  // and creates it again in the same session, and a failed transaction must not lose them.
  auto driver = open();
  driver->ensure_ledger();
  LedgerEntry row;
  row.batch = 1;
  row.applied_at = "2024-01-15 12:00:00";
  row.version = "m20240115_115900_zeroth";
  // First used in a failed transaction, the INSERT cannot be prepared; it is, later.
  driver->begin();
  EXPECT_THROW(driver->execute("SELECT no_such_column FROM kit_migrations"), DatabaseError);
  EXPECT_THROW(driver->record(row), DatabaseError);
  driver->rollback();
  driver->record(row);
  driver->forget(row.version);
  for (int round = 0; round < 2; ++round) {
    driver->ensure_ledger();
    row.version = "m20240115_120000_first";
    driver->record(row);
    ASSERT_EQ(driver->read_ledger().size(), 1U);
    driver->begin();
    row.version = "m20240115_120100_second";
    driver->record(row);
    EXPECT_THROW(driver->execute("SELECT no_such_column FROM kit_migrations"), DatabaseError);
    driver->rollback();
    row.version = "m20240115_120200_third";
    driver->record(row);
    driver->forget("m20240115_120000_first");
    const auto ledger = driver->read_ledger();
    ASSERT_EQ(ledger.size(), 1U);
    EXPECT_EQ(ledger.front().version, "m20240115_120200_third");
    driver->drop_all();
    EXPECT_FALSE(driver->has_table("kit_migrations"));
  }
}

TEST_F(PostgresDriverTest, CommitAfterAFailedStatementRefusesAndRollsBack) {
  auto driver = open();
  driver->begin();
  driver->execute("CREATE TABLE t (a integer)");
  EXPECT_THROW(driver->execute("SELECT no_such_column FROM t"), DatabaseError);
  // PostgreSQL would quietly turn this COMMIT into a ROLLBACK; the driver says so instead.
  try {
    driver->commit();
    FAIL() << "commit succeeded";
  } catch (const Error& e) {
    EXPECT_TRUE(contains(e.what(), "rolled back")) << e.what();
  }
  EXPECT_FALSE(driver->connection().in_transaction());
  EXPECT_FALSE(driver->has_table("t"));
  driver->begin();  // a new transaction can start
  driver->execute("CREATE TABLE t (a integer)");
  driver->commit();
  EXPECT_EQ(count("SELECT 1 FROM pg_tables WHERE tablename = 't'"), 1);
}

// After a failure, what is refused names the failure that stands: the statement that failed
// last, not one that a ROLLBACK TO undid before a later statement failed.
TEST_F(PostgresDriverTest, WhatIsRefusedNamesTheStatementThatFailedLast) {
  auto driver = open();
  SchemaManager manager(*driver);
  const auto refusal = [&](const std::string& sql) {
    try {
      manager.execute(sql);
    } catch (const DatabaseError& e) {
      EXPECT_EQ(e.code(), "25P02") << e.what();
      return e.message();
    }
    ADD_FAILURE() << "ran: " << sql;
    return std::string();
  };
  const auto commit_refusal = [&] {
    try {
      driver->commit();
    } catch (const Error& e) {
      return std::string(e.what());
    }
    ADD_FAILURE() << "committed";
    return std::string();
  };
  const std::string division = "division by zero [22012] in: ";

  // The ROLLBACK TO that undoes the first failure, and a second one, in one text.
  driver->begin();
  manager.execute("SAVEPOINT a");
  EXPECT_THROW(manager.execute("SELECT 1/0"), DatabaseError);
  EXPECT_TRUE(contains(refusal("SELECT 1"), division + "SELECT 1/0)"));
  try {
    manager.execute("ROLLBACK TO a; SELECT 2/0");
    FAIL() << "no error";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.code(), "22012");
    EXPECT_EQ(e.sql(), "ROLLBACK TO a; SELECT 2/0");
  }
  const std::string second = division + "ROLLBACK TO a; SELECT 2/0)";
  EXPECT_TRUE(contains(refusal("SELECT 3"), second)) << refusal("SELECT 3");
  EXPECT_FALSE(contains(refusal("SELECT 3"), "SELECT 1/0")) << refusal("SELECT 3");
  EXPECT_TRUE(contains(commit_refusal(), "(" + second + "; rolled back")) << commit_refusal();

  // One statement per text: the ROLLBACK TO runs on its own.
  driver->begin();
  manager.execute("SAVEPOINT a");
  EXPECT_THROW(manager.execute("SELECT 1/0"), DatabaseError);
  manager.execute("ROLLBACK TO a");
  EXPECT_THROW(manager.execute("SELECT 2/0"), DatabaseError);
  EXPECT_TRUE(contains(refusal("SELECT 3"), division + "SELECT 2/0)")) << refusal("SELECT 3");
  EXPECT_TRUE(contains(commit_refusal(), "(" + division + "SELECT 2/0); rolled back"));

  // In one text, the server stops at the first failure: nothing after it ran.
  driver->begin();
  const std::string text = "SAVEPOINT a; SELECT 1/0; ROLLBACK TO a; SELECT 2/0";
  EXPECT_THROW(manager.execute(text), DatabaseError);
  EXPECT_TRUE(contains(refusal("SELECT 3"), division + text + ")")) << refusal("SELECT 3");
  manager.execute("ROLLBACK TO a");  // it recovers, and the transaction commits
  manager.execute("CREATE TABLE recovered (id integer)");
  driver->commit();
  EXPECT_EQ(count("SELECT 1 FROM pg_tables WHERE tablename = 'recovered'"), 1);

  // A ROLLBACK TO that fails itself recovers nothing; it failed last, so it is named.
  driver->begin();
  manager.execute("SAVEPOINT a");
  EXPECT_THROW(manager.execute("SELECT 1/0"), DatabaseError);
  EXPECT_THROW(manager.execute("ROLLBACK TO b; SELECT 2"), DatabaseError);
  const std::string no_b = "savepoint \"b\" does not exist [3B001] in: ROLLBACK TO b; SELECT 2)";
  EXPECT_TRUE(contains(refusal("SELECT 3"), no_b)) << refusal("SELECT 3");
  EXPECT_TRUE(contains(commit_refusal(), no_b + "; rolled back"));
  EXPECT_EQ(count("SELECT 1 FROM pg_tables WHERE tablename = 'recovered'"), 1);
}

// The SQL is read as the session reads it: with standard_conforming_strings off, a
// backslash escapes a quote, and a COMMIT hidden behind such a string is found too.
TEST_F(PostgresDriverTest, ACommitIsFoundAsTheSessionReadsStrings) {
  auto driver = open();
  SchemaManager manager(*driver);
  manager.execute("CREATE TABLE notes (body text)");
  const std::string hidden = "INSERT INTO notes VALUES ('\\' '); COMMIT; SELECT ' '";
  driver->begin();
  manager.execute("SET LOCAL standard_conforming_strings = off");
  try {
    manager.execute(hidden);
    FAIL() << "ran: " << hidden;
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.code(), "2D000");
    EXPECT_EQ(e.sql(), "COMMIT");
  }
  driver->rollback();
  // On, the default, the same backslash is a character, and a string that only looks like it
  // hides a COMMIT runs.
  driver->begin();
  manager.execute("INSERT INTO notes VALUES ('C:\\'); INSERT INTO notes VALUES ('a\\''; COMMIT')");
  driver->commit();
  EXPECT_EQ(count("SELECT 1 FROM notes"), 2);
}

// A text that holds a COMMIT only when a backslash escapes a quote (standard_conforming_strings
// off); on, it is one SELECT of two strings.
constexpr const char* kCommitWhenOff = "SELECT 'a\\', '; COMMIT; SELECT 1 --'";

// The setting the server reported (libpq keeps it: no query) follows it wherever a statement
// changes it: SET LOCAL, ROLLBACK TO a savepoint set before it, the end of the transaction, a
// failure that rolls the SET LOCAL back with its subtransaction, or not. Where the readings
// disagree, a reported "off" counts both; "on" is checked with the server, which a failed
// transaction cannot be: there both count.
TEST_F(PostgresDriverTest, TheSettingIsTheOneTheServerReportedAfterEachStatement) {
  auto driver = open();
  SchemaManager manager(*driver);
  const auto reported = [&] {
    return driver->connection().reported("standard_conforming_strings").value_or("(none)");
  };
  EXPECT_EQ(reported(), "on");
  driver->begin();
  manager.execute("SAVEPOINT a");
  manager.execute("SET LOCAL standard_conforming_strings = off");
  EXPECT_EQ(reported(), "off");
  EXPECT_EQ(outcome(manager, kCommitWhenOff), "2D000 COMMIT");
  driver->rollback();
  EXPECT_EQ(reported(), "on");  // the transaction is over, and its SET LOCAL with it

  driver->begin();
  manager.execute("SAVEPOINT a");
  manager.execute("SET LOCAL standard_conforming_strings = off");
  manager.execute("ROLLBACK TO a");
  EXPECT_EQ(reported(), "on");
  EXPECT_EQ(outcome(manager, kCommitWhenOff), "ran");
  driver->commit();
  EXPECT_EQ(reported(), "on");

  // A failure in a subtransaction started after the SET LOCAL keeps it: the server lexes the
  // next text (the ROLLBACK TO that recovers, and what follows it) with backslash escapes.
  driver->begin();
  manager.execute("SET LOCAL standard_conforming_strings = off");
  manager.execute("SAVEPOINT b");
  EXPECT_THROW(manager.execute("SELECT 1/0"), DatabaseError);
  EXPECT_EQ(reported(), "off");
  EXPECT_EQ(outcome(manager, std::string("ROLLBACK TO b; ") + kCommitWhenOff), "2D000 COMMIT");
  EXPECT_THROW(driver->commit(), Error);

  // A failure in the subtransaction that ran the SET LOCAL undoes it at once, and the server
  // reports "on" in the failed transaction. But "on" may be stale (a configuration reload is
  // applied when the next text arrives, and reported after it: postgres_server_config_test),
  // and a failed transaction cannot be asked, so a text whose two readings disagree is
  // refused there, unsent. Recovering in an execute() of its own, the migration goes on.
  driver->begin();
  manager.execute("SAVEPOINT a");
  manager.execute("SET LOCAL standard_conforming_strings = off");
  EXPECT_THROW(manager.execute("SELECT 1/0"), DatabaseError);
  EXPECT_EQ(reported(), "on");
  EXPECT_EQ(outcome(manager, std::string("ROLLBACK TO a; ") + kCommitWhenOff), "2D000 COMMIT");
  EXPECT_THROW(driver->commit(), Error);
  driver->begin();
  manager.execute("SAVEPOINT a");
  manager.execute("SET LOCAL standard_conforming_strings = off");
  EXPECT_THROW(manager.execute("SELECT 1/0"), DatabaseError);
  manager.execute("ROLLBACK TO a");
  EXPECT_EQ(outcome(manager, kCommitWhenOff), "ran");
  manager.execute("CREATE TABLE recovered (id integer)");
  driver->commit();
  EXPECT_EQ(count("SELECT 1 FROM pg_tables WHERE tablename = 'recovered'"), 1);

  // So is a failure without a savepoint: the SET LOCAL is gone, but the transaction stays
  // failed, and the text is refused unsent.
  driver->begin();
  manager.execute("SET LOCAL standard_conforming_strings = off");
  EXPECT_THROW(manager.execute("SELECT 1/0"), DatabaseError);
  EXPECT_EQ(reported(), "on");
  EXPECT_EQ(outcome(manager, kCommitWhenOff), "2D000 COMMIT");
  EXPECT_THROW(driver->commit(), Error);

  // A session's own setting (a migration outside a transaction set it) holds in the next
  // migration's transaction, failed or not.
  manager.execute("SET standard_conforming_strings = off");
  EXPECT_EQ(reported(), "off");
  driver->begin();
  EXPECT_EQ(outcome(manager, kCommitWhenOff), "2D000 COMMIT");
  driver->rollback();
  driver->begin();
  EXPECT_THROW(manager.execute("SELECT 1/0"), DatabaseError);
  EXPECT_EQ(reported(), "off");
  EXPECT_EQ(outcome(manager, kCommitWhenOff), "2D000 COMMIT");
  driver->rollback();
  manager.execute("RESET standard_conforming_strings");
  EXPECT_EQ(reported(), "on");
}

// In SJIS and the other client-only encodings a character's second byte can be that of \,
// which would let text the scanner reads as one string hide a COMMIT from it: in a
// migration's transaction nothing more runs once the session switched to one.
TEST_F(PostgresDriverTest, AClientEncodingTheScannerCannotReadStopsTheMigration) {
  auto driver = open();
  SchemaManager manager(*driver);
  manager.execute("CREATE TABLE notes (body text)");
  driver->begin();
  manager.execute("INSERT INTO notes VALUES ('kept only if committed')");
  manager.execute("SET client_encoding = 'SJIS'");
  try {
    manager.execute("INSERT INTO notes VALUES ('x')");
    FAIL() << "ran under SJIS";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.code(), "22021");
    EXPECT_TRUE(contains(e.message(), "client_encoding is SJIS")) << e.what();
  }
  EXPECT_THROW(manager.execute("SET client_encoding = 'UTF8'"), DatabaseError);
  EXPECT_THROW(driver->commit(), Error);
  EXPECT_EQ(count("SELECT 1 FROM notes"), 0);
  // Outside a migration's transaction (use_transaction() false) nothing is scanned.
  manager.execute("SET client_encoding = 'SJIS'");
  manager.execute("SET client_encoding = 'UTF8'");
}

TEST_F(PostgresDriverTest, TransactionsDoNotNest) {
  auto driver = open();
  driver->begin();
  EXPECT_THROW(driver->begin(), Error);
  driver->rollback();
  EXPECT_THROW(driver->commit(), Error);
}

TEST_F(PostgresDriverTest, DeferredConstraintFailingAtCommitIsADatabaseError) {
  auto driver = open();
  driver->execute(
      "CREATE TABLE parent (id integer PRIMARY KEY); CREATE TABLE child (parent_id integer "
      "REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)");
  driver->begin();
  driver->execute("INSERT INTO child VALUES (1)");
  try {
    driver->commit();
    FAIL() << "commit succeeded";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.code(), "23503");
    EXPECT_EQ(e.sql(), "COMMIT");
  }
  EXPECT_FALSE(driver->connection().in_transaction());
  EXPECT_EQ(count("SELECT 1 FROM child"), 0);
}

TEST_F(PostgresDriverTest, DatabaseErrorCarriesSqlstateSqlAndACleanMessage) {
  auto driver = open();
  driver->execute("CREATE TABLE t (id integer PRIMARY KEY); INSERT INTO t VALUES (1)");
  const std::string duplicate = "INSERT INTO t VALUES (1)";
  try {
    driver->execute(duplicate);
    FAIL() << "no error";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.code(), "23505");
    EXPECT_EQ(e.sql(), duplicate);
    EXPECT_TRUE(contains(e.message(), "duplicate key value violates unique constraint \"t_pkey\""))
        << e.message();
    EXPECT_TRUE(contains(e.message(), "DETAIL: Key (id)=(1) already exists.")) << e.message();
    EXPECT_FALSE(contains(e.message(), "ERROR:")) << e.message();
    EXPECT_EQ(std::string(e.what()), e.message() + " [23505] in: " + duplicate);
  }
  try {
    driver->execute("SELEC 1");
    FAIL() << "no error";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.code(), "42601");
    EXPECT_EQ(e.message(), "syntax error at or near \"SELEC\"");  // no LINE 1 / caret lines
  }
  try {
    (void)driver->connection().query("SELECT * FROM missing WHERE a = $1", {std::string("x")});
    FAIL() << "no error";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.code(), "42P01");
    EXPECT_EQ(e.sql(), "SELECT * FROM missing WHERE a = $1");
  }
}

TEST_F(PostgresDriverTest, DeadlockIsADatabaseErrorWithItsSqlstate) {
  auto a = open();
  auto b = open();
  a->execute("CREATE TABLE t (id integer PRIMARY KEY); INSERT INTO t VALUES (1), (2)");
  a->begin();
  b->begin();
  a->execute("UPDATE t SET id = id WHERE id = 1");
  b->execute("UPDATE t SET id = id WHERE id = 2");
  std::string a_code;
  std::thread first([&] {
    try {
      a->execute("UPDATE t SET id = id WHERE id = 2");  // waits for b
    } catch (const DatabaseError& e) {
      a_code = e.code();
      a->rollback();  // the victim lets go, so that the other one can finish
    }
  });
  std::string b_code;
  try {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    b->execute("UPDATE t SET id = id WHERE id = 1");  // waits for a: a deadlock
  } catch (const DatabaseError& e) {
    b_code = e.code();
    b->rollback();
  }
  first.join();
  EXPECT_EQ(a_code + b_code, "40P01");  // exactly one of them was chosen as the victim
  a->rollback();
  b->rollback();
}

TEST_F(PostgresDriverTest, WrongPasswordNamesTheServerButNeverAPassword) {
  const std::string wrong = "wrong-Secret-4711";
  try {
    PostgresDriver driver(db().url_as(db().user(), wrong).c_str());
    FAIL() << "connected with a wrong password";
  } catch (const DatabaseError& e) {
    const std::string what = e.what();
    EXPECT_EQ(e.code(), "08001");
    EXPECT_TRUE(e.sql().empty());
    EXPECT_TRUE(contains(what, "host " + db().host())) << what;
    EXPECT_TRUE(contains(what, "port " + db().port())) << what;
    EXPECT_TRUE(contains(what, "database \"" + db().name() + "\"")) << what;
    EXPECT_TRUE(contains(what, "password authentication failed")) << what;
    EXPECT_FALSE(contains(what, wrong)) << what;
    EXPECT_FALSE(contains(what, db().password())) << what;
  }
}

TEST_F(PostgresDriverTest, UnreachableServerNamesHostAndPort) {
  try {
    PostgresDriver driver("postgres://app:Hunter2-secret@127.0.0.1:1/appdb?connect_timeout=2");
    FAIL() << "connected to port 1";
  } catch (const DatabaseError& e) {
    const std::string what = e.what();
    EXPECT_EQ(e.code(), "08001");
    EXPECT_TRUE(contains(what, "host 127.0.0.1, port 1, database \"appdb\"")) << what;
    EXPECT_FALSE(contains(what, "Hunter2-secret")) << what;
  }
}

TEST_F(PostgresDriverTest, PasswordsWithQuotesBackslashesAndSpacesConnect) {
  const std::string role = db().name() + "_odd role";
  const std::string password = "p'a\\ss w@rd:/?#%&=";
  pqxx::connection& admin = db().session();
  {
    pqxx::nontransaction tx(admin);
    tx.exec("CREATE ROLE " + tx.quote_name(role) + " LOGIN PASSWORD " + tx.quote(password));
  }
  {
    PostgresDriver driver(db().url_as(role, password).c_str());
    EXPECT_FALSE(driver.has_table("anything"));
  }
  try {
    PostgresDriver driver(db().url_as(role, password + "x").c_str());
    FAIL() << "connected with a wrong password";
  } catch (const DatabaseError& e) {
    EXPECT_FALSE(contains(e.what(), password)) << e.what();
  }
  pqxx::nontransaction tx(admin);
  tx.exec("DROP ROLE " + tx.quote_name(role));
}

TEST_F(PostgresDriverTest, QueryParametersReachLibpq) {
  auto named = open("application_name=deploy-42&connect_timeout=5&sslmode=disable");
  EXPECT_EQ(count("SELECT 1 FROM pg_stat_activity WHERE application_name = 'deploy-42'"), 1);
  auto unnamed = open();
  EXPECT_GE(count("SELECT 1 FROM pg_stat_activity WHERE application_name = 'kit-host'"), 1);
  try {
    (void)open("no_such_option=1");
    FAIL() << "libpq accepted an unknown option";
  } catch (const DatabaseError& e) {
    EXPECT_TRUE(contains(e.what(), "no_such_option")) << e.what();
  }
}

TEST_F(PostgresDriverTest, ALostConnectionFailsInsteadOfReconnecting) {
  auto driver = open();
  driver->lock(std::chrono::milliseconds(1000));
  const auto pid = driver->connection().query("SELECT pg_backend_pid()")[0][0].as<int>();
  (void)db().scalar("SELECT pg_terminate_backend(" + std::to_string(pid) + ")");
  // A silent reconnect would carry on without the lock.
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      driver->execute("SELECT 1");
      FAIL() << "the driver reconnected";
    } catch (const DatabaseError& e) {
      EXPECT_TRUE(contains(e.what(), "port " + db().port())) << e.what();
    }
  }
  driver->unlock();  // must not throw
  auto other = open();
  other->lock(std::chrono::milliseconds(1000));  // the server released it with the session
}

TEST_F(PostgresDriverTest, NoticesStayOffStderr) {
  auto driver = open();
  ::testing::internal::CaptureStderr();
  driver->execute("DROP TABLE IF EXISTS nope");
  driver->ensure_ledger();
  driver->execute("CREATE TABLE IF NOT EXISTS kit_migrations (version text)");
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

TEST_F(PostgresDriverTest, IdentityKeysTakeExplicitIdsAndRestartOnTruncate) {
  auto driver = open();
  SchemaManager manager(*driver);
  manager.create_table(
      Table::create()
          .table("tags")
          .col(ColumnDef("id").big_integer().not_null().auto_increment().primary_key())
          .col(ColumnDef("name").string().not_null()));
  manager.execute("INSERT INTO tags (id, name) VALUES (100, 'seeded')");  // BY DEFAULT: allowed
  manager.execute("INSERT INTO tags (name) VALUES ('generated')");
  EXPECT_EQ(db().scalar("SELECT id FROM tags WHERE name = 'generated'"), "1");
  manager.truncate_table(Table::truncate().table("tags"));
  manager.execute("INSERT INTO tags (name) VALUES ('again')");
  EXPECT_EQ(db().scalar("SELECT id FROM tags WHERE name = 'again'"), "1");
}

TEST_F(PostgresDriverTest, ModifyColumnChangesOnlyWhatItMentions) {
  auto driver = open();
  SchemaManager manager(*driver);
  manager.create_table(Table::create()
                           .table("posts")
                           .col(ColumnDef("id").integer().not_null().auto_increment().primary_key())
                           .col(ColumnDef("title").string_len(20).not_null().default_value("x"))
                           .col(ColumnDef("views").text())
                           .col(ColumnDef("code").string_len(10).default_value("abc")));
  manager.execute("INSERT INTO posts (views, code) VALUES ('42', '5')");
  const auto column = [&](const std::string& name) {
    for (auto& c : driver->catalog().columns("posts")) {
      if (c.name == name) return c;
    }
    ADD_FAILURE() << "no column " << name;
    return PostgresCatalog::Column{};
  };

  // Only the type: NOT NULL and the default stay.
  manager.alter_table(
      Table::alter().table("posts").modify_column(ColumnDef("title").string_len(100)));
  EXPECT_EQ(column("title").type, "character varying(100)");
  EXPECT_FALSE(column("title").nullable);
  EXPECT_EQ(column("title").default_sql, "'x'::character varying");

  // text -> integer needs the explicit cast; the data survives it.
  manager.alter_table(Table::alter().table("posts").modify_column(ColumnDef("views").integer()));
  EXPECT_EQ(column("views").type, "integer");
  EXPECT_EQ(db().scalar("SELECT views + 1 FROM posts"), "43");

  // A new type and a new default, where the old default ('abc') cannot become an integer.
  manager.alter_table(
      Table::alter().table("posts").modify_column(ColumnDef("code").integer().default_value(7)));
  EXPECT_EQ(column("code").type, "integer");
  EXPECT_EQ(column("code").default_sql, "7");
  EXPECT_EQ(db().scalar("SELECT code FROM posts"), "5");

  // Only nullability, then only the default.
  manager.alter_table(Table::alter().table("posts").modify_column(ColumnDef("title").null()));
  EXPECT_TRUE(column("title").nullable);
  EXPECT_EQ(column("title").type, "character varying(100)");
  manager.alter_table(
      Table::alter().table("posts").modify_column(ColumnDef("title").default_value(nullptr)));
  EXPECT_EQ(column("title").default_sql, std::nullopt);
  manager.alter_table(Table::alter().table("posts").modify_column(
      ColumnDef("title").default_value(Expr::cust("'it''s; ' || 'fine'"))));
  manager.execute("INSERT INTO posts DEFAULT VALUES");
  EXPECT_EQ(db().scalar("SELECT title FROM posts WHERE id = 2"), "it's; fine");

  // Repeating the key and identity the column has already only widens it.
  manager.alter_table(Table::alter().table("posts").modify_column(
      ColumnDef("id").big_integer().not_null().auto_increment().primary_key()));
  EXPECT_EQ(column("id").type, "bigint");
  EXPECT_EQ(column("id").identity, "BY DEFAULT");

  // Narrowing a string refuses to cut data rather than truncating it.
  manager.execute("UPDATE posts SET title = 'longer than five'");
  try {
    manager.alter_table(
        Table::alter().table("posts").modify_column(ColumnDef("title").string_len(5)));
    FAIL() << "the column was narrowed";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.code(), "22001");  // string_data_right_truncation
  }
  EXPECT_THROW(manager.alter_table(Table::alter().table("posts").modify_column(ColumnDef("title"))),
               SchemaError);
}

TEST_F(PostgresDriverTest, ModifyColumnAddsKeysAndIdentityAColumnLacks) {
  auto driver = open();
  SchemaManager manager(*driver);
  manager.create_table(Table::create()
                           .table("t")
                           .col(ColumnDef("id").integer().not_null())
                           .col(ColumnDef("code").string()));
  manager.alter_table(Table::alter()
                          .table("t")
                          .modify_column(ColumnDef("id").auto_increment().primary_key())
                          .modify_column(ColumnDef("code").unique_key()));
  manager.execute("INSERT INTO t (code) VALUES ('a')");
  EXPECT_THROW(manager.execute("INSERT INTO t (code) VALUES ('a')"), DatabaseError);
  EXPECT_EQ(db().scalar("SELECT id FROM t"), "1");
  // Asking again is a no-op rather than a duplicate key.
  manager.alter_table(Table::alter()
                          .table("t")
                          .modify_column(ColumnDef("id").auto_increment().primary_key())
                          .modify_column(ColumnDef("code").unique_key()));
  EXPECT_EQ(count("SELECT 1 FROM pg_indexes WHERE tablename = 't'"), 2);
}

TEST_F(PostgresDriverTest, EveryTypeAndDefaultIsAcceptedByTheServer) {
  auto driver = open();
  SchemaManager manager(*driver);
  manager.create_table(
      Table::create()
          .table("everything")
          .col(ColumnDef("i").integer().default_value(-7))
          .col(ColumnDef("bi").big_integer().default_value(9000000000LL))
          .col(ColumnDef("si").small_integer().default_value(3))
          .col(ColumnDef("f").float_().default_value(1.5))
          .col(ColumnDef("d").double_().default_value(0.1))
          .col(ColumnDef("n").decimal().default_value(Decimal("19.99")))
          .col(ColumnDef("np").decimal_len(10, 2).default_value(Decimal("-0.50")))
          .col(ColumnDef("s").string().default_value("it's; fine"))
          .col(ColumnDef("sl").string_len(20).default_value(""))
          .col(ColumnDef("t").text().default_value(nullptr))
          .col(ColumnDef("b").boolean().not_null().default_value(false))
          .col(ColumnDef("ts").timestamp().default_value(Expr::current_timestamp()))
          .col(ColumnDef("tz").timestamp_with_time_zone().default_value(Expr::current_timestamp()))
          .col(ColumnDef("dt").date().default_value(Expr::current_date()))
          .col(ColumnDef("tm").time().default_value(Expr::current_time()))
          .col(ColumnDef("bl").blob().default_value(Expr::cust("'\\x00ff'::bytea")))
          .col(ColumnDef("j").json().default_value("{\"a\": 1}"))
          .col(ColumnDef("jb").json_binary().default_value("[1, 2]"))
          .col(ColumnDef("u").uuid().default_value(Expr::cust("gen_random_uuid()"))));
  manager.execute("INSERT INTO everything DEFAULT VALUES");
  EXPECT_EQ(db().scalar("SELECT s FROM everything"), "it's; fine");
  EXPECT_EQ(db().scalar("SELECT np FROM everything"), "-0.50");
  EXPECT_EQ(db().scalar("SELECT bi FROM everything"), "9000000000");
  EXPECT_EQ(db().scalar("SELECT b FROM everything"), "f");
  EXPECT_EQ(db().scalar("SELECT t FROM everything"), "NULL");
  EXPECT_EQ(db().scalar("SELECT jb ->> 1 FROM everything"), "2");
  EXPECT_EQ(db().scalar("SELECT length(bl) FROM everything"), "2");
  EXPECT_EQ(db().scalar("SELECT ts IS NOT NULL AND u IS NOT NULL FROM everything"), "t");
}

TEST_F(PostgresDriverTest, OverlongNamesAreFoundAsThePostgresTruncatedThem) {
  auto driver = open();
  SchemaManager manager(*driver);
  const std::string long_name(70, 'x');
  manager.create_table(Table::create().table("t").col(ColumnDef("a").integer()));
  manager.create_index(Index::create().name(long_name).table("t").col("a"));
  EXPECT_TRUE(driver->has_index("t", long_name));
  manager.drop_index(Index::drop().name(long_name).table("t"));
  EXPECT_FALSE(driver->has_index("t", long_name));
}

}  // namespace

}  // namespace kit::test
