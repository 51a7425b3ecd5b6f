// The driver contract (sdk/include/kit/driver.hpp), test by test; see driver_conformance.hpp.
// Only kit::Driver and SchemaManager are used, and raw SQL only in the standard SQL every
// relational database reads, so every driver is held to the same. Each test has a
// database of its own; still, as golang-migrate's suite does, the tests that destroy
// (the lock held across connections, drop_all) come last.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "driver_conformance.hpp"
#include "kit/error.hpp"
#include "kit/migration.hpp"
#include "kit/schema_manager.hpp"
#include "kit/table_info.hpp"

namespace kit::test {

namespace {

using std::chrono::milliseconds;
using Strings = std::vector<std::string>;

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

Strings versions(const std::vector<LedgerEntry>& rows) {
  Strings out;
  for (const auto& row : rows) out.push_back(row.version);
  return out;
}

}  // namespace

// --- The plugin and rendering --------------------------------------------------------

TEST_P(DriverConformance, NameIsTheManifestsName) {
  EXPECT_EQ(driver().name(), manifest().name);
  EXPECT_STRNE(manifest().schemes, "");
}

TEST_P(DriverConformance, RendersWithoutExecuting) {
  const auto sql = driver().render(users_table());
  ASSERT_FALSE(sql.empty());
  EXPECT_NE(sql.front().find("users"), std::string::npos) << sql.front();
  EXPECT_FALSE(driver().has_table("users"));
  EXPECT_TRUE(driver().tables().empty());
}

// --- Statements, executed for real ---------------------------------------------------

TEST_P(DriverConformance, EveryStatementTypeRunsForReal) {
  SchemaManager manager(driver());
  manager.create_table(users_table());
  manager.create_table(posts_table());
  EXPECT_EQ(driver().tables(), (Strings{"posts", "users"}));
  EXPECT_TRUE(driver().has_column("posts", "title"));
  EXPECT_TRUE(driver().has_index("posts", "posts_user_id_index"));
  manager.create_table(users_table().if_not_exists());  // already there: no error
  EXPECT_THROW(manager.create_table(users_table()), DatabaseError);

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
  EXPECT_TRUE(driver().has_column("users", "email"));

  // Indexes.
  manager.create_index(
      Index::create().name("idx_users_name").table("users").col("name").unique().if_not_exists());
  EXPECT_TRUE(driver().has_index("users", "idx_users_name"));
  EXPECT_FALSE(driver().has_index("posts", "idx_users_name"));  // on that table only
  manager.create_index(
      Index::create().name("idx_users_name").table("users").col("name").unique().if_not_exists());
  manager.execute("INSERT INTO users (email, name) VALUES ('n1@example.com', 'same')");
  EXPECT_THROW(manager.execute("INSERT INTO users (email, name) VALUES ('n2@example.com', 'same')"),
               DatabaseError);
  manager.drop_index(Index::drop().name("idx_users_name").table("users"));
  EXPECT_FALSE(driver().has_index("users", "idx_users_name"));
  manager.execute("INSERT INTO users (email, name) VALUES ('n2@example.com', 'same')");
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
  EXPECT_EQ(driver().tables(), (Strings{"articles", "comments", "users"}));
  EXPECT_TRUE(driver().has_column("articles", "title"));
  manager.create_index(
      Index::create().name("idx_articles_title").table("articles").col("title").unique());
  manager.execute("INSERT INTO users (id, email) VALUES (7, 'c@example.com')");
  manager.execute("INSERT INTO articles (user_id, title) VALUES (7, 'once')");
  manager.truncate_table(Table::truncate().table("articles"));
  manager.execute("INSERT INTO articles (user_id, title) VALUES (7, 'once')");  // gone, so no clash
  manager.drop_table(Table::drop().table("articles").table("comments").if_exists());
  EXPECT_EQ(driver().tables(), (Strings{"users"}));
  manager.drop_table(Table::drop().table("articles").if_exists());
  manager.drop_table(Table::drop().table("users"));
  EXPECT_TRUE(driver().tables().empty());
}

TEST_P(DriverConformance, RawSqlMayHoldSeveralStatements) {
  driver().execute(
      "CREATE TABLE t (a integer PRIMARY KEY); INSERT INTO t (a) VALUES (1);\n"
      "INSERT INTO t (a) VALUES (2);");
  EXPECT_TRUE(driver().has_table("t"));
  // Every statement ran: both rows are there.
  EXPECT_FALSE(runs("INSERT INTO t (a) VALUES (1)"));
  EXPECT_FALSE(runs("INSERT INTO t (a) VALUES (2)"));
  EXPECT_TRUE(runs("INSERT INTO t (a) VALUES (3)"));
}

// --- Introspection -------------------------------------------------------------------

TEST_P(DriverConformance, HasChecksAnswerForWhatIsMissing) {
  EXPECT_FALSE(driver().has_table("nope"));
  EXPECT_FALSE(driver().has_column("nope", "id"));
  EXPECT_FALSE(driver().has_index("nope", "nope_index"));
  SchemaManager(driver()).create_table(users_table());
  EXPECT_FALSE(driver().has_column("users", "nope"));
  EXPECT_FALSE(driver().has_index("users", "nope"));
  EXPECT_FALSE(driver().has_column("nope", "email"));  // a column of another table
  driver().execute("CREATE VIEW user_emails AS SELECT email FROM users");
  EXPECT_FALSE(driver().has_table("user_emails"));  // a view is not a table
  EXPECT_FALSE(driver().has_column("user_emails", "email"));
  EXPECT_EQ(driver().tables(), Strings{"users"});
}

// A name matches exactly when the database would resolve it, quoted, to the same object:
// PostgreSQL keeps case in quoted names, SQLite folds ASCII case even in quoted ones.
TEST_P(DriverConformance, HasChecksFollowTheDatabasesRulesForCase) {
  SchemaManager(driver()).create_table(
      Table::create()
          .table("Users")
          .col(ColumnDef("Email").string())
          .index(Index::create().name("Idx_Users_Email").col("Email")));
  EXPECT_TRUE(driver().has_table("Users"));
  EXPECT_TRUE(driver().has_column("Users", "Email"));
  EXPECT_TRUE(driver().has_index("Users", "Idx_Users_Email"));
  EXPECT_EQ(driver().tables(), Strings{"Users"});  // as created, not folded

  const bool index_matches = driver().has_index("Users", "idx_users_email");
  const bool table_folds = runs("SELECT count(*) FROM \"users\"");
  const bool column_folds = runs("SELECT \"email\" FROM \"Users\"");
  // Creating an index under the other spelling fails exactly when that names the same one.
  const bool index_folds = !runs("CREATE INDEX \"idx_users_email\" ON \"Users\" (\"Email\")");
  EXPECT_EQ(driver().has_table("users"), table_folds);
  EXPECT_EQ(driver().has_table("USERS"), table_folds);
  EXPECT_EQ(driver().has_column("Users", "email"), column_folds);
  EXPECT_EQ(driver().has_column("users", "Email"), table_folds);
  EXPECT_EQ(index_matches, index_folds);
}

// Names are values, never patterns or SQL: no LIKE wildcards, no prefixes, quotes are fine.
TEST_P(DriverConformance, HasChecksTakeNamesLiterally) {
  SchemaManager(driver()).create_table(Table::create()
                                           .table("abc")
                                           .col(ColumnDef("x_y").integer())
                                           .index(Index::create().name("ix_x_y").col("x_y")));
  for (const char* name :
       {"a%", "a_c", "ab", "abcd", "abc ", "%", "_bc", "ab'c", "abc\"", "ab\\c"}) {
    EXPECT_FALSE(driver().has_table(name)) << name;
    EXPECT_FALSE(driver().has_column(name, "x_y")) << name;
  }
  EXPECT_FALSE(driver().has_column("abc", "x%"));
  EXPECT_FALSE(driver().has_column("abc", "xay"));
  EXPECT_FALSE(driver().has_index("abc", "ix%"));
  EXPECT_FALSE(driver().has_index("abc", "ixax_y"));
  EXPECT_FALSE(driver().has_index("a%", "ix_x_y"));

  SchemaManager(driver()).create_table(
      Table::create().table("it's").col(ColumnDef("o'k \"col\"").integer()));
  EXPECT_TRUE(driver().has_table("it's"));
  EXPECT_TRUE(driver().has_column("it's", "o'k \"col\""));
  EXPECT_EQ(driver().tables(), (Strings{"abc", "it's"}));
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
  // The default landed as the literal it is, semicolon and quote included.
  EXPECT_TRUE(runs("DELETE FROM \"order\" WHERE \"with space\" = 'it''s; fine'"));
  manager.alter_table(Table::alter().table("order").rename_column("with space", "from"));
  EXPECT_TRUE(driver().has_column("order", "from"));
  manager.drop_index(Index::drop().name("group").table("order"));
  EXPECT_FALSE(driver().has_index("order", "group"));
  manager.drop_table(Table::drop().table("order"));
  EXPECT_FALSE(driver().has_table("order"));
}

TEST_P(DriverConformance, TablesAreSortedByteByByteWithTheLedgerAndWithoutViews) {
  SchemaManager manager(driver());
  // Byte order: "Zeta" < "_under" < "alpha" < "kit_migrations" < "order"; a collation
  // that ignores case or punctuation would sort them otherwise.
  for (const char* name : {"order", "alpha", "_under", "Zeta"}) {
    manager.create_table(Table::create().table(name).col(ColumnDef("id").integer()));
  }
  driver().execute("CREATE VIEW alpha_view AS SELECT id FROM alpha");
  driver().ensure_ledger();
  EXPECT_EQ(driver().tables(), (Strings{"Zeta", "_under", "alpha", "kit_migrations", "order"}));
}

TEST_P(DriverConformance, DatabaseErrorCarriesTheStatementAndTheCode) {
  const std::string sql = "INSERT INTO no_such_table (a) VALUES (1)";
  try {
    driver().execute(sql);
    FAIL() << "no error";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.sql(), sql);
    EXPECT_FALSE(e.code().empty());
    EXPECT_FALSE(e.message().empty());
    EXPECT_NE(std::string(e.what()).find("no_such_table"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << "one line: " << e.what();
  }

  // A rendered statement that fails carries the statement as rendered.
  SchemaManager manager(driver());
  const auto rendered = driver().render(users_table());
  manager.create_table(users_table());
  try {
    manager.create_table(users_table());
    FAIL() << "no error";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.sql(), rendered.front());
    EXPECT_FALSE(e.code().empty());
  }
  // Two different failures have different codes.
  std::string duplicate_code;
  manager.execute("INSERT INTO users (id, email) VALUES (1, 'a@example.com')");
  try {
    manager.execute("INSERT INTO users (id, email) VALUES (1, 'b@example.com')");
    FAIL() << "no error";
  } catch (const DatabaseError& e) {
    duplicate_code = e.code();
  }
  try {
    driver().execute(sql);
    FAIL() << "no error";
  } catch (const DatabaseError& e) {
    EXPECT_NE(e.code(), duplicate_code);
  }
}

// --- Transactions --------------------------------------------------------------------

TEST_P(DriverConformance, CommittedMigrationKeepsItsLedgerRow) {
  driver().ensure_ledger();
  driver().begin();
  SchemaManager(driver()).create_table(users_table());
  EXPECT_TRUE(driver().has_table("users"));  // has_* see the open transaction
  driver().record(entry("m20240115_120000_create_users_table", 1, "abc", 12));
  driver().commit();
  reopen();
  EXPECT_TRUE(driver().has_table("users"));
  EXPECT_EQ(versions(driver().read_ledger()), Strings{"m20240115_120000_create_users_table"});
}

TEST_P(DriverConformance, RolledBackMigrationLeavesNothing) {
  driver().ensure_ledger();
  driver().begin();
  SchemaManager manager(driver());
  manager.create_table(users_table());
  manager.create_table(posts_table());
  manager.create_index(Index::create().name("idx_users_name").table("users").col("name"));
  manager.execute("INSERT INTO users (email) VALUES ('a@example.com')");
  driver().record(entry("m20240115_120000_create_users_table", 1, "abc", 12));
  EXPECT_THROW(manager.execute("INSERT INTO no_such_table (a) VALUES (1)"), DatabaseError);
  driver().rollback();
  driver().rollback();  // nothing open: does nothing
  EXPECT_TRUE(driver().read_ledger().empty());
  reopen();
  EXPECT_TRUE(driver().read_ledger().empty());
  if (driver().transactional_ddl()) {
    EXPECT_EQ(driver().tables(), Strings{"kit_migrations"});
    EXPECT_FALSE(driver().has_table("users"));
  }
}

TEST_P(DriverConformance, RollbackUndoesSchemaChangesToExistingTables) {
  if (!driver().transactional_ddl()) GTEST_SKIP() << "rollback() does not undo DDL here";
  SchemaManager manager(driver());
  manager.create_table(users_table());
  manager.create_table(posts_table());
  manager.create_table(Table::create().table("notes").col(ColumnDef("id").integer().primary_key()));
  manager.create_index(Index::create().name("idx_users_name").table("users").col("name"));
  manager.execute("INSERT INTO users (id, email) VALUES (1, 'a@example.com')");
  manager.execute("INSERT INTO notes (id) VALUES (1)");

  driver().begin();
  manager.alter_table(Table::alter().table("users").add_column(ColumnDef("phone").string()));
  manager.alter_table(Table::alter().table("users").modify_column(
      ColumnDef("name").string_len(50).default_value("x")));
  manager.alter_table(Table::alter().table("users").drop_column("email"));
  manager.drop_index(Index::drop().name("idx_users_name").table("users"));
  manager.rename_table(Table::rename().table("posts", "articles"));
  manager.create_table(Table::create().table("tags").col(ColumnDef("id").integer()));
  manager.truncate_table(Table::truncate().table("notes"));
  manager.drop_table(Table::drop().table("notes"));
  EXPECT_EQ(driver().tables(), (Strings{"articles", "tags", "users"}));
  driver().rollback();

  reopen();
  EXPECT_EQ(driver().tables(), (Strings{"notes", "posts", "users"}));
  EXPECT_FALSE(driver().has_column("users", "phone"));
  EXPECT_TRUE(driver().has_column("users", "email"));
  EXPECT_TRUE(driver().has_index("users", "idx_users_name"));
  EXPECT_FALSE(runs("INSERT INTO users (id, email) VALUES (1, 'b@example.com')"));  // still there
  EXPECT_FALSE(runs("INSERT INTO notes (id) VALUES (1)"));  // the truncated row is back
}

TEST_P(DriverConformance, CommitAfterAFailedStatementThrowsAndRollsBack) {
  driver().ensure_ledger();
  driver().begin();
  SchemaManager manager(driver());
  manager.create_table(users_table());
  driver().record(entry("m20240115_120000_create_users_table", 1, "", std::nullopt));
  EXPECT_THROW(manager.execute("INSERT INTO no_such_table (a) VALUES (1)"), DatabaseError);
  EXPECT_THROW(driver().commit(), Error);
  // After the throw no transaction is open: a new one begins, and commits.
  driver().rollback();
  driver().begin();
  driver().record(entry("m20240116_000000_other", 1, "", std::nullopt));
  driver().commit();
  reopen();
  EXPECT_EQ(versions(driver().read_ledger()), Strings{"m20240116_000000_other"});
  if (driver().transactional_ddl()) {
    EXPECT_FALSE(driver().has_table("users"));
  }
}

TEST_P(DriverConformance, NothingAfterAFailedStatementIsCommitted) {
  // A migration that catches a statement's error and goes on, and the host recording it in
  // the ledger afterwards: none of it may reach the database, whether the driver refuses
  // the statements after the failure (PostgreSQL) or runs them and refuses the commit.
  driver().ensure_ledger();
  driver().begin();
  SchemaManager manager(driver());
  EXPECT_THROW(manager.execute("INSERT INTO no_such_table (a) VALUES (1)"), DatabaseError);
  const auto ignore_failure = [](auto&& step) {
    try {
      step();
    } catch (const DatabaseError&) {
    }
  };
  ignore_failure([&] { manager.create_table(users_table()); });
  ignore_failure([&] { driver().record(entry("m20240115_120000_create_users", 1, "", 5)); });
  ignore_failure([&] { driver().forget("m20240101_000000_none"); });
  EXPECT_THROW(driver().commit(), Error);
  driver().rollback();
  reopen();
  EXPECT_EQ(versions(driver().read_ledger()), Strings{});
  if (driver().transactional_ddl()) {
    EXPECT_FALSE(driver().has_table("users"));
  }
}

// The migration's transaction is the host's: raw SQL that would end it (committing half a
// migration without its ledger row) or start another is refused before it runs, and the
// transaction then cannot commit. Savepoints nest, and are the migration's to use.
TEST_P(DriverConformance, AMigrationCannotEndOrStartATransaction) {
  // A manager per call: reopen() replaces the driver a manager would hold on to.
  const auto execute = [&](const std::string& sql) { SchemaManager(driver()).execute(sql); };
  execute("CREATE TABLE notes (id integer PRIMARY KEY)");
  for (const char* statement : {"COMMIT", "END", "ROLLBACK", "BEGIN", "COMMIT TRANSACTION",
                                "INSERT INTO notes (id) VALUES (2); COMMIT"}) {
    driver().begin();
    execute("INSERT INTO notes (id) VALUES (1)");
    try {
      execute(statement);
      ADD_FAILURE() << "ran: " << statement;
    } catch (const DatabaseError& error) {
      EXPECT_NE(std::string(error.what()).find("a migration cannot BEGIN, COMMIT or ROLLBACK"),
                std::string::npos)
          << statement << ": " << error.what();
    }
    EXPECT_THROW(driver().commit(), Error) << statement;
    driver().rollback();
    reopen();
    EXPECT_TRUE(runs("INSERT INTO notes (id) VALUES (1)")) << statement;  // nothing was kept
    EXPECT_TRUE(runs("DELETE FROM notes"));
  }
  driver().begin();
  {
    SchemaManager manager(driver());  // one, as a migration has: it follows the savepoints
    manager.execute("SAVEPOINT a");
    manager.execute("INSERT INTO notes (id) VALUES (3)");
    manager.execute("ROLLBACK TO SAVEPOINT a");
    manager.execute("RELEASE SAVEPOINT a");
    manager.execute("INSERT INTO notes (id) VALUES (4)");
  }
  driver().commit();
  EXPECT_TRUE(runs("INSERT INTO notes (id) VALUES (3)"));   // rolled back to the savepoint
  EXPECT_FALSE(runs("INSERT INTO notes (id) VALUES (4)"));  // committed
  // Outside the host's transaction (a migration whose use_transaction() is false) they run.
  EXPECT_TRUE(runs("BEGIN; INSERT INTO notes (id) VALUES (5); COMMIT"));
  EXPECT_FALSE(runs("INSERT INTO notes (id) VALUES (5)"));
}

// A failed statement keeps the transaction from committing until the migration rolls back to
// a savepoint it set before the failure: that undoes the failure, and what ran since the
// savepoint, and the migration goes on (on PostgreSQL the server itself runs nothing else
// after a failure). A savepoint set after the failure undoes nothing of it, nor does one
// released before it; a refused BEGIN or COMMIT is never undone.
TEST_P(DriverConformance, ARollbackToASavepointSetBeforeAFailureUndoesIt) {
  SchemaManager(driver()).execute("CREATE TABLE notes (id integer PRIMARY KEY)");
  const auto count = [&] {
    reopen();
    int rows = 0;
    for (int id = 1; id <= 4; ++id) {
      if (!runs("INSERT INTO notes (id) VALUES (" + std::to_string(id) + ")")) ++rows;
    }
    (void)runs("DELETE FROM notes");
    return rows;  // the ids 1..4 already there, each refused as a duplicate
  };

  {
    driver().begin();
    SchemaManager manager(driver());
    manager.execute("INSERT INTO notes (id) VALUES (1)");
    manager.execute("SAVEPOINT a");
    manager.execute("INSERT INTO notes (id) VALUES (2)");
    EXPECT_THROW(manager.execute("INSERT INTO no_such_table (id) VALUES (1)"), DatabaseError);
    EXPECT_FALSE(manager.first_failure().empty());
    manager.execute("-- the backfill failed\nROLLBACK TO SAVEPOINT a");
    EXPECT_EQ(manager.first_failure(), "");  // undone
    manager.execute("RELEASE SAVEPOINT a");
    manager.execute("INSERT INTO notes (id) VALUES (3)");
    driver().commit();
  }
  EXPECT_EQ(count(), 2);  // 1 and 3: 2 went with the rollback to the savepoint

  // Runs `steps` in a transaction that must then refuse to commit, keeping nothing.
  const auto cannot_commit = [&](const std::function<void(SchemaManager&)>& steps) {
    driver().begin();
    {
      SchemaManager manager(driver());
      steps(manager);
    }
    EXPECT_THROW(driver().commit(), Error);
    EXPECT_EQ(count(), 0);
  };
  // Runs `sql` until one fails, as a migration would that tries and goes on.
  const auto attempt = [](SchemaManager& manager, std::initializer_list<const char*> sql) {
    try {
      for (const char* statement : sql) manager.execute(statement);
    } catch (const DatabaseError&) {
    }
  };
  const char* const failing = "INSERT INTO no_such_table (id) VALUES (1)";

  // A ROLLBACK TO inside a comment is none (PostgreSQL nests comments; SQLite does not, and
  // reads what follows the first */ as an error): the failure stands.
  cannot_commit([&](SchemaManager& manager) {
    manager.execute("SAVEPOINT \"Odd Name\"");
    EXPECT_THROW(manager.execute(failing), DatabaseError);
    attempt(manager, {"/* a /* nested */ ROLLBACK TO SAVEPOINT \"Odd Name\" */"});
    EXPECT_FALSE(manager.first_failure().empty());
  });
  // A name the two databases read apart: SQLite's ROLLBACK TO a reaches "A", set after the
  // failure (PostgreSQL refuses to set it at all); kit-host's account gives up rather than
  // guess, and the failure stands.
  cannot_commit([&](SchemaManager& manager) {
    manager.execute("SAVEPOINT a");
    EXPECT_THROW(manager.execute(failing), DatabaseError);
    attempt(manager, {"SAVEPOINT \"A\"", "ROLLBACK TO SAVEPOINT a"});
    EXPECT_FALSE(manager.first_failure().empty());
  });
  // A savepoint set where kit-host does not follow it may shadow one it does: the same.
  cannot_commit([&](SchemaManager& manager) {
    manager.execute("SAVEPOINT s");
    EXPECT_THROW(manager.execute(failing), DatabaseError);
    attempt(manager, {"SELECT 1; SAVEPOINT s", "ROLLBACK TO SAVEPOINT s"});
    EXPECT_FALSE(manager.first_failure().empty());
  });
  // kit-host's own savepoint (a dry run's) is not the migration's to name: refused unsent,
  // and the migration fails (the host reads first_failure()).
  driver().begin();
  {
    SchemaManager manager(driver());
    EXPECT_THROW(manager.execute("SAVEPOINT KIT_HOST_MIGRATION"), DatabaseError);
    EXPECT_EQ(manager.statements_sent(), 0U);
    EXPECT_FALSE(manager.first_failure().empty());
  }
  driver().rollback();
  // Set after the failure (PostgreSQL refuses to set it at all): the failure stands.
  cannot_commit([&](SchemaManager& manager) {
    manager.execute("INSERT INTO notes (id) VALUES (1)");
    EXPECT_THROW(manager.execute(failing), DatabaseError);
    attempt(manager, {"SAVEPOINT b", "ROLLBACK TO SAVEPOINT b"});
  });
  // Released before the failure: there is nothing to roll back to.
  cannot_commit([&](SchemaManager& manager) {
    manager.execute("SAVEPOINT c");
    manager.execute("INSERT INTO notes (id) VALUES (1)");
    manager.execute("RELEASE SAVEPOINT c");
    EXPECT_THROW(manager.execute(failing), DatabaseError);
    EXPECT_THROW(manager.execute("ROLLBACK TO SAVEPOINT c"), DatabaseError);
  });
  // A refused COMMIT stands whatever the migration rolls back to.
  cannot_commit([&](SchemaManager& manager) {
    manager.execute("SAVEPOINT d");
    manager.execute("INSERT INTO notes (id) VALUES (1)");
    EXPECT_THROW(manager.execute("COMMIT"), DatabaseError);
    attempt(manager, {"ROLLBACK TO SAVEPOINT d"});
  });
  // A ROLLBACK TO that undoes a failure, and a later statement of its text that fails: the
  // failure that stands, and is named, is that one; a ROLLBACK TO the savepoint undoes it.
  {
    driver().begin();
    SchemaManager manager(driver());
    manager.execute("SAVEPOINT g");
    manager.execute("INSERT INTO notes (id) VALUES (1)");
    EXPECT_THROW(manager.execute(failing), DatabaseError);
    EXPECT_THROW(manager.execute("ROLLBACK TO SAVEPOINT g; INSERT INTO notes (id) VALUES (2); "
                                 "INSERT INTO no_such_other_table (id) VALUES (1)"),
                 DatabaseError);
    EXPECT_NE(manager.first_failure().find("no_such_other_table"), std::string::npos)
        << manager.first_failure();
    EXPECT_EQ(manager.first_failure().find("no_such_table"), std::string::npos)
        << manager.first_failure();
    manager.execute("ROLLBACK TO SAVEPOINT g");
    EXPECT_EQ(manager.first_failure(), "");
    manager.execute("INSERT INTO notes (id) VALUES (3)");
    driver().commit();
  }
  EXPECT_EQ(count(), 1);  // 3: 1 and 2 went with the rollbacks to the savepoint
  // Undone once, then failed again: a savepoint set after the second failure undoes
  // nothing of it.
  cannot_commit([&](SchemaManager& manager) {
    manager.execute("SAVEPOINT e");
    EXPECT_THROW(manager.execute(failing), DatabaseError);
    manager.execute("ROLLBACK TO SAVEPOINT e");
    manager.execute("INSERT INTO notes (id) VALUES (4)");
    EXPECT_THROW(manager.execute("INSERT INTO notes (id) VALUES (4)"), DatabaseError);
    EXPECT_FALSE(manager.first_failure().empty());
    attempt(manager, {"SAVEPOINT f", "ROLLBACK TO SAVEPOINT f"});
  });
}

TEST_P(DriverConformance, TransactionsDoNotNest) {
  driver().begin();
  EXPECT_THROW(driver().begin(), Error);
  driver().rollback();
  driver().begin();  // the failed begin() left nothing behind
  driver().rollback();
}

// --- Ledger --------------------------------------------------------------------------

TEST_P(DriverConformance, ReadingTheLedgerCreatesNothing) {
  EXPECT_TRUE(driver().read_ledger().empty());
  EXPECT_FALSE(driver().has_table(kLedgerTable));
  EXPECT_TRUE(driver().tables().empty());
}

TEST_P(DriverConformance, LedgerRoundTrip) {
  driver().ensure_ledger();
  driver().ensure_ledger();  // idempotent
  EXPECT_TRUE(driver().has_table(kLedgerTable));
  EXPECT_TRUE(driver().has_column(kLedgerTable, "version"));
  EXPECT_TRUE(driver().read_ledger().empty());
  driver().record(entry("m20240116_000000_b", 2, "", std::nullopt));
  driver().record(entry("m20240115_000000_a", 1, "deadbeef", 42));
  driver().record(entry("m20240117_000000_c", 2, "cafe", 0));
  driver().record(entry("m20240118_000000_big", 3, "f00d", 5'000'000'000));
  reopen();
  auto rows = driver().read_ledger();
  ASSERT_EQ(rows.size(), 4U);
  EXPECT_EQ(rows[0].version, "m20240115_000000_a");
  EXPECT_EQ(rows[0].batch, 1);
  EXPECT_EQ(rows[0].checksum, "deadbeef");
  EXPECT_EQ(rows[0].applied_at, "2024-01-15 12:00:00");
  EXPECT_EQ(rows[0].execution_ms, std::optional<std::int64_t>(42));
  EXPECT_EQ(rows[1].version, "m20240116_000000_b");
  EXPECT_EQ(rows[1].batch, 2);
  EXPECT_EQ(rows[1].checksum, "");
  EXPECT_EQ(rows[1].execution_ms, std::nullopt);
  EXPECT_EQ(rows[2].version, "m20240117_000000_c");
  EXPECT_EQ(rows[2].execution_ms, std::optional<std::int64_t>(0));              // zero is not NULL
  EXPECT_EQ(rows[3].execution_ms, std::optional<std::int64_t>(5'000'000'000));  // 64-bit

  // Unknown checksum and time are stored as NULL, not as '' or 0.
  driver().execute("DELETE FROM kit_migrations WHERE checksum IS NULL AND execution_ms IS NULL");
  EXPECT_EQ(versions(driver().read_ledger()),
            (Strings{"m20240115_000000_a", "m20240117_000000_c", "m20240118_000000_big"}));

  driver().forget("m20240117_000000_c");
  driver().forget("m20240199_000000_never");  // not there: nothing to delete
  EXPECT_EQ(versions(driver().read_ledger()),
            (Strings{"m20240115_000000_a", "m20240118_000000_big"}));
  EXPECT_THROW(driver().record(entry("m20240115_000000_a", 3, "", std::nullopt)), DatabaseError);
}

TEST_P(DriverConformance, LedgerKeepsEachRowsState) {
  driver().ensure_ledger();
  EXPECT_TRUE(driver().has_column(kLedgerTable, "state"));
  auto running = entry("m20240116_000000_b", 2, "cafe", std::nullopt);
  running.state = ledger_state::kRunning;
  auto reverting = entry("m20240117_000000_c", 2, "", 7);
  reverting.state = ledger_state::kReverting;
  driver().record(entry("m20240115_000000_a", 1, "", 1));  // "applied" unless told otherwise
  driver().record(running);
  driver().record(reverting);
  reopen();
  auto rows = driver().read_ledger();
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_EQ(rows[0].state, "applied");
  EXPECT_EQ(rows[1].state, "running");
  EXPECT_EQ(rows[2].state, "reverting");

  // A row changes state by forget() and record() in one transaction, as the host does it.
  driver().begin();
  driver().forget("m20240116_000000_b");
  running.state = ledger_state::kApplied;
  running.execution_ms = 12;
  driver().record(running);
  driver().rollback();
  EXPECT_EQ(driver().read_ledger()[1].state, "running");
  driver().begin();
  driver().forget("m20240116_000000_b");
  driver().record(running);
  driver().commit();
  reopen();
  rows = driver().read_ledger();
  EXPECT_EQ(rows[1].state, "applied");
  EXPECT_EQ(rows[1].execution_ms, std::optional<std::int64_t>(12));
}

TEST_P(DriverConformance, EnsureLedgerUpgradesALedgerWithoutTheStateColumn) {
  // The ledger as kit-host made it before the state column, with one applied row.
  driver().execute(
      "CREATE TABLE kit_migrations (version TEXT PRIMARY KEY, batch INTEGER NOT NULL, "
      "checksum TEXT, applied_at TEXT NOT NULL, execution_ms BIGINT)");
  driver().execute(
      "INSERT INTO kit_migrations (version, batch, checksum, applied_at, execution_ms) "
      "VALUES ('m20240115_000000_a', 1, 'deadbeef', '2024-01-15 12:00:00', 42)");
  // Read as it is: every row applied, nothing changed.
  auto rows = driver().read_ledger();
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].state, "applied");
  EXPECT_EQ(rows[0].checksum, "deadbeef");
  EXPECT_FALSE(driver().has_column(kLedgerTable, "state"));

  // Upgraded by ensure_ledger(), from two connections at once, and again (idempotent).
  auto other = open_another();
  std::string error;
  std::thread thread([&] {
    try {
      other->ensure_ledger();
    } catch (const std::exception& e) {
      error = e.what();
    }
  });
  driver().ensure_ledger();
  thread.join();
  EXPECT_EQ(error, "");
  driver().ensure_ledger();
  EXPECT_TRUE(driver().has_column(kLedgerTable, "state"));
  auto running = entry("m20240116_000000_b", 2, "", std::nullopt);
  running.state = ledger_state::kRunning;
  driver().record(running);
  reopen();
  rows = driver().read_ledger();
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].state, "applied");
  EXPECT_EQ(rows[0].execution_ms, std::optional<std::int64_t>(42));
  EXPECT_EQ(rows[1].state, "running");
}

TEST_P(DriverConformance, LedgerIsOrderedByteByByte) {
  driver().ensure_ledger();
  // '-' < 'B' < '_' < 'a' in bytes; collations that ignore case or punctuation disagree.
  for (const char* version : {"m20240101_000000_a", "m20240101_000000__", "m20240101_000000_B",
                              "m20240101_000000-", "m20231231_235959_z"}) {
    driver().record(entry(version, 1, "", std::nullopt));
  }
  EXPECT_EQ(versions(driver().read_ledger()),
            (Strings{"m20231231_235959_z", "m20240101_000000-", "m20240101_000000_B",
                     "m20240101_000000__", "m20240101_000000_a"}));
}

TEST_P(DriverConformance, EnsureLedgerIsSafeFromSeveralConnectionsAtOnce) {
  std::vector<DriverHandle> drivers;
  for (int i = 0; i < 4; ++i) drivers.push_back(open_another());
  std::atomic<int> ready{0};
  std::vector<std::string> errors(drivers.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < drivers.size(); ++i) {
    threads.emplace_back([&, i] {
      ++ready;
      while (ready < static_cast<int>(drivers.size())) std::this_thread::yield();
      try {
        drivers[i]->ensure_ledger();
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& error : errors) EXPECT_EQ(error, "");
  EXPECT_EQ(driver().tables(), Strings{"kit_migrations"});
}

// --- Adoption: SeaORM's seaql_migrations ---------------------------------------------

TEST_P(DriverConformance, SeaqlLedgerIsEmptyWithoutTheTableAndReadingCreatesNothing) {
  EXPECT_TRUE(driver().read_seaql_ledger().empty());
  EXPECT_TRUE(driver().tables().empty());
  driver().ensure_ledger();  // kit's own ledger is another table
  EXPECT_TRUE(driver().read_seaql_ledger().empty());
}

TEST_P(DriverConformance, SeaqlLedgerReadsWhatSeaOrmLeftOrderedByteByByte) {
  // The table as sea-orm-migration creates it: version varchar primary key, applied_at
  // bigint seconds since the Unix epoch.
  driver().execute(
      "CREATE TABLE seaql_migrations (version VARCHAR(255) NOT NULL PRIMARY KEY, "
      "applied_at BIGINT NOT NULL)");
  driver().execute(
      "INSERT INTO seaql_migrations (version, applied_at) VALUES "
      "('m20240101_000000_a', 1704067200), ('m20240101_000000_B', 1704067201), "
      "('m20220101_000001_create_table', 1640995201), ('m20240101_000000__', 4102444800)");
  const auto rows = driver().read_seaql_ledger();
  ASSERT_EQ(rows.size(), 4U);
  Strings names;
  for (const auto& row : rows) names.push_back(row.version);
  EXPECT_EQ(names, (Strings{"m20220101_000001_create_table", "m20240101_000000_B",
                            "m20240101_000000__", "m20240101_000000_a"}));
  EXPECT_EQ(rows[0].applied_at, 1640995201);
  EXPECT_EQ(rows[1].applied_at, 1704067201);
  EXPECT_EQ(rows[2].applied_at, 4102444800);  // past 2038: 64 bits
  EXPECT_EQ(rows[3].applied_at, 1704067200);
  // Read inside a transaction too, as the host does under --pretend; and it writes nothing.
  driver().begin();
  EXPECT_EQ(driver().read_seaql_ledger().size(), 4U);
  driver().rollback();
  EXPECT_EQ(driver().tables(), Strings{"seaql_migrations"});
  EXPECT_TRUE(driver().read_ledger().empty());
}

// --- Describing tables (db:sync) -----------------------------------------------------

namespace {

ColumnType kind_type(ColumnKind kind) {
  ColumnType type;
  type.kind = kind;
  return type;
}

const ColumnInfo* find_column(const TableInfo& table, const std::string& name) {
  for (const auto& column : table.columns) {
    if (column.name == name) return &column;
  }
  return nullptr;
}

Strings column_names(const TableInfo& table) {
  Strings out;
  for (const auto& column : table.columns) out.push_back(column.name);
  return out;
}

}  // namespace

TEST_P(DriverConformance, DescribeTableReadsColumnsKeysIndexesAndForeignKeys) {
  SchemaManager manager(driver());
  manager.create_table(users_table());
  manager.create_table(
      posts_table()
          .col(ColumnDef("created_at")
                   .timestamp()
                   .not_null()
                   .default_value(Expr::current_timestamp()))
          .index(Index::create().name("idx_posts_title_user").col("title").col("user_id").unique())
          .foreign_key(ForeignKey::create()
                           .name("fk_posts_editor")
                           .from_col("editor_id")
                           .to("users", "id")
                           .on_delete(ForeignKeyAction::SetNull)
                           .on_update(ForeignKeyAction::Restrict))
          .col(ColumnDef("editor_id").integer().null()));

  const auto users = driver().describe_table("users");
  ASSERT_TRUE(users.has_value());
  EXPECT_EQ(users->name, "users");
  EXPECT_EQ(column_names(*users), (Strings{"id", "email", "name"}));
  EXPECT_EQ(users->primary_key, Strings{"id"});
  const auto& id = users->columns[0];
  EXPECT_FALSE(id.type.empty());
  EXPECT_EQ(id.kit_type, kind_type(ColumnKind::Integer));
  EXPECT_FALSE(id.nullable);
  EXPECT_TRUE(id.auto_increment);
  const auto& email = users->columns[1];
  EXPECT_NE(email.type.find("255"), std::string::npos) << email.type;
  ColumnType varchar255 = kind_type(ColumnKind::String);
  varchar255.length = 255;
  EXPECT_EQ(email.kit_type, varchar255);
  EXPECT_FALSE(email.nullable);
  EXPECT_FALSE(email.auto_increment);
  EXPECT_EQ(email.default_sql, std::nullopt);
  EXPECT_EQ(users->columns[2].kit_type, kind_type(ColumnKind::String));
  EXPECT_TRUE(users->columns[2].nullable);
  // unique_key(): a UNIQUE constraint, whose index the database names.
  ASSERT_EQ(users->indexes.size(), 1U);
  EXPECT_FALSE(users->indexes[0].name.empty());
  EXPECT_EQ(users->indexes[0].columns, Strings{"email"});
  EXPECT_TRUE(users->indexes[0].unique);
  EXPECT_TRUE(users->indexes[0].constraint);
  EXPECT_TRUE(users->foreign_keys.empty());

  const auto posts = driver().describe_table("posts");
  ASSERT_TRUE(posts.has_value());
  EXPECT_EQ(column_names(*posts), (Strings{"id", "user_id", "title", "created_at", "editor_id"}));
  const auto* title = find_column(*posts, "title");
  ASSERT_NE(title, nullptr);
  ASSERT_TRUE(title->default_sql.has_value());
  EXPECT_NE(title->default_sql->find("'untitled'"), std::string::npos) << *title->default_sql;
  const auto* created_at = find_column(*posts, "created_at");
  ASSERT_NE(created_at, nullptr);
  EXPECT_EQ(created_at->kit_type, kind_type(ColumnKind::Timestamp));
  ASSERT_TRUE(created_at->default_sql.has_value());
  EXPECT_NE(created_at->default_sql->find("CURRENT_TIMESTAMP"), std::string::npos)
      << *created_at->default_sql;
  EXPECT_FALSE(find_column(*posts, "user_id")->auto_increment);
  EXPECT_TRUE(find_column(*posts, "editor_id")->nullable);

  // Sorted by name; the primary key's index is not among them.
  ASSERT_EQ(posts->indexes.size(), 2U);
  EXPECT_EQ(posts->indexes[0].name, "idx_posts_title_user");
  EXPECT_EQ(posts->indexes[0].columns, (Strings{"title", "user_id"}));
  EXPECT_TRUE(posts->indexes[0].unique);
  EXPECT_FALSE(posts->indexes[0].constraint);
  EXPECT_EQ(posts->indexes[1].name, "posts_user_id_index");
  EXPECT_EQ(posts->indexes[1].columns, Strings{"user_id"});
  EXPECT_FALSE(posts->indexes[1].unique);
  for (const auto& index : posts->indexes) {
    EXPECT_FALSE(index.partial || index.expressions) << index.name;
  }

  ASSERT_EQ(posts->foreign_keys.size(), 2U);
  const auto& editor = posts->foreign_keys[0];
  EXPECT_EQ(editor.name, "fk_posts_editor");
  EXPECT_EQ(editor.columns, Strings{"editor_id"});
  EXPECT_EQ(editor.referenced_table, "users");
  EXPECT_EQ(editor.referenced_columns, Strings{"id"});
  EXPECT_EQ(editor.on_delete, ForeignKeyAction::SetNull);
  EXPECT_EQ(editor.on_update, ForeignKeyAction::Restrict);
  const auto& author = posts->foreign_keys[1];
  EXPECT_EQ(author.name, "posts_user_id_foreign");  // the name the builder derived
  EXPECT_EQ(author.columns, Strings{"user_id"});
  EXPECT_EQ(author.referenced_columns, Strings{"id"});
  EXPECT_EQ(author.on_delete, ForeignKeyAction::Cascade);
  EXPECT_EQ(author.on_update, ForeignKeyAction::NoAction);

  // What a later migration changes reads back too (on SQLite, after a table rebuild).
  manager.alter_table(
      Table::alter().table("posts").modify_column(ColumnDef("title").string_len(200).null()));
  const auto altered = driver().describe_table("posts");
  ASSERT_TRUE(altered.has_value());
  ColumnType varchar200 = kind_type(ColumnKind::String);
  varchar200.length = 200;
  EXPECT_EQ(find_column(*altered, "title")->kit_type, varchar200);
  EXPECT_TRUE(find_column(*altered, "title")->nullable);
  ASSERT_EQ(altered->foreign_keys.size(), 2U);
  EXPECT_EQ(altered->foreign_keys[0].on_update, ForeignKeyAction::Restrict);
  EXPECT_EQ(altered->foreign_keys[1].on_delete, ForeignKeyAction::Cascade);
  EXPECT_EQ(altered->indexes.size(), 2U);
}

TEST_P(DriverConformance, DescribeTableMapsEveryBuilderTypeBack) {
  const auto with_length = [](ColumnKind kind, std::uint32_t length) {
    ColumnType type = kind_type(kind);
    type.length = length;
    return type;
  };
  ColumnType decimal_10_2 = kind_type(ColumnKind::Decimal);
  decimal_10_2.precision = 10;
  decimal_10_2.scale = 2;
  const std::vector<std::pair<ColumnDef, ColumnType>> columns = {
      {ColumnDef("a_integer").integer(), kind_type(ColumnKind::Integer)},
      {ColumnDef("a_big_integer").big_integer(), kind_type(ColumnKind::BigInteger)},
      {ColumnDef("a_small_integer").small_integer(), kind_type(ColumnKind::SmallInteger)},
      {ColumnDef("a_float").float_(), kind_type(ColumnKind::Float)},
      {ColumnDef("a_double").double_(), kind_type(ColumnKind::Double)},
      {ColumnDef("a_decimal").decimal(), kind_type(ColumnKind::Decimal)},
      {ColumnDef("a_decimal_len").decimal_len(10, 2), decimal_10_2},
      {ColumnDef("a_string").string(), kind_type(ColumnKind::String)},
      {ColumnDef("a_string_len").string_len(40), with_length(ColumnKind::String, 40)},
      {ColumnDef("a_text").text(), kind_type(ColumnKind::Text)},
      {ColumnDef("a_boolean").boolean(), kind_type(ColumnKind::Boolean)},
      {ColumnDef("a_timestamp").timestamp(), kind_type(ColumnKind::Timestamp)},
      {ColumnDef("a_timestamp_tz").timestamp_with_time_zone(),
       kind_type(ColumnKind::TimestampWithTimeZone)},
      {ColumnDef("a_date").date(), kind_type(ColumnKind::Date)},
      {ColumnDef("a_time").time(), kind_type(ColumnKind::Time)},
      {ColumnDef("a_blob").blob(), kind_type(ColumnKind::Blob)},
      {ColumnDef("a_json").json(), kind_type(ColumnKind::Json)},
      {ColumnDef("a_json_binary").json_binary(), kind_type(ColumnKind::JsonBinary)},
      {ColumnDef("a_uuid").uuid(), kind_type(ColumnKind::Uuid)},
  };
  auto create = Table::create().table("kinds");
  for (const auto& column : columns) create.col(ColumnDef(column.first).not_null());
  SchemaManager(driver()).create_table(create);

  const auto kinds = driver().describe_table("kinds");
  ASSERT_TRUE(kinds.has_value());
  ASSERT_EQ(kinds->columns.size(), columns.size());
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const auto& read = kinds->columns[i];
    EXPECT_EQ(read.name, columns[i].first.get_name().name());
    EXPECT_EQ(read.kit_type, columns[i].second) << read.name << " is " << read.type;
    EXPECT_FALSE(read.nullable) << read.name;
    EXPECT_FALSE(read.auto_increment) << read.name;
  }
  EXPECT_TRUE(kinds->primary_key.empty());
  EXPECT_TRUE(kinds->indexes.empty());

  // A type the builder does not make reads back with the database's spelling and no
  // builder type.
  driver().execute("CREATE TABLE odd (c char(3))");
  const auto odd = driver().describe_table("odd");
  ASSERT_TRUE(odd.has_value());
  ASSERT_EQ(odd->columns.size(), 1U);
  EXPECT_EQ(odd->columns[0].kit_type, std::nullopt) << odd->columns[0].type;
  EXPECT_NE(odd->columns[0].type.find('3'), std::string::npos) << odd->columns[0].type;
  EXPECT_TRUE(odd->columns[0].nullable);
}

TEST_P(DriverConformance, DescribeTableFindsTablesAsHasTableDoes) {
  EXPECT_EQ(driver().describe_table("nope"), std::nullopt);
  SchemaManager manager(driver());
  manager.create_table(users_table());
  driver().execute("CREATE VIEW user_emails AS SELECT email FROM users");
  EXPECT_EQ(driver().describe_table("user_emails"), std::nullopt);  // a view is no table
  for (const char* name : {"USERS", "Users", "user%", "users "}) {
    const auto read = driver().describe_table(name);
    EXPECT_EQ(read.has_value(), driver().has_table(name)) << name;
    if (read) {
      EXPECT_EQ(read->name, "users") << name;  // as stored
    }
  }

  // Composite keys, and names that need quoting.
  manager.create_table(
      Table::create()
          .table("order")
          .col(ColumnDef("select").integer().not_null())
          .col(ColumnDef("my \"odd\" name").string_len(10).not_null())
          .primary_key(Index::create().col("my \"odd\" name").col("select"))
          .foreign_key(ForeignKey::create().name("it's").from_col("select").to("users", "id")));
  const auto order = driver().describe_table("order");
  ASSERT_TRUE(order.has_value());
  EXPECT_EQ(order->primary_key, (Strings{"my \"odd\" name", "select"}));
  for (const auto& column : order->columns) {
    EXPECT_FALSE(column.nullable) << column.name;
    EXPECT_FALSE(column.auto_increment) << column.name;
  }
  EXPECT_TRUE(order->indexes.empty());  // the primary key's index is not listed
  ASSERT_EQ(order->foreign_keys.size(), 1U);
  EXPECT_EQ(order->foreign_keys[0].name, "it's");
  EXPECT_EQ(order->foreign_keys[0].referenced_columns, Strings{"id"});

  // Inside a transaction it sees what the transaction did so far, and nothing after.
  driver().begin();
  manager.alter_table(Table::alter().table("users").add_column(ColumnDef("phone").string()));
  EXPECT_NE(find_column(*driver().describe_table("users"), "phone"), nullptr);
  driver().rollback();
  EXPECT_EQ(find_column(*driver().describe_table("users"), "phone"), nullptr);
}

// --- Destructive: the lock across connections, and drop_all --------------------------

TEST_P(DriverConformance, LockExcludesAnotherConnectionUntilReleased) {
  driver().lock(milliseconds(2000));
  auto other = open_another();
  // Others may still create and read the ledger: runs do that before they lock.
  other->ensure_ledger();
  EXPECT_TRUE(other->read_ledger().empty());
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(other->lock(milliseconds(300)), LockTimeoutError);
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, milliseconds(300));
  EXPECT_LT(waited, milliseconds(5000));

  // The holder migrates while it holds the lock.
  driver().begin();
  SchemaManager(driver()).create_table(users_table());
  driver().record(entry("m20240115_120000_create_users_table", 1, "", std::nullopt));
  driver().commit();

  driver().unlock();
  driver().unlock();  // not held: does nothing
  other->lock(milliseconds(2000));
  EXPECT_THROW(driver().lock(milliseconds(100)), LockTimeoutError);
  other->unlock();
  driver().lock(milliseconds(2000));
  driver().unlock();
}

TEST_P(DriverConformance, LockTimeoutSaysWhatItWaitedFor) {
  driver().lock(milliseconds(2000));
  auto other = open_another();
  try {
    other->lock(milliseconds(100));
    FAIL() << "locked twice";
  } catch (const LockTimeoutError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("lock"), std::string::npos) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << "one line: " << what;
  }
  driver().unlock();
}

TEST_P(DriverConformance, LockIsNotReentrant) {
  driver().lock(milliseconds(2000));
  EXPECT_THROW(driver().lock(milliseconds(100)), Error);
  // Still held, and one unlock() frees it.
  auto other = open_another();
  EXPECT_THROW(other->lock(milliseconds(100)), LockTimeoutError);
  driver().unlock();
  other->lock(milliseconds(2000));
  other->unlock();
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
  manager.create_table(Table::create().table("order").col(ColumnDef("my \"odd\" name").integer()));
  manager.execute("CREATE VIEW post_titles AS SELECT title FROM posts");
  manager.execute("INSERT INTO users (id, email) VALUES (1, 'a@example.com')");
  driver().ensure_ledger();
  driver().record(entry("m20240115_000000_a", 1, "", std::nullopt));

  driver().drop_all();
  EXPECT_TRUE(driver().tables().empty());
  EXPECT_FALSE(driver().has_table(kLedgerTable));
  EXPECT_TRUE(driver().read_ledger().empty());
  reopen();
  EXPECT_TRUE(driver().tables().empty());
  // Everything can be created again under the same names, and holds no old rows.
  SchemaManager again(driver());
  driver().ensure_ledger();
  again.create_table(users_table());
  again.create_table(posts_table());
  again.execute("CREATE VIEW post_titles AS SELECT title FROM posts");
  again.execute("INSERT INTO users (id, email) VALUES (1, 'a@example.com')");
  driver().drop_all();
  EXPECT_TRUE(driver().tables().empty());
  driver().drop_all();  // an empty schema: nothing to do
  EXPECT_TRUE(driver().tables().empty());
}

}  // namespace kit::test
