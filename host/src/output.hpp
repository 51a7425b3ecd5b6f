// Output: what kit-host prints on stdout as it works; silent with --quiet.
#pragma once

#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

namespace kit::host {

class Output {
 public:
  /// The width of a migration line, dots included.
  static constexpr std::size_t kLineWidth = 80;

  Output(std::ostream& out, bool quiet) noexcept : out_(out), quiet_(quiet) {}

  /// Prints one line (and flushes it, so progress shows as it happens), unless quiet.
  void line(std::string_view text);
  /// Prints "  <name> ........ <duration> <status>", e.g. "... 2 ms DONE".
  void migration(std::string_view name, std::chrono::nanoseconds elapsed, std::string_view status);

  /// Formats a migration line without printing it.
  [[nodiscard]] static std::string migration_line(std::string_view name,
                                                  std::chrono::nanoseconds elapsed,
                                                  std::string_view status);
  /// Formats a duration: "0.4 ms", "12 ms", "1.52 s".
  [[nodiscard]] static std::string duration(std::chrono::nanoseconds elapsed);
  /// "1 migration", "3 migrations".
  [[nodiscard]] static std::string count(std::size_t n, std::string_view noun);

  [[nodiscard]] bool quiet() const noexcept { return quiet_; }

 private:
  std::ostream& out_;
  bool quiet_;
};

}  // namespace kit::host
