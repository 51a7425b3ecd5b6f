#include "utc_time.hpp"

#include <ctime>
#include <limits>

namespace kit::host {

std::string format_utc(std::chrono::system_clock::time_point time, const char* format) {
  return format_utc_seconds(static_cast<std::int64_t>(std::chrono::system_clock::to_time_t(time)),
                            format)
      .value_or("");
}

std::optional<std::string> format_utc_seconds(std::int64_t seconds, const char* format) {
  if constexpr (sizeof(std::time_t) < sizeof(std::int64_t)) {
    if (seconds > static_cast<std::int64_t>(std::numeric_limits<std::time_t>::max()) ||
        seconds < static_cast<std::int64_t>(std::numeric_limits<std::time_t>::min())) {
      return std::nullopt;
    }
  }
  const auto time = static_cast<std::time_t>(seconds);
  std::tm utc{};
#if defined(_WIN32)
  if (gmtime_s(&utc, &time) != 0) return std::nullopt;
#else
  if (gmtime_r(&time, &utc) == nullptr) return std::nullopt;
#endif
  char text[64];
  const std::size_t size = std::strftime(text, sizeof(text), format, &utc);
  if (size == 0) return std::nullopt;
  return std::string(text, size);
}

}  // namespace kit::host
