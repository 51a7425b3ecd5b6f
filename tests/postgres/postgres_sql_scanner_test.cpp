// PostgresSqlScanner: which statements of raw SQL would end or start the migration's
// transaction, split as psql splits them. No server: the driver tests run the refusals.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "postgres_sql_scanner.hpp"

namespace kit {
namespace {

std::optional<std::string> found(const std::string& sql) {
  return PostgresSqlScanner::transaction_control(sql);
}

TEST(PostgresSqlScannerTest, FindsEveryStatementThatEndsOrStartsATransaction) {
  for (const char* sql :
       {"COMMIT", "commit", "COMMIT WORK", "COMMIT TRANSACTION", "COMMIT AND CHAIN", "END",
        "end transaction", "ABORT", "ROLLBACK", "ROLLBACK WORK", "ROLLBACK TRANSACTION",
        "ROLLBACK AND CHAIN", "BEGIN", "BEGIN ISOLATION LEVEL SERIALIZABLE", "START TRANSACTION",
        "PREPARE TRANSACTION 'x'", "COMMIT PREPARED 'x'", "ROLLBACK PREPARED 'x'"}) {
    EXPECT_EQ(found(sql), sql);
  }
}

TEST(PostgresSqlScannerTest, SavepointsAndOtherStatementsAreNotReported) {
  for (const char* sql :
       {"SAVEPOINT a", "RELEASE a", "RELEASE SAVEPOINT a", "ROLLBACK TO a",
        "ROLLBACK TO SAVEPOINT a", "rollback work to savepoint a", "ROLLBACK TRANSACTION TO a",
        "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", "PREPARE q AS SELECT 1", "START",
        "CREATE TABLE t (id integer)", "", "  ", "-- COMMIT", "/* COMMIT */", ";;"}) {
    EXPECT_EQ(found(sql), std::nullopt) << sql;
  }
}

TEST(PostgresSqlScannerTest, FindsOneStatementAmongSeveral) {
  EXPECT_EQ(found("INSERT INTO t VALUES (1); COMMIT; INSERT INTO t VALUES (2)"), "COMMIT");
  EXPECT_EQ(found("UPDATE t SET a = 1;\n  -- done\n  /* now */ commit  ;"), "commit");
  EXPECT_EQ(found("SELECT 1;END"), "END");
  EXPECT_EQ(found("SELECT 'a;b'; ROLLBACK"), "ROLLBACK");
}

TEST(PostgresSqlScannerTest, WordsInsideStringsCommentsAndIdentifiersAreNotStatements) {
  for (const char* sql : {
           "INSERT INTO t VALUES ('; COMMIT')",
           "INSERT INTO t VALUES ('it''s; COMMIT')",
           "INSERT INTO t VALUES (E'a\\'; COMMIT')",
           "INSERT INTO t VALUES (e'\\\\'); SELECT 1",
           "INSERT INTO t VALUES (U&'; COMMIT')",
           "SELECT 1 AS \"x\"\"; COMMIT\"",
           "SELECT 1 /* ; COMMIT /* nested */ ; COMMIT */",
           "SELECT 1 -- ; COMMIT\n",
           "SELECT $$; COMMIT$$",
           "SELECT $body$ $$; COMMIT $$ $body$",
           "SELECT a$b FROM t WHERE c = $1; SELECT 2",
           "SELECT end_at, \"end\" FROM t",
       }) {
    EXPECT_EQ(found(sql), std::nullopt) << sql;
  }
  // The string ends where it ends: what follows is a statement again.
  EXPECT_EQ(found("SELECT 'x'';'; COMMIT"), "COMMIT");
  EXPECT_EQ(found("SELECT E'\\\\'; COMMIT"), "COMMIT");
  EXPECT_EQ(found("SELECT $a$ x $a$; COMMIT"), "COMMIT");
}

TEST(PostgresSqlScannerTest, BodiesOfFunctionsAndProceduresAreOneStatement) {
  // PL/pgSQL in a dollar-quoted body, and SQL-standard bodies, whose BEGIN ATOMIC ... END
  // holds semicolons (PostgreSQL 14 and later).
  EXPECT_EQ(found("DO $$ BEGIN COMMIT; END $$"), std::nullopt);
  EXPECT_EQ(found("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END"),
            std::nullopt);
  EXPECT_EQ(found("CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC "
                  "INSERT INTO t VALUES (CASE WHEN true THEN 1 ELSE 2 END); END; COMMIT"),
            "COMMIT");
  EXPECT_EQ(found("create procedure p() begin atomic select 1; end; end"), "end");
  // Elsewhere BEGIN and END are nothing special inside a statement.
  EXPECT_EQ(found("SELECT CASE WHEN true THEN 1 END; COMMIT"), "COMMIT");
  // Parentheses hold semicolons too (CREATE RULE ... DO (...; ...)).
  EXPECT_EQ(found("CREATE RULE r AS ON INSERT TO t DO ALSO (SELECT 1; SELECT 2); ABORT"), "ABORT");
}

// Found by a differential run against a live server (each case: the server ends the
// transaction, or does not, as the scanner says).
TEST(PostgresSqlScannerTest, LineCommentsEndAtEitherNewline) {
  EXPECT_EQ(found("SELECT 1 --x\r; COMMIT"), "COMMIT");
  EXPECT_EQ(found("SELECT 1; -- x\rCOMMIT"), "COMMIT");
}

TEST(PostgresSqlScannerTest, AStringContinuedAfterANewlineIsOneLiteral) {
  // 'a' <newline> 'b' is 'ab'; an E-string's continuation keeps its backslash escapes.
  EXPECT_EQ(found("SELECT 'a' -- c\r'b'; COMMIT"), "COMMIT");
  EXPECT_EQ(found("SELECT E'a'\n'\\' '; COMMIT; SELECT ' '"), "COMMIT");
  EXPECT_EQ(found("SELECT E'a' -- c\n'\\' '; COMMIT; SELECT ' '"), "COMMIT");
  EXPECT_EQ(found("SELECT E'a'\n'\\'; COMMIT; --'"), std::nullopt);
  EXPECT_EQ(found("SELECT 'a' /* not a continuation */ '; COMMIT'"), std::nullopt);
}

TEST(PostgresSqlScannerTest, OnlyBeginAtomicOpensABodyAndOnlyItsEndClosesIt) {
  for (const char* sql : {
           "CREATE FUNCTION begin() RETURNS int LANGUAGE sql RETURN 1; COMMIT",
           "CREATE FUNCTION f(begin int) RETURNS int LANGUAGE sql RETURN begin; COMMIT",
           "CREATE FUNCTION f() RETURNS int LANGUAGE sql SET search_path = begin RETURN 1; COMMIT",
           "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1 AS case; END; "
           "COMMIT",
           "CREATE PROCEDURE begin() LANGUAGE sql AS $$ $$; COMMIT",
       }) {
    EXPECT_EQ(found(sql), "COMMIT") << sql;
  }
  EXPECT_EQ(found("CREATE FUNCTION begin() RETURNS int LANGUAGE sql RETURN 1; COMMIT; SELECT 1 "
                  "AS end"),
            "COMMIT");
  EXPECT_EQ(found("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1 AS end; END"),
            std::nullopt);
}

TEST(PostgresSqlScannerTest, PlainStringsAreReadAsTheSessionsSettingSays) {
  const auto off = [](const char* sql) {
    return PostgresSqlScanner::transaction_control(sql, false);
  };
  // standard_conforming_strings on, the default: a backslash is an ordinary character.
  EXPECT_EQ(found("SELECT 'a\\'; COMMIT; --'"), "COMMIT");
  EXPECT_EQ(found("SELECT '\\' '; COMMIT; SELECT ' '"), std::nullopt);
  EXPECT_EQ(found("SELECT '+$$/x$$\\''*/;COMMIT;$a$'--''"), std::nullopt);
  // Off (SET LOCAL, a role's default): a backslash escapes a quote, as in E'...'.
  EXPECT_EQ(off("SELECT '\\' '; COMMIT; SELECT ' '"), "COMMIT");
  EXPECT_EQ(off("SELECT 'a\\'; COMMIT; --'"), std::nullopt);
  EXPECT_EQ(off("INSERT INTO t VALUES ('C:\\dir\\')"), std::nullopt);
}

TEST(PostgresSqlScannerTest, NothingAfterANulByteIsSent) {
  EXPECT_EQ(found(std::string("SELECT 1;\0COMMIT", 16)), std::nullopt);
}

TEST(PostgresSqlScannerTest, UnterminatedQuotesHideTheRest) {
  for (const char* sql :
       {"SELECT 'x; COMMIT", "SELECT \"x; COMMIT", "SELECT $$ x; COMMIT", "SELECT /* x; COMMIT"}) {
    EXPECT_EQ(found(sql), std::nullopt) << sql;
  }
}

}  // namespace
}  // namespace kit
