// UTC timestamps for the ledger and for migration file names.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace kit::host {

/// Formats `time` in UTC with strftime's `format`, e.g. "%Y-%m-%d %H:%M:%S".
[[nodiscard]] std::string format_utc(std::chrono::system_clock::time_point time,
                                     const char* format);

/// Formats `seconds` since the Unix epoch in UTC with strftime's `format`; nullopt when the
/// system cannot represent that time (years beyond its range).
[[nodiscard]] std::optional<std::string> format_utc_seconds(std::int64_t seconds,
                                                            const char* format);

}  // namespace kit::host
