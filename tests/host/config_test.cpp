#include "config.hpp"

#include <gtest/gtest.h>

#include <map>

#include "host_error.hpp"

namespace kit::host {
namespace {

Config::EnvLookup env_of(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const std::string& key) -> std::optional<std::string> {
    const auto found = values.find(key);
    if (found == values.end()) return std::nullopt;
    return found->second;
  };
}

const std::filesystem::path kExeDir = "/opt/kit/bin";

TEST(ConfigTest, DefaultsWhenNothingIsConfigured) {
  const auto config = Config::resolve({}, env_of({}), DotEnv{}, kExeDir);
  EXPECT_EQ(config.database_url(), "sqlite://database.db");
  EXPECT_EQ(config.database_url_source(), Config::Source::Default);
  EXPECT_EQ(config.database_url_origin(),
            "(default; set --database-url or DATABASE_URL to choose another)");
  EXPECT_EQ(config.dir(), "build/migrations");
  ASSERT_EQ(config.driver_dirs().size(), 1U);
  EXPECT_EQ(config.driver_dirs()[0], "/opt/kit/lib/kit/drivers");
  EXPECT_FALSE(config.quiet());
}

TEST(ConfigTest, FlagsOverEnvironmentOverDotEnvOverDefaults) {
  const auto dot_env = DotEnv::parse(
      "DATABASE_URL=sqlite://dotenv.db\nKIT_MIGRATIONS_DIR=dotenv/migrations\n"
      "KIT_DRIVER_PATH=/dotenv/drivers\n");
  const auto env = env_of({{"DATABASE_URL", "sqlite://env.db"},
                           {"KIT_MIGRATIONS_DIR", "env/migrations"},
                           {"KIT_DRIVER_PATH", "/env/drivers"}});

  Config::Flags flags;
  flags.database_url = "sqlite://flag.db";
  flags.dir = "flag/migrations";
  flags.drivers = "/flag/drivers";
  auto config = Config::resolve(flags, env, dot_env, kExeDir);
  EXPECT_EQ(config.database_url(), "sqlite://flag.db");
  EXPECT_EQ(config.database_url_source(), Config::Source::Flag);
  EXPECT_EQ(config.database_url_origin(), "");
  EXPECT_EQ(config.dir(), "flag/migrations");
  EXPECT_EQ(config.driver_dirs(), std::vector<std::filesystem::path>{"/flag/drivers"});

  config = Config::resolve({}, env, dot_env, kExeDir);
  EXPECT_EQ(config.database_url(), "sqlite://env.db");
  EXPECT_EQ(config.database_url_origin(), "(from DATABASE_URL)");
  EXPECT_EQ(config.dir(), "env/migrations");
  EXPECT_EQ(config.dir_source(), Config::Source::Environment);
  EXPECT_EQ(config.driver_dirs(), std::vector<std::filesystem::path>{"/env/drivers"});

  config = Config::resolve({}, env_of({}), dot_env, kExeDir);
  EXPECT_EQ(config.database_url(), "sqlite://dotenv.db");
  EXPECT_EQ(config.database_url_origin(), "(from .env)");
  EXPECT_EQ(config.dir(), "dotenv/migrations");
  EXPECT_EQ(config.driver_dirs(), std::vector<std::filesystem::path>{"/dotenv/drivers"});
}

TEST(ConfigTest, EachSettingFallsBackOnItsOwn) {
  const auto dot_env = DotEnv::parse("KIT_MIGRATIONS_DIR=dotenv/migrations\n");
  Config::Flags flags;
  flags.quiet = true;
  const auto config =
      Config::resolve(flags, env_of({{"DATABASE_URL", "sqlite://env.db"}}), dot_env, kExeDir);
  EXPECT_EQ(config.database_url(), "sqlite://env.db");
  EXPECT_EQ(config.dir(), "dotenv/migrations");
  EXPECT_EQ(config.dir_source(), Config::Source::DotEnv);
  EXPECT_EQ(config.drivers_source(), Config::Source::Default);
  EXPECT_TRUE(config.quiet());
}

TEST(ConfigTest, EmptyVariablesCountAsUnsetButAnEmptyFlagIsRefused) {
  const auto config = Config::resolve({}, env_of({{"DATABASE_URL", ""}}),
                                      DotEnv::parse("DATABASE_URL=\n"), kExeDir);
  EXPECT_EQ(config.database_url(), "sqlite://database.db");
  EXPECT_EQ(config.database_url_source(), Config::Source::Default);
  // --database-url "$URL" with URL unset must not migrate the default database instead.
  Config::Flags flags;
  flags.database_url = "";
  try {
    (void)Config::resolve(flags, env_of({{"DATABASE_URL", "sqlite://env.db"}}), DotEnv{}, kExeDir);
    FAIL() << "an empty --database-url was accepted";
  } catch (const HostError& error) {
    EXPECT_EQ(error.code(), ExitCode::Usage);
    EXPECT_NE(std::string(error.what()).find("--database-url is empty"), std::string::npos)
        << error.what();
  }
  Config::Flags dir;
  dir.dir = "";
  EXPECT_THROW((void)Config::resolve(dir, env_of({}), DotEnv{}, kExeDir), HostError);
}

TEST(ConfigTest, DriverPathIsAList) {
  const auto config =
      Config::resolve({}, env_of({{"KIT_DRIVER_PATH", "/a::/b/c:"}}), DotEnv{}, kExeDir);
  EXPECT_EQ(config.driver_dirs(), (std::vector<std::filesystem::path>{"/a", "/b/c"}));
}

TEST(ConfigTest, DurationsTakeAUnitAndABareNumberIsSeconds) {
  using std::chrono::milliseconds;
  EXPECT_EQ(Config::parse_duration("500ms"), milliseconds(500));
  EXPECT_EQ(Config::parse_duration("30s"), milliseconds(30000));
  EXPECT_EQ(Config::parse_duration("30"), milliseconds(30000));
  EXPECT_EQ(Config::parse_duration("2m"), milliseconds(120000));
  EXPECT_EQ(Config::parse_duration("1h"), milliseconds(3600000));
  EXPECT_EQ(Config::parse_duration("0"), milliseconds(0));
  EXPECT_EQ(Config::parse_duration("24h"), milliseconds(86400000));
  for (const char* bad : {"", "s", "-1s", "1.5s", "30 s", "30sec", "25h", "1e3", "9999999999"}) {
    EXPECT_EQ(Config::parse_duration(bad), std::nullopt) << bad;
  }
}

TEST(ConfigTest, LockTimeoutFromFlagEnvironmentDotEnvOrDefault) {
  using std::chrono::milliseconds;
  EXPECT_EQ(Config::resolve({}, env_of({}), DotEnv{}, kExeDir).lock_timeout(), milliseconds(60000));
  const auto dot_env = DotEnv::parse("KIT_LOCK_TIMEOUT=3s\n");
  EXPECT_EQ(Config::resolve({}, env_of({}), dot_env, kExeDir).lock_timeout(), milliseconds(3000));
  const auto env = env_of({{"KIT_LOCK_TIMEOUT", "2m"}});
  EXPECT_EQ(Config::resolve({}, env, dot_env, kExeDir).lock_timeout(), milliseconds(120000));
  Config::Flags flags;
  flags.lock_timeout = "250ms";
  EXPECT_EQ(Config::resolve(flags, env, dot_env, kExeDir).lock_timeout(), milliseconds(250));

  flags.lock_timeout = "soon";
  try {
    (void)Config::resolve(flags, env, dot_env, kExeDir);
    FAIL() << "no error";
  } catch (const HostError& error) {
    EXPECT_EQ(error.code(), ExitCode::Usage);
    EXPECT_STREQ(error.what(),
                 "--lock-timeout takes a duration such as 30s, 500ms or 2m (at most 24h), not "
                 "'soon'");
  }
  try {
    (void)Config::resolve({}, env_of({}), DotEnv::parse("KIT_LOCK_TIMEOUT=x\n"), kExeDir);
    FAIL() << "no error";
  } catch (const HostError& error) {
    EXPECT_NE(std::string(error.what()).find("KIT_LOCK_TIMEOUT in .env takes a duration"),
              std::string::npos)
        << error.what();
  }
}

TEST(ConfigTest, ACommandThatTakesNoLockNeitherReadsNorChecksTheLockTimeout) {
  using std::chrono::milliseconds;
  Config::Flags flags;
  flags.takes_lock = false;
  EXPECT_EQ(Config::resolve(flags, env_of({{"KIT_LOCK_TIMEOUT", "soon"}}),
                            DotEnv::parse("KIT_LOCK_TIMEOUT=later\n"), kExeDir)
                .lock_timeout(),
            milliseconds(60000));
  EXPECT_EQ(Config::resolve(flags, env_of({{"KIT_LOCK_TIMEOUT", "2m"}}), DotEnv{}, kExeDir)
                .lock_timeout(),
            milliseconds(60000));
}

TEST(ConfigTest, InsecurePluginsOnlyWhenAskedFor) {
  EXPECT_FALSE(Config::resolve({}, env_of({}), DotEnv{}, kExeDir).allow_insecure_plugins());
  for (const char* yes : {"1", "true", "YES", "on"}) {
    EXPECT_TRUE(
        Config::resolve({}, env_of({{"KIT_ALLOW_INSECURE_PLUGINS", yes}}), DotEnv{}, kExeDir)
            .allow_insecure_plugins())
        << yes;
  }
  for (const char* no : {"0", "false", "No", "off"}) {
    EXPECT_FALSE(
        Config::resolve({}, env_of({{"KIT_ALLOW_INSECURE_PLUGINS", no}}), DotEnv{}, kExeDir)
            .allow_insecure_plugins())
        << no;
  }
  Config::Flags flags;
  flags.allow_insecure_plugins = true;
  EXPECT_TRUE(Config::resolve(flags, env_of({}), DotEnv{}, kExeDir).allow_insecure_plugins());
  try {
    (void)Config::resolve({}, env_of({{"KIT_ALLOW_INSECURE_PLUGINS", "maybe"}}), DotEnv{}, kExeDir);
    FAIL() << "no error";
  } catch (const HostError& error) {
    EXPECT_EQ(error.code(), ExitCode::Usage);
    // Every spelling it accepts.
    EXPECT_STREQ(error.what(),
                 "KIT_ALLOW_INSECURE_PLUGINS takes 1/0, true/false, yes/no or on/off (in any "
                 "case), not 'maybe'");
  }
}

TEST(ConfigTest, SettingsFromADotEnvFileNameIt) {
  const auto dot_env =
      DotEnv::parse("DATABASE_URL=sqlite://local.db\nKIT_LOCK_TIMEOUT=x\n", ".env.local");
  try {
    (void)Config::resolve({}, env_of({}), dot_env, kExeDir);
    FAIL() << "no error";
  } catch (const HostError& error) {
    EXPECT_NE(std::string(error.what()).find("KIT_LOCK_TIMEOUT in .env.local takes a duration"),
              std::string::npos)
        << error.what();
  }
  const auto config = Config::resolve(
      {}, env_of({}), DotEnv::parse("DATABASE_URL=sqlite://l.db\n", ".env.local"), kExeDir);
  EXPECT_EQ(config.database_url_origin(), "(from .env.local)");
}

TEST(ConfigTest, ColourIsRuledOutByTheFlagNoColorOrADumbTerminal) {
  EXPECT_FALSE(Config::resolve({}, env_of({}), DotEnv{}, kExeDir).no_color());
  EXPECT_TRUE(Config::resolve({}, env_of({{"NO_COLOR", "1"}}), DotEnv{}, kExeDir).no_color());
  // https://no-color.org: set and not empty.
  EXPECT_FALSE(Config::resolve({}, env_of({{"NO_COLOR", ""}}), DotEnv{}, kExeDir).no_color());
  EXPECT_TRUE(Config::resolve({}, env_of({{"TERM", "dumb"}}), DotEnv{}, kExeDir).no_color());
  // Colour is the terminal's business: a .env file does not turn it off.
  EXPECT_FALSE(Config::resolve({}, env_of({}), DotEnv::parse("NO_COLOR=1\n"), kExeDir).no_color());
  Config::Flags flags;
  flags.no_color = true;
  flags.verbose = true;
  const auto config = Config::resolve(flags, env_of({}), DotEnv{}, kExeDir);
  EXPECT_TRUE(config.no_color());
  EXPECT_TRUE(config.verbose());
}

}  // namespace
}  // namespace kit::host
