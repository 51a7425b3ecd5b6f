#include "driver_registry.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <type_traits>

#include "migration_catalog.hpp"
#include "plugin_call.hpp"
#include "plugin_permissions.hpp"

namespace kit::host {

namespace {

constexpr std::string_view kPrefix = "kit_driver_";

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) s.remove_suffix(1);
  return std::string(s);
}

/// "sqlite" for ".../kit_driver_sqlite.so".
std::string file_scheme(const std::filesystem::path& file) {
  const std::string stem = file.filename().string();
  const std::string& suffix = MigrationCatalog::library_suffix();
  return stem.substr(kPrefix.size(), stem.size() - kPrefix.size() - suffix.size());
}

}  // namespace

DriverRegistry DriverRegistry::scan(const std::vector<std::filesystem::path>& dirs,
                                    bool allow_insecure) {
  namespace fs = std::filesystem;
  DriverRegistry registry;
  registry.allow_insecure_ = allow_insecure;
  const std::string& suffix = MigrationCatalog::library_suffix();
  for (const auto& dir : dirs) {
    std::error_code ec;
    std::vector<fs::path> found;
    fs::directory_iterator it(dir, ec);
    // Listed in messages, each that cannot be read saying why: a typo shows at once.
    std::string shown = dir.string();
    if (ec == std::errc::no_such_file_or_directory) {
      shown += " (does not exist)";
    } else if (ec == std::errc::not_a_directory) {
      shown += " (not a folder)";
    } else if (ec) {
      shown += " (cannot be read: " + ec.message() + ")";
    }
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (name.size() > kPrefix.size() + suffix.size() &&
          name.compare(0, kPrefix.size(), kPrefix) == 0 &&
          name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
        found.push_back(it->path());
      }
    }
    std::sort(found.begin(), found.end());
    registry.files_.insert(registry.files_.end(), found.begin(), found.end());
    registry.dirs_shown_ += (registry.dirs_shown_.empty() ? "" : ", ") + shown;
  }
  return registry;
}

bool DriverRegistry::serves(std::string_view schemes, std::string_view scheme) {
  const std::string wanted = lowercase(scheme);
  while (true) {
    const auto comma = schemes.find(',');
    if (lowercase(trim(schemes.substr(0, comma))) == wanted && !wanted.empty()) return true;
    if (comma == std::string_view::npos) return false;
    schemes.remove_prefix(comma + 1);
  }
}

PluginObject<kit::Driver> DriverRegistry::open(const kit::DatabaseUrl& url,
                                               const std::string& url_text) const {
  if (files_.empty()) {
    throw HostError(ExitCode::Usage, "no database drivers (kit_driver_*" +
                                         MigrationCatalog::library_suffix() + ") in " +
                                         dirs_shown_ + ": set --drivers or KIT_DRIVER_PATH");
  }
  // The file named for the scheme (kit_driver_sqlite for sqlite:) is tried first, so the
  // usual run loads one driver; the others are tried for schemes they serve under other names.
  std::vector<std::filesystem::path> candidates = files_;
  std::stable_partition(candidates.begin(), candidates.end(), [&](const auto& file) {
    return lowercase(file_scheme(file)) == url.scheme();
  });
  std::set<std::string> available;
  std::string skipped;
  PluginPermissions permissions(allow_insecure_);
  for (const auto& file : candidates) {
    std::shared_ptr<PluginLibrary> library;
    try {
      auto refused = permissions.check_folder(file.parent_path());
      if (!refused) refused = permissions.check_file(file);
      if (refused) throw HostError(ExitCode::InvalidArtifact, *refused);
      library = PluginLibrary::open(file, KIT_PLUGIN_DRIVER);
    } catch (const HostError& error) {
      // The driver named for this scheme is the one the user wants: its fault is the answer.
      if (lowercase(file_scheme(file)) == url.scheme()) throw;
      skipped += "; skipped " + file.filename().string() + " (" + error.what() + ")";
      continue;
    }
    const std::string schemes = library->manifest().schemes;
    if (!serves(schemes, url.scheme())) {
      std::string_view rest = schemes;
      while (!rest.empty()) {
        const auto comma = rest.find(',');
        if (auto one = trim(rest.substr(0, comma)); !one.empty()) available.insert(lowercase(one));
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
      }
      continue;
    }

    auto* create =
        library->function<std::remove_pointer_t<kit::DriverCreateFn>>(KIT_DRIVER_CREATE_SYMBOL);
    auto* destroy =
        library->function<std::remove_pointer_t<kit::DriverDestroyFn>>(KIT_DRIVER_DESTROY_SYMBOL);
    const std::string context = "cannot open " + url.redacted() + " with " + library->name() +
                                " driver " + file.filename().string();
    kit::Driver* driver = nullptr;
    try {
      driver = create(url_text.c_str());
    } catch (const kit::DatabaseError&) {
      throw HostError(ExitCode::Failure, context + ": " + current_exception_message());
    } catch (...) {
      // Anything else the driver refuses before talking to a database is the URL's fault.
      throw HostError(ExitCode::Usage, context + ": " + current_exception_message());
    }
    if (driver == nullptr) {
      throw HostError(ExitCode::InvalidArtifact,
                      file.string() + ": " KIT_DRIVER_CREATE_SYMBOL " returned no driver");
    }
    return PluginObject<kit::Driver>(std::move(library), driver, destroy);
  }
  std::string list;
  for (const auto& scheme : available) list += (list.empty() ? "" : ", ") + scheme;
  throw HostError(ExitCode::Usage, "unknown database URL scheme '" + url.scheme() + "' in '" +
                                       url.redacted() + "': the drivers in " + dirs_shown_ +
                                       " serve " +
                                       (list.empty() ? std::string("no scheme") : list) + skipped);
}

}  // namespace kit::host
