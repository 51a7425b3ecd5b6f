#include "plugin_permissions.hpp"

#include <cstdio>

#if __has_include(<sys/stat.h>) && __has_include(<unistd.h>) && __has_include(<pwd.h>)
#define KIT_HAVE_POSIX_MODES 1
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace kit::host {

namespace {

constexpr const char* kHint =
    ", or pass --allow-insecure-plugins (KIT_ALLOW_INSECURE_PLUGINS=1) to load it anyway";

#if defined(KIT_HAVE_POSIX_MODES)
std::string user_name(uid_t uid) {
  const passwd* entry = ::getpwuid(uid);
  std::string out = "uid " + std::to_string(uid);
  if (entry != nullptr && entry->pw_name != nullptr)
    out += std::string(" (") + entry->pw_name + ")";
  return out;
}
#endif

std::string refusal(const std::filesystem::path& path, const std::string& what,
                    const std::string& problem) {
  const bool owner = problem.rfind("owned", 0) == 0;
  return path.string() + ": refusing to load " + what + " that others can change: it is " +
         problem + "; " + (owner ? "chown it to yourself or root" : "run 'chmod go-w' on it") +
         kHint;
}

}  // namespace

std::optional<std::string> PluginPermissions::problem(const std::filesystem::path& path) {
#if defined(KIT_HAVE_POSIX_MODES)
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return std::nullopt;
  static const uid_t me = ::geteuid();  // kit-host never changes it
  if (info.st_uid != 0 && info.st_uid != me) {
    return "owned by " + user_name(info.st_uid) + ", neither root nor the user running kit-host (" +
           user_name(me) + ")";
  }
  const bool group = (info.st_mode & S_IWGRP) != 0;
  const bool others = (info.st_mode & S_IWOTH) != 0;
  if (group || others) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
    return std::string("writable by ") +
           (group && others ? "group and others"
            : group         ? "group"
                            : "others") +
           " (mode " + mode + ")";
  }
#else
  (void)path;
#endif
  return std::nullopt;
}

std::optional<std::string> PluginPermissions::check_folder(const std::filesystem::path& folder) {
  if (allow_ || safe_folders_.count(folder) != 0) return std::nullopt;
  if (auto found = problem(folder)) return refusal(folder, "plugins from a folder", *found);
  safe_folders_.insert(folder);
  return std::nullopt;
}

std::optional<std::string> PluginPermissions::check_file(const std::filesystem::path& file) {
  std::error_code ec;
  return check_file(std::filesystem::directory_entry(file, ec));
}

std::optional<std::string> PluginPermissions::check_file(
    const std::filesystem::directory_entry& entry) {
  if (allow_) return std::nullopt;
  const auto& file = entry.path();
  if (auto found = problem(file)) return refusal(file, "a plugin", *found);
  std::error_code ec;
  if (entry.is_symlink(ec)) {
    const auto target = std::filesystem::canonical(file, ec);
    if (!ec) {
      if (auto found = check_folder(target.parent_path())) return found;
    }
  }
  return std::nullopt;
}

}  // namespace kit::host
