#include "config.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <utility>

#include "host_error.hpp"

namespace kit::host {

namespace {

#if defined(_WIN32)
constexpr char kPathListSeparator = ';';
#else
constexpr char kPathListSeparator = ':';
#endif

std::optional<std::string> non_empty(std::optional<std::string> value) {
  if (value && value->empty()) return std::nullopt;
  return value;
}

/// The first of flag, environment variable and .env key that is set, and where it came from.
/// A flag given with an empty value is a usage error: `--database-url "$URL"` with URL unset
/// must not fall back to another database. An empty variable counts as unset.
std::optional<std::pair<std::string, Config::Source>> pick(const std::optional<std::string>& flag,
                                                           const char* flag_name,
                                                           const Config::EnvLookup& env,
                                                           const DotEnv& dot_env,
                                                           const std::string& key) {
  if (flag && flag->empty()) {
    throw HostError(ExitCode::Usage, std::string(flag_name) +
                                         " is empty (an unset shell variable?): give it a "
                                         "value, or leave it out to use " +
                                         key + " or the default");
  }
  if (auto value = non_empty(flag)) return std::pair{std::move(*value), Config::Source::Flag};
  if (env) {
    if (auto value = non_empty(env(key))) {
      return std::pair{std::move(*value), Config::Source::Environment};
    }
  }
  if (auto value = non_empty(dot_env.get(key))) {
    return std::pair{std::move(*value), Config::Source::DotEnv};
  }
  return std::nullopt;
}

std::vector<std::filesystem::path> split_path_list(const std::string& list) {
  std::vector<std::filesystem::path> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    auto end = list.find(kPathListSeparator, start);
    if (end == std::string::npos) end = list.size();
    if (end > start) out.emplace_back(list.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

/// Where a setting came from, for messages: "--lock-timeout", "KIT_LOCK_TIMEOUT in .env".
std::string origin(Config::Source source, const std::string& flag, const std::string& key,
                   const DotEnv& dot_env) {
  switch (source) {
    case Config::Source::Flag:
      return flag;
    case Config::Source::Environment:
      return key;
    case Config::Source::DotEnv:
      return key + " in " + dot_env.origin_of(key);
    case Config::Source::Default:
      break;
  }
  return key;
}

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

std::optional<std::chrono::milliseconds> Config::parse_duration(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0 || digits > 9) return std::nullopt;
  const long long number = std::stoll(std::string(text.substr(0, digits)));
  const std::string_view unit = text.substr(digits);
  long long ms = 0;
  if (unit == "ms") {
    ms = number;
  } else if (unit.empty() || unit == "s") {
    ms = number * 1000;
  } else if (unit == "m") {
    ms = number * 60 * 1000;
  } else if (unit == "h") {
    ms = number * 60 * 60 * 1000;
  } else {
    return std::nullopt;
  }
  if (ms > 24LL * 60 * 60 * 1000) return std::nullopt;
  return std::chrono::milliseconds(ms);
}

Config Config::resolve(const Flags& flags, const EnvLookup& env, const DotEnv& dot_env,
                       const std::filesystem::path& exe_dir) {
  Config config;
  if (auto dir = pick(flags.dir, "--dir", env, dot_env, "KIT_MIGRATIONS_DIR")) {
    config.dir_ = dir->first;
    config.dir_source_ = dir->second;
  } else {
    config.dir_ = kDefaultDir;
  }
  if (auto url = pick(flags.database_url, "--database-url", env, dot_env, "DATABASE_URL")) {
    config.database_url_ = url->first;
    config.database_url_source_ = url->second;
    config.database_url_file_ = dot_env.origin_of("DATABASE_URL");
  } else {
    config.database_url_ = kDefaultDatabaseUrl;
  }
  if (auto drivers = pick(flags.drivers, "--drivers", env, dot_env, "KIT_DRIVER_PATH")) {
    config.driver_dirs_ = split_path_list(drivers->first);
    config.drivers_source_ = drivers->second;
  }
  if (config.driver_dirs_.empty()) {
    // Where the install puts drivers relative to bin/ (lib/x86_64-linux-gnu/kit/drivers on
    // Debian), then the build tree's lib/kit/drivers.
    for (const char* relative : {KIT_DRIVERS_FROM_BIN, "../lib/kit/drivers"}) {
      const auto dir = (exe_dir / relative).lexically_normal();
      if (std::find(config.driver_dirs_.begin(), config.driver_dirs_.end(), dir) ==
          config.driver_dirs_.end()) {
        config.driver_dirs_.push_back(dir);
      }
    }
    config.drivers_source_ = Source::Default;
  }
  // A command that takes no lock has no use for the timeout, nor for a bad one.
  const auto timeout = flags.takes_lock ? pick(flags.lock_timeout, "--lock-timeout", env, dot_env,
                                               "KIT_LOCK_TIMEOUT")
                                        : std::nullopt;
  if (timeout) {
    const auto parsed = parse_duration(timeout->first);
    if (!parsed) {
      throw HostError(ExitCode::Usage,
                      origin(timeout->second, "--lock-timeout", "KIT_LOCK_TIMEOUT", dot_env) +
                          " takes a duration such as 30s, 500ms or 2m (at most 24h), not '" +
                          timeout->first + "'");
    }
    config.lock_timeout_ = *parsed;
  }
  config.allow_insecure_plugins_ = flags.allow_insecure_plugins;
  if (auto allow = pick(std::nullopt, "", env, dot_env, "KIT_ALLOW_INSECURE_PLUGINS");
      allow && !flags.allow_insecure_plugins) {
    const std::string value = lowercase(allow->first);
    if (value == "1" || value == "true" || value == "yes" || value == "on") {
      config.allow_insecure_plugins_ = true;
    } else if (value != "0" && value != "false" && value != "no" && value != "off") {
      throw HostError(ExitCode::Usage,
                      origin(allow->second, "", "KIT_ALLOW_INSECURE_PLUGINS", dot_env) +
                          " takes 1/0, true/false, yes/no or on/off (in any case), not '" +
                          allow->first + "'");
    }
  }
  config.quiet_ = flags.quiet;
  config.verbose_ = flags.verbose;
  // https://no-color.org: a NO_COLOR that is set and not empty; and terminals that say they
  // cannot. The environment only: colour is the terminal's business, not the project's.
  const auto no_color = env ? non_empty(env("NO_COLOR")) : std::nullopt;
  const auto term = env ? env("TERM") : std::nullopt;
  config.no_color_ = flags.no_color || no_color.has_value() || (term && *term == "dumb");
  return config;
}

Config::EnvLookup Config::process_environment() {
  return [](const std::string& key) -> std::optional<std::string> {
    const char* value = std::getenv(key.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

std::string Config::database_url_origin() const {
  switch (database_url_source_) {
    case Source::Flag:
      return "";
    case Source::Environment:
      return "(from DATABASE_URL)";
    case Source::DotEnv:
      return "(from " + (database_url_file_.empty() ? std::string(".env") : database_url_file_) +
             ")";
    case Source::Default:
      return "(default; set --database-url or DATABASE_URL to choose another)";
  }
  return "";
}

}  // namespace kit::host
