// PluginPermissions: ssh's StrictModes for plugins. Loading a plugin runs its code as the
// user running kit-host, so a plugin file, and the folder it is loaded from, must not be
// writable by anyone else: not by group or others, and owned by root or by that user.
#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>

namespace kit::host {

class PluginPermissions {
 public:
  /// `allow` (--allow-insecure-plugins) turns every check off.
  explicit PluginPermissions(bool allow) noexcept : allow_(allow) {}

  /// What makes `path` unsafe to load code from ("writable by group (mode 0775)", "owned by
  /// uid 1000 (alice), ..."), following symbolic links; nullopt when it is safe, or cannot
  /// be examined (a missing file is reported where it is used).
  [[nodiscard]] static std::optional<std::string> problem(const std::filesystem::path& path);

  /// The one-line refusal for a folder plugins are loaded from, or nullopt when it is safe
  /// (or the checks are off). Each folder is examined once.
  [[nodiscard]] std::optional<std::string> check_folder(const std::filesystem::path& folder);
  /// The one-line refusal for a plugin file (and, when it is a symbolic link, the folder
  /// it points into), or nullopt.
  [[nodiscard]] std::optional<std::string> check_file(const std::filesystem::path& file);
  /// The same for a file a directory listing found, whose entry knows whether it is a link.
  [[nodiscard]] std::optional<std::string> check_file(const std::filesystem::directory_entry& file);

  [[nodiscard]] bool allowed() const noexcept { return allow_; }

 private:
  bool allow_;
  std::set<std::filesystem::path> safe_folders_;
};

}  // namespace kit::host
