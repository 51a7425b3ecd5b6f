// The generic renderer, through a minimal dialect that only names types.
#include "kit/sql_renderer.hpp"

#include <gtest/gtest.h>

#include "kit/error.hpp"

namespace {

using namespace kit;

class PlainDialect final : public SqlRenderer {
 public:
  std::string_view dialect() const noexcept override { return "plain"; }
  std::string type_name(const ColumnType& type) const override {
    std::string name = to_string(type.kind);
    if (type.length) name += "(" + std::to_string(*type.length) + ")";
    return name;
  }
};

const PlainDialect dialect;

std::string one(const Statement& statement) {
  const auto sql = dialect.render(statement);
  EXPECT_EQ(sql.size(), 1u);
  return sql.empty() ? std::string() : sql.front();
}

TEST(SqlRenderer, CreateTableWithKeysAndIndexes) {
  const auto sql = dialect.render(
      Table::create()
          .table("posts")
          .col(ColumnDef("id").integer().not_null().primary_key())
          .col(ColumnDef("user_id").integer().null())
          .col(ColumnDef("title").string_len(100).not_null().default_value("it's; fine"))
          .index(Index::create().col("user_id"))
          .foreign_key(ForeignKey::create()
                           .from_col("user_id")
                           .to("users", "id")
                           .on_delete(ForeignKeyAction::SetNull)
                           .on_update(ForeignKeyAction::Cascade)));
  ASSERT_EQ(sql.size(), 2u);
  EXPECT_EQ(
      sql[0],
      "CREATE TABLE \"posts\" (\"id\" integer NOT NULL PRIMARY KEY, \"user_id\" integer NULL, "
      "\"title\" string(100) NOT NULL DEFAULT 'it''s; fine', CONSTRAINT "
      "\"posts_user_id_foreign\" FOREIGN KEY (\"user_id\") REFERENCES \"users\" (\"id\") ON "
      "DELETE SET NULL ON UPDATE CASCADE)");
  EXPECT_EQ(sql[1], "CREATE INDEX \"posts_user_id_index\" ON \"posts\" (\"user_id\")");
}

TEST(SqlRenderer, CompositePrimaryKey) {
  EXPECT_EQ(one(Table::create()
                    .table("t")
                    .if_not_exists()
                    .col(ColumnDef("a").integer())
                    .col(ColumnDef("b").integer())
                    .primary_key(Index::create().col("a").col("b"))),
            "CREATE TABLE IF NOT EXISTS \"t\" (\"a\" integer, \"b\" integer, PRIMARY KEY (\"a\", "
            "\"b\"))");
}

TEST(SqlRenderer, EveryForeignKeyAction) {
  const std::pair<ForeignKeyAction, const char*> actions[] = {
      {ForeignKeyAction::Cascade, "CASCADE"},
      {ForeignKeyAction::SetNull, "SET NULL"},
      {ForeignKeyAction::SetDefault, "SET DEFAULT"},
      {ForeignKeyAction::Restrict, "RESTRICT"},
      {ForeignKeyAction::NoAction, "NO ACTION"}};
  for (const auto& [action, sql] : actions) {
    EXPECT_EQ(one(ForeignKey::create().name("fk").from("a", "b").to("c", "d").on_delete(action)),
              std::string("ALTER TABLE \"a\" ADD CONSTRAINT \"fk\" FOREIGN KEY (\"b\") REFERENCES "
                          "\"c\" (\"d\") ON DELETE ") +
                  sql);
  }
}

TEST(SqlRenderer, QuotesIdentifiersAndLiterals) {
  EXPECT_EQ(dialect.quote(Iden("order")), "\"order\"");
  EXPECT_EQ(dialect.quote(Iden("my \"odd\" name")), "\"my \"\"odd\"\" name\"");
  EXPECT_EQ(dialect.quote_literal("O'Brien; DROP TABLE x"), "'O''Brien; DROP TABLE x'");
  EXPECT_THROW((void)dialect.quote(Iden(std::string("a\0b", 3))), SchemaError);
  EXPECT_THROW((void)dialect.quote(Iden("")), SchemaError);
}

TEST(SqlRenderer, DefaultValues) {
  EXPECT_EQ(dialect.value(Value(nullptr)), "NULL");
  EXPECT_EQ(dialect.value(Value(true)), "TRUE");
  EXPECT_EQ(dialect.value(Value(false)), "FALSE");
  EXPECT_EQ(dialect.value(Value(-42)), "-42");
  EXPECT_EQ(dialect.value(Value(2.5)), "2.5");
  EXPECT_EQ(dialect.value(Value(3.0)), "3.0");
  EXPECT_EQ(dialect.value(Value(0.1)), "0.1");
  EXPECT_EQ(dialect.value(Value(Decimal("19.99"))), "19.99");
  EXPECT_THROW((void)dialect.value(Value(Decimal("1; DROP"))), SchemaError);
  EXPECT_EQ(dialect.value(Value(Expr::current_timestamp())), "CURRENT_TIMESTAMP");
  EXPECT_EQ(dialect.value(Value(Expr::cust("lower('X')"))), "(lower('X'))");
  EXPECT_EQ(dialect.value(Value("a'b")), "'a''b'");
}

TEST(SqlRenderer, AlterOperationsOneStatementEach) {
  const auto sql = dialect.render(Table::alter()
                                      .table("users")
                                      .add_column(ColumnDef("phone").string_len(20).null())
                                      .rename_column("name", "full_name")
                                      .drop_column("age")
                                      .drop_foreign_key("fk_x"));
  ASSERT_EQ(sql.size(), 4u);
  EXPECT_EQ(sql[0], "ALTER TABLE \"users\" ADD COLUMN \"phone\" string(20) NULL");
  EXPECT_EQ(sql[1], "ALTER TABLE \"users\" RENAME COLUMN \"name\" TO \"full_name\"");
  EXPECT_EQ(sql[2], "ALTER TABLE \"users\" DROP COLUMN \"age\"");
  EXPECT_EQ(sql[3], "ALTER TABLE \"users\" DROP CONSTRAINT \"fk_x\"");
}

TEST(SqlRenderer, ModifyColumnIsUnsupportedUnlessTheDialectSaysHow) {
  try {
    (void)dialect.render(Table::alter().table("t").modify_column(ColumnDef("c").text()));
    ADD_FAILURE() << "rendered";
  } catch (const UnsupportedError& e) {
    EXPECT_EQ(e.dialect(), "plain");
    EXPECT_EQ(e.statement(), "alter table t (modify column c)");
  }
}

TEST(SqlRenderer, OtherStatements) {
  EXPECT_EQ(one(Table::drop().table("a").table("b").if_exists().cascade()),
            "DROP TABLE IF EXISTS \"a\", \"b\" CASCADE");
  EXPECT_EQ(one(Table::rename().table("a", "b")), "ALTER TABLE \"a\" RENAME TO \"b\"");
  EXPECT_EQ(one(Table::truncate().table("a")), "TRUNCATE TABLE \"a\"");
  EXPECT_EQ(one(Index::create().name("i").table("t").col("a").col("b").unique().if_not_exists()),
            "CREATE UNIQUE INDEX IF NOT EXISTS \"i\" ON \"t\" (\"a\", \"b\")");
  EXPECT_EQ(one(Index::drop().name("i").if_exists()), "DROP INDEX IF EXISTS \"i\"");
  EXPECT_EQ(one(ForeignKey::drop().name("fk").table("t")),
            "ALTER TABLE \"t\" DROP CONSTRAINT \"fk\"");
}

/// A dialect that keeps every default: the SQL standard's type names.
class StandardDialect final : public SqlRenderer {
 public:
  std::string_view dialect() const noexcept override { return "standard"; }
};

TEST(SqlRenderer, DefaultTypeNamesAreTheStandardOnes) {
  const StandardDialect standard;
  const auto type = [&](ColumnDef column) { return standard.column_type(column); };
  EXPECT_EQ(type(ColumnDef("c").integer()), "integer");
  EXPECT_EQ(type(ColumnDef("c").big_integer()), "bigint");
  EXPECT_EQ(type(ColumnDef("c").small_integer()), "smallint");
  EXPECT_EQ(type(ColumnDef("c").float_()), "real");
  EXPECT_EQ(type(ColumnDef("c").double_()), "double precision");
  EXPECT_EQ(type(ColumnDef("c").decimal()), "numeric");
  EXPECT_EQ(type(ColumnDef("c").decimal_len(10, 2)), "numeric(10, 2)");
  EXPECT_EQ(type(ColumnDef("c").string()), "varchar");
  EXPECT_EQ(type(ColumnDef("c").string_len(40)), "varchar(40)");
  EXPECT_EQ(type(ColumnDef("c").text()), "text");
  EXPECT_EQ(type(ColumnDef("c").boolean()), "boolean");
  EXPECT_EQ(type(ColumnDef("c").timestamp()), "timestamp");
  EXPECT_EQ(type(ColumnDef("c").timestamp_with_time_zone()), "timestamp with time zone");
  EXPECT_EQ(type(ColumnDef("c").date()), "date");
  EXPECT_EQ(type(ColumnDef("c").time()), "time");
  EXPECT_EQ(type(ColumnDef("c").blob()), "blob");
  EXPECT_EQ(type(ColumnDef("c").json()), "json");
  EXPECT_EQ(type(ColumnDef("c").uuid()), "uuid");
}

}  // namespace
