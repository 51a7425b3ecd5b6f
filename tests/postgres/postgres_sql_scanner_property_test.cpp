// PostgresSqlScanner against the server itself: random texts of statements, literals,
// continuations, comments and routine bodies, each sent in a transaction of its own. Where
// the server ends the transaction, the scanner must have reported a statement (else a COMMIT
// would slip through the driver); where it reports one and the server neither ended nor
// started a transaction, without an error, that is a false alarm. KIT_PG_SCANNER_CASES sets
// how many texts (default 1500), KIT_PG_SCANNER_SEED the seed (default 1);
// KIT_PG_SCANNER_DEBUG prints each text the server refused, with its error.
#include <libpq-fe.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "postgres_sql_scanner.hpp"
#include "postgres_test.hpp"

namespace kit::test {

namespace {

using PostgresSqlScannerPropertyTest = PostgresTest;

/// Builds random texts from the pieces the scanner must tell apart.
class Texts {
 public:
  explicit Texts(unsigned seed) : random_(seed) {}

  std::string text() {
    std::string out;
    const int statements = pick(1, 4);
    for (int i = 0; i < statements; ++i) {
      if (i > 0) out += pick({";", "; ", ";\n", " ;", ";" + comment()});
      out += statement();
    }
    if (chance(3)) out += ";";
    return out;
  }

 private:
  int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }
  std::string pick(const std::vector<std::string>& options) {
    return options[static_cast<std::size_t>(pick(0, static_cast<int>(options.size()) - 1))];
  }
  bool chance(int one_in) { return pick(1, one_in) == 1; }

  /// Words that would fool a careless scanner, inside whatever holds them.
  std::string content() {
    std::string out;
    const int pieces = pick(0, 4);
    for (int i = 0; i < pieces; ++i) {
      out += pick({"; COMMIT; ", "x", " end ", "begin", "--", "/*", "*/", "\n", "\r", "$$", "$a$",
                   "\\", "'", "\"", " ROLLBACK", "(", ")", "case"});
    }
    return out;
  }
  static std::string without(std::string text, const std::string& part) {
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part)) {
      text.erase(at, part.size());
    }
    return text;
  }
  static std::string doubled(const std::string& text, char quote) {
    std::string out;
    for (char c : text) {
      out += c;
      if (c == quote) out += quote;
    }
    return out;
  }
  std::string newline_space() {
    return pick({"\n", " \n ", "\r", "\r\n", " -- c\n", "\n-- c\n", "\n\t", " -- ; COMMIT\r"});
  }
  std::string literal() {
    switch (pick(0, 6)) {
      case 0:
        return "'" + doubled(content(), '\'') + "'";
      case 1: {  // E'...': backslashes and quotes escaped either way
        std::string body;
        for (char c : content()) {
          if (c == '\\')
            body += "\\\\";
          else if (c == '\'')
            body += chance(2) ? "\\'" : "''";
          else
            body += c;
        }
        return pick({"E'", "e'"}) + body + "'";
      }
      case 2:
        return "$$" + without(content(), "$") + "$$";
      case 3:
        return "$a$" + without(content(), "$") + "$a$";
      case 4:  // a continuation: one literal across a newline
        return "'a'" + newline_space() + "'" + doubled(content(), '\'') + "'";
      case 5:  // an E-string's continuation keeps backslash escapes
        return "E'a'" + newline_space() + "'\\' " + doubled(without(content(), "\\"), '\'') + "'";
      default:
        return "\"" + doubled(without(content(), "\n"), '"') + "x\"";
    }
  }
  std::string comment() {
    if (chance(2)) return " -- " + without(without(content(), "\n"), "\r") + pick({"\n", "\r"});
    return " /* " + without(without(content(), "*/"), "/*") + (chance(2) ? " /* nested */ " : "") +
           " */ ";
  }
  std::string statement() {
    const int n = ++routines_;
    const std::string f = "f" + std::to_string(n);
    std::string out = chance(4) ? comment() : "";
    out += pick({
        "SELECT " + literal(),
        "SELECT " + literal() + " AS " + pick({"a", "\"end\"", "\"commit\""}) + comment(),
        "INSERT INTO t VALUES (" + std::to_string(n) + ")",
        "SELECT CASE WHEN true THEN 1 ELSE 2 END",
        "ROLLBACK TO SAVEPOINT sp",
        "SAVEPOINT " + f,
        "DO $$ BEGIN PERFORM 1; END $$",
        "CREATE FUNCTION " + f + "() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN " +
            "true THEN 1 END; SELECT 1 AS " + pick({"a", "\"end\""}) + "; END",
        "CREATE PROCEDURE " + f + "(begin int) LANGUAGE sql BEGIN ATOMIC SELECT begin; END",
        "CREATE FUNCTION " + f + "() RETURNS int LANGUAGE sql RETURN 1",
        "CREATE OR REPLACE FUNCTION " + f + "() RETURNS text LANGUAGE sql RETURN " + literal(),
        "COMMIT",
        "END",
        "ROLLBACK",
        "ABORT",
        "COMMIT AND CHAIN",
        "BEGIN",
        "START TRANSACTION",
        "commit work",
    });
    return out;
  }

  std::mt19937 random_;
  int routines_ = 0;
};

std::string shown(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n')
      out += "\\n";
    else if (c == '\r')
      out += "\\r";
    else
      out += c;
  }
  return out;
}

struct Connection {
  explicit Connection(const std::string& url) : conn(PQconnectdb(url.c_str())) {}
  ~Connection() { PQfinish(conn); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  PGconn* conn;
};

/// Runs `sql`; its first value, or "" (errors are the caller's to see in the status).
std::string run(PGconn* conn, const char* sql) {
  PGresult* result = PQexec(conn, sql);
  std::string value;
  if (PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) > 0) {
    value = PQgetvalue(result, 0, 0);
  }
  PQclear(result);
  return value;
}

}  // namespace

TEST_F(PostgresSqlScannerPropertyTest, ReportsWhatTheServerWouldEndATransactionWith) {
  const char* cases_env = std::getenv("KIT_PG_SCANNER_CASES");
  const char* seed_env = std::getenv("KIT_PG_SCANNER_SEED");
  const int cases = cases_env != nullptr ? std::atoi(cases_env) : 1500;
  const unsigned seed = seed_env != nullptr ? static_cast<unsigned>(std::atol(seed_env)) : 1;
  Connection connection(db().url());
  PGconn* conn = connection.conn;
  ASSERT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
  bool started = false;  // the server's "there is already a transaction in progress"
  PQsetNoticeReceiver(
      conn,
      [](void* flag, const PGresult* notice) {
        const char* code = PQresultErrorField(notice, PG_DIAG_SQLSTATE);
        if (code != nullptr && std::string(code) == "25001") *static_cast<bool*>(flag) = true;
      },
      &started);

  Texts texts(seed);
  int ran = 0;
  int failures = 0;
  for (int i = 0; i < cases && failures < 5; ++i) {
    const std::string text = texts.text();
    run(conn, "ROLLBACK");
    run(conn, "BEGIN");
    run(conn, "CREATE TEMP TABLE IF NOT EXISTS t (a int)");  // a COMMIT may have kept it
    run(conn, "SAVEPOINT sp");
    const std::string before = run(conn, "SELECT txid_current()");
    started = false;
    PGresult* result = PQexec(conn, text.c_str());
    const bool error = PQresultStatus(result) == PGRES_FATAL_ERROR;
    if (error && std::getenv("KIT_PG_SCANNER_DEBUG") != nullptr) {
      std::fprintf(stderr, "%s | %s", shown(text).c_str(), PQresultErrorMessage(result));
    }
    PQclear(result);
    const auto status = PQtransactionStatus(conn);
    const bool ended = status == PQTRANS_IDLE ||
                       (status == PQTRANS_INTRANS && run(conn, "SELECT txid_current()") != before);
    const auto reported = PostgresSqlScanner::transaction_control(text);
    if (ended && !reported) {
      ADD_FAILURE() << "missed: the server ended the transaction, the scanner saw nothing in: "
                    << shown(text) << " (seed " << seed << ", case " << i << ")";
      ++failures;
    } else if (reported && !ended && !started && !error && status == PQTRANS_INTRANS) {
      ADD_FAILURE() << "false alarm '" << shown(*reported)
                    << "': the server stayed in its transaction for: " << shown(text) << " (seed "
                    << seed << ", case " << i << ")";
      ++failures;
    }
    if (!error) ++ran;
  }
  run(conn, "ROLLBACK");
  // Most texts should run: a generator whose every text fails would prove nothing.
  EXPECT_GT(ran, cases / 3) << "texts that ran without an error";
}

}  // namespace kit::test
