// PluginLibrary: one loaded kit plugin (a driver or a migration), checked before use.
#pragma once

#include <boost/dll/shared_library.hpp>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "host_error.hpp"
#include "kit/plugin.hpp"

namespace kit::host {

class PluginLibrary {
 public:
  /// Loads `file` (local symbols, bound now) and checks its `kit_plugin_info` before anything
  /// else is called: magic, ABI version, kind, toolchain, and for a migration that the
  /// embedded name equals `expected_name`. Throws HostError(InvalidArtifact) naming the file.
  [[nodiscard]] static std::shared_ptr<PluginLibrary> open(
      const std::filesystem::path& file, kit_plugin_kind kind,
      std::optional<std::string_view> expected_name = std::nullopt);

  /// What is wrong with a manifest for a plugin of `kind`, or nullopt when it is fine.
  [[nodiscard]] static std::optional<std::string> manifest_problem(const kit_manifest& manifest,
                                                                   kit_plugin_kind kind);

  PluginLibrary(const PluginLibrary&) = delete;
  PluginLibrary& operator=(const PluginLibrary&) = delete;
  ~PluginLibrary();

  /// The library's function `symbol`, of type `Fn`; throws HostError(InvalidArtifact)
  /// naming the file and the symbol when it is not exported.
  template <class Fn>
  [[nodiscard]] Fn* function(const char* symbol) const {
    try {
      return &library_.get<Fn>(symbol);  // one lookup, where has() and get() make two
    } catch (const std::system_error&) {
      missing(symbol);
    }
  }

  /// A copy of the plugin's manifest, owned by the host, every string NUL-terminated.
  [[nodiscard]] const kit_manifest& manifest() const noexcept { return manifest_; }
  [[nodiscard]] std::string name() const { return manifest_.name; }
  [[nodiscard]] std::string checksum() const { return manifest_.checksum; }
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

 private:
  PluginLibrary() = default;
  [[noreturn]] void missing(const char* symbol) const;

  std::filesystem::path path_;
  boost::dll::shared_library library_;
  kit_manifest manifest_{};
};

}  // namespace kit::host
