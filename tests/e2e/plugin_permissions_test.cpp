// Plugin folder hygiene, as ssh's StrictModes: kit-host refuses to load (or read the
// manifest of) an artifact or a driver that someone else could have changed: a file, or the
// folder it is loaded from, writable by group or others, or owned by another user than root
// or the one running kit-host. --allow-insecure-plugins and KIT_ALLOW_INSECURE_PLUGINS=1
// load them anyway. Temporary folders here are made with the modes each case needs.
#include <unistd.h>

#include "host_test.hpp"

namespace kit::test {
namespace {

using Strings = std::vector<std::string>;
using fs::perms;

using PluginPermissions = DatabaseTest;
KIT_E2E_ON_EVERY_DATABASE(PluginPermissions);

void add_permissions(const fs::path& path, perms added) {
  fs::permissions(path, added, fs::perm_options::add);
}

TEST_P(PluginPermissions, TheBuildTreeAndCopiesOfItAreAccepted) {
  // What the README's commands use: build/migrations and build/lib/kit/drivers as built.
  link_examples_as_default_dir();
  const auto result = kit({"migrate:validate"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  copy_artifacts(KIT_E2E_EXAMPLES_DIR, "artifacts");
  const auto copied = kit({"migrate", "--dir", "artifacts"});
  EXPECT_EQ(copied.exit_code, 0) << copied.out << copied.err;
}

TEST_P(PluginPermissions, AFolderWritableByGroupIsRefused) {
  const auto dir = copy_artifacts(KIT_E2E_EXAMPLES_DIR, "artifacts");
  fs::permissions(
      dir, perms::owner_all | perms::group_all | perms::others_read | perms::others_exec);  // 0775
  for (const char* command : {"migrate", "migrate:status", "migrate:rollback"}) {
    const auto result = kit({command, "--dir", "artifacts"});
    EXPECT_EQ(result.exit_code, 3) << command << ": " << result.err;
    expect_error_line(result, {"artifacts: refusing to load plugins from a folder that others "
                               "can change: it is writable by group (mode 0775)",
                               "chmod go-w", "--allow-insecure-plugins"});
  }
  EXPECT_TRUE(untouched());
  const auto validate = kit({"migrate:validate", "--dir", "artifacts"});
  EXPECT_EQ(validate.exit_code, 4);
  EXPECT_TRUE(contains(validate.err, "writable by group (mode 0775)")) << validate.err;

  const auto allowed = kit({"migrate", "--dir", "artifacts", "--allow-insecure-plugins"});
  EXPECT_EQ(allowed.exit_code, 0) << allowed.out << allowed.err;
  EXPECT_EQ(schema().ledger_versions(), kExamples);
}

TEST_P(PluginPermissions, AnArtifactWritableByOthersIsRefused) {
  const auto dir = copy_artifacts(KIT_E2E_EXAMPLES_DIR, "artifacts");
  add_permissions(dir / (kPhone + ".so"), perms::others_write | perms::group_write);
  const auto result = kit({"migrate", "--dir", "artifacts"});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  expect_error_line(result, {"artifacts/" + kPhone +
                             ".so: refusing to load a plugin that others "
                             "can change: it is writable by group and others (mode 0777)"});
  EXPECT_TRUE(untouched());

  const auto allowed =
      kit({"migrate", "--dir", "artifacts"}, {{"KIT_ALLOW_INSECURE_PLUGINS", "1"}});
  EXPECT_EQ(allowed.exit_code, 0) << allowed.out << allowed.err;
  const auto bad_value =
      kit({"migrate:status", "--dir", "artifacts"}, {{"KIT_ALLOW_INSECURE_PLUGINS", "maybe"}});
  EXPECT_EQ(bad_value.exit_code, 2);
  expect_error_line(
      bad_value, {"KIT_ALLOW_INSECURE_PLUGINS takes 1/0, true/false, yes/no or on/off", "'maybe'"});
}

TEST_P(PluginPermissions, ALinkIntoAFolderOthersCanWriteIsRefused) {
  const auto elsewhere = copy_artifacts(KIT_E2E_EXAMPLES_DIR, "elsewhere", 1);
  add_permissions(elsewhere, perms::others_write);
  fs::create_directory(dir_ / "artifacts");
  fs::create_symlink(elsewhere / (kUsers + ".so"), dir_ / "artifacts" / (kUsers + ".so"));
  const auto result = kit({"migrate", "--dir", "artifacts"});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  expect_error_line(result, {"elsewhere: refusing to load plugins from a folder",
                             "writable by others (mode 0757)"});
  EXPECT_TRUE(untouched());
}

TEST_P(PluginPermissions, ADriverFolderWritableByOthersIsRefused) {
  const auto drivers = dir_ / "drivers";
  fs::create_directory(drivers);
  for (const char* driver : {"kit_driver_sqlite.so", "kit_driver_postgres.so"}) {
    if (fs::exists(fs::path(KIT_E2E_DRIVERS_DIR) / driver)) {
      fs::copy_file(fs::path(KIT_E2E_DRIVERS_DIR) / driver, drivers / driver);
    }
  }
  link_examples_as_default_dir();
  ASSERT_EQ(kit({"migrate:status", "--drivers", "drivers"}).exit_code, 0);
  add_permissions(drivers, perms::group_write | perms::others_write);
  const auto result = kit({"migrate:status", "--drivers", "drivers"});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  expect_error_line(result, {"drivers: refusing to load plugins from a folder",
                             "writable by group and others (mode 0777)"});
  const auto allowed = kit({"migrate:status", "--drivers", "drivers", "--allow-insecure-plugins"});
  EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
}

TEST_P(PluginPermissions, AnArtifactOwnedBySomeoneElseIsRefused) {
  if (::geteuid() != 0) GTEST_SKIP() << "only root can give a file to another user";
  const auto dir = copy_artifacts(KIT_E2E_EXAMPLES_DIR, "artifacts");
  ASSERT_EQ(::chown((dir / (kUsers + ".so")).c_str(), 65534, 65534), 0);
  const auto result = kit({"migrate", "--dir", "artifacts"});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  expect_error_line(result, {kUsers + ".so: refusing to load a plugin", "owned by uid 65534",
                             "neither root nor the user running kit-host", "chown"});
  EXPECT_TRUE(untouched());
}

}  // namespace
}  // namespace kit::test
