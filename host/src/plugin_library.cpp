#include "plugin_library.hpp"

#include <cstring>
#include <system_error>

#if !defined(_WIN32)
#include <dlfcn.h>
#endif

#include "manifest_reader.hpp"

namespace kit::host {

namespace {

std::string kind_name(std::uint32_t kind) {
  switch (kind) {
    case KIT_PLUGIN_DRIVER:
      return "a driver plugin";
    case KIT_PLUGIN_MIGRATION:
      return "a migration";
    default:
      return "a plugin of unknown kind " + std::to_string(kind);
  }
}

/// Copies a fixed-size manifest string; false when it is not NUL-terminated.
template <std::size_t N>
bool terminated(const char (&field)[N]) {
  return std::memchr(field, '\0', N) != nullptr;
}

/// Why the dynamic loader refused a file, without the path it repeats.
std::string loader_message(const std::filesystem::path& absolute, const std::error_code& ec) {
  std::string message;
#if !defined(_WIN32)
  if (const char* text = ::dlerror(); text != nullptr) message = text;
#endif
  if (message.empty()) return ec.message();
  const std::string prefix = absolute.string() + ": ";
  if (message.compare(0, prefix.size(), prefix) == 0) message.erase(0, prefix.size());
  return message;
}

}  // namespace

PluginLibrary::~PluginLibrary() = default;

std::optional<std::string> PluginLibrary::manifest_problem(const kit_manifest& manifest,
                                                           kit_plugin_kind kind) {
  if (std::memcmp(manifest.magic, KIT_MANIFEST_MAGIC, sizeof(manifest.magic)) != 0) {
    return "kit_plugin_info has the wrong magic: not a kit plugin";
  }
  if (!terminated(manifest.name) || !terminated(manifest.checksum) ||
      !terminated(manifest.toolchain) || !terminated(manifest.schemes)) {
    return "kit_plugin_info is corrupt (a string field is not terminated)";
  }
  if (manifest.abi_version != KIT_ABI_VERSION) {
    return "built for kit ABI version " + std::to_string(manifest.abi_version) +
           ", this kit-host uses ABI version " + std::to_string(KIT_ABI_VERSION) +
           ": rebuild it against this kit SDK";
  }
  if (manifest.kind != static_cast<std::uint32_t>(kind)) {
    return "is " + kind_name(manifest.kind) + ", expected " + kind_name(kind);
  }
  if (std::strcmp(manifest.toolchain, KIT_TOOLCHAIN_ID) != 0) {
    return std::string("built with '") + manifest.toolchain + "' but kit-host with '" +
           KIT_TOOLCHAIN_ID +
           "': host and plugins must be built with the same compiler and standard library";
  }
  return std::nullopt;
}

std::shared_ptr<PluginLibrary> PluginLibrary::open(const std::filesystem::path& file,
                                                   kit_plugin_kind kind,
                                                   std::optional<std::string_view> expected_name) {
  std::shared_ptr<PluginLibrary> plugin(new PluginLibrary());
  plugin->path_ = file;
  const std::string shown = file.string();

  // The loader maps a truncated file without complaint and faults (SIGBUS) reading it.
  if (auto problem = ManifestReader::truncation(file)) {
    throw HostError(ExitCode::InvalidArtifact,
                    shown + ": not a loadable library (" + *problem + ")");
  }

  std::error_code ec;
  const auto absolute = std::filesystem::absolute(file, ec);
  // An absolute path keeps the loader from searching its own directories.
  boost::dll::shared_library library;
  library.load(ec ? file : absolute, ec,
               boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  if (ec || !library.is_loaded()) {
    throw HostError(ExitCode::InvalidArtifact,
                    shown + ": not a loadable library (" + loader_message(absolute, ec) + ")");
  }
  plugin->library_ = std::move(library);

  const kit_manifest* info = nullptr;
  try {
    info = &plugin->library_.get<const kit_manifest>(KIT_PLUGIN_INFO_SYMBOL);
  } catch (const std::system_error&) {
    throw HostError(ExitCode::InvalidArtifact,
                    shown + ": not a kit plugin: it does not export " KIT_PLUGIN_INFO_SYMBOL);
  }
  std::memcpy(&plugin->manifest_, info, sizeof(kit_manifest));
  if (auto problem = manifest_problem(plugin->manifest_, kind)) {
    throw HostError(ExitCode::InvalidArtifact, shown + ": " + *problem);
  }
  if (expected_name && plugin->manifest_.name != *expected_name) {
    throw HostError(ExitCode::InvalidArtifact,
                    shown + ": its embedded name is '" + plugin->manifest_.name +
                        "' but its file is named '" + std::string(*expected_name) +
                        "': a migration's name is its file name; rebuild it under its own name");
  }
  return plugin;
}

void PluginLibrary::missing(const char* symbol) const {
  throw HostError(
      ExitCode::InvalidArtifact,
      path_.string() + ": does not export " + symbol + ", which a " +
          (manifest_.kind == KIT_PLUGIN_DRIVER ? "driver" : "migration") + " plugin must (use " +
          (manifest_.kind == KIT_PLUGIN_DRIVER ? "KIT_DRIVER" : "KIT_MIGRATION") + " once)");
}

}  // namespace kit::host
