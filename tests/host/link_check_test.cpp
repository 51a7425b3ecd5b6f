// LinkCheck: it vouches for a migration built against this SDK without loading it, and says
// "cannot tell" for anything it cannot vouch for, so that the pre-flight loads those.
#include "link_check.hpp"

#include <dlfcn.h>
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "kit/plugin.hpp"
#include "temp_dir.hpp"

namespace kit::host {
namespace {

bool loaded(const std::string& library) {
  void* handle = ::dlopen(library.c_str(), RTLD_LAZY | RTLD_NOLOAD);
  if (handle != nullptr) ::dlclose(handle);
  return handle != nullptr;
}

bool vouches(LinkCheck& check, const std::filesystem::path& file) {
  return check.certainly_loads(
      file, {KIT_PLUGIN_INFO_SYMBOL, KIT_MIGRATION_CREATE_SYMBOL, KIT_MIGRATION_DESTROY_SYMBOL});
}

TEST(LinkCheckTest, VouchesForAMigrationWithoutLoadingIt) {
  LinkCheck check;
  EXPECT_TRUE(vouches(check, KIT_TEST_MIGRATION));
  EXPECT_TRUE(vouches(check, KIT_TEST_MIGRATION)) << "again, from the symbols it remembered";
  EXPECT_FALSE(loaded(KIT_TEST_MIGRATION));
}

TEST(LinkCheckTest, CannotTellWithoutEveryEntryPoint) {
  LinkCheck check;
  EXPECT_FALSE(check.certainly_loads(KIT_TEST_MIGRATION,
                                     {KIT_PLUGIN_INFO_SYMBOL, "kit_migration_create_v2"}));
  // A driver is not a migration: it lacks the migration's entry points, whatever it links.
  EXPECT_FALSE(vouches(check, KIT_TEST_SQLITE_DRIVER));
}

TEST(LinkCheckTest, CannotTellForALibraryThatIsNotLoadedHere) {
  // The SQLite driver needs libsqlite3, which this process has not loaded.
  if (loaded("libsqlite3.so.0")) GTEST_SKIP() << "libsqlite3 is loaded in this process";
  LinkCheck check;
  EXPECT_FALSE(check.certainly_loads(KIT_TEST_SQLITE_DRIVER, {KIT_PLUGIN_INFO_SYMBOL}));
  EXPECT_FALSE(loaded("libsqlite3.so.0"));
}

TEST(LinkCheckTest, CannotTellForWhatIsNotAWholeLibrary) {
  const test::TempDir dir;
  LinkCheck check;
  EXPECT_FALSE(vouches(check, dir / "missing.so"));
  EXPECT_FALSE(vouches(check, dir.path()));
  EXPECT_FALSE(vouches(check, dir.write("empty.so", "")));
  std::string noise(4096, '\0');
  std::mt19937 random(11);
  for (auto& c : noise) c = static_cast<char>(random());
  EXPECT_FALSE(vouches(check, dir.write("random.so", noise)));
  const std::string library = test::read_file(KIT_TEST_MIGRATION);
  for (const std::size_t size :
       {std::size_t{64}, std::size_t{200}, library.size() / 2, library.size() - 1}) {
    EXPECT_FALSE(vouches(check, dir.write("cut.so", library.substr(0, size)))) << size;
  }
  // Every single damaged byte of the headers gives an answer, never a crash; the whole
  // library still checks.
  for (std::size_t at = 0; at < 64 + 56 * 4; ++at) {
    std::string damaged = library;
    damaged[at] = static_cast<char>(damaged[at] ^ 0xff);
    (void)vouches(check, dir.write("damaged.so", damaged));
  }
  EXPECT_TRUE(vouches(check, dir.write("whole.so", library)));
}

}  // namespace
}  // namespace kit::host
