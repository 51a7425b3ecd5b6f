#include "config.hpp"

#include <gtest/gtest.h>

#include <map>

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

TEST(ConfigTest, EmptyValuesCountAsUnset) {
  Config::Flags flags;
  flags.database_url = "";
  const auto config = Config::resolve(flags, env_of({{"DATABASE_URL", ""}}),
                                      DotEnv::parse("DATABASE_URL=\n"), kExeDir);
  EXPECT_EQ(config.database_url(), "sqlite://database.db");
  EXPECT_EQ(config.database_url_source(), Config::Source::Default);
}

TEST(ConfigTest, DriverPathIsAList) {
  const auto config =
      Config::resolve({}, env_of({{"KIT_DRIVER_PATH", "/a::/b/c:"}}), DotEnv{}, kExeDir);
  EXPECT_EQ(config.driver_dirs(), (std::vector<std::filesystem::path>{"/a", "/b/c"}));
}

}  // namespace
}  // namespace kit::host
