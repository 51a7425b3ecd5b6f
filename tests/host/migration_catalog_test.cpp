#include "migration_catalog.hpp"

#include <gtest/gtest.h>

#include "host_error.hpp"
#include "temp_dir.hpp"

namespace kit::host {
namespace {

using kit::test::TempDir;

const std::string& so() { return MigrationCatalog::library_suffix(); }

TEST(MigrationCatalogTest, VersionOfValidNames) {
  EXPECT_EQ(MigrationCatalog::version_of("m20240115_120000_create_users_table"), "20240115_120000");
  EXPECT_EQ(MigrationCatalog::version_of("m20240115_120000_a"), "20240115_120000");
  EXPECT_EQ(MigrationCatalog::version_of("m20240115_120000_add_2fa_to_users"), "20240115_120000");
}

TEST(MigrationCatalogTest, VersionOfRejectsMalformedNames) {
  for (const char* name :
       {"", "m", "m2024_bad", "20240115_120000_create_users", "x20240115_120000_create",
        "m2024011_1200000_create", "m20240115-120000_create", "m20240115_120000_",
        "m20240115_120000", "m20240115_120000_Create", "m20240115_120000_create__users",
        "m20240115_120000_create_", "m20240115_120000__create", "m20240115_12000a_create",
        "m20240115_120000_create-users", "m20240115_120000_create users"}) {
    EXPECT_EQ(MigrationCatalog::version_of(name), std::nullopt) << name;
  }
}

TEST(MigrationCatalogTest, ListsArtifactsSortedWithoutLoadingThem) {
  TempDir dir;
  // Not libraries at all: listing must not open them.
  dir.write("m20240116_093000_add_phone_to_users" + so(), "not loaded");
  dir.write("m20240115_120100_create_posts_table" + so(), "");
  dir.write("m20240115_120000_create_users_table" + so(), "");
  const auto catalog = MigrationCatalog::scan(dir.path());
  ASSERT_EQ(catalog.entries().size(), 3U);
  EXPECT_EQ(catalog.entries()[0].name, "m20240115_120000_create_users_table");
  EXPECT_EQ(catalog.entries()[1].name, "m20240115_120100_create_posts_table");
  EXPECT_EQ(catalog.entries()[2].name, "m20240116_093000_add_phone_to_users");
  EXPECT_EQ(catalog.entries()[2].version, "20240116_093000");
  EXPECT_EQ(catalog.entries()[0].path, dir / ("m20240115_120000_create_users_table" + so()));
  ASSERT_NE(catalog.find("m20240115_120100_create_posts_table"), nullptr);
  EXPECT_EQ(catalog.find("m20240115_120100_create_posts_table")->version, "20240115_120100");
  EXPECT_EQ(catalog.find("m20240101_000000_nope"), nullptr);
}

TEST(MigrationCatalogTest, IgnoresWhatCMakeLeavesInTheDirectory) {
  TempDir dir;
  dir.write("m20240115_120000_create_users_table" + so(), "");
  dir.write("CMakeFiles/m20240115_120000_create_users_table.dir/x.o", "");
  dir.write("kit_manifests/m20240115_120000_create_users_table.manifest.cpp", "");
  dir.write("cmake_install.cmake", "");
  dir.write("m20240115_120000_create_users_table.cpp", "");
  dir.write("m20240115_120000_create_users_table" + so() + ".1", "");
  dir.write("README", "");
  const auto catalog = MigrationCatalog::scan(dir.path());
  ASSERT_EQ(catalog.entries().size(), 1U);
  EXPECT_EQ(catalog.entries()[0].name, "m20240115_120000_create_users_table");
}

TEST(MigrationCatalogTest, EmptyDirectoryIsAnEmptyCatalog) {
  TempDir dir;
  EXPECT_TRUE(MigrationCatalog::scan(dir.path()).entries().empty());
}

/// Runs scan and returns the HostError it throws.
HostError scan_error(const std::filesystem::path& dir) {
  try {
    (void)MigrationCatalog::scan(dir);
  } catch (const HostError& error) {
    return error;
  }
  ADD_FAILURE() << "scan(" << dir << ") did not throw";
  return HostError(ExitCode::Success, "");
}

TEST(MigrationCatalogTest, RejectsALibraryWithAMalformedNameNamingIt) {
  TempDir dir;
  dir.write("m20240115_120000_create_users_table" + so(), "");
  dir.write("m2024_bad" + so(), "");
  const auto error = scan_error(dir.path());
  EXPECT_EQ(error.code(), ExitCode::InvalidArtifact);
  EXPECT_NE(std::string(error.what()).find("m2024_bad" + so()), std::string::npos) << error.what();
  EXPECT_NE(std::string(error.what()).find("m<YYYYMMDD>_<HHMMSS>_<snake_case_name>"),
            std::string::npos);
}

TEST(MigrationCatalogTest, RejectsADirectoryNamedLikeAnArtifact) {
  TempDir dir;
  std::filesystem::create_directories(dir / ("m20240115_120000_create_users_table" + so()));
  const auto error = scan_error(dir.path());
  EXPECT_EQ(error.code(), ExitCode::InvalidArtifact);
  EXPECT_NE(std::string(error.what()).find("is a directory"), std::string::npos);
}

TEST(MigrationCatalogTest, RejectsDuplicateVersionsNamingBoth) {
  TempDir dir;
  dir.write("m20240115_120000_create_users_table" + so(), "");
  dir.write("m20240115_120000_create_accounts_table" + so(), "");
  const auto error = scan_error(dir.path());
  EXPECT_EQ(error.code(), ExitCode::InvalidArtifact);
  const std::string what = error.what();
  EXPECT_NE(what.find("duplicate version 20240115_120000"), std::string::npos) << what;
  EXPECT_NE(what.find("create_users_table"), std::string::npos) << what;
  EXPECT_NE(what.find("create_accounts_table"), std::string::npos) << what;
}

TEST(MigrationCatalogTest, RefusesArtifactsAndFoldersOthersCanChange) {
  namespace fs = std::filesystem;
  TempDir dir;
  const auto file = dir.write("m20240115_120000_create_users_table" + so(), "");
  fs::permissions(file, fs::perms::group_write, fs::perm_options::add);
  auto error = scan_error(dir.path());
  EXPECT_EQ(error.code(), ExitCode::InvalidArtifact);
  EXPECT_NE(std::string(error.what()).find(file.string() + ": refusing to load a plugin"),
            std::string::npos)
      << error.what();
  EXPECT_EQ(MigrationCatalog::scan(dir.path(), /*allow_insecure=*/true).entries().size(), 1U);

  fs::permissions(file, fs::perms::group_write, fs::perm_options::remove);
  fs::permissions(dir.path(), fs::perms::others_write, fs::perm_options::add);
  error = scan_error(dir.path());
  EXPECT_NE(std::string(error.what()).find("refusing to load plugins from a folder"),
            std::string::npos)
      << error.what();
}

TEST(MigrationCatalogTest, CollectsEveryProblemWhenAsked) {
  namespace fs = std::filesystem;
  TempDir dir;
  dir.write("m20240115_120000_create_users_table" + so(), "");
  dir.write("m20240115_120000_create_accounts_table" + so(), "");
  dir.write("m2024_bad" + so(), "");
  const auto insecure = dir.write("m20240116_000000_shared" + so(), "");
  fs::permissions(insecure, fs::perms::others_write, fs::perm_options::add);
  fs::create_directory(dir / ("m20240117_000000_folder" + so()));
  std::vector<std::string> problems;
  const auto catalog = MigrationCatalog::scan(dir.path(), false, &problems);
  ASSERT_EQ(problems.size(), 4U);
  // The first of a duplicate stays; the insecure one stays, marked.
  ASSERT_EQ(catalog.entries().size(), 2U);
  EXPECT_EQ(catalog.entries()[0].name, "m20240115_120000_create_accounts_table");
  EXPECT_FALSE(catalog.entries()[0].insecure);
  EXPECT_EQ(catalog.entries()[1].name, "m20240116_000000_shared");
  EXPECT_TRUE(catalog.entries()[1].insecure);
  std::string all;
  for (const auto& problem : problems) all += problem + "\n";
  for (const char* text :
       {"m2024_bad", "is a directory", "writable by others", "duplicate version 20240115_120000"}) {
    EXPECT_NE(all.find(text), std::string::npos) << text << " in\n" << all;
  }
}

TEST(MigrationCatalogTest, MissingOrNonDirectoryIsAConfigurationError) {
  TempDir dir;
  auto error = scan_error(dir / "nope");
  EXPECT_EQ(error.code(), ExitCode::Usage);
  EXPECT_NE(std::string(error.what()).find("does not exist"), std::string::npos);
  EXPECT_NE(std::string(error.what()).find("nope"), std::string::npos);

  const auto file = dir.write("file", "");
  error = scan_error(file);
  EXPECT_EQ(error.code(), ExitCode::Usage);
  EXPECT_NE(std::string(error.what()).find("not a directory"), std::string::npos);
}

}  // namespace
}  // namespace kit::host
