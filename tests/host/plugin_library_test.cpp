#include "plugin_library.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "driver_registry.hpp"
#include "temp_dir.hpp"

namespace kit::host {
namespace {

kit_manifest good_manifest(kit_plugin_kind kind) {
  kit_manifest manifest{};
  std::memcpy(manifest.magic, KIT_MANIFEST_MAGIC, sizeof(manifest.magic));
  manifest.abi_version = KIT_ABI_VERSION;
  manifest.kind = kind;
  std::strcpy(manifest.name, "m20240115_120000_create_users_table");
  std::strcpy(manifest.toolchain, KIT_TOOLCHAIN_ID);
  return manifest;
}

TEST(PluginLibraryTest, AcceptsAMatchingManifest) {
  EXPECT_EQ(
      PluginLibrary::manifest_problem(good_manifest(KIT_PLUGIN_MIGRATION), KIT_PLUGIN_MIGRATION),
      std::nullopt);
}

TEST(PluginLibraryTest, NamesEachManifestProblem) {
  auto manifest = good_manifest(KIT_PLUGIN_MIGRATION);
  manifest.magic[0] = 'X';
  EXPECT_NE(PluginLibrary::manifest_problem(manifest, KIT_PLUGIN_MIGRATION)->find("wrong magic"),
            std::string::npos);

  manifest = good_manifest(KIT_PLUGIN_MIGRATION);
  manifest.abi_version = KIT_ABI_VERSION + 1;
  EXPECT_NE(PluginLibrary::manifest_problem(manifest, KIT_PLUGIN_MIGRATION)
                ->find("built for kit ABI version " + std::to_string(KIT_ABI_VERSION + 1)),
            std::string::npos);

  manifest = good_manifest(KIT_PLUGIN_DRIVER);
  EXPECT_EQ(*PluginLibrary::manifest_problem(manifest, KIT_PLUGIN_MIGRATION),
            "is a driver plugin, expected a migration");

  manifest = good_manifest(KIT_PLUGIN_MIGRATION);
  std::strcpy(manifest.toolchain, "clang 99, libc++ 99");
  const auto problem = PluginLibrary::manifest_problem(manifest, KIT_PLUGIN_MIGRATION);
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("'clang 99, libc++ 99'"), std::string::npos) << *problem;
  EXPECT_NE(problem->find(std::string("'") + KIT_TOOLCHAIN_ID + "'"), std::string::npos);
  EXPECT_NE(problem->find("same compiler and standard library"), std::string::npos);

  manifest = good_manifest(KIT_PLUGIN_MIGRATION);
  std::memset(manifest.name, 'a', sizeof(manifest.name));
  EXPECT_NE(PluginLibrary::manifest_problem(manifest, KIT_PLUGIN_MIGRATION)->find("corrupt"),
            std::string::npos);
}

HostError open_error(const std::filesystem::path& file) {
  try {
    (void)PluginLibrary::open(file, KIT_PLUGIN_MIGRATION, "x");
  } catch (const HostError& error) {
    return error;
  }
  ADD_FAILURE() << "opened " << file;
  return HostError(ExitCode::Success, "");
}

TEST(PluginLibraryTest, RandomBytesAreNotALoadableLibrary) {
  kit::test::TempDir dir;
  std::string bytes(4096, '\0');
  std::mt19937 random(42);
  for (auto& byte : bytes) byte = static_cast<char>(random());
  const auto file = dir.write("m20240101_000000_random.so", bytes);
  const auto error = open_error(file);
  EXPECT_EQ(error.code(), ExitCode::InvalidArtifact);
  const std::string what = error.what();
  EXPECT_EQ(what.rfind(file.string() + ": not a loadable library (", 0), 0U) << what;
}

TEST(PluginLibraryTest, ALibraryWithoutTheManifestIsNotAKitPlugin) {
  // The SDK itself is a shared library that exports no kit_plugin_info.
  const auto error = open_error(KIT_TEST_SDK_LIBRARY);
  EXPECT_EQ(error.code(), ExitCode::InvalidArtifact);
  EXPECT_NE(std::string(error.what()).find("does not export kit_plugin_info"), std::string::npos)
      << error.what();
}

TEST(DriverRegistryTest, SchemesListMatching) {
  EXPECT_TRUE(DriverRegistry::serves("postgres,postgresql", "postgresql"));
  EXPECT_TRUE(DriverRegistry::serves("postgres, postgresql", "POSTGRES"));
  EXPECT_TRUE(DriverRegistry::serves("sqlite", "sqlite"));
  EXPECT_FALSE(DriverRegistry::serves("sqlite", "sqlite3"));
  EXPECT_FALSE(DriverRegistry::serves("postgres,postgresql", "postgre"));
  EXPECT_FALSE(DriverRegistry::serves("", ""));
}

TEST(DriverRegistryTest, ScansOnlyDriverFiles) {
  kit::test::TempDir dir;
  dir.write("kit_driver_b.so", "");
  dir.write("kit_driver_a.so", "");
  dir.write("kit_driver_.so", "");
  dir.write("libsomething.so", "");
  dir.write("kit_driver_c.txt", "");
  const auto registry = DriverRegistry::scan({dir.path(), dir / "missing"});
  ASSERT_EQ(registry.files().size(), 2U);
  EXPECT_EQ(registry.files()[0].filename(), "kit_driver_a.so");
  EXPECT_EQ(registry.files()[1].filename(), "kit_driver_b.so");
}

}  // namespace
}  // namespace kit::host
