// DotEnv: the KEY=VALUE settings of a `.env` file, as Laravel and Kit read them.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kit::host {

class DotEnv {
 public:
  /// Parses `.env` text: `KEY=VALUE` lines, optional `export `, `#` comments, blank lines,
  /// 'single-quoted' (literal) and "double-quoted" (\n \t \" \\ escapes) values, and
  /// unquoted values ending at ` #`. Throws HostError(Usage) naming `origin` and the line.
  [[nodiscard]] static DotEnv parse(std::string_view text, const std::string& origin = ".env");
  /// Reads and parses a file; an absent file gives an empty DotEnv.
  [[nodiscard]] static DotEnv load(const std::filesystem::path& file);
  /// The files of the working directory that kit-host reads, highest precedence first, as
  /// Kit loads them: `.env.<app_env>.local`, `.env.<app_env>`, `.env.local`, `.env`
  /// (`app_env` is APP_ENV, "local" when unset; a file named twice counts once). Throws
  /// HostError(Usage) for an `app_env` that is not a plain name (letters, digits, `_-.`).
  [[nodiscard]] static std::vector<std::string> files_for(const std::string& app_env);
  /// Reads `files_for(app_env)` in `dir`: each key's value from the first file that sets it.
  [[nodiscard]] static DotEnv load_layered(const std::filesystem::path& dir,
                                           const std::string& app_env);

  /// The value of a key, the last one when repeated.
  [[nodiscard]] std::optional<std::string> get(const std::string& key) const;
  /// The file a key's value came from (the `origin` it was parsed with, e.g. ".env.local").
  [[nodiscard]] std::string origin_of(const std::string& key) const;
  /// Adds the keys of `lower` that this one does not set.
  void fall_back_to(const DotEnv& lower);
  [[nodiscard]] bool empty() const noexcept { return values_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return values_.size(); }

 private:
  struct Value {
    std::string text;
    std::string origin;
  };
  std::map<std::string, Value, std::less<>> values_;
};

}  // namespace kit::host
