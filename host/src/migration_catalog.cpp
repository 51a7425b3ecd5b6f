#include "migration_catalog.hpp"

#include <algorithm>
#include <boost/dll/shared_library.hpp>
#include <map>

#include "host_error.hpp"
#include "plugin_permissions.hpp"

namespace kit::host {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || is_digit(c); }

bool all_digits(std::string_view s) { return std::all_of(s.begin(), s.end(), is_digit); }

/// lowercase letters and digits in words joined by single underscores.
bool is_snake_case(std::string_view s) {
  if (s.empty() || s.front() == '_' || s.back() == '_') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_') {
      if (s[i - 1] == '_') return false;
    } else if (!is_lower_or_digit(s[i])) {
      return false;
    }
  }
  return true;
}

std::string shown(const std::filesystem::path& dir, const std::string& file) {
  return (dir / file).string();
}

}  // namespace

std::optional<std::string> MigrationCatalog::version_of(std::string_view name) {
  // m YYYYMMDD _ HHMMSS _ name
  if (name.size() < 18 || name[0] != 'm' || name[9] != '_' || name[16] != '_') return std::nullopt;
  if (!all_digits(name.substr(1, 8)) || !all_digits(name.substr(10, 6))) return std::nullopt;
  if (!is_snake_case(name.substr(17))) return std::nullopt;
  return std::string(name.substr(1, 15));
}

const std::string& MigrationCatalog::library_suffix() {
  static const std::string suffix = boost::dll::shared_library::suffix().string();
  return suffix;
}

MigrationCatalog MigrationCatalog::scan(const std::filesystem::path& dir, bool allow_insecure,
                                        std::vector<std::string>* problems) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto status = fs::status(dir, ec);
  if (!fs::exists(status)) {
    throw HostError(ExitCode::Usage, "migrations directory '" + dir.string() +
                                         "' does not exist (set --dir or KIT_MIGRATIONS_DIR)");
  }
  if (!fs::is_directory(status)) {
    throw HostError(ExitCode::Usage, "migrations directory '" + dir.string() +
                                         "' is not a directory (set --dir or KIT_MIGRATIONS_DIR)");
  }
  // Throws, or with `problems` collects, one problem.
  const auto report = [problems](std::string problem) {
    if (problems == nullptr) throw HostError(ExitCode::InvalidArtifact, problem);
    problems->push_back(std::move(problem));
  };

  MigrationCatalog catalog;
  catalog.dir_ = dir;
  PluginPermissions permissions(allow_insecure);
  bool folder_insecure = false;
  if (auto refused = permissions.check_folder(dir)) {
    report(*refused);
    folder_insecure = true;
  }
  const std::string& suffix = library_suffix();
  fs::directory_iterator it(dir, ec);
  if (ec) {
    throw HostError(ExitCode::Usage,
                    "cannot list migrations directory '" + dir.string() + "': " + ec.message());
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    const std::string file = it->path().filename().string();
    if (file.size() <= suffix.size() ||
        file.compare(file.size() - suffix.size(), suffix.size(), suffix) != 0) {
      continue;
    }
    const std::string name = file.substr(0, file.size() - suffix.size());
    auto version = version_of(name);
    if (!version) {
      report(shown(dir, file) + ": not a migration artifact name: expected m<YYYYMMDD>_" +
             "<HHMMSS>_<snake_case_name>" + suffix);
      continue;
    }
    // The type the listing gave, followed through a link: no stat for a plain file.
    std::error_code type_ec;
    if (it->is_directory(type_ec)) {
      report(shown(dir, file) + ": is a directory, not a migration artifact");
      continue;
    }
    if (!it->is_regular_file(type_ec)) {
      report(shown(dir, file) + ": not a regular file (a broken link?)");
      continue;
    }
    Entry entry{name, std::move(*version), it->path().string()};
    entry.insecure = folder_insecure;
    if (auto refused = permissions.check_file(*it)) {
      report(*refused);
      entry.insecure = true;
    }
    catalog.entries_.push_back(std::move(entry));
  }
  if (ec) {
    throw HostError(ExitCode::Usage,
                    "cannot list migrations directory '" + dir.string() + "': " + ec.message());
  }

  std::sort(catalog.entries_.begin(), catalog.entries_.end(),
            [](const Entry& a, const Entry& b) { return a.name < b.name; });
  std::map<std::string, std::string> by_version;
  std::vector<Entry> unique;
  for (auto& entry : catalog.entries_) {
    const auto [found, inserted] = by_version.emplace(entry.version, entry.name);
    if (!inserted) {
      report(shown(dir, entry.name + suffix) + ": duplicate version " + entry.version +
             ", also used by " + found->second + suffix +
             ": give each migration its own timestamp");
      continue;
    }
    unique.push_back(std::move(entry));
  }
  catalog.entries_ = std::move(unique);
  return catalog;
}

const MigrationCatalog::Entry* MigrationCatalog::find(std::string_view name) const noexcept {
  const auto it = std::lower_bound(entries_.begin(), entries_.end(), name,
                                   [](const Entry& e, std::string_view n) { return e.name < n; });
  if (it == entries_.end() || it->name != name) return nullptr;
  return &*it;
}

}  // namespace kit::host
