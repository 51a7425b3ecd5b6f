// PostgresCatalog: columns, indexes and foreign keys read back from the system catalogs,
// with the builder types they map to (what db:sync will generate code from).
#include "postgres_catalog.hpp"

#include <gtest/gtest.h>

#include "kit/migration.hpp"
#include "kit/schema_manager.hpp"
#include "postgres_test.hpp"

namespace kit::test {

namespace {

using PostgresCatalogTest = PostgresTest;

TEST_F(PostgresCatalogTest, ColumnsReportTypeNullabilityDefaultAndBuilderType) {
  auto driver = open();
  const std::vector<ColumnDef> columns = {
      ColumnDef("id").integer().not_null().auto_increment().primary_key(),
      ColumnDef("big").big_integer(),
      ColumnDef("small").small_integer(),
      ColumnDef("f").float_(),
      ColumnDef("d").double_(),
      ColumnDef("n").decimal(),
      ColumnDef("np").decimal_len(10, 2),
      ColumnDef("s").string(),
      ColumnDef("sl").string_len(20).not_null().default_value("it's; fine"),
      ColumnDef("t").text(),
      ColumnDef("b").boolean().default_value(true),
      ColumnDef("ts").timestamp().default_value(Expr::current_timestamp()),
      ColumnDef("tz").timestamp_with_time_zone(),
      ColumnDef("dt").date(),
      ColumnDef("tm").time(),
      ColumnDef("bl").blob(),
      ColumnDef("j").json(),
      ColumnDef("jb").json_binary(),
      ColumnDef("u").uuid(),
  };
  auto create = Table::create().table("everything");
  for (const auto& column : columns) create.col(column);
  SchemaManager(*driver).create_table(create);

  const auto read = driver->catalog().columns("everything");
  ASSERT_EQ(read.size(), columns.size());
  const std::vector<std::string> types = {"integer",
                                          "bigint",
                                          "smallint",
                                          "real",
                                          "double precision",
                                          "numeric",
                                          "numeric(10,2)",
                                          "character varying",
                                          "character varying(20)",
                                          "text",
                                          "boolean",
                                          "timestamp without time zone",
                                          "timestamp with time zone",
                                          "date",
                                          "time without time zone",
                                          "bytea",
                                          "json",
                                          "jsonb",
                                          "uuid"};
  for (std::size_t i = 0; i < columns.size(); ++i) {
    SCOPED_TRACE(columns[i].get_name().name());
    EXPECT_EQ(read[i].name, columns[i].get_name().name());
    EXPECT_EQ(read[i].type, types[i]);
    ASSERT_TRUE(read[i].kit_type.has_value());
    EXPECT_TRUE(*read[i].kit_type == *columns[i].get_type());  // the builder type round-trips
  }
  EXPECT_FALSE(read[0].nullable);
  EXPECT_EQ(read[0].identity, "BY DEFAULT");
  EXPECT_EQ(read[0].default_sql, std::nullopt);
  EXPECT_TRUE(read[1].nullable);
  EXPECT_FALSE(read[8].nullable);
  EXPECT_EQ(read[8].default_sql, "'it''s; fine'::character varying");
  EXPECT_EQ(read[10].default_sql, "true");
  EXPECT_EQ(read[11].default_sql, "CURRENT_TIMESTAMP");
  EXPECT_TRUE(driver->catalog().columns("missing").empty());
}

TEST_F(PostgresCatalogTest, TypesTheBuilderLacksHaveNoBuilderType) {
  auto driver = open();
  driver->execute(
      "CREATE TABLE odd (r int4range, c char(3), g integer GENERATED ALWAYS AS (1) STORED)");
  const auto read = driver->catalog().columns("odd");
  ASSERT_EQ(read.size(), 3u);
  EXPECT_EQ(read[0].kit_type, std::nullopt);
  EXPECT_EQ(read[1].type, "character(3)");
  EXPECT_EQ(read[1].kit_type, std::nullopt);
  EXPECT_EQ(read[2].generated_sql, "1");
  EXPECT_EQ(read[2].default_sql, std::nullopt);
}

TEST_F(PostgresCatalogTest, IndexesAndForeignKeys) {
  auto driver = open();
  SchemaManager manager(*driver);
  manager.create_table(
      Table::create()
          .table("users")
          .col(ColumnDef("id").integer().not_null().primary_key())
          .col(ColumnDef("tenant").integer().not_null())
          .col(ColumnDef("email").string().unique_key())
          .index(Index::create().name("users_tenant_id").col("tenant").col("id").unique()));
  manager.create_table(Table::create()
                           .table("posts")
                           .col(ColumnDef("id").integer().not_null().primary_key())
                           .col(ColumnDef("user_id").integer())
                           .col(ColumnDef("tenant").integer())
                           .foreign_key(ForeignKey::create()
                                            .name("fk_posts_user")
                                            .from_col("tenant")
                                            .from_col("user_id")
                                            .to_tbl("users")
                                            .to_col("tenant")
                                            .to_col("id")
                                            .on_delete(ForeignKeyAction::Cascade)
                                            .on_update(ForeignKeyAction::SetNull))
                           .foreign_key(ForeignKey::create().from_col("id").to("users", "id")));
  driver->execute("CREATE INDEX posts_lower ON posts ((user_id + 1)) WHERE tenant > 0");

  const auto indexes = driver->catalog().indexes("users");
  ASSERT_EQ(indexes.size(), 3u);
  EXPECT_EQ(indexes[0].name, "users_email_key");
  EXPECT_EQ(indexes[0].columns, (std::vector<std::string>{"email"}));
  EXPECT_TRUE(indexes[0].unique);
  EXPECT_TRUE(indexes[0].constraint);
  EXPECT_EQ(indexes[1].name, "users_pkey");
  EXPECT_TRUE(indexes[1].primary);
  EXPECT_EQ(indexes[2].name, "users_tenant_id");
  EXPECT_EQ(indexes[2].columns, (std::vector<std::string>{"tenant", "id"}));
  EXPECT_TRUE(indexes[2].unique);
  EXPECT_FALSE(indexes[2].constraint);
  EXPECT_EQ(indexes[2].definition,
            "CREATE UNIQUE INDEX users_tenant_id ON public.users USING btree (tenant, id)");

  const auto post_indexes = driver->catalog().indexes("posts");
  ASSERT_EQ(post_indexes.size(), 2u);
  EXPECT_EQ(post_indexes[0].name, "posts_lower");
  EXPECT_TRUE(post_indexes[0].partial);
  EXPECT_TRUE(post_indexes[0].expressions);
  EXPECT_TRUE(post_indexes[0].columns.empty());

  const auto keys = driver->catalog().foreign_keys("posts");
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].name, "fk_posts_user");
  EXPECT_EQ(keys[0].columns, (std::vector<std::string>{"tenant", "user_id"}));
  EXPECT_EQ(keys[0].referenced_schema, "public");
  EXPECT_EQ(keys[0].referenced_table, "users");
  EXPECT_EQ(keys[0].referenced_columns, (std::vector<std::string>{"tenant", "id"}));
  EXPECT_EQ(keys[0].on_delete, ForeignKeyAction::Cascade);
  EXPECT_EQ(keys[0].on_update, ForeignKeyAction::SetNull);
  EXPECT_EQ(keys[1].name, "posts_id_foreign");
  EXPECT_EQ(keys[1].on_delete, ForeignKeyAction::NoAction);
  EXPECT_TRUE(driver->catalog().foreign_keys("users").empty());
}

TEST_F(PostgresCatalogTest, ViewsAreListedApartFromTables) {
  auto driver = open();
  driver->execute(
      "CREATE TABLE t (a integer); CREATE VIEW v AS SELECT a FROM t; "
      "CREATE MATERIALIZED VIEW m AS SELECT a FROM t");
  EXPECT_EQ(driver->catalog().tables(), (std::vector<std::string>{"t"}));
  EXPECT_EQ(driver->catalog().views(), (std::vector<std::string>{"m", "v"}));
  EXPECT_EQ(driver->catalog().columns("v").size(), 1u);
}

TEST(PostgresCatalog, MapsTypeNamesAndModifiersToBuilderTypes) {
  const auto numeric = PostgresCatalog::to_kit_type("numeric", ((12 << 16) | 3) + 4);
  ASSERT_TRUE(numeric);
  EXPECT_EQ(numeric->kind, ColumnKind::Decimal);
  EXPECT_EQ(numeric->precision, 12u);
  EXPECT_EQ(numeric->scale, 3u);
  const auto plain = PostgresCatalog::to_kit_type("numeric", -1);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->precision, std::nullopt);
  const auto varchar = PostgresCatalog::to_kit_type("varchar", 255 + 4);
  ASSERT_TRUE(varchar);
  EXPECT_EQ(varchar->length, 255u);
  EXPECT_EQ(PostgresCatalog::to_kit_type("int4range", -1), std::nullopt);
}

}  // namespace

}  // namespace kit::test
