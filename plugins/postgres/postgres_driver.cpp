#include "postgres_driver.hpp"

#include <cctype>
#include <utility>
#include <vector>

#include "kit/error.hpp"
#include "postgres_sql_scanner.hpp"

namespace kit {

namespace {

/// PostgreSQL's client-only encodings, whose multi-byte characters may hold the bytes of
/// ASCII characters (why no server may use them).
bool ascii_unsafe(std::string_view encoding) {
  for (const char* unsafe : {"SJIS", "SHIFT_JIS_2004", "BIG5", "GBK", "GB18030", "UHC", "JOHAB"}) {
    if (encoding == unsafe) return true;
  }
  return false;
}

/// The entries of a search_path setting (`"$user", public` -> `$user`, `public`), unquoted;
/// unquoted entries fold to lower case as PostgreSQL folds them.
std::vector<std::string> search_path_entries(std::string_view path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && (path[i] == ' ' || path[i] == '\t' || path[i] == ',')) ++i;
    if (i == path.size()) break;
    std::string entry;
    if (path[i] == '"') {
      for (++i; i < path.size(); ++i) {
        if (path[i] != '"') {
          entry += path[i];
        } else if (i + 1 < path.size() && path[i + 1] == '"') {
          entry += '"';
          ++i;
        } else {
          ++i;
          break;
        }
      }
    } else {
      for (; i < path.size() && path[i] != ',' && path[i] != ' ' && path[i] != '\t'; ++i) {
        entry += static_cast<char>(std::tolower(static_cast<unsigned char>(path[i])));
      }
    }
    while (i < path.size() && path[i] != ',') ++i;
    out.push_back(std::move(entry));
  }
  return out;
}

/// Points the session at the URL's schema, or takes the search_path's first schema: the
/// one unqualified CREATE TABLE would use, but named even before it exists, so that
/// options=-csearch_path=new,public means "new" rather than falling through to public.
std::string choose_schema(PostgresConnection& connection, const PostgresUrl& url,
                          const PostgresDialect& quoting) {
  if (const auto& schema = url.schema()) {
    (void)connection.query("SELECT pg_catalog.set_config('search_path', $1, false)",
                           {quoting.quote(Iden(*schema))});
    return *schema;
  }
  const auto row = connection.query(
      "SELECT pg_catalog.current_setting('search_path'), session_user::text, "
      "EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = session_user)")[0];
  for (const auto& entry : search_path_entries(row[0].c_str())) {
    if (entry == "$user") {
      // As PostgreSQL does: the user's own schema only when there is one.
      if (row[2].as<bool>()) return row[1].c_str();
      continue;
    }
    if (entry.empty() || entry == "pg_catalog" || entry.rfind("pg_temp", 0) == 0) continue;
    return entry;
  }
  throw Error("PostgreSQL (" + url.describe() + "): the search_path (" + row[0].c_str() +
              ") names no schema to work in; choose one with ?schema=name");
}

constexpr const char* kLedgerColumns =
    "(version TEXT PRIMARY KEY, batch INTEGER NOT NULL, checksum TEXT, applied_at TEXT NOT NULL, "
    "execution_ms BIGINT, state TEXT NOT NULL DEFAULT 'applied')";

// Objects an extension owns go with DROP EXTENSION, and objects another one owns
// internally (a range type's constructors, an array type) go with that one. (A
// partitioned table depends internally on itself, through its partition key.)
constexpr const char* kNotOwned = R"(
  NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = '%s'::regclass
              AND d.objid = %s AND d.deptype IN ('e', 'i')
              AND NOT (d.refclassid = d.classid AND d.refobjid = d.objid)))";

std::string not_owned(const std::string& catalog, const std::string& oid) {
  std::string out = kNotOwned;
  out.replace(out.find("%s"), 2, catalog);
  out.replace(out.find("%s"), 2, oid);
  return out;
}

std::string relations_sql() {
  return "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_catalog.pg_class c "
         "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
         "WHERE n.nspname = $1::name AND c.relkind::text = ANY (string_to_array($2, ',')) AND " +
         not_owned("pg_catalog.pg_class", "c.oid") + " ORDER BY 1";
}

std::string routines_sql() {
  return "SELECT format('%I.%I(%s)', n.nspname, p.proname, "
         "pg_catalog.pg_get_function_identity_arguments(p.oid)) FROM pg_catalog.pg_proc p "
         "JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
         "WHERE n.nspname = $1::name AND p.prokind::text = ANY (string_to_array($2, ',')) AND " +
         not_owned("pg_catalog.pg_proc", "p.oid") + " ORDER BY 1";
}

// Enums, ranges, domains and stand-alone composite types; not the row types of tables nor
// the array and multirange types PostgreSQL makes alongside (they go with their type).
std::string types_sql() {
  return "SELECT format('%I.%I', n.nspname, t.typname) FROM pg_catalog.pg_type t "
         "JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
         "WHERE n.nspname = $1::name AND t.typtype::text = ANY (string_to_array($2, ',')) "
         "AND (t.typrelid = 0 OR EXISTS (SELECT 1 FROM pg_catalog.pg_class c "
         "WHERE c.oid = t.typrelid AND c.relkind = 'c')) AND " +
         not_owned("pg_catalog.pg_type", "t.oid") + " ORDER BY 1";
}

}  // namespace

PostgresDriver::PostgresDriver(const char* url)
    : PostgresDriver(PostgresUrl::parse(url != nullptr ? url : "")) {}

PostgresDriver::PostgresDriver(const PostgresUrl& url)
    : connection_(url),
      schema_(choose_schema(connection_, url, PostgresDialect())),
      dialect_(schema_),
      catalog_(connection_, schema_),
      lock_(connection_, connection_.database(), schema_) {
  dialect_.set_column_lookup([this](const Iden& table, const Iden& column) {
    return catalog_.existing_column(table.name(), column.name());
  });
  // The URL names where to work, so that place exists from the first statement on. A role
  // that may not create it can still read; ensure_ledger() then says why it cannot write.
  try {
    create_schema_if_missing();
  } catch (const DatabaseError& e) {
    if (e.code() != "42501") throw;  // insufficient_privilege
  }
}

PostgresDriver::~PostgresDriver() {
  connection_.rollback();
  lock_.release();
}

std::vector<std::string> PostgresDriver::render(const Statement& statement) {
  return dialect_.render(statement);
}

void PostgresDriver::execute(std::string_view sql) {
  // The migration's transaction is the host's, with its ledger row: a COMMIT would commit
  // half a migration without that row, so what would end or start one is refused unsent.
  // Also after a failed statement: the server would take a COMMIT as a ROLLBACK then.
  if (connection_.in_transaction()) {
    // The scanner reads bytes: in the client-only encodings a character's second byte can
    // be that of ' or \, and the server would end a string where the scanner does not.
    if (const std::string encoding = connection_.client_encoding(); ascii_unsafe(encoding)) {
      connection_.refuse(DatabaseError(
          "the session's client_encoding is " + encoding +
              ", in which kit-host cannot tell where a statement ends (a character's second "
              "byte may be that of ' or \\): set it back to UTF8 before more SQL",
          std::string(sql), "22021"));
    }
    auto statement = PostgresSqlScanner::transaction_control(sql);
    // Where a backslash may end a plain string, the session's standard_conforming_strings
    // decides how the server lexes the whole text, and that matters only when the two
    // readings disagree. Then the value the server reported after the last query (libpq
    // keeps it; a SET LOCAL, a ROLLBACK TO or a failure that undid one, the transaction's end
    // all report theirs) settles it only when it is off, which counts both readings: "on" may
    // be stale by this very text, since a configuration reload (pg_reload_conf(), SIGHUP) is
    // applied when the next query arrives, before it is lexed, and reported after it. So
    // the server is asked, which applies a pending reload first. A failed transaction
    // cannot be asked: both readings count.
    if (!statement && sql.find('\\') != std::string_view::npos) {
      auto escaped = PostgresSqlScanner::transaction_control(sql, false);
      if (escaped &&
          (connection_.reported("standard_conforming_strings") != "on" || connection_.failed() ||
           connection_.query("SELECT current_setting('standard_conforming_strings')")[0][0]
                   .as<std::string>() == "off")) {
        statement = std::move(escaped);
      }
    }
    if (statement) {
      connection_.refuse(
          DatabaseError(kTransactionStatementRefused, std::move(*statement), "2D000"));
    }
  }
  connection_.execute(sql);
}

void PostgresDriver::begin() { connection_.begin(); }
void PostgresDriver::commit() { connection_.commit(); }
void PostgresDriver::rollback() noexcept { connection_.rollback(); }

void PostgresDriver::lock(std::chrono::milliseconds timeout) { lock_.acquire(timeout); }
void PostgresDriver::unlock() noexcept { lock_.release(); }

bool PostgresDriver::has_table(std::string_view table) { return catalog_.has_table(table); }
bool PostgresDriver::has_column(std::string_view table, std::string_view column) {
  return catalog_.has_column(table, column);
}
bool PostgresDriver::has_index(std::string_view table, std::string_view index) {
  return catalog_.has_index(table, index);
}
std::vector<std::string> PostgresDriver::tables() { return catalog_.tables(); }

std::optional<TableInfo> PostgresDriver::describe_table(std::string_view table) {
  return catalog_.describe(table);
}

void PostgresDriver::drop_listed(const std::string& drop, const std::string& list_sql,
                                 const PostgresParams& params) {
  std::string names;
  for (const auto& row : connection_.query(list_sql, params)) {
    names += (names.empty() ? "" : ", ") + std::string(row[0].c_str());
  }
  if (!names.empty()) connection_.execute(drop + " IF EXISTS " + names + " CASCADE");
}

void PostgresDriver::drop_all() {
  connection_.atomically([&] {
    // Tables first: CASCADE takes their views, foreign keys, triggers and owned sequences.
    // Each list is read after the drops before it, so nothing is dropped twice.
    const std::string relations = relations_sql();
    drop_listed("DROP TABLE", relations, {schema_, std::string("r,p")});
    drop_listed("DROP FOREIGN TABLE", relations, {schema_, std::string("f")});
    drop_listed("DROP MATERIALIZED VIEW", relations, {schema_, std::string("m")});
    drop_listed("DROP VIEW", relations, {schema_, std::string("v")});
    drop_listed("DROP SEQUENCE", relations, {schema_, std::string("S")});
    const std::string routines = routines_sql();
    drop_listed("DROP AGGREGATE", routines, {schema_, std::string("a")});
    drop_listed("DROP PROCEDURE", routines, {schema_, std::string("p")});
    drop_listed("DROP FUNCTION", routines, {schema_, std::string("f,w")});
    const std::string types = types_sql();
    drop_listed("DROP DOMAIN", types, {schema_, std::string("d")});
    drop_listed("DROP TYPE", types, {schema_, std::string("e,r,c")});
  });
}

std::string PostgresDriver::ledger_table() const {
  return dialect_.quote(Iden(schema_)) + "." + dialect_.quote(Iden(std::string(kLedgerTable)));
}

void PostgresDriver::create_schema_if_missing() {
  if (catalog_.has_schema()) return;
  connection_.atomically([&] {
    // Two first runs at once could both try CREATE ... IF NOT EXISTS and one fail on the
    // catalog's unique index; a transaction-level lock (next to the migration lock's key,
    // which a run may already hold) makes the second wait for the first.
    (void)connection_.query("SELECT pg_catalog.pg_advisory_xact_lock($1::bigint)",
                            {std::to_string(lock_.key() ^ 1)});
    try {
      connection_.execute("CREATE SCHEMA IF NOT EXISTS " + dialect_.quote(Iden(schema_)));
    } catch (const DatabaseError& e) {
      throw DatabaseError(
          "schema \"" + schema_ + "\" does not exist and cannot be created: " + e.message(),
          e.sql(), e.code());
    }
  });
}

void PostgresDriver::ensure_ledger() {
  if (catalog_.has_table(kLedgerTable) && catalog_.has_column(kLedgerTable, "state")) return;
  create_schema_if_missing();
  connection_.atomically([&] {
    // As for the schema: concurrent first runs create (or upgrade) the ledger one after the
    // other.
    (void)connection_.query("SELECT pg_catalog.pg_advisory_xact_lock($1::bigint)",
                            {std::to_string(lock_.key() ^ 1)});
    connection_.execute("CREATE TABLE IF NOT EXISTS " + ledger_table() + " " + kLedgerColumns);
    // A ledger from before the state column: its rows are all applied.
    connection_.execute("ALTER TABLE " + ledger_table() +
                        " ADD COLUMN IF NOT EXISTS state TEXT NOT NULL DEFAULT 'applied'");
  });
}

std::vector<LedgerEntry> PostgresDriver::read_ledger() {
  std::vector<LedgerEntry> out;
  if (!catalog_.has_table(kLedgerTable)) return out;
  // A ledger not yet upgraded by ensure_ledger() holds only applied migrations.
  const std::string state = catalog_.has_column(kLedgerTable, "state") ? "state" : "'applied'";
  // Byte order (COLLATE "C"), the order in which the host sorts migration names.
  const auto rows =
      connection_.query("SELECT version, batch, checksum, applied_at, execution_ms, " + state +
                        " FROM " + ledger_table() + " ORDER BY version COLLATE \"C\"");
  for (const auto& row : rows) {
    LedgerEntry entry;
    entry.version = row[0].c_str();
    entry.batch = row[1].as<std::int64_t>();
    if (!row[2].is_null()) entry.checksum = row[2].c_str();
    entry.applied_at = row[3].c_str();
    if (!row[4].is_null()) entry.execution_ms = row[4].as<std::int64_t>();
    entry.state = row[5].c_str();
    out.push_back(std::move(entry));
  }
  return out;
}

void PostgresDriver::record(const LedgerEntry& entry) {
  (void)connection_.query(
      "INSERT INTO " + ledger_table() +
          " (version, batch, checksum, applied_at, execution_ms, state) "
          "VALUES ($1, $2, $3, $4, $5, $6)",
      {entry.version, std::to_string(entry.batch),
       entry.checksum.empty() ? std::nullopt : std::optional<std::string>(entry.checksum),
       entry.applied_at,
       entry.execution_ms ? std::optional<std::string>(std::to_string(*entry.execution_ms))
                          : std::nullopt,
       entry.state});
}

void PostgresDriver::forget(std::string_view version) {
  (void)connection_.query("DELETE FROM " + ledger_table() + " WHERE version = $1",
                          {std::string(version)});
}

std::vector<SeaqlMigration> PostgresDriver::read_seaql_ledger() {
  std::vector<SeaqlMigration> out;
  if (!catalog_.has_table(kSeaqlLedgerTable)) return out;
  const std::string table =
      dialect_.quote(Iden(schema_)) + "." + dialect_.quote(Iden(std::string(kSeaqlLedgerTable)));
  // version::text and applied_at::bigint: SeaORM makes them varchar and bigint, and a table
  // made by hand may differ a little. Byte order, as the host sorts names.
  const auto rows = connection_.query("SELECT version::text, applied_at::bigint FROM " + table +
                                      " ORDER BY version::text COLLATE \"C\"");
  for (const auto& row : rows) {
    SeaqlMigration migration;
    migration.version = row[0].c_str();
    if (!row[1].is_null()) migration.applied_at = row[1].as<std::int64_t>();
    out.push_back(std::move(migration));
  }
  return out;
}

}  // namespace kit
