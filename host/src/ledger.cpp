#include "ledger.hpp"

#include "plugin_call.hpp"
#include "utc_time.hpp"

namespace kit::host {

namespace {
const std::string kLedgerName(kit::kLedgerTable);
const std::string kSeaqlName(kit::kSeaqlLedgerTable);
}  // namespace

void Ledger::ensure() {
  call_plugin(ExitCode::Failure, "cannot create the ledger table " + kLedgerName,
              [&] { driver_.ensure_ledger(); });
}

std::vector<kit::LedgerEntry> Ledger::read() {
  adoptable_ = false;
  auto rows = call_plugin(ExitCode::Failure, "cannot read the ledger table " + kLedgerName,
                          [&] { return driver_.read_ledger(); });
  // Only an empty ledger can be a missing one: a run with a ledger pays no extra query.
  if (!rows.empty()) return rows;
  return call_plugin(ExitCode::Failure, "cannot read SeaORM's table " + kSeaqlName, [&] {
    std::vector<kit::LedgerEntry> adopted;
    if (driver_.has_table(kit::kLedgerTable)) return adopted;
    for (const auto& row : driver_.read_seaql_ledger()) adopted.push_back(adopted_entry(row));
    adoptable_ = !adopted.empty();
    return adopted;
  });
}

void Ledger::adopt(const std::vector<kit::LedgerEntry>& rows) {
  call_plugin(ExitCode::Failure, "cannot adopt " + kSeaqlName + " into " + kLedgerName, [&] {
    driver_.begin();
    try {
      driver_.ensure_ledger();
      for (const auto& row : rows) driver_.record(row);
    } catch (...) {
      driver_.rollback();
      throw;
    }
    driver_.commit();
  });
  adoptable_ = false;
}

void Ledger::record(const kit::LedgerEntry& entry) { driver_.record(entry); }

void Ledger::forget(std::string_view version) { driver_.forget(version); }

void Ledger::replace(const kit::LedgerEntry& entry) {
  driver_.begin();
  try {
    driver_.forget(entry.version);
    driver_.record(entry);
  } catch (...) {
    driver_.rollback();
    throw;
  }
  driver_.commit();
}

kit::LedgerEntry Ledger::adopted_entry(const kit::SeaqlMigration& row) {
  kit::LedgerEntry entry;
  entry.version = row.version;
  entry.batch = kAdoptedBatch;
  // A time beyond what the system can show stays the number SeaORM stored.
  entry.applied_at = host::format_utc_seconds(row.applied_at, "%Y-%m-%d %H:%M:%S")
                         .value_or(std::to_string(row.applied_at));
  entry.state = kit::ledger_state::kApplied;
  return entry;
}

std::string Ledger::format_utc(std::chrono::system_clock::time_point time) {
  return host::format_utc(time, "%Y-%m-%d %H:%M:%S");
}

}  // namespace kit::host
