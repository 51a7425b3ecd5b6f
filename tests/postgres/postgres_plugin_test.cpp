// kit_driver_postgres.so as kit-host sees it: its manifest, its factory, its errors.
#include <dlfcn.h>

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>

#include "kit/driver.hpp"
#include "kit/error.hpp"
#include "kit/plugin.hpp"
#include "postgres_test.hpp"

namespace kit::test {

namespace {

class PostgresPlugin {
 public:
  PostgresPlugin() : handle_(::dlopen(KIT_POSTGRES_PLUGIN, RTLD_NOW | RTLD_LOCAL)) {
    if (handle_ == nullptr) throw std::runtime_error(::dlerror());
  }
  ~PostgresPlugin() { ::dlclose(handle_); }
  PostgresPlugin(const PostgresPlugin&) = delete;
  PostgresPlugin& operator=(const PostgresPlugin&) = delete;

  template <class T>
  T symbol(const char* name) {
    return reinterpret_cast<T>(::dlsym(handle_, name));
  }

 private:
  void* handle_;
};

TEST(PostgresPlugin, ManifestNamesTheDriverAndItsSchemes) {
  PostgresPlugin plugin;
  const auto* manifest = plugin.symbol<const kit_manifest*>(KIT_PLUGIN_INFO_SYMBOL);
  ASSERT_NE(manifest, nullptr);
  EXPECT_EQ(std::memcmp(manifest->magic, KIT_MANIFEST_MAGIC, sizeof KIT_MANIFEST_MAGIC), 0);
  EXPECT_EQ(manifest->abi_version, static_cast<uint32_t>(KIT_ABI_VERSION));
  EXPECT_EQ(manifest->kind, static_cast<uint32_t>(KIT_PLUGIN_DRIVER));
  EXPECT_STREQ(manifest->name, "postgres");
  EXPECT_STREQ(manifest->schemes, "postgres,postgresql");
  EXPECT_STREQ(manifest->toolchain, KIT_TOOLCHAIN_ID);
  EXPECT_NE(plugin.symbol<DriverCreateFn>(KIT_DRIVER_CREATE_SYMBOL), nullptr);
  EXPECT_NE(plugin.symbol<DriverDestroyFn>(KIT_DRIVER_DESTROY_SYMBOL), nullptr);
}

TEST(PostgresPlugin, BadUrlIsAKitErrorWithoutThePassword) {
  PostgresPlugin plugin;
  const auto create = plugin.symbol<DriverCreateFn>(KIT_DRIVER_CREATE_SYMBOL);
  try {
    (void)create("postgres://u:Top-Secret-9@h/db?bad%20key=1");
    FAIL() << "created";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).find("Top-Secret-9"), std::string::npos) << e.what();
  }
}

using PostgresPluginTest = PostgresTest;

TEST_F(PostgresPluginTest, CreatesADriverThatWorks) {
  PostgresPlugin plugin;
  const auto create = plugin.symbol<DriverCreateFn>(KIT_DRIVER_CREATE_SYMBOL);
  const auto destroy = plugin.symbol<DriverDestroyFn>(KIT_DRIVER_DESTROY_SYMBOL);
  std::unique_ptr<Driver, DriverDestroyFn> driver(create(db().url("schema=via_plugin").c_str()),
                                                  destroy);
  ASSERT_NE(driver, nullptr);
  EXPECT_EQ(driver->name(), "postgres");
  driver->ensure_ledger();
  EXPECT_EQ(driver->tables(), (std::vector<std::string>{"kit_migrations"}));
  try {
    driver->execute("SELECT * FROM nowhere");
    FAIL() << "no error";
  } catch (const DatabaseError& e) {  // the SDK's type, across the plugin boundary
    EXPECT_EQ(e.code(), "42P01");
  }
}

}  // namespace

}  // namespace kit::test
