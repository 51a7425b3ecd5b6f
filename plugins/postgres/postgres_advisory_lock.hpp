// PostgresAdvisoryLock: the migration lock, a session-level PostgreSQL advisory lock whose
// key is derived from the database and schema, so that runs against the same schema
// serialize and runs against different schemas do not.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "postgres_connection.hpp"

namespace kit {

class PostgresAdvisoryLock {
 public:
  PostgresAdvisoryLock(PostgresConnection& connection, std::string database, std::string schema);
  /// Releases the lock if held.
  ~PostgresAdvisoryLock();
  PostgresAdvisoryLock(const PostgresAdvisoryLock&) = delete;
  PostgresAdvisoryLock& operator=(const PostgresAdvisoryLock&) = delete;

  /// The 64-bit key: FNV-1a of "kit-host migration lock", the database and the schema,
  /// each followed by a NUL byte, read as a signed integer. Stable across versions: runs
  /// of different kit-host builds against one schema must contend for the same lock.
  [[nodiscard]] static std::int64_t key_for(std::string_view database,
                                            std::string_view schema) noexcept;
  [[nodiscard]] std::int64_t key() const noexcept { return key_; }

  /// Takes the lock if it is free (pg_try_advisory_lock); never waits.
  [[nodiscard]] bool try_acquire();
  /// Takes the lock, waiting in the server (pg_advisory_lock under lock_timeout) up to
  /// `timeout`; then throws kit::LockTimeoutError naming the lock and the session that holds
  /// it. Throws kit::Error when this object holds it already.
  void acquire(std::chrono::milliseconds timeout);
  /// Releases it (pg_advisory_unlock); does nothing when not held. Never throws.
  void release() noexcept;
  [[nodiscard]] bool held() const noexcept { return held_; }

  /// The session holding the lock, e.g. `process 4242 (application "kit-host", user "app",
  /// from 10.0.0.7, connected since 2024-01-15 12:00:00 UTC)`; empty when none is seen.
  [[nodiscard]] std::string holder();

 private:
  PostgresConnection& connection_;
  std::string database_;
  std::string schema_;
  std::int64_t key_;
  bool held_ = false;
};

}  // namespace kit
