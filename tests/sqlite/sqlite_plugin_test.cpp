// The built kit_driver_sqlite plugin, loaded the way kit-host loads it: its manifest first,
// then its factory, a driver used and destroyed before the library is closed.
#include <gtest/gtest.h>

#include <dlfcn.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <memory>
#include <string>

#include "kit/driver.hpp"
#include "kit/migration.hpp"

namespace {

class SqlitePluginTest : public ::testing::Test {
 protected:
  void SetUp() override {
    handle_ = ::dlopen(KIT_SQLITE_PLUGIN, RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(handle_, nullptr) << ::dlerror();
  }
  void TearDown() override {
    if (handle_ != nullptr) ::dlclose(handle_);
  }
  template <class T>
  T symbol(const char* name) {
    return reinterpret_cast<T>(::dlsym(handle_, name));
  }

  void* handle_ = nullptr;
};

TEST_F(SqlitePluginTest, ManifestNamesTheSqliteDriver) {
  const auto* info = symbol<const kit_manifest*>(KIT_PLUGIN_INFO_SYMBOL);
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(std::memcmp(info->magic, KIT_MANIFEST_MAGIC, sizeof KIT_MANIFEST_MAGIC), 0);
  EXPECT_EQ(info->abi_version, static_cast<uint32_t>(KIT_ABI_VERSION));
  EXPECT_EQ(info->kind, static_cast<uint32_t>(KIT_PLUGIN_DRIVER));
  EXPECT_STREQ(info->name, "sqlite");
  EXPECT_STREQ(info->schemes, "sqlite");
  EXPECT_STREQ(info->toolchain, KIT_TOOLCHAIN_ID);
}

TEST_F(SqlitePluginTest, ExportsOnlyTheEntryPoints) {
  EXPECT_NE(symbol<void*>(KIT_DRIVER_CREATE_SYMBOL), nullptr);
  EXPECT_NE(symbol<void*>(KIT_DRIVER_DESTROY_SYMBOL), nullptr);
  // Nothing of SQLiteCpp or of the driver's classes leaks into the dynamic symbol table.
  EXPECT_EQ(symbol<void*>("_ZN6SQLite8DatabaseD1Ev"), nullptr);
  EXPECT_EQ(symbol<void*>("_ZN3kit6sqlite12SqliteDriverD1Ev"), nullptr);
}

TEST_F(SqlitePluginTest, CreatesAWorkingDriver) {
  const auto create = symbol<kit::DriverCreateFn>(KIT_DRIVER_CREATE_SYMBOL);
  const auto destroy = symbol<kit::DriverDestroyFn>(KIT_DRIVER_DESTROY_SYMBOL);
  ASSERT_NE(create, nullptr);
  ASSERT_NE(destroy, nullptr);
  {
    std::unique_ptr<kit::Driver, kit::DriverDestroyFn> driver(create("sqlite::memory:"), destroy);
    ASSERT_NE(driver, nullptr);
    EXPECT_EQ(driver->name(), "sqlite");
    kit::SchemaManager manager(*driver);
    driver->begin();
    manager.create_table(kit::Table::create().table("t").col(
        kit::ColumnDef("id").integer().not_null().auto_increment().primary_key()));
    driver->ensure_ledger();
    driver->record({"m20240115_120000_create_t", 1, "", "2024-01-15 12:00:00", 3});
    driver->commit();
    EXPECT_TRUE(driver->has_table("t"));
    EXPECT_EQ(driver->read_ledger().size(), 1u);
    EXPECT_THROW(driver->execute("NOT SQL"), kit::DatabaseError);
  }
  EXPECT_THROW(create("sqlite://a.db?mode=bad"), kit::Error);
}

// The host asks the driver it loaded whether its file is missing through kit::DatabaseFile,
// found by dynamic_cast across the library boundary (its type information is libkit_sdk's).
TEST_F(SqlitePluginTest, TellsTheHostThatItsFileIsMissing) {
  const auto create = symbol<kit::DriverCreateFn>(KIT_DRIVER_CREATE_SYMBOL);
  const auto destroy = symbol<kit::DriverDestroyFn>(KIT_DRIVER_DESTROY_SYMBOL);
  ASSERT_NE(create, nullptr);
  const auto path = std::filesystem::temp_directory_path() /
                    ("kit_sqlite_plugin_missing_" + std::to_string(::getpid()) + ".db");
  std::unique_ptr<kit::Driver, kit::DriverDestroyFn> driver(
      create(("sqlite://" + path.string()).c_str()), destroy);
  const auto* file = dynamic_cast<const kit::DatabaseFile*>(driver.get());
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->missing_file(), path.string());
  driver->ensure_ledger();
  EXPECT_EQ(file->missing_file(), std::nullopt);
  driver.reset();
  std::filesystem::remove(path);
}

}  // namespace
