// MigrationCatalog: the migration artifacts of a directory, by name, without loading any.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kit::host {

class MigrationCatalog {
 public:
  /// One artifact: `m20240115_120000_create_users_table.so`.
  struct Entry {
    std::string name;     // "m20240115_120000_create_users_table", the ledger's version
    std::string version;  // "20240115_120000", unique within a catalog
    // The artifact's path. A string, not a std::filesystem::path, which keeps a list of its
    // components: for a catalog of 1000 that is 21,000 allocations and 0.6 MiB.
    std::string path;
    bool insecure = false;  // others may change it (only when scan() collects problems)
  };

  /// Lists `dir`: keeps files with the platform's library suffix, sorted by name. Throws
  /// HostError(Usage) when `dir` is missing or not a directory, and HostError(InvalidArtifact)
  /// naming the entry when a library-suffixed entry is badly named, not a regular file, or
  /// repeats another's timestamp, or when `dir` or an artifact may be changed by others
  /// (PluginPermissions) unless `allow_insecure`. Anything else in `dir` (CMake files,
  /// sources) is ignored. With `problems`, each of those problems is appended to it as one
  /// line instead of thrown: badly named entries and the second of a duplicate are left out,
  /// artifacts others may change are kept, marked `insecure`.
  [[nodiscard]] static MigrationCatalog scan(const std::filesystem::path& dir,
                                             bool allow_insecure = false,
                                             std::vector<std::string>* problems = nullptr);

  /// The timestamp "YYYYMMDD_HHMMSS" of a valid artifact name (without suffix), else nullopt.
  /// Valid: m<8 digits>_<6 digits>_<lowercase letters and digits, single underscores>.
  [[nodiscard]] static std::optional<std::string> version_of(std::string_view name);
  /// The platform's library suffix: ".so", ".dylib" or ".dll".
  [[nodiscard]] static const std::string& library_suffix();

  [[nodiscard]] const std::vector<Entry>& entries() const noexcept { return entries_; }
  /// The entry of that name, or nullptr.
  [[nodiscard]] const Entry* find(std::string_view name) const noexcept;
  [[nodiscard]] const std::filesystem::path& dir() const noexcept { return dir_; }

 private:
  std::filesystem::path dir_;
  std::vector<Entry> entries_;
};

}  // namespace kit::host
