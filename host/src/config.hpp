// Config: where the artifacts, the database and the drivers are, and how to print, from
// flags, the environment, the `.env` files and built-in defaults, in that order of precedence.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dot_env.hpp"

namespace kit::host {

class Config {
 public:
  /// Where a setting came from, for messages such as "(from .env)".
  enum class Source { Flag, Environment, DotEnv, Default };

  /// What the command line said; unset means "not given".
  struct Flags {
    std::optional<std::string> dir;
    std::optional<std::string> database_url;
    std::optional<std::string> drivers;
    std::optional<std::string> lock_timeout;  // "30s", "500ms", "2m"
    /// Whether the command takes the migration lock. Only then is the lock timeout
    /// (--lock-timeout, KIT_LOCK_TIMEOUT) read, and a bad one refused.
    bool takes_lock = true;
    bool allow_insecure_plugins = false;
    bool quiet = false;
    bool verbose = false;
    bool no_color = false;
  };

  /// Looks up an environment variable; nullopt when unset.
  using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

  static constexpr const char* kDefaultDatabaseUrl = "sqlite://database.db";
  static constexpr const char* kDefaultDir = "build/migrations";
  static constexpr std::chrono::milliseconds kDefaultLockTimeout{60000};

  /// Resolves every setting: flags, then `env`, then `dot_env` (the `.env` files, already
  /// layered: DotEnv::load_layered), then the defaults; the drivers default to
  /// <exe_dir>/../lib/kit/drivers. Empty values count as unset. Colour is off with
  /// --no-color, a non-empty NO_COLOR or TERM=dumb (environment only). Throws
  /// HostError(Usage) for a lock timeout (--lock-timeout, KIT_LOCK_TIMEOUT) that is not a
  /// duration when flags.takes_lock, or a KIT_ALLOW_INSECURE_PLUGINS that is not a yes or no.
  [[nodiscard]] static Config resolve(const Flags& flags, const EnvLookup& env,
                                      const DotEnv& dot_env, const std::filesystem::path& exe_dir);
  /// Reads the real process environment.
  [[nodiscard]] static EnvLookup process_environment();
  /// Parses a duration: a whole number with a unit, `ms`, `s`, `m` or `h` ("500ms", "30s",
  /// "2m"); a bare number is seconds. Nullopt when malformed or longer than a day.
  [[nodiscard]] static std::optional<std::chrono::milliseconds> parse_duration(
      std::string_view text);

  [[nodiscard]] const std::filesystem::path& dir() const noexcept { return dir_; }
  [[nodiscard]] Source dir_source() const noexcept { return dir_source_; }
  [[nodiscard]] const std::string& database_url() const noexcept { return database_url_; }
  [[nodiscard]] Source database_url_source() const noexcept { return database_url_source_; }
  [[nodiscard]] const std::vector<std::filesystem::path>& driver_dirs() const noexcept {
    return driver_dirs_;
  }
  [[nodiscard]] Source drivers_source() const noexcept { return drivers_source_; }
  [[nodiscard]] bool quiet() const noexcept { return quiet_; }
  [[nodiscard]] bool verbose() const noexcept { return verbose_; }
  /// Whether colour is ruled out (--no-color, NO_COLOR, TERM=dumb); otherwise kit-host
  /// colours what it prints on a terminal.
  [[nodiscard]] bool no_color() const noexcept { return no_color_; }
  /// How long a command waits for the migration lock: --lock-timeout, KIT_LOCK_TIMEOUT, 60 s
  /// (always 60 s for a command that takes no lock: Flags::takes_lock).
  [[nodiscard]] std::chrono::milliseconds lock_timeout() const noexcept { return lock_timeout_; }
  /// Whether plugins may be loaded from files and folders that others can write:
  /// --allow-insecure-plugins or KIT_ALLOW_INSECURE_PLUGINS=1.
  [[nodiscard]] bool allow_insecure_plugins() const noexcept { return allow_insecure_plugins_; }

  /// Says where the database URL came from: "" for a flag, "(from DATABASE_URL)",
  /// "(from .env.local)", ...
  [[nodiscard]] std::string database_url_origin() const;

 private:
  std::filesystem::path dir_;
  Source dir_source_ = Source::Default;
  std::string database_url_;
  Source database_url_source_ = Source::Default;
  std::string database_url_file_;  // the .env file it came from
  std::vector<std::filesystem::path> driver_dirs_;
  Source drivers_source_ = Source::Default;
  bool quiet_ = false;
  bool verbose_ = false;
  bool no_color_ = false;
  std::chrono::milliseconds lock_timeout_ = kDefaultLockTimeout;
  bool allow_insecure_plugins_ = false;
};

}  // namespace kit::host
