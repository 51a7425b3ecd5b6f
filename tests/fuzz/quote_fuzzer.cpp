// Fuzzes identifier and literal quoting of each dialect. For SqliteDialect and
// PostgresDialect alike, quote(x) must read back, token by token, as exactly one quoted
// identifier whose text is x, and quote_literal(x) as exactly one string literal whose value
// is x; SQLite itself confirms both (`SELECT <literal> AS <identifier>` yields a column
// named x holding x). Inputs they refuse (empty, NUL) must be refused with SchemaError.
#include <sqlite3.h>

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <memory>
#include <string>

#include "fuzz_check.hpp"
#include "kit/error.hpp"
#include "kit/sql_renderer.hpp"
#include "postgres_dialect.hpp"
#include "sqlite_dialect.hpp"
#include "sqlite_schema.hpp"
#include "sqlite_tokenizer.hpp"

namespace {

using kit::sqlite::SqliteTokenizer;

SQLite::Database& database() {
  static SQLite::Database db(":memory:", SQLite::OPEN_READWRITE);
  return db;
}

/// Checks that `sql` is one token of `kind` whose unquoted text is `expected`.
void check_one_token(const std::string& sql, SqliteTokenizer::Kind kind,
                     const std::string& expected, const char* what) {
  std::vector<SqliteTokenizer::Token> tokens;
  try {
    tokens = SqliteTokenizer::tokenize(sql);
  } catch (const kit::Error& e) {
    kit::fuzz::fail(what, expected, sql + " does not tokenize: " + e.what());
  }
  if (tokens.size() != 1 || tokens[0].kind != kind || tokens[0].text != sql) {
    kit::fuzz::fail(what, expected, sql + " is not one token");
  }
  if (tokens[0].name() != expected) kit::fuzz::fail(what, expected, tokens[0].name());
}

/// Asks SQLite what `SELECT literal AS identifier` names and returns.
void check_with_sqlite(const std::string& identifier, const std::string& literal,
                       const std::string& expected) {
  const std::string sql = "SELECT " + literal + " AS " + identifier;
  sqlite3_stmt* statement = nullptr;
  const char* tail = nullptr;
  if (sqlite3_prepare_v2(database().getHandle(), sql.c_str(), static_cast<int>(sql.size()),
                         &statement, &tail) != SQLITE_OK) {
    kit::fuzz::fail("SQLite refuses the quoted text", expected,
                    sql + ": " + sqlite3_errmsg(database().getHandle()));
  }
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> guard(statement, sqlite3_finalize);
  if (tail != sql.c_str() + sql.size()) kit::fuzz::fail("SQLite reads less", expected, sql);
  if (sqlite3_step(statement) != SQLITE_ROW) kit::fuzz::fail("no row", expected, sql);
  const char* name = sqlite3_column_name(statement, 0);
  if (name == nullptr || name != expected) {
    kit::fuzz::fail("SQLite names the column otherwise", expected, name ? name : "<null>");
  }
  const auto* value = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  const int length = sqlite3_column_bytes(statement, 0);
  if (value == nullptr || std::string(value, static_cast<std::size_t>(length)) != expected) {
    kit::fuzz::fail("SQLite reads the literal otherwise", expected, value ? value : "<null>");
  }
}

void check_dialect(const kit::SqlRenderer& dialect, const std::string& text) {
  std::string identifier;
  std::string literal;
  const bool refusable = text.empty() || text.find('\0') != std::string::npos;
  try {
    identifier = dialect.quote(kit::Iden(text));
  } catch (const kit::SchemaError&) {
    if (!refusable) kit::fuzz::fail("quote() refused a valid name", text);
  }
  try {
    literal = dialect.quote_literal(text);
  } catch (const kit::SchemaError&) {
    if (text.find('\0') == std::string::npos) kit::fuzz::fail("quote_literal() refused", text);
  }
  if (!identifier.empty()) {
    check_one_token(identifier, SqliteTokenizer::Kind::Quoted, text, "quote()");
  }
  if (!literal.empty()) check_one_token(literal, SqliteTokenizer::Kind::String, text, "literal");
  if (!identifier.empty() && !literal.empty()) check_with_sqlite(identifier, literal, text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  static kit::sqlite::SqliteSchema schema(database());
  static const kit::sqlite::SqliteDialect sqlite(schema);
  static const kit::PostgresDialect postgres;
  check_dialect(sqlite, text);
  check_dialect(postgres, text);
  return 0;
}
