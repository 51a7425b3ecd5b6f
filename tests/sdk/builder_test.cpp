#include <gtest/gtest.h>

#include "kit/error.hpp"
#include "kit/migration.hpp"
#include "kit/statement.hpp"

namespace {

using namespace kit;

KIT_IDEN(Users, Table, Id, Email, Age);
KIT_IDEN(Posts, Table, Id, UserId);

TEST(ColumnDef, RecordsTypeAndModifiers) {
  const ColumnDef column =
      ColumnDef(Users::Email).string_len(120).not_null().unique_key().default_value("x");
  EXPECT_EQ(column.get_name().name(), "email");
  ASSERT_TRUE(column.get_type().has_value());
  EXPECT_EQ(column.get_type()->kind, ColumnKind::String);
  EXPECT_EQ(column.get_type()->length, 120u);
  EXPECT_EQ(column.get_nullable(), false);
  EXPECT_TRUE(column.is_unique_key());
  EXPECT_FALSE(column.is_primary_key());
  EXPECT_EQ(column.get_default(), Value("x"));
}

TEST(ColumnDef, LastTypeWins) {
  const ColumnDef column = ColumnDef("n").integer().decimal_len(10, 2);
  EXPECT_EQ(column.get_type()->kind, ColumnKind::Decimal);
  EXPECT_EQ(column.get_type()->precision, 10u);
  EXPECT_EQ(column.get_type()->scale, 2u);
  EXPECT_EQ(ColumnDef("m").get_type(), std::nullopt);
}

TEST(Value, LiteralKinds) {
  EXPECT_TRUE(std::holds_alternative<bool>(Value(true).get()));
  EXPECT_TRUE(std::holds_alternative<std::int64_t>(Value(7).get()));
  EXPECT_TRUE(std::holds_alternative<std::int64_t>(Value(7L).get()));
  EXPECT_TRUE(std::holds_alternative<double>(Value(1.5).get()));
  EXPECT_TRUE(std::holds_alternative<std::string>(Value("text").get()));
  EXPECT_TRUE(Value(nullptr).is_null());
  EXPECT_TRUE(std::holds_alternative<Expr>(Value(Expr::current_timestamp()).get()));
}

TEST(TableCreate, CollectsEverything) {
  const TableCreateStatement s =
      Table::create()
          .table(Posts::Table)
          .if_not_exists()
          .col(ColumnDef(Posts::Id).integer().primary_key())
          .col(ColumnDef(Posts::UserId).integer())
          .index(Index::create().col(Posts::UserId))
          .foreign_key(ForeignKey::create().from_col(Posts::UserId).to(Users::Table, Users::Id));
  EXPECT_EQ(s.get_table().name(), "posts");
  EXPECT_TRUE(s.is_if_not_exists());
  EXPECT_EQ(s.get_columns().size(), 2u);
  EXPECT_EQ(s.get_indexes().size(), 1u);
  EXPECT_EQ(s.get_foreign_keys().size(), 1u);
  EXPECT_NO_THROW(validate(Statement(s)));
}

TEST(Names, IndexAndForeignKeyNamesAreDerivedLaravelStyle) {
  EXPECT_EQ(Index::create().table("posts").col("user_id").col("created_at").get_name().name(),
            "posts_user_id_created_at_index");
  EXPECT_EQ(Index::create().table("users").col("email").unique().get_name().name(),
            "users_email_unique");
  EXPECT_EQ(Index::create().name("given").table("t").col("c").get_name().name(), "given");
  EXPECT_EQ(ForeignKey::create().from("posts", "user_id").to("users", "id").get_name().name(),
            "posts_user_id_foreign");
}

TEST(Describe, NamesStatementsForMessages) {
  EXPECT_EQ(describe(Table::create().table("users")), "create table users");
  EXPECT_EQ(describe(Table::alter()
                         .table("posts")
                         .add_column(ColumnDef("a").integer())
                         .modify_column(ColumnDef("b").text())),
            "alter table posts (add column a, modify column b)");
  EXPECT_EQ(describe(Table::drop().table("a").table("b")), "drop table a, b");
  EXPECT_EQ(describe(Table::rename().table("a", "b")), "rename table a to b");
  EXPECT_EQ(describe(Index::drop().name("i")), "drop index i");
  EXPECT_EQ(describe(ForeignKey::drop().name("fk").table("t")), "drop foreign key fk on t");
}

void expect_schema_error(const Statement& statement, const std::string& fragment) {
  try {
    validate(statement);
    ADD_FAILURE() << "accepted " << describe(statement);
  } catch (const SchemaError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(Validate, RejectsIncompleteStatements) {
  expect_schema_error(Table::create().col(ColumnDef("a").integer()), "no table name");
  expect_schema_error(Table::create().table("t"), "no columns");
  expect_schema_error(Table::create().table("t").col(ColumnDef("a")), "column a has no type");
  expect_schema_error(
      Table::create().table("t").col(ColumnDef("a").integer()).col(ColumnDef("a").text()),
      "column a is defined twice");
  expect_schema_error(Table::create()
                          .table("t")
                          .col(ColumnDef("a").integer().primary_key())
                          .col(ColumnDef("b").integer().primary_key()),
                      "composite key");
  expect_schema_error(Table::alter().table("t"), "nothing to alter");
  expect_schema_error(Table::drop(), "no table");
  expect_schema_error(Index::create().table("t"), "no column");
  expect_schema_error(ForeignKey::create().from("a", "b"), "references nothing");
  expect_schema_error(ForeignKey::create().from("a", "b").from_col("c").to("t", "id"),
                      "has 2 columns but references 1");
  expect_schema_error(Table::create().table("t").col(ColumnDef("s").string_len(0)),
                      "string_len(0)");
}

}  // namespace
