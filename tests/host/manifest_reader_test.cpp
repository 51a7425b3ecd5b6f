#include "manifest_reader.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "plugin_library.hpp"
#include "temp_dir.hpp"

namespace kit::host {
namespace {

using Status = ManifestReader::Status;

TEST(ManifestReaderTest, ReadsAMigrationsManifestWithoutLoadingIt) {
  const auto result = ManifestReader::read(KIT_TEST_MIGRATION);
  ASSERT_EQ(result.status, Status::Found) << result.problem;
  EXPECT_EQ(PluginLibrary::manifest_problem(result.manifest, KIT_PLUGIN_MIGRATION), std::nullopt);
  EXPECT_STREQ(result.manifest.name, "m20240115_120000_create_users_table");
  EXPECT_EQ(std::strlen(result.manifest.checksum), 64u);
}

TEST(ManifestReaderTest, ReadsTheSameBytesTheLoaderSees) {
  const auto result = ManifestReader::read(KIT_TEST_MIGRATION);
  ASSERT_EQ(result.status, Status::Found) << result.problem;
  const auto loaded = PluginLibrary::open(KIT_TEST_MIGRATION, KIT_PLUGIN_MIGRATION);
  EXPECT_EQ(std::memcmp(&result.manifest, &loaded->manifest(), sizeof(kit_manifest)), 0);
}

TEST(ManifestReaderTest, ReadsADriversManifest) {
  const auto result = ManifestReader::read(KIT_TEST_SQLITE_DRIVER);
  ASSERT_EQ(result.status, Status::Found) << result.problem;
  EXPECT_EQ(result.manifest.kind, static_cast<std::uint32_t>(KIT_PLUGIN_DRIVER));
  EXPECT_STREQ(result.manifest.schemes, "sqlite");
}

TEST(ManifestReaderTest, AnElfLibraryWithoutAManifest) {
  EXPECT_EQ(ManifestReader::read(KIT_TEST_SDK_LIBRARY).status, Status::NoSection);
}

TEST(ManifestReaderTest, FilesThatAreNotElf) {
  const test::TempDir dir;
  std::string noise(4096, '\0');
  std::mt19937 random(7);
  for (auto& c : noise) c = static_cast<char>(random());
  EXPECT_EQ(ManifestReader::read(dir.write("random.so", noise)).status, Status::NotElf);
  EXPECT_EQ(ManifestReader::read(dir.write("empty.so", "")).status, Status::NotElf);
  EXPECT_EQ(ManifestReader::read(dir.write("short.so",
                                           "\x7f"
                                           "ELF"))
                .status,
            Status::NotElf);
  EXPECT_EQ(ManifestReader::read(dir.path()).status, Status::NotElf);
  EXPECT_EQ(ManifestReader::read(dir / "missing.so").status, Status::Unreadable);
}

TEST(ManifestReaderTest, TruncatedAndDamagedElfFiles) {
  const test::TempDir dir;
  const std::string library = test::read_file(KIT_TEST_MIGRATION);
  ASSERT_GT(library.size(), 1024u);
  for (const std::size_t size :
       {std::size_t{64}, std::size_t{200}, library.size() / 2, library.size() - 1}) {
    const auto result = ManifestReader::read(dir.write("cut.so", library.substr(0, size)));
    EXPECT_EQ(result.status, Status::Corrupt) << "cut at " << size << ": " << result.problem;
  }
  // Every single corrupted byte of the ELF header still gives an answer, never a crash.
  for (std::size_t at = 0; at < 64; ++at) {
    std::string damaged = library;
    damaged[at] = static_cast<char>(damaged[at] ^ 0xff);
    (void)ManifestReader::read(dir.write("damaged.so", damaged));
  }
}

}  // namespace
}  // namespace kit::host
