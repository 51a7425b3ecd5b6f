#include "utc_time.hpp"

#include <ctime>

namespace kit::host {

std::string format_utc(std::chrono::system_clock::time_point time, const char* format) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
#if defined(_WIN32)
  gmtime_s(&utc, &seconds);
#else
  gmtime_r(&seconds, &utc);
#endif
  char text[64];
  const std::size_t size = std::strftime(text, sizeof(text), format, &utc);
  return std::string(text, size);
}

}  // namespace kit::host
