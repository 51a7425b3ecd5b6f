#include "postgres_advisory_lock.hpp"

#include <utility>

#include "kit/error.hpp"

namespace kit {

namespace {

constexpr std::string_view kKeyPrefix = "kit-host migration lock";

// pg_locks shows a bigint advisory key as classid (high 32 bits), objid (low 32 bits) and
// objsubid 1.
constexpr const char* kHolderSql = R"(
  SELECT l.pid, coalesce(a.application_name, ''), coalesce(a.usename::text, ''),
         coalesce(host(a.client_addr), ''),
         coalesce(to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), '')
  FROM pg_catalog.pg_locks l
  LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
  WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
    AND l.classid = $1::oid AND l.objid = $2::oid AND l.pid <> pg_catalog.pg_backend_pid()
    AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
  ORDER BY l.pid LIMIT 1)";

}  // namespace

PostgresAdvisoryLock::PostgresAdvisoryLock(PostgresConnection& connection, std::string database,
                                           std::string schema)
    : connection_(connection),
      database_(std::move(database)),
      schema_(std::move(schema)),
      key_(key_for(database_, schema_)) {}

PostgresAdvisoryLock::~PostgresAdvisoryLock() { release(); }

std::int64_t PostgresAdvisoryLock::key_for(std::string_view database,
                                           std::string_view schema) noexcept {
  std::uint64_t hash = 14695981039346656037ULL;
  const auto mix = [&](std::string_view part) {
    for (const char c : part) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 1099511628211ULL;
    }
    hash *= 1099511628211ULL;  // the NUL byte after each part: xor with 0, then multiply
  };
  mix(kKeyPrefix);
  mix(database);
  mix(schema);
  return static_cast<std::int64_t>(hash);
}

bool PostgresAdvisoryLock::try_acquire() {
  if (held_) return true;  // PostgreSQL would count a second hold; one release must free it
  const auto rows = connection_.query("SELECT pg_catalog.pg_try_advisory_lock($1::bigint)",
                                      {std::to_string(key_)});
  held_ = rows[0][0].as<bool>();
  return held_;
}

void PostgresAdvisoryLock::acquire(std::chrono::milliseconds timeout) {
  if (held_) {
    throw Error("the migration lock of PostgreSQL database \"" + database_ + "\", schema \"" +
                schema_ + "\" is already held by this connection; lock() is not reentrant");
  }
  if (try_acquire()) return;
  // Wait in the server (pg_advisory_lock under lock_timeout) rather than poll: the lock
  // passes to a waiter the moment its holder releases it. lock_timeout 0 means "wait
  // forever" to PostgreSQL, so a zero timeout is the single try above.
  if (timeout.count() > 0) {
    const std::string previous =
        connection_.query("SELECT pg_catalog.current_setting('lock_timeout')")[0][0].c_str();
    (void)connection_.query("SELECT pg_catalog.set_config('lock_timeout', $1, false)",
                            {std::to_string(timeout.count()) + "ms"});
    bool timed_out = false;
    try {
      (void)connection_.query("SELECT pg_catalog.pg_advisory_lock($1::bigint)",
                              {std::to_string(key_)});
      held_ = true;
    } catch (const DatabaseError& error) {
      if (error.code() != "55P03") throw;  // lock_not_available: lock_timeout expired
      timed_out = true;
    }
    (void)connection_.query("SELECT pg_catalog.set_config('lock_timeout', $1, false)", {previous});
    if (!timed_out) return;
  }
  const std::string who = holder();
  throw LockTimeoutError("timed out after " + std::to_string(timeout.count()) +
                         " ms waiting for the migration lock of PostgreSQL database \"" +
                         database_ + "\", schema \"" + schema_ + "\" (advisory lock " +
                         std::to_string(key_) + "): it is held by " +
                         (who.empty() ? std::string("another session") : who) +
                         ". Another migration run is probably still going; let it finish, or wait "
                         "longer with a larger lock timeout");
}

void PostgresAdvisoryLock::release() noexcept {
  if (!held_) return;
  try {
    (void)connection_.query("SELECT pg_catalog.pg_advisory_unlock($1::bigint)",
                            {std::to_string(key_)});
    held_ = false;
  } catch (...) {  // say, inside a failed transaction: still held, released again later
  }
}

std::string PostgresAdvisoryLock::holder() {
  const auto bits = static_cast<std::uint64_t>(key_);
  const auto rows = connection_.query(
      kHolderSql, {std::to_string(bits >> 32), std::to_string(bits & 0xffffffffULL)});
  if (rows.empty()) return {};
  const auto& row = rows[0];
  std::string out = std::string("process ") + row[0].c_str();
  std::string details;
  const auto add = [&](const std::string& text) {
    details += (details.empty() ? "" : ", ") + text;
  };
  if (*row[1].c_str() != '\0') add(std::string("application \"") + row[1].c_str() + "\"");
  if (*row[2].c_str() != '\0') add(std::string("user \"") + row[2].c_str() + "\"");
  if (*row[3].c_str() != '\0') add(std::string("from ") + row[3].c_str());
  if (*row[4].c_str() != '\0') add(std::string("connected since ") + row[4].c_str() + " UTC");
  return details.empty() ? out : out + " (" + details + ")";
}

}  // namespace kit
