#include "codegen.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "host_error.hpp"
#include "temp_dir.hpp"

namespace kit::host {
namespace {

using kit::test::read_file;
using kit::test::TempDir;
using Clock = std::chrono::system_clock;

// 2024-01-15 12:00:00 UTC
const Clock::time_point kNoon = Clock::from_time_t(1705320000);

TEST(CodegenTest, NameRules) {
  for (const char* name : {"create_users_table", "a", "add_2fa_to_users", "v2", "x_1_y"}) {
    EXPECT_TRUE(Codegen::is_valid_name(name)) << name;
  }
  for (const char* name : {"", "CreateUsers", "create-users", "_create", "create_", "create__users",
                           "1create", "create users", "créer", "create.users", "Create_users"}) {
    EXPECT_FALSE(Codegen::is_valid_name(name)) << name;
  }
}

TEST(CodegenTest, ChoosesTheTemplateByTheName) {
  auto choice = Codegen::choose("create_users_table");
  EXPECT_EQ(choice.kind, Codegen::Template::CreateTable);
  EXPECT_EQ(choice.table, "users");

  choice = Codegen::choose("create_user_roles_table");
  EXPECT_EQ(choice.kind, Codegen::Template::CreateTable);
  EXPECT_EQ(choice.table, "user_roles");

  choice = Codegen::choose("add_phone_number_to_users");
  EXPECT_EQ(choice.kind, Codegen::Template::AddColumn);
  EXPECT_EQ(choice.column, "phone_number");
  EXPECT_EQ(choice.table, "users");

  choice = Codegen::choose("add_phone_to_users_table");
  EXPECT_EQ(choice.kind, Codegen::Template::AddColumn);
  EXPECT_EQ(choice.column, "phone");
  EXPECT_EQ(choice.table, "users");

  choice = Codegen::choose("drop_sessions_table");
  EXPECT_EQ(choice.kind, Codegen::Template::DropTable);
  EXPECT_EQ(choice.table, "sessions");

  for (const char* name : {"backfill_user_names", "create_table", "create_users", "drop_table",
                           "add_to_users", "add_phone", "add_phone_to", "users_table"}) {
    EXPECT_EQ(Codegen::choose(name).kind, Codegen::Template::Blank) << name;
  }
}

TEST(CodegenTest, PascalCase) {
  EXPECT_EQ(Codegen::pascal_case("users"), "Users");
  EXPECT_EQ(Codegen::pascal_case("created_at"), "CreatedAt");
  EXPECT_EQ(Codegen::pascal_case("create_users_table"), "CreateUsersTable");
  EXPECT_EQ(Codegen::pascal_case("oauth2_tokens"), "Oauth2Tokens");
}

TEST(CodegenTest, FileStemUsesUtcTimestamp) {
  EXPECT_EQ(Codegen::file_stem("create_users_table", kNoon), "m20240115_120000_create_users_table");
}

TEST(CodegenTest, CreateTableTemplate) {
  const auto source = Codegen::render("create_widgets_table");
  EXPECT_NE(source.find("KIT_IDEN(Widgets, Table, Id, CreatedAt, UpdatedAt);"), std::string::npos)
      << source;
  EXPECT_NE(source.find("class CreateWidgetsTable final : public Migration"), std::string::npos);
  EXPECT_NE(source.find(".table(Widgets::Table)"), std::string::npos);
  EXPECT_NE(
      source.find("ColumnDef(Widgets::Id).integer().not_null().auto_increment().primary_key()"),
      std::string::npos);
  EXPECT_NE(source.find("ColumnDef(Widgets::CreatedAt)"), std::string::npos);
  EXPECT_NE(source.find("ColumnDef(Widgets::UpdatedAt)"), std::string::npos);
  EXPECT_NE(source.find("manager.drop_table(Table::drop().table(Widgets::Table));"),
            std::string::npos);
  EXPECT_NE(source.find("KIT_MIGRATION(CreateWidgetsTable)"), std::string::npos);
  EXPECT_NE(source.find("#include <kit/migration.hpp>"), std::string::npos);
}

TEST(CodegenTest, AddColumnTemplate) {
  const auto source = Codegen::render("add_phone_number_to_users");
  EXPECT_NE(source.find("KIT_IDEN(Users, Table, PhoneNumber);"), std::string::npos) << source;
  EXPECT_NE(source.find(".add_column(ColumnDef(Users::PhoneNumber).string().null())"),
            std::string::npos);
  EXPECT_NE(source.find(".drop_column(Users::PhoneNumber)"), std::string::npos);
  EXPECT_NE(source.find("KIT_MIGRATION(AddPhoneNumberToUsers)"), std::string::npos);
}

TEST(CodegenTest, DropTableTemplateRecreatesInDown) {
  const auto source = Codegen::render("drop_sessions_table");
  const auto up = source.find("void up(");
  const auto down = source.find("void down(");
  ASSERT_NE(up, std::string::npos);
  ASSERT_NE(down, std::string::npos);
  EXPECT_NE(source.find("manager.drop_table(Table::drop().table(Sessions::Table));", up),
            std::string::npos);
  EXPECT_NE(source.find("manager.create_table(", down), std::string::npos) << source;
  EXPECT_NE(source.find("ColumnDef(Sessions::Id)", down), std::string::npos);
}

TEST(CodegenTest, BlankTemplate) {
  const auto source = Codegen::render("backfill_user_names");
  EXPECT_NE(source.find("class BackfillUserNames final : public Migration"), std::string::npos);
  EXPECT_NE(source.find("void up([[maybe_unused]] SchemaManager& manager) override"),
            std::string::npos);
  EXPECT_NE(source.find("void down([[maybe_unused]] SchemaManager& manager) override"),
            std::string::npos);
  EXPECT_EQ(source.find("KIT_IDEN"), std::string::npos);
  EXPECT_NE(source.find("KIT_MIGRATION(BackfillUserNames)"), std::string::npos);
}

TEST(CodegenTest, NamesThatKitIdenCannotSpellBecomeStrings) {
  // "table" would declare a struct Table that clashes with kit::Table.
  auto source = Codegen::render("create_table_table");
  EXPECT_EQ(source.find("KIT_IDEN"), std::string::npos) << source;
  EXPECT_NE(source.find(".table(\"table\")"), std::string::npos) << source;
  // "a_1" -> "A1" -> "a1": no round trip, so a string.
  source = Codegen::render("add_a_1_to_users");
  EXPECT_NE(source.find("KIT_IDEN(Users, Table);"), std::string::npos) << source;
  EXPECT_NE(source.find("ColumnDef(\"a_1\")"), std::string::npos) << source;
  // A column named "table" would be the KIT_IDEN's own Table member.
  source = Codegen::render("add_table_to_users");
  EXPECT_NE(source.find("ColumnDef(\"table\")"), std::string::npos) << source;
}

TEST(CodegenTest, MakeMigrationWritesTheFileAndCreatesTheDirectory) {
  TempDir dir;
  const auto file = Codegen::make_migration(dir / "migrations", "create_widgets_table", kNoon);
  EXPECT_EQ(file, dir / "migrations" / "m20240115_120000_create_widgets_table.cpp");
  EXPECT_EQ(read_file(file), Codegen::render("create_widgets_table"));
}

TEST(CodegenTest, MakeMigrationRefusesAnExistingNameAtAnyTimestamp) {
  TempDir dir;
  dir.write("m20200101_000000_create_widgets_table.cpp", "");
  try {
    (void)Codegen::make_migration(dir.path(), "create_widgets_table", kNoon);
    FAIL() << "accepted a duplicate name";
  } catch (const HostError& error) {
    EXPECT_EQ(error.code(), ExitCode::Usage);
    EXPECT_NE(std::string(error.what()).find("m20200101_000000_create_widgets_table.cpp"),
              std::string::npos);
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "m20240115_120000_create_widgets_table.cpp"));
}

TEST(CodegenTest, MakeMigrationRefusesAnInvalidName) {
  TempDir dir;
  try {
    (void)Codegen::make_migration(dir.path(), "CreateWidgets", kNoon);
    FAIL() << "accepted an invalid name";
  } catch (const HostError& error) {
    EXPECT_EQ(error.code(), ExitCode::Usage);
    EXPECT_NE(std::string(error.what()).find("'CreateWidgets' is not a valid migration name"),
              std::string::npos);
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(CodegenTest, MakeMigrationKeepsTimestampsUnique) {
  TempDir dir;
  const auto first = Codegen::make_migration(dir.path(), "create_widgets_table", kNoon);
  const auto second = Codegen::make_migration(dir.path(), "add_color_to_widgets", kNoon);
  const auto third = Codegen::make_migration(dir.path(), "drop_widgets_table", kNoon);
  EXPECT_EQ(first.filename(), "m20240115_120000_create_widgets_table.cpp");
  EXPECT_EQ(second.filename(), "m20240115_120001_add_color_to_widgets.cpp");
  EXPECT_EQ(third.filename(), "m20240115_120002_drop_widgets_table.cpp");
}

}  // namespace
}  // namespace kit::host
