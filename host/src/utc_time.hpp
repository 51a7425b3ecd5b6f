// UTC timestamps for the ledger and for migration file names.
#pragma once

#include <chrono>
#include <string>

namespace kit::host {

/// Formats `time` in UTC with strftime's `format`, e.g. "%Y-%m-%d %H:%M:%S".
[[nodiscard]] std::string format_utc(std::chrono::system_clock::time_point time,
                                     const char* format);

}  // namespace kit::host
