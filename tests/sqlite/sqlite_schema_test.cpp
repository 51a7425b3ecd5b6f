// SqliteSchema::describe() and to_kit_type() on what SQLite allows beyond the builder:
// tables written by hand (column-level REFERENCES, keys without NOT NULL, WITHOUT ROWID,
// expression and partial indexes) and every spelling of the builder's types.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>
#include <vector>

#include "kit/column_def.hpp"
#include "kit/table_info.hpp"
#include "sqlite_dialect.hpp"
#include "sqlite_schema.hpp"

namespace kit::sqlite {
namespace {

using Strings = std::vector<std::string>;

class SqliteSchemaTest : public ::testing::Test {
 protected:
  TableInfo describe(const std::string& table) {
    auto info = schema_.describe(table);
    if (!info) ADD_FAILURE() << "no table " << table;
    return info.value_or(TableInfo{});
  }

  SQLite::Database db_{":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE};
  SqliteSchema schema_{db_};
};

ColumnType kind_type(ColumnKind kind) {
  ColumnType type;
  type.kind = kind;
  return type;
}

TEST_F(SqliteSchemaTest, ColumnLevelReferencesAndEveryAction) {
  db_.exec("CREATE TABLE parent (id INTEGER PRIMARY KEY, code TEXT UNIQUE)");
  db_.exec(
      "CREATE TABLE child ("
      " a INTEGER REFERENCES parent ON DELETE SET NULL,"
      " b INTEGER CONSTRAINT \"fk b\" REFERENCES \"parent\" (id) ON UPDATE CASCADE"
      "   ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED,"
      " c TEXT, d INTEGER,"
      " FOREIGN KEY (c) REFERENCES parent (code) ON DELETE SET DEFAULT ON UPDATE NO ACTION,"
      " CONSTRAINT fk_d FOREIGN KEY (d) REFERENCES child (a) MATCH FULL ON DELETE CASCADE)");
  const auto child = describe("child");
  ASSERT_EQ(child.foreign_keys.size(), 4U);
  // Sorted by name, unnamed ones first, then by columns.
  const auto& a = child.foreign_keys[0];
  EXPECT_EQ(a.name, "");
  EXPECT_EQ(a.columns, Strings{"a"});
  EXPECT_EQ(a.referenced_table, "parent");
  EXPECT_EQ(a.referenced_columns, Strings{"id"});  // the parent's primary key
  EXPECT_EQ(a.on_delete, ForeignKeyAction::SetNull);
  EXPECT_EQ(a.on_update, ForeignKeyAction::NoAction);
  const auto& c = child.foreign_keys[1];
  EXPECT_EQ(c.columns, Strings{"c"});
  EXPECT_EQ(c.referenced_columns, Strings{"code"});
  EXPECT_EQ(c.on_delete, ForeignKeyAction::SetDefault);
  const auto& b = child.foreign_keys[2];
  EXPECT_EQ(b.name, "fk b");
  EXPECT_EQ(b.referenced_columns, Strings{"id"});
  EXPECT_EQ(b.on_delete, ForeignKeyAction::Restrict);
  EXPECT_EQ(b.on_update, ForeignKeyAction::Cascade);
  const auto& d = child.foreign_keys[3];
  EXPECT_EQ(d.name, "fk_d");
  EXPECT_EQ(d.referenced_table, "child");
  EXPECT_EQ(d.referenced_columns, Strings{"a"});
  EXPECT_EQ(d.on_delete, ForeignKeyAction::Cascade);

  const auto parent = describe("PARENT");  // SQLite's names fold ASCII case
  EXPECT_EQ(parent.name, "parent");
  ASSERT_EQ(parent.indexes.size(), 1U);
  EXPECT_EQ(parent.indexes[0].name, "sqlite_autoindex_parent_1");
  EXPECT_TRUE(parent.indexes[0].constraint);
}

TEST_F(SqliteSchemaTest, KeysNullabilityAndAutoIncrementAsSqliteTreatsThem) {
  db_.exec("CREATE TABLE rowid_key (id INTEGER PRIMARY KEY, v TEXT NOT NULL DEFAULT 'x')");
  db_.exec("CREATE TABLE counted (id integer PRIMARY KEY AUTOINCREMENT)");
  db_.exec("CREATE TABLE int_key (id INT PRIMARY KEY)");  // not the rowid: SQLite allows NULL
  db_.exec("CREATE TABLE no_rowid (k TEXT PRIMARY KEY, v) WITHOUT ROWID");

  auto table = describe("rowid_key");
  EXPECT_EQ(table.primary_key, Strings{"id"});
  EXPECT_FALSE(table.columns[0].nullable);
  EXPECT_FALSE(table.columns[0].auto_increment);  // numbered, but not AUTOINCREMENT
  EXPECT_EQ(table.columns[1].default_sql, "'x'");
  table = describe("counted");
  EXPECT_FALSE(table.columns[0].nullable);
  EXPECT_TRUE(table.columns[0].auto_increment);
  table = describe("int_key");
  EXPECT_TRUE(table.columns[0].nullable);
  EXPECT_EQ(table.columns[0].kit_type, std::nullopt);
  EXPECT_EQ(table.columns[0].type, "INT");
  table = describe("no_rowid");
  EXPECT_EQ(table.primary_key, Strings{"k"});
  EXPECT_FALSE(table.columns[0].nullable);
  EXPECT_TRUE(table.columns[1].nullable);
  EXPECT_EQ(table.columns[1].type, "");
  EXPECT_TRUE(table.indexes.empty());  // the key's own index is not listed
}

TEST_F(SqliteSchemaTest, ExpressionAndPartialIndexes) {
  db_.exec("CREATE TABLE t (a TEXT, b INTEGER)");
  db_.exec("CREATE INDEX t_lower ON t (lower(a), b)");
  db_.exec("CREATE UNIQUE INDEX t_b ON t (b) WHERE b > 0");
  const auto table = describe("t");
  ASSERT_EQ(table.indexes.size(), 2U);
  EXPECT_EQ(table.indexes[0].name, "t_b");
  EXPECT_EQ(table.indexes[0].columns, Strings{"b"});
  EXPECT_TRUE(table.indexes[0].unique);
  EXPECT_TRUE(table.indexes[0].partial);
  EXPECT_FALSE(table.indexes[0].expressions);
  EXPECT_EQ(table.indexes[1].name, "t_lower");
  EXPECT_EQ(table.indexes[1].columns, Strings{"b"});
  EXPECT_FALSE(table.indexes[1].unique);
  EXPECT_FALSE(table.indexes[1].partial);
  EXPECT_TRUE(table.indexes[1].expressions);
}

TEST_F(SqliteSchemaTest, ToKitTypeReadsEveryTypeTheDialectWrites) {
  SqliteDialect dialect(schema_);
  for (int k = static_cast<int>(ColumnKind::Integer); k <= static_cast<int>(ColumnKind::Uuid);
       ++k) {
    const ColumnType type = kind_type(static_cast<ColumnKind>(k));
    EXPECT_EQ(SqliteSchema::to_kit_type(dialect.type_name(type)), type) << dialect.type_name(type);
  }
  ColumnType decimal = kind_type(ColumnKind::Decimal);
  decimal.precision = 12;
  decimal.scale = 3;
  EXPECT_EQ(SqliteSchema::to_kit_type(dialect.type_name(decimal)), decimal);
  EXPECT_EQ(SqliteSchema::to_kit_type("NUMERIC ( 12,3 )"), decimal);
  decimal.scale = 0;
  EXPECT_EQ(SqliteSchema::to_kit_type("numeric(12)"), decimal);
  ColumnType varchar = kind_type(ColumnKind::String);
  varchar.length = 20;
  EXPECT_EQ(SqliteSchema::to_kit_type("VARCHAR(20)"), varchar);
  EXPECT_EQ(SqliteSchema::to_kit_type("Double Precision"), kind_type(ColumnKind::Double));
  EXPECT_EQ(SqliteSchema::to_kit_type("timestamp with time zone"),
            kind_type(ColumnKind::TimestampWithTimeZone));

  for (const char* other :
       {"", "int", "INT8", "datetime", "varchar(x)", "varchar(1,2)", "numeric(1,2,3)", "varchar(",
        "text(5)", "character varying", "varchar(99999999999)"}) {
    EXPECT_EQ(SqliteSchema::to_kit_type(other), std::nullopt) << other;
  }
}

}  // namespace
}  // namespace kit::sqlite
