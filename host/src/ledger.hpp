// Ledger: the `kit_migrations` table, read and written through the driver.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "kit/driver.hpp"

namespace kit::host {

class Ledger {
 public:
  explicit Ledger(kit::Driver& driver) noexcept : driver_(driver) {}

  /// Creates the ledger table when missing. Throws HostError(Failure).
  void ensure();
  /// Every ledger row, ordered by version; empty when the table is missing.
  /// Throws HostError(Failure).
  [[nodiscard]] std::vector<kit::LedgerEntry> read();
  /// Inserts one row; called inside the migration's transaction. Lets driver errors through.
  void record(const kit::LedgerEntry& entry);
  /// Deletes the row of `version`; called inside the rollback's transaction, or on its own.
  void forget(std::string_view version);
  /// Replaces the row of `entry.version` with `entry` (forget and record) in a transaction of
  /// its own, so that the row changes all at once. Lets driver errors through.
  void replace(const kit::LedgerEntry& entry);

  /// Formats a time as the ledger stores it: UTC "YYYY-MM-DD HH:MM:SS".
  [[nodiscard]] static std::string format_utc(std::chrono::system_clock::time_point time);

 private:
  kit::Driver& driver_;
};

}  // namespace kit::host
