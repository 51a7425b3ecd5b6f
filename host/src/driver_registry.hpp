// DriverRegistry: the driver plugins (kit_driver_*.so) of the driver directories, and the
// choice of one by the database URL's scheme.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "kit/database_url.hpp"
#include "kit/driver.hpp"
#include "plugin_object.hpp"

namespace kit::host {

class DriverRegistry {
 public:
  /// Lists the driver plugin files of `dirs` without loading them; a directory that does
  /// not exist, is not one or cannot be read counts as empty, and open()'s errors say so.
  /// Unless `allow_insecure`, open() refuses a driver that others may change
  /// (PluginPermissions), or one in a folder they may change.
  [[nodiscard]] static DriverRegistry scan(const std::vector<std::filesystem::path>& dirs,
                                           bool allow_insecure = false);

  /// Whether a manifest's comma-separated `schemes` list contains `scheme` (case-insensitive).
  [[nodiscard]] static bool serves(std::string_view schemes, std::string_view scheme);

  /// Loads the driver that serves `url`'s scheme and creates it for `url` (the text the
  /// user gave, passed on unchanged). Throws HostError: Usage when no driver serves the
  /// scheme (listing those available), InvalidArtifact when the driver plugin named for
  /// the scheme is broken or others may change it, Failure when the database cannot be
  /// opened.
  [[nodiscard]] PluginObject<kit::Driver> open(const kit::DatabaseUrl& url,
                                               const std::string& url_text) const;

  [[nodiscard]] const std::vector<std::filesystem::path>& files() const noexcept { return files_; }

 private:
  std::string dirs_shown_;  // "drivers, /opt/kit/drivers (does not exist)", for messages
  std::vector<std::filesystem::path> files_;
  bool allow_insecure_ = false;
};

}  // namespace kit::host
