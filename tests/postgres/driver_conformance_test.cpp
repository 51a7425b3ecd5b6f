// The driver contract, test by test (see driver_conformance.hpp); destructive tests last.
// Only kit::Driver and SchemaManager are used, so every driver can be held to the same.
#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "driver_conformance.hpp"
#include "kit/error.hpp"
#include "kit/migration.hpp"
#include "kit/schema_manager.hpp"

namespace kit::test {

namespace {

using std::chrono::milliseconds;

TableCreateStatement users_table() {
  return Table::create()
      .table("users")
      .col(ColumnDef("id").integer().not_null().auto_increment().primary_key())
      .col(ColumnDef("email").string_len(255).not_null().unique_key())
      .col(ColumnDef("name").string().null());
}

TableCreateStatement posts_table() {
  return Table::create()
      .table("posts")
      .col(ColumnDef("id").integer().not_null().auto_increment().primary_key())
      .col(ColumnDef("user_id").integer().not_null())
      .col(ColumnDef("title").string_len(100).not_null().default_value("untitled"))
      .index(Index::create().col("user_id"))
      .foreign_key(ForeignKey::create()
                       .from_col("user_id")
                       .to("users", "id")
                       .on_delete(ForeignKeyAction::Cascade));
}

LedgerEntry entry(std::string version, std::int64_t batch, std::string checksum,
                  std::optional<std::int64_t> execution_ms) {
  LedgerEntry out;
  out.version = std::move(version);
  out.batch = batch;
  out.checksum = std::move(checksum);
  out.applied_at = "2024-01-15 12:00:00";
  out.execution_ms = execution_ms;
  return out;
}

}  // namespace

TEST_P(DriverConformance, RendersWithoutExecuting) {
  const auto sql = driver().render(users_table());
  ASSERT_FALSE(sql.empty());
  EXPECT_NE(sql.front().find("users"), std::string::npos);
  EXPECT_FALSE(driver().has_table("users"));
}

TEST_P(DriverConformance, EveryStatementTypeRunsForReal) {
  SchemaManager manager(driver());
  manager.create_table(users_table());
  manager.create_table(posts_table());
  EXPECT_TRUE(driver().has_table("users"));
  EXPECT_TRUE(driver().has_table("posts"));
  EXPECT_TRUE(driver().has_column("posts", "title"));
  EXPECT_TRUE(driver().has_index("posts", "posts_user_id_index"));
  manager.create_table(users_table().if_not_exists());  // already there: no error

  // Alter: add, add if not exists, rename, modify, drop.
  manager.alter_table(Table::alter().table("users").add_column(ColumnDef("phone").string_len(20)));
  EXPECT_TRUE(driver().has_column("users", "phone"));
  manager.alter_table(
      Table::alter().table("users").add_column_if_not_exists(ColumnDef("phone").string_len(20)));
  manager.alter_table(Table::alter().table("users").rename_column("phone", "mobile"));
  EXPECT_TRUE(driver().has_column("users", "mobile"));
  EXPECT_FALSE(driver().has_column("users", "phone"));
  manager.alter_table(Table::alter().table("users").modify_column(
      ColumnDef("mobile").string_len(40).not_null().default_value("none")));
  manager.execute("INSERT INTO users (email) VALUES ('a@example.com')");  // the default fills it
  EXPECT_THROW(manager.execute("INSERT INTO users (email, mobile) VALUES ('b@example.com', NULL)"),
               DatabaseError);
  manager.alter_table(Table::alter().table("users").drop_column("mobile"));
  EXPECT_FALSE(driver().has_column("users", "mobile"));

  // Indexes.
  manager.create_index(
      Index::create().name("idx_users_name").table("users").col("name").unique().if_not_exists());
  EXPECT_TRUE(driver().has_index("users", "idx_users_name"));
  manager.create_index(
      Index::create().name("idx_users_name").table("users").col("name").unique().if_not_exists());
  manager.drop_index(Index::drop().name("idx_users_name").table("users"));
  EXPECT_FALSE(driver().has_index("users", "idx_users_name"));
  manager.drop_index(Index::drop().name("idx_users_name").table("users").if_exists());

  // Foreign keys on an existing table, on their own and through alter().
  manager.create_table(Table::create()
                           .table("comments")
                           .col(ColumnDef("id").integer().not_null().primary_key())
                           .col(ColumnDef("post_id").integer().null()));
  manager.create_foreign_key(ForeignKey::create()
                                 .name("fk_comments_post")
                                 .from("comments", "post_id")
                                 .to("posts", "id")
                                 .on_delete(ForeignKeyAction::SetNull));
  EXPECT_THROW(manager.execute("INSERT INTO comments (id, post_id) VALUES (1, 999)"),
               DatabaseError);
  manager.drop_foreign_key(ForeignKey::drop().name("fk_comments_post").table("comments"));
  manager.execute("INSERT INTO comments (id, post_id) VALUES (1, 999)");
  manager.execute("DELETE FROM comments");
  manager.alter_table(Table::alter()
                          .table("comments")
                          .add_foreign_key(ForeignKey::create()
                                               .name("fk_comments_post2")
                                               .from_col("post_id")
                                               .to("posts", "id")));
  EXPECT_THROW(manager.execute("INSERT INTO comments (id, post_id) VALUES (2, 999)"),
               DatabaseError);
  manager.alter_table(Table::alter().table("comments").drop_foreign_key("fk_comments_post2"));
  manager.execute("INSERT INTO comments (id, post_id) VALUES (2, 999)");

  // Rename, truncate, drop.
  manager.rename_table(Table::rename().table("posts", "articles"));
  EXPECT_TRUE(driver().has_table("articles"));
  EXPECT_FALSE(driver().has_table("posts"));
  manager.create_index(
      Index::create().name("idx_articles_title").table("articles").col("title").unique());
  manager.execute("INSERT INTO users (id, email) VALUES (7, 'c@example.com')");
  manager.execute("INSERT INTO articles (user_id, title) VALUES (7, 'once')");
  manager.truncate_table(Table::truncate().table("articles"));
  manager.execute("INSERT INTO articles (user_id, title) VALUES (7, 'once')");  // gone, so no clash
  manager.drop_table(Table::drop().table("articles").table("comments").if_exists());
  EXPECT_FALSE(driver().has_table("articles"));
  EXPECT_FALSE(driver().has_table("comments"));
  manager.drop_table(Table::drop().table("articles").if_exists());
  manager.drop_table(Table::drop().table("users"));
  EXPECT_FALSE(driver().has_table("users"));
}

TEST_P(DriverConformance, RawSqlMayHoldSeveralStatements) {
  driver().execute(
      "CREATE TABLE t (a integer); INSERT INTO t (a) VALUES (1); INSERT INTO t (a) VALUES (2)");
  EXPECT_TRUE(driver().has_table("t"));
}

TEST_P(DriverConformance, HasChecksAnswerForWhatIsMissing) {
  EXPECT_FALSE(driver().has_table("nope"));
  EXPECT_FALSE(driver().has_column("nope", "id"));
  EXPECT_FALSE(driver().has_index("nope", "nope_index"));
  SchemaManager(driver()).create_table(users_table());
  EXPECT_FALSE(driver().has_column("users", "nope"));
  EXPECT_FALSE(driver().has_index("users", "nope"));
  driver().execute("CREATE VIEW user_emails AS SELECT email FROM users");
  EXPECT_FALSE(driver().has_table("user_emails"));  // a view is not a table
}

TEST_P(DriverConformance, TablesAreSortedAndIncludeTheLedger) {
  SchemaManager manager(driver());
  for (const char* name : {"b", "order", "a"}) {
    manager.create_table(Table::create().table(name).col(ColumnDef("id").integer()));
  }
  driver().ensure_ledger();
  EXPECT_EQ(driver().tables(), (std::vector<std::string>{"a", "b", "kit_migrations", "order"}));
}

TEST_P(DriverConformance, QuotedIdentifiersAndLiteralsWorkEndToEnd) {
  SchemaManager manager(driver());
  manager.create_table(Table::create()
                           .table("order")
                           .col(ColumnDef("select").integer().not_null())
                           .col(ColumnDef("with space").string().default_value("it's; fine"))
                           .col(ColumnDef("my \"odd\" name").boolean().default_value(true))
                           .index(Index::create().name("group").col("select")));
  EXPECT_TRUE(driver().has_column("order", "select"));
  EXPECT_TRUE(driver().has_column("order", "with space"));
  EXPECT_TRUE(driver().has_column("order", "my \"odd\" name"));
  EXPECT_TRUE(driver().has_index("order", "group"));
  manager.execute("INSERT INTO \"order\" (\"select\") VALUES (1)");
  manager.alter_table(Table::alter().table("order").rename_column("with space", "from"));
  EXPECT_TRUE(driver().has_column("order", "from"));
  manager.drop_index(Index::drop().name("group").table("order"));
  manager.drop_table(Table::drop().table("order"));
  EXPECT_FALSE(driver().has_table("order"));
}

TEST_P(DriverConformance, DatabaseErrorCarriesTheStatementAndTheCode) {
  const std::string sql = "INSERT INTO no_such_table (a) VALUES (1)";
  try {
    driver().execute(sql);
    FAIL() << "no error";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.sql(), sql);
    EXPECT_FALSE(e.code().empty());
    EXPECT_NE(std::string(e.what()).find("no_such_table"), std::string::npos) << e.what();
  }
}

TEST_P(DriverConformance, CommittedMigrationKeepsItsLedgerRow) {
  driver().ensure_ledger();
  driver().begin();
  SchemaManager(driver()).create_table(users_table());
  driver().record(entry("m20240115_120000_create_users_table", 1, "abc", 12));
  driver().commit();
  reopen();
  EXPECT_TRUE(driver().has_table("users"));
  ASSERT_EQ(driver().read_ledger().size(), 1u);
}

TEST_P(DriverConformance, RolledBackMigrationLeavesNothing) {
  if (!driver().transactional_ddl()) GTEST_SKIP() << "the driver has no transactional DDL";
  driver().ensure_ledger();
  driver().begin();
  SchemaManager manager(driver());
  manager.create_table(users_table());
  manager.create_index(Index::create().name("idx_users_name").table("users").col("name"));
  driver().record(entry("m20240115_120000_create_users_table", 1, "abc", 12));
  EXPECT_THROW(manager.execute("INSERT INTO no_such_table (a) VALUES (1)"), DatabaseError);
  driver().rollback();
  driver().rollback();  // nothing open: does nothing
  reopen();
  EXPECT_FALSE(driver().has_table("users"));
  EXPECT_TRUE(driver().read_ledger().empty());
}

TEST_P(DriverConformance, LedgerRoundTrip) {
  EXPECT_TRUE(driver().read_ledger().empty());  // no ledger table yet
  driver().ensure_ledger();
  driver().ensure_ledger();  // idempotent
  EXPECT_TRUE(driver().has_table(kLedgerTable));
  EXPECT_TRUE(driver().read_ledger().empty());
  driver().record(entry("m20240116_000000_b", 2, "", std::nullopt));
  driver().record(entry("m20240115_000000_a", 1, "deadbeef", 42));
  driver().record(entry("m20240117_000000_c", 2, "cafe", 0));
  reopen();
  auto rows = driver().read_ledger();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].version, "m20240115_000000_a");
  EXPECT_EQ(rows[0].batch, 1);
  EXPECT_EQ(rows[0].checksum, "deadbeef");
  EXPECT_EQ(rows[0].applied_at, "2024-01-15 12:00:00");
  EXPECT_EQ(rows[0].execution_ms, std::optional<std::int64_t>(42));
  EXPECT_EQ(rows[1].version, "m20240116_000000_b");
  EXPECT_EQ(rows[1].checksum, "");
  EXPECT_EQ(rows[1].execution_ms, std::nullopt);
  EXPECT_EQ(rows[2].version, "m20240117_000000_c");
  driver().forget("m20240116_000000_b");
  rows = driver().read_ledger();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].version, "m20240117_000000_c");
  EXPECT_THROW(driver().record(entry("m20240115_000000_a", 3, "", std::nullopt)), DatabaseError);
}

TEST_P(DriverConformance, LockExcludesAnotherConnectionUntilReleased) {
  driver().lock(milliseconds(2000));
  auto other = open_another();
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(other->lock(milliseconds(300)), Error);
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(300));
  driver().unlock();
  driver().unlock();  // not held: does nothing
  other->lock(milliseconds(2000));
  EXPECT_THROW(driver().lock(milliseconds(100)), Error);
  other->unlock();
  driver().lock(milliseconds(2000));
  driver().unlock();
}

TEST_P(DriverConformance, LockGoesWithTheConnection) {
  driver().lock(milliseconds(2000));
  reopen();  // the old connection is closed without unlock()
  auto other = open_another();
  other->lock(milliseconds(2000));
  other->unlock();
}

TEST_P(DriverConformance, DropAllEmptiesTheSchema) {
  SchemaManager manager(driver());
  manager.create_table(users_table());
  manager.create_table(posts_table());
  manager.alter_table(Table::alter().table("users").add_column(ColumnDef("pinned_post").integer()));
  manager.create_foreign_key(
      ForeignKey::create().name("fk_users_pinned").from("users", "pinned_post").to("posts", "id"));
  manager.execute("CREATE VIEW post_titles AS SELECT title FROM posts");
  driver().ensure_ledger();
  driver().record(entry("m20240115_000000_a", 1, "", std::nullopt));

  driver().drop_all();
  EXPECT_TRUE(driver().tables().empty());
  EXPECT_FALSE(driver().has_table(kLedgerTable));
  EXPECT_TRUE(driver().read_ledger().empty());
  // Everything can be created again under the same names.
  driver().ensure_ledger();
  manager.create_table(users_table());
  manager.create_table(posts_table());
  manager.execute("CREATE VIEW post_titles AS SELECT title FROM posts");
  driver().drop_all();
  EXPECT_TRUE(driver().tables().empty());
}

}  // namespace kit::test
