// Ledger: the `kit_migrations` table, read and written through the driver; and the adoption
// of SeaORM's `seaql_migrations` by a database's first kit-host run.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kit/driver.hpp"

namespace kit::host {

class Ledger {
 public:
  /// The batch of the rows adopted from seaql_migrations: before kit-host's first batch, 1.
  static constexpr std::int64_t kAdoptedBatch = 0;

  explicit Ledger(kit::Driver& driver) noexcept : driver_(driver) {}

  /// Creates the ledger table when missing. Throws HostError(Failure).
  void ensure();
  /// Every ledger row, ordered by version. When `kit_migrations` does not exist yet, the rows
  /// of SeaORM's `seaql_migrations` as adopt() would record them (batch 0, no checksum), and
  /// adoptable() says so; empty when neither table exists. Writes nothing.
  /// Throws HostError(Failure).
  [[nodiscard]] std::vector<kit::LedgerEntry> read();
  /// Whether the last read() found no `kit_migrations` and returned seaql_migrations' rows.
  [[nodiscard]] bool adoptable() const noexcept { return adoptable_; }
  /// Creates `kit_migrations` and records `rows` (what read() returned while adoptable) in it,
  /// in one transaction. Call under the migration lock. Throws HostError(Failure).
  void adopt(const std::vector<kit::LedgerEntry>& rows);
  /// Inserts one row; called inside the migration's transaction. Lets driver errors through.
  void record(const kit::LedgerEntry& entry);
  /// Deletes the row of `version`; called inside the rollback's transaction, or on its own.
  void forget(std::string_view version);
  /// Replaces the row of `entry.version` with `entry` (forget and record) in a transaction of
  /// its own, so that the row changes all at once. Lets driver errors through.
  void replace(const kit::LedgerEntry& entry);

  /// The ledger row an adopted seaql_migrations row becomes: batch 0, no checksum, no
  /// execution time, applied at its Unix time in UTC.
  [[nodiscard]] static kit::LedgerEntry adopted_entry(const kit::SeaqlMigration& row);
  /// Formats a time as the ledger stores it: UTC "YYYY-MM-DD HH:MM:SS".
  [[nodiscard]] static std::string format_utc(std::chrono::system_clock::time_point time);

 private:
  kit::Driver& driver_;
  bool adoptable_ = false;
};

}  // namespace kit::host
