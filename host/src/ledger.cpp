#include "ledger.hpp"

#include "plugin_call.hpp"
#include "utc_time.hpp"

namespace kit::host {

void Ledger::ensure() {
  call_plugin(ExitCode::Failure, "cannot create the ledger table " + std::string(kit::kLedgerTable),
              [&] { driver_.ensure_ledger(); });
}

std::vector<kit::LedgerEntry> Ledger::read() {
  return call_plugin(ExitCode::Failure,
                     "cannot read the ledger table " + std::string(kit::kLedgerTable),
                     [&] { return driver_.read_ledger(); });
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

std::string Ledger::format_utc(std::chrono::system_clock::time_point time) {
  return host::format_utc(time, "%Y-%m-%d %H:%M:%S");
}

}  // namespace kit::host
