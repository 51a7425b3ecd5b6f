// make:migration in a team's own project: the generated sources build unchanged with
// find_package(Kit) + kit_add_migrations, and kit-host applies and reverts them, on each
// database.
#include <regex>

#include "host_test.hpp"

namespace kit::test {
namespace {

using MakeMigration = DatabaseTest;
KIT_E2E_ON_EVERY_DATABASE(MakeMigration);

/// Configures and builds a CMake project with the same toolchain as this build.
void build_project(const fs::path& source, const fs::path& binary) {
  const auto configure = Process::run(
      KIT_E2E_CMAKE,
      {"-S", source.string(), "-B", binary.string(), "-G", KIT_E2E_GENERATOR,
       "-DCMAKE_MAKE_PROGRAM=" KIT_E2E_MAKE_PROGRAM, "-DCMAKE_CXX_COMPILER=" KIT_E2E_CXX_COMPILER,
       "-DCMAKE_BUILD_TYPE=Release", "-DKit_DIR=" KIT_E2E_KIT_DIR},
      source);
  ASSERT_EQ(configure.exit_code, 0) << configure.out << configure.err;
  const auto build = Process::run(KIT_E2E_CMAKE, {"--build", binary.string(), "-j2"}, source);
  ASSERT_EQ(build.exit_code, 0) << build.out << build.err;
}

TEST_P(MakeMigration, GeneratedSourcesBuildAndMigrateInAConsumerProject) {
  const fs::path project = dir_ / "project";
  dir_.write("project/CMakeLists.txt",
             "cmake_minimum_required(VERSION 3.25)\n"
             "project(widgets LANGUAGES CXX)\n"
             "find_package(Kit REQUIRED)\n"
             "kit_add_migrations(DIRECTORY migrations\n"
             "  OUTPUT_DIRECTORY \"${CMAKE_BINARY_DIR}/migrations\" TARGET widget_migrations)\n");

  const std::vector<std::string> names = {"create_widgets_table", "add_color_to_widgets",
                                          "backfill_widget_colors", "drop_widgets_table"};
  std::vector<std::string> stems;
  for (const auto& name : names) {
    const auto result = kit_as_is({"make:migration", name, "--path", "project/migrations"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    std::smatch match;
    ASSERT_TRUE(std::regex_match(
        result.out, match,
        std::regex("Created migration project/migrations/(m\\d{8}_\\d{6}_" + name + ")\\.cpp\n")))
        << result.out;
    stems.push_back(match[1]);
    EXPECT_TRUE(fs::exists(project / "migrations" / (stems.back() + ".cpp")));
  }
  EXPECT_TRUE(std::is_sorted(stems.begin(), stems.end()));

  const auto duplicate =
      kit_as_is({"make:migration", "create_widgets_table", "--path", "project/migrations"});
  EXPECT_EQ(duplicate.exit_code, 2);
  expect_error_line(duplicate, {"create_widgets_table", "already exists"});
  const auto invalid =
      kit_as_is({"make:migration", "CreateGadgets", "--path", "project/migrations"});
  EXPECT_EQ(invalid.exit_code, 2);
  expect_error_line(invalid, {"'CreateGadgets'", "snake_case"});

  build_project(project, project / "build");
  const std::string artifacts = (project / "build" / "migrations").string();

  // Up to the blank migration: the table with its timestamps and the added column.
  auto result = kit({"migrate", "--dir", artifacts, "--step", "3"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_TRUE(contains(result.out, "Running 3 migrations (batch 1)")) << result.out;
  EXPECT_EQ(schema().column_names("widgets"),
            (std::vector<std::string>{"id", "created_at", "updated_at", "color"}));

  // Their down()s revert them: the column, then the table.
  result = kit({"migrate:reset", "--dir", artifacts});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_TRUE(contains(result.out, "Rolling back 3 migrations")) << result.out;
  EXPECT_EQ(schema().tables(), std::vector<std::string>{"kit_migrations"});

  // All four: the drop migration removes the table; its down() recreates it with an id.
  ASSERT_EQ(kit({"migrate", "--dir", artifacts}).exit_code, 0);
  EXPECT_FALSE(has(schema().tables(), "widgets"));
  result = kit({"migrate:rollback", "--dir", artifacts});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_TRUE(contains(result.out, stems[3])) << result.out;
  EXPECT_EQ(schema().column_names("widgets"), std::vector<std::string>{"id"});
}

}  // namespace
}  // namespace kit::test
