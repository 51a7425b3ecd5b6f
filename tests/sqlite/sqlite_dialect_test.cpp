// Golden SQL of SqliteDialect: the same builder input as the other dialects' tests, one
// expected string each. Every CREATE/ALTER is also run on SQLite, to prove it is valid.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "kit/migration.hpp"
#include "kit/sql_renderer.hpp"
#include "sqlite_dialect.hpp"
#include "sqlite_schema.hpp"
#include "sqlite_test_support.hpp"

namespace kit::sqlite {
namespace {

KIT_IDEN(Users, Table, Id, Email, Name, CreatedAt);
KIT_IDEN(Posts, Table, Id, UserId, Title);

using Strings = std::vector<std::string>;

class SqliteDialectTest : public ::testing::Test {
 protected:
  Strings render(const Statement& statement) { return dialect_.render(statement); }

  // Renders a statement that must be one SQL statement, runs it, and returns it.
  std::string one(const Statement& statement) {
    const auto sql = render(statement);
    EXPECT_EQ(sql.size(), 1u);
    run(sql);
    return sql.empty() ? std::string() : sql.front();
  }

  void run(const Strings& sql) {
    for (const auto& s : sql) db_.exec(s);
  }

  SQLite::Database db_{":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE};
  SqliteSchema schema_{db_};
  SqliteDialect dialect_{schema_};
};

// --- CREATE TABLE ------------------------------------------------------------------------------

TEST_F(SqliteDialectTest, CreateTableLikeTheDesignExample) {
  EXPECT_EQ(one(Table::create()
                    .table(Users::Table)
                    .if_not_exists()
                    .col(ColumnDef(Users::Id).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef(Users::Email).string().not_null().unique_key())
                    .col(ColumnDef(Users::CreatedAt).timestamp().not_null())),
            "CREATE TABLE IF NOT EXISTS \"users\" (\"id\" integer NOT NULL PRIMARY KEY "
            "AUTOINCREMENT, \"email\" varchar NOT NULL UNIQUE, \"created_at\" timestamp_text NOT "
            "NULL)");
}

TEST_F(SqliteDialectTest, EveryColumnType) {
  EXPECT_EQ(one(Table::create()
                    .table("types")
                    .col(ColumnDef("a").integer())
                    .col(ColumnDef("b").big_integer())
                    .col(ColumnDef("c").small_integer())
                    .col(ColumnDef("d").float_())
                    .col(ColumnDef("e").double_())
                    .col(ColumnDef("f").decimal())
                    .col(ColumnDef("g").decimal_len(10, 2))
                    .col(ColumnDef("h").string())
                    .col(ColumnDef("i").string_len(255))
                    .col(ColumnDef("j").text())
                    .col(ColumnDef("k").boolean())
                    .col(ColumnDef("l").timestamp())
                    .col(ColumnDef("m").timestamp_with_time_zone())
                    .col(ColumnDef("n").date())
                    .col(ColumnDef("o").time())
                    .col(ColumnDef("p").blob())
                    .col(ColumnDef("q").json())
                    .col(ColumnDef("r").json_binary())
                    .col(ColumnDef("s").uuid())),
            "CREATE TABLE \"types\" (\"a\" integer, \"b\" bigint, \"c\" smallint, \"d\" real, "
            "\"e\" double, \"f\" numeric, \"g\" numeric(10, 2), \"h\" varchar, \"i\" "
            "varchar(255), \"j\" text, \"k\" boolean, \"l\" timestamp_text, \"m\" "
            "timestamp_with_timezone_text, \"n\" date_text, \"o\" time_text, \"p\" blob, \"q\" "
            "json_text, \"r\" jsonb_text, \"s\" uuid_text)");
  // The affinities SQLite derives from those names: text stays text, numbers stay numbers.
  db_.exec(
      "INSERT INTO types (a, d, g, i, l, q, s) VALUES ('7', '1.5', '3.10', 42, "
      "'2024-01-15 12:00:00', '{}', 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6')");
  EXPECT_EQ(test::rows(db_,
                       "SELECT typeof(a), typeof(d), typeof(g), typeof(i), typeof(l), "
                       "typeof(q), typeof(s) FROM types"),
            Strings{"integer|real|real|text|text|text|text"});
}

TEST_F(SqliteDialectTest, EveryModifier) {
  EXPECT_EQ(one(Table::create()
                    .table("m")
                    .col(ColumnDef("id").big_integer().not_null().primary_key())
                    .col(ColumnDef("a").string().null())
                    .col(ColumnDef("b").string().not_null().default_value("x"))
                    .col(ColumnDef("c").integer().unique_key())),
            "CREATE TABLE \"m\" (\"id\" bigint NOT NULL PRIMARY KEY, \"a\" varchar NULL, \"b\" "
            "varchar NOT NULL DEFAULT 'x', \"c\" integer UNIQUE)");
}

TEST_F(SqliteDialectTest, BigAndSmallAutoIncrementKeysAreInteger) {
  EXPECT_EQ(one(Table::create().table("b").col(
                ColumnDef("id").big_integer().not_null().auto_increment().primary_key())),
            "CREATE TABLE \"b\" (\"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT)");
  EXPECT_EQ(one(Table::create().table("s").col(
                ColumnDef("id").small_integer().auto_increment().primary_key())),
            "CREATE TABLE \"s\" (\"id\" integer PRIMARY KEY AUTOINCREMENT)");
}

TEST_F(SqliteDialectTest, AutoIncrementOffTheColumnPrimaryKeyIsUnsupported) {
  try {
    (void)render(Table::create()
                     .table("t")
                     .col(ColumnDef("id").integer().auto_increment())
                     .col(ColumnDef("x").integer()));
    FAIL() << "expected UnsupportedError";
  } catch (const UnsupportedError& error) {
    EXPECT_EQ(error.dialect(), "sqlite");
    EXPECT_EQ(error.statement(), "create table t");
    EXPECT_NE(std::string(error.what()).find("INTEGER PRIMARY KEY"), std::string::npos);
  }
  EXPECT_THROW((void)render(Table::create().table("t").col(
                   ColumnDef("id").string().auto_increment().primary_key())),
               UnsupportedError);
  EXPECT_THROW(
      (void)render(Table::alter().table("t").add_column(ColumnDef("n").integer().auto_increment())),
      UnsupportedError);
}

TEST_F(SqliteDialectTest, CompositePrimaryKey) {
  EXPECT_EQ(one(Table::create()
                    .table("post_tags")
                    .col(ColumnDef("post_id").integer().not_null())
                    .col(ColumnDef("tag_id").integer().not_null())
                    .primary_key(Index::create().col("post_id").col("tag_id"))),
            "CREATE TABLE \"post_tags\" (\"post_id\" integer NOT NULL, \"tag_id\" integer NOT "
            "NULL, PRIMARY KEY (\"post_id\", \"tag_id\"))");
}

TEST_F(SqliteDialectTest, ForeignKeysWithAllFiveActions) {
  (void)one(Table::create().table(Users::Table).col(ColumnDef(Users::Id).integer().primary_key()));
  const std::pair<ForeignKeyAction, const char*> actions[] = {
      {ForeignKeyAction::Cascade, "CASCADE"},        {ForeignKeyAction::SetNull, "SET NULL"},
      {ForeignKeyAction::SetDefault, "SET DEFAULT"}, {ForeignKeyAction::Restrict, "RESTRICT"},
      {ForeignKeyAction::NoAction, "NO ACTION"},
  };
  int n = 0;
  for (const auto& [action, sql] : actions) {
    const std::string table = "child" + std::to_string(n++);
    EXPECT_EQ(one(Table::create()
                      .table(table)
                      .col(ColumnDef("user_id").integer())
                      .foreign_key(ForeignKey::create()
                                       .from(table, "user_id")
                                       .to(Users::Table, Users::Id)
                                       .on_delete(action)
                                       .on_update(action))),
              "CREATE TABLE \"" + table + "\" (\"user_id\" integer, CONSTRAINT \"" + table +
                  "_user_id_foreign\" FOREIGN KEY (\"user_id\") REFERENCES \"users\" (\"id\") ON "
                  "DELETE " +
                  sql + " ON UPDATE " + sql + ")");
  }
  EXPECT_EQ(test::rows(db_, "SELECT on_delete, on_update FROM pragma_foreign_key_list('child1')"),
            Strings{"SET NULL|SET NULL"});
}

TEST_F(SqliteDialectTest, ForeignKeyWithoutActionsAndWithDefaultFromTable) {
  EXPECT_EQ(one(Table::create()
                    .table(Posts::Table)
                    .col(ColumnDef(Posts::Id).integer().primary_key())
                    .col(ColumnDef(Posts::UserId).integer())
                    .foreign_key(ForeignKey::create()
                                     .name("fk_posts_user")
                                     .from_col(Posts::UserId)
                                     .to(Users::Table, Users::Id))),
            "CREATE TABLE \"posts\" (\"id\" integer PRIMARY KEY, \"user_id\" integer, CONSTRAINT "
            "\"fk_posts_user\" FOREIGN KEY (\"user_id\") REFERENCES \"users\" (\"id\"))");
}

TEST_F(SqliteDialectTest, CreateTableWithIndexes) {
  const auto sql =
      render(Table::create()
                 .table(Posts::Table)
                 .if_not_exists()
                 .col(ColumnDef(Posts::Id).integer().primary_key())
                 .col(ColumnDef(Posts::Title).string())
                 .index(Index::create().col(Posts::Title))
                 .index(Index::create().name("uq").col(Posts::Id).col(Posts::Title).unique()));
  EXPECT_EQ(sql,
            (Strings{"CREATE TABLE IF NOT EXISTS \"posts\" (\"id\" integer PRIMARY KEY, "
                     "\"title\" varchar)",
                     "CREATE INDEX IF NOT EXISTS \"posts_title_index\" ON \"posts\" (\"title\")",
                     "CREATE UNIQUE INDEX IF NOT EXISTS \"uq\" ON \"posts\" (\"id\", \"title\")"}));
  run(sql);
}

// --- Defaults ----------------------------------------------------------------------------------

TEST_F(SqliteDialectTest, Defaults) {
  EXPECT_EQ(one(Table::create()
                    .table("d")
                    .col(ColumnDef("s").string().default_value("it's; DROP TABLE d; --"))
                    .col(ColumnDef("i").integer().default_value(7))
                    .col(ColumnDef("neg").integer().default_value(-3))
                    .col(ColumnDef("big").big_integer().default_value(9007199254740993LL))
                    .col(ColumnDef("dec").decimal_len(10, 2).default_value(Decimal("12.50")))
                    .col(ColumnDef("dbl").double_().default_value(1.5))
                    .col(ColumnDef("whole").double_().default_value(2.0))
                    .col(ColumnDef("yes").boolean().default_value(true))
                    .col(ColumnDef("no").boolean().default_value(false))
                    .col(ColumnDef("nothing").text().default_value(nullptr))
                    .col(ColumnDef("at").timestamp().default_value(Expr::current_timestamp()))
                    .col(ColumnDef("day").date().default_value(Expr::current_date()))
                    .col(ColumnDef("clock").time().default_value(Expr::current_time()))
                    .col(ColumnDef("expr").text().default_value(Expr::cust("lower('ABC')")))),
            "CREATE TABLE \"d\" (\"s\" varchar DEFAULT 'it''s; DROP TABLE d; --', \"i\" integer "
            "DEFAULT 7, \"neg\" integer DEFAULT -3, \"big\" bigint DEFAULT 9007199254740993, "
            "\"dec\" numeric(10, 2) DEFAULT 12.50, \"dbl\" double DEFAULT 1.5, \"whole\" double "
            "DEFAULT 2.0, \"yes\" boolean DEFAULT TRUE, \"no\" boolean DEFAULT FALSE, \"nothing\" "
            "text DEFAULT NULL, \"at\" timestamp_text DEFAULT CURRENT_TIMESTAMP, \"day\" "
            "date_text DEFAULT CURRENT_DATE, \"clock\" time_text DEFAULT CURRENT_TIME, \"expr\" "
            "text DEFAULT (lower('ABC')))");
  db_.exec("INSERT INTO d DEFAULT VALUES");
  EXPECT_EQ(
      test::rows(db_,
                 "SELECT s, i, neg, big, dec, dbl, whole, yes, no, \"nothing\", length(at), "
                 "length(day), length(clock), expr FROM d"),
      Strings{"it's; DROP TABLE d; --|7|-3|9007199254740993|12.5|1.5|2.0|1|0|NULL|19|10|8|abc"});
}

TEST_F(SqliteDialectTest, BadLiteralsAreRefused) {
  EXPECT_THROW((void)render(Table::create().table("t").col(
                   ColumnDef("d").decimal().default_value(Decimal("1; DROP TABLE t")))),
               SchemaError);
  EXPECT_THROW((void)render(Table::create().table("t").col(
                   ColumnDef("s").string().default_value(std::string("a\0b", 3)))),
               SchemaError);
  EXPECT_THROW(
      (void)render(Table::create().table(std::string("a\0b", 3)).col(ColumnDef("x").integer())),
      SchemaError);
}

// --- Identifiers -------------------------------------------------------------------------------

TEST_F(SqliteDialectTest, ReservedWordsSpacesAndQuotesInNames) {
  EXPECT_EQ(one(Table::create()
                    .table("order")
                    .col(ColumnDef("select").integer().primary_key())
                    .col(ColumnDef("group").string().default_value("a\"b"))
                    .col(ColumnDef("first name").text())
                    .col(ColumnDef("we\"ird").text())),
            "CREATE TABLE \"order\" (\"select\" integer PRIMARY KEY, \"group\" varchar DEFAULT "
            "'a\"b', \"first name\" text, \"we\"\"ird\" text)");
  EXPECT_EQ(one(Index::create().table("order").col("group").col("we\"ird")),
            "CREATE INDEX \"order_group_we\"\"ird_index\" ON \"order\" (\"group\", \"we\"\"ird\")");
  EXPECT_EQ(one(Table::alter().table("order").rename_column("first name", "last name")),
            "ALTER TABLE \"order\" RENAME COLUMN \"first name\" TO \"last name\"");
  EXPECT_EQ(one(Table::rename().table("order", "select")),
            "ALTER TABLE \"order\" RENAME TO \"select\"");
  EXPECT_EQ(test::rows(db_, "SELECT name FROM pragma_table_info('select') ORDER BY cid"),
            (Strings{"select", "group", "last name", "we\"ird"}));
}

// --- ALTER TABLE -------------------------------------------------------------------------------

TEST_F(SqliteDialectTest, AddColumn) {
  db_.exec("CREATE TABLE \"users\" (\"id\" integer PRIMARY KEY)");
  EXPECT_EQ(
      one(Table::alter().table(Users::Table).add_column(ColumnDef("phone").string_len(32).null())),
      "ALTER TABLE \"users\" ADD COLUMN \"phone\" varchar(32) NULL");
  EXPECT_EQ(one(Table::alter()
                    .table(Users::Table)
                    .add_column(ColumnDef("active").boolean().not_null().default_value(true))),
            "ALTER TABLE \"users\" ADD COLUMN \"active\" boolean NOT NULL DEFAULT TRUE");
}

TEST_F(SqliteDialectTest, AddUniqueColumnIsAddColumnThenUniqueIndex) {
  db_.exec("CREATE TABLE \"users\" (\"id\" integer PRIMARY KEY)");
  const auto sql = render(
      Table::alter().table(Users::Table).add_column(ColumnDef(Users::Email).string().unique_key()));
  EXPECT_EQ(sql, (Strings{"ALTER TABLE \"users\" ADD COLUMN \"email\" varchar",
                          "CREATE UNIQUE INDEX \"users_email_unique\" ON \"users\" (\"email\")"}));
  run(sql);
}

TEST_F(SqliteDialectTest, AddColumnIfNotExistsChecksTheSchema) {
  db_.exec("CREATE TABLE \"users\" (\"id\" integer PRIMARY KEY, \"Email\" varchar)");
  EXPECT_EQ(render(Table::alter()
                       .table(Users::Table)
                       .add_column_if_not_exists(ColumnDef(Users::Email).string())),
            Strings{});
  EXPECT_EQ(one(Table::alter()
                    .table(Users::Table)
                    .add_column_if_not_exists(ColumnDef(Users::Name).string())),
            "ALTER TABLE \"users\" ADD COLUMN \"name\" varchar");
}

TEST_F(SqliteDialectTest, RenameAndDropColumnInPlace) {
  db_.exec("CREATE TABLE \"users\" (\"id\" integer PRIMARY KEY, \"a\" text, \"b\" text)");
  EXPECT_EQ(render(Table::alter().table(Users::Table).rename_column("a", "c").drop_column("b")),
            (Strings{"ALTER TABLE \"users\" RENAME COLUMN \"a\" TO \"c\"",
                     "ALTER TABLE \"users\" DROP COLUMN \"b\""}));
}

// --- DROP, RENAME, TRUNCATE --------------------------------------------------------------------

TEST_F(SqliteDialectTest, DropTableIsOneStatementPerTableWithoutCascade) {
  EXPECT_EQ(render(Table::drop().table("a").table("order").if_exists().cascade()),
            (Strings{"DROP TABLE IF EXISTS \"a\"", "DROP TABLE IF EXISTS \"order\""}));
  EXPECT_EQ(render(Table::drop().table(Users::Table)), Strings{"DROP TABLE \"users\""});
}

TEST_F(SqliteDialectTest, RenameTable) {
  EXPECT_EQ(render(Table::rename().table(Users::Table, "people")),
            Strings{"ALTER TABLE \"users\" RENAME TO \"people\""});
}

TEST_F(SqliteDialectTest, TruncateIsDeleteAndResetsTheSequenceWhenThereIsOne) {
  EXPECT_EQ(render(Table::truncate().table(Users::Table)), Strings{"DELETE FROM \"users\""});
  db_.exec("CREATE TABLE \"it's\" (id integer PRIMARY KEY AUTOINCREMENT)");
  db_.exec("INSERT INTO \"it's\" DEFAULT VALUES");
  const auto sql = render(Table::truncate().table("it's"));
  EXPECT_EQ(sql,
            (Strings{"DELETE FROM \"it's\"",
                     "DELETE FROM \"sqlite_sequence\" WHERE \"name\" = 'it''s' COLLATE NOCASE"}));
  run(sql);
  db_.exec("INSERT INTO \"it's\" DEFAULT VALUES");
  EXPECT_EQ(test::rows(db_, "SELECT id FROM \"it's\""), Strings{"1"});
}

// --- Indexes -----------------------------------------------------------------------------------

TEST_F(SqliteDialectTest, CreateIndex) {
  db_.exec(
      "CREATE TABLE \"posts\" (\"id\" integer PRIMARY KEY, \"user_id\" integer, "
      "\"title\" varchar)");
  EXPECT_EQ(one(Index::create().table(Posts::Table).col(Posts::UserId)),
            "CREATE INDEX \"posts_user_id_index\" ON \"posts\" (\"user_id\")");
  EXPECT_EQ(one(Index::create()
                    .name("idx_posts_user_title")
                    .table(Posts::Table)
                    .col(Posts::UserId)
                    .col(Posts::Title)
                    .unique()
                    .if_not_exists()),
            "CREATE UNIQUE INDEX IF NOT EXISTS \"idx_posts_user_title\" ON \"posts\" "
            "(\"user_id\", \"title\")");
}

TEST_F(SqliteDialectTest, DropIndex) {
  EXPECT_EQ(render(Index::drop().name("idx").table(Posts::Table)), Strings{"DROP INDEX \"idx\""});
  EXPECT_EQ(render(Index::drop().name("idx").if_exists()), Strings{"DROP INDEX IF EXISTS \"idx\""});
}

// --- Rebuilds ------------------------------------------------------------------------------------

TEST_F(SqliteDialectTest, RebuildIsChosenOnlyWhereAlterTableCannot) {
  db_.exec(
      "CREATE TABLE \"posts\" (\"id\" integer PRIMARY KEY, \"user_id\" integer "
      "REFERENCES users (id), \"title\" varchar, \"body\" text, \"slug\" text UNIQUE)");
  db_.exec("CREATE INDEX posts_title ON posts (title)");
  EXPECT_FALSE(dialect_.rebuilds(Table::alter().table("posts").drop_column("body")));
  EXPECT_FALSE(dialect_.rebuilds(Table::alter().table("posts").rename_column("body", "text")));
  EXPECT_FALSE(
      dialect_.rebuilds(Table::alter().table("posts").add_column(ColumnDef("n").integer())));
  EXPECT_TRUE(dialect_.rebuilds(Table::alter().table("posts").drop_column("title")));
  EXPECT_TRUE(dialect_.rebuilds(Table::alter().table("posts").drop_column("slug")));
  EXPECT_TRUE(dialect_.rebuilds(Table::alter().table("posts").drop_column("user_id")));
  EXPECT_TRUE(dialect_.rebuilds(Table::alter().table("posts").drop_column("id")));
  EXPECT_TRUE(dialect_.rebuilds(
      Table::alter().table("posts").modify_column(ColumnDef("title").string_len(9))));
  EXPECT_TRUE(dialect_.rebuilds(Table::alter().table("posts").add_column(
      ColumnDef("at").timestamp().default_value(Expr::current_timestamp()))));
  EXPECT_TRUE(dialect_.rebuilds(
      Table::alter().table("posts").add_column(ColumnDef("n").integer().not_null())));
  EXPECT_TRUE(dialect_.rebuilds(ForeignKey::drop().name("x").table("posts")));
}

TEST_F(SqliteDialectTest, ModifyColumnRendersTheRebuild) {
  run(dialect_.render(
      Table::create()
          .table(Posts::Table)
          .col(ColumnDef(Posts::Id).integer().not_null().auto_increment().primary_key())
          .col(ColumnDef(Posts::UserId).integer().not_null())
          .col(ColumnDef(Posts::Title).string_len(100).not_null())
          .foreign_key(ForeignKey::create()
                           .name("fk_posts_user_id")
                           .from(Posts::Table, Posts::UserId)
                           .to(Users::Table, Users::Id)
                           .on_delete(ForeignKeyAction::Cascade))
          .index(Index::create().col(Posts::Title))));
  EXPECT_EQ(
      render(Table::alter()
                 .table(Posts::Table)
                 .rename_column(Posts::Title, "headline")
                 .modify_column(ColumnDef("headline").string_len(255).default_value("untitled"))),
      (Strings{
          "CREATE TABLE \"_kit_new_posts\" (\"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "
          "\"user_id\" integer NOT NULL, \"title\" varchar(255) NOT NULL DEFAULT 'untitled', "
          "CONSTRAINT \"fk_posts_user_id\" FOREIGN KEY (\"user_id\") REFERENCES \"users\" "
          "(\"id\") ON DELETE CASCADE)",
          "INSERT INTO \"_kit_new_posts\" (\"id\", \"user_id\", \"title\") SELECT \"id\", "
          "\"user_id\", \"title\" FROM \"posts\"",
          "DELETE FROM \"sqlite_sequence\" WHERE \"name\" = '_kit_new_posts'",
          "INSERT INTO \"sqlite_sequence\" (\"name\", \"seq\") SELECT '_kit_new_posts', "
          "\"seq\" FROM \"sqlite_sequence\" WHERE \"name\" = 'posts' COLLATE NOCASE",
          "DROP TABLE \"posts\"",
          "ALTER TABLE \"_kit_new_posts\" RENAME TO \"posts\"",
          "CREATE INDEX \"posts_title_index\" ON \"posts\" (\"title\")",
          "ALTER TABLE \"posts\" RENAME COLUMN \"title\" TO \"headline\"",
          "PRAGMA main.foreign_key_check(\"posts\")",
      }));
}

TEST_F(SqliteDialectTest, ForeignKeyCreateAndDropRenderRebuilds) {
  db_.exec("CREATE TABLE \"order\" (\"id\" integer PRIMARY KEY, \"user id\" integer)");
  const auto add = render(ForeignKey::create()
                              .name("fk \"o\"")
                              .from("order", "user id")
                              .to(Users::Table, Users::Id)
                              .on_delete(ForeignKeyAction::SetNull));
  ASSERT_FALSE(add.empty());
  EXPECT_EQ(add.front(),
            "CREATE TABLE \"_kit_new_order\" (\"id\" integer PRIMARY KEY, \"user id\" integer, "
            "CONSTRAINT \"fk \"\"o\"\"\" FOREIGN KEY (\"user id\") REFERENCES \"users\" (\"id\") "
            "ON DELETE SET NULL)");
  run(add);
  const auto drop = render(ForeignKey::drop().name("fk \"o\"").table("order"));
  ASSERT_FALSE(drop.empty());
  EXPECT_EQ(drop.front(),
            "CREATE TABLE \"_kit_new_order\" (\"id\" integer PRIMARY KEY, \"user id\" integer)");
}

}  // namespace
}  // namespace kit::sqlite
