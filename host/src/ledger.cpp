#include "ledger.hpp"

#include <ctime>

#include "plugin_call.hpp"

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

std::string Ledger::format_utc(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
#if defined(_WIN32)
  gmtime_s(&utc, &seconds);
#else
  gmtime_r(&seconds, &utc);
#endif
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%d %H:%M:%S", &utc);
  return text;
}

}  // namespace kit::host
