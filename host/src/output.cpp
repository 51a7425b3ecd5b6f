#include "output.hpp"

#include <cstdio>

namespace kit::host {

void Output::line(std::string_view text) {
  if (quiet_) return;
  out_ << text << '\n';
  out_.flush();
}

void Output::migration(std::string_view name, std::chrono::nanoseconds elapsed,
                       std::string_view status) {
  line(migration_line(name, elapsed, status));
}

std::string Output::migration_line(std::string_view name, std::chrono::nanoseconds elapsed,
                                   std::string_view status) {
  const std::string right = duration(elapsed) + " " + std::string(status);
  std::string text = "  " + std::string(name) + " ";
  const std::size_t used = text.size() + 1 + right.size();
  text.append(used + 3 <= kLineWidth ? kLineWidth - used : 3, '.');
  return text + " " + right;
}

std::string Output::duration(std::chrono::nanoseconds elapsed) {
  const double ms = static_cast<double>(elapsed.count()) / 1e6;
  char text[32];
  if (ms < 10.0) {
    std::snprintf(text, sizeof(text), "%.1f ms", ms);
  } else if (ms < 1000.0) {
    std::snprintf(text, sizeof(text), "%.0f ms", ms);
  } else {
    std::snprintf(text, sizeof(text), "%.2f s", ms / 1000.0);
  }
  return text;
}

std::string Output::count(std::size_t n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

}  // namespace kit::host
