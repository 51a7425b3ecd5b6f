// DotEnv: the KEY=VALUE settings of a `.env` file, as Laravel and Kit read them.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace kit::host {

class DotEnv {
 public:
  /// Parses `.env` text: `KEY=VALUE` lines, optional `export `, `#` comments, blank lines,
  /// 'single-quoted' (literal) and "double-quoted" (\n \t \" \\ escapes) values, and
  /// unquoted values ending at ` #`. Throws HostError(Usage) naming `origin` and the line.
  [[nodiscard]] static DotEnv parse(std::string_view text, const std::string& origin = ".env");
  /// Reads and parses a file; an absent file gives an empty DotEnv.
  [[nodiscard]] static DotEnv load(const std::filesystem::path& file);

  /// The value of a key, the last one when repeated.
  [[nodiscard]] std::optional<std::string> get(const std::string& key) const;
  [[nodiscard]] bool empty() const noexcept { return values_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return values_.size(); }

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

}  // namespace kit::host
