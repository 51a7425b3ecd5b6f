// SqliteTableRebuild on real SQLite files, with rows in the tables and other tables that
// reference the rebuilt one with ON DELETE CASCADE and ON DELETE SET NULL.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <functional>

#include "kit/migration.hpp"
#include "sqlite_driver.hpp"
#include "sqlite_test_support.hpp"

namespace kit::sqlite {
namespace {

using Strings = std::vector<std::string>;
using test::rows;
using test::TempDatabase;

KIT_IDEN(Users, Table, Id, Email, Name, CreatedAt);
KIT_IDEN(Posts, Table, Id, UserId, EditorId, Title, Headline, Body);

class SqliteRebuildTest : public ::testing::Test {
 protected:
  void SetUp() override {
    migrate([](SchemaManager& m) {
      m.create_table(
          Table::create()
              .table(Users::Table)
              .col(ColumnDef(Users::Id).integer().not_null().auto_increment().primary_key())
              .col(ColumnDef(Users::Email).string().not_null().unique_key())
              .col(ColumnDef(Users::Name).string_len(50))
              .col(ColumnDef(Users::CreatedAt)
                       .timestamp()
                       .not_null()
                       .default_value(Expr::current_timestamp())));
      m.create_table(
          Table::create()
              .table(Posts::Table)
              .col(ColumnDef(Posts::Id).integer().not_null().auto_increment().primary_key())
              .col(ColumnDef(Posts::UserId).integer().not_null())
              .col(ColumnDef(Posts::EditorId).integer().null())
              .col(ColumnDef(Posts::Title).string_len(100).not_null())
              .col(ColumnDef(Posts::Body).text())
              .foreign_key(ForeignKey::create()
                               .name("fk_posts_user_id")
                               .from(Posts::Table, Posts::UserId)
                               .to(Users::Table, Users::Id)
                               .on_delete(ForeignKeyAction::Cascade)
                               .on_update(ForeignKeyAction::Cascade))
              .foreign_key(ForeignKey::create()
                               .name("fk_posts_editor_id")
                               .from(Posts::Table, Posts::EditorId)
                               .to(Users::Table, Users::Id)
                               .on_delete(ForeignKeyAction::SetNull))
              .index(Index::create().col(Posts::Title))
              .index(Index::create()
                         .name("posts_user_title")
                         .col(Posts::UserId)
                         .col(Posts::Title)
                         .unique()));
      m.execute(
          "CREATE INDEX users_lower_email ON users (lower(email)) WHERE name IS NOT NULL;"
          "CREATE TABLE audit (what text);"
          "CREATE TRIGGER users_audit AFTER UPDATE ON users BEGIN "
          "  INSERT INTO audit VALUES ('user ' || new.id); END;"
          "INSERT INTO users (email, name, created_at) VALUES "
          "  ('ann@x', 'Ann', '2024-01-01 00:00:00'), ('bob@x', 'Bob', '2024-01-02 00:00:00'),"
          "  ('cy@x', NULL, '2024-01-03 00:00:00'), ('dee@x', 'Dee', '2024-01-04 00:00:00');"
          "DELETE FROM users WHERE email = 'dee@x';"  // the sequence is now ahead of max(id)
          "INSERT INTO posts (user_id, editor_id, title, body) VALUES "
          "  (1, 2, 'Hello', 'first'), (1, NULL, 'Again', NULL), (2, 1, 'Bob''s', 'x; y'),"
          "  (3, 3, 'Cy', '');");
    });
  }

  void migrate(const std::function<void(SchemaManager&)>& up) {
    driver_.begin();
    try {
      SchemaManager manager(driver_);
      up(manager);
      driver_.commit();
    } catch (...) {
      driver_.rollback();
      throw;
    }
  }

  Strings query(const std::string& sql) { return rows(file_.path(), sql); }

  // Everything that makes up a table's shape, as SQLite reports it.
  Strings shape(const std::string& table) {
    Strings out;
    for (const char* sql :
         {"SELECT 'col', cid, name, type, \"notnull\", dflt_value, pk FROM "
          "pragma_table_xinfo(?1)",
          "SELECT 'fk', \"table\", \"from\", \"to\", on_update, on_delete FROM "
          "pragma_foreign_key_list(?1) ORDER BY \"from\"",
          "SELECT 'index', name, \"unique\", origin, partial FROM "
          "pragma_index_list(?1) WHERE origin <> 'u' ORDER BY name",
          "SELECT 'unique', group_concat(x.name) FROM pragma_index_list(?1) AS "
          "l, pragma_index_info(l.name) AS x WHERE l.origin = 'u' GROUP BY l.name",
          "SELECT 'trigger', name, sql FROM sqlite_master WHERE type = "
          "'trigger' AND tbl_name = ?1 ORDER BY name"}) {
      SQLite::Database db(file_.path().string(), SQLite::OPEN_READONLY);
      SQLite::Statement statement(db, sql);
      statement.bind(1, table);
      while (statement.executeStep()) {
        std::string row;
        for (int i = 0; i < statement.getColumnCount(); ++i) {
          const auto c = statement.getColumn(i);
          row += (i ? "|" : "") + (c.isNull() ? std::string("NULL") : c.getString());
        }
        out.push_back(row);
      }
    }
    return out;
  }

  Strings users() { return query("SELECT id, email, name, created_at FROM users ORDER BY id"); }
  Strings posts() {
    return query("SELECT id, user_id, editor_id, title, body FROM posts ORDER BY id");
  }
  Strings foreign_key_violations() { return query("PRAGMA foreign_key_check"); }

  TempDatabase file_;
  SqliteDriver driver_{file_.url().c_str()};
};

// Runs `f`, expecting an UnsupportedError for `statement`; returns its message.
template <class F>
std::string unsupported_message(F&& f, const std::string& statement) {
  try {
    f();
  } catch (const UnsupportedError& error) {
    EXPECT_EQ(error.dialect(), "sqlite");
    EXPECT_EQ(error.statement(), statement);
    return error.what();
  }
  ADD_FAILURE() << "expected UnsupportedError for " << statement;
  return {};
}

TEST_F(SqliteRebuildTest, ModifyColumnOfAReferencedTableKeepsRowsChildrenIndexesAndTriggers) {
  const auto users_before = users();
  const auto posts_before = posts();
  const auto shape_before = shape("users");
  const auto seq_before = query("SELECT seq FROM sqlite_sequence WHERE name = 'users'");
  ASSERT_EQ(seq_before, Strings{"4"});

  migrate([](SchemaManager& m) {
    m.alter_table(
        Table::alter().table(Users::Table).modify_column(ColumnDef(Users::Name).string_len(255)));
  });

  EXPECT_EQ(users(), users_before);
  EXPECT_EQ(posts(), posts_before);  // neither CASCADE nor SET NULL fired
  EXPECT_EQ(foreign_key_violations(), Strings{});
  EXPECT_EQ(query("SELECT type FROM pragma_table_xinfo('users') WHERE name = 'name'"),
            Strings{"varchar(255)"});
  EXPECT_EQ(query("SELECT name FROM sqlite_master WHERE tbl_name = 'users' AND sql IS NOT NULL "
                  "AND type IN ('index', 'trigger') ORDER BY name"),
            (Strings{"users_audit", "users_lower_email"}));
  EXPECT_EQ(
      query("SELECT sql FROM sqlite_master WHERE name = 'users_lower_email'"),
      Strings{"CREATE INDEX users_lower_email ON users (lower(email)) WHERE name IS NOT NULL"});
  EXPECT_EQ(query("SELECT name FROM sqlite_master WHERE name LIKE '%kit_new%'"), Strings{});
  EXPECT_EQ(query("SELECT seq FROM sqlite_sequence WHERE name = 'users'"), seq_before);

  // Constraints still hold, and the children's keys still point at the rebuilt table.
  EXPECT_THROW(driver_.execute("INSERT INTO users (email) VALUES ('ann@x')"), DatabaseError);
  driver_.execute("INSERT INTO users (email, name) VALUES ('eve@x', 'Eve')");
  EXPECT_EQ(query("SELECT id FROM users WHERE email = 'eve@x'"), Strings{"5"});  // not 4
  driver_.execute("UPDATE users SET name = 'Bobby' WHERE id = 2");
  EXPECT_EQ(query("SELECT what FROM audit"), Strings{"user 2"});  // the trigger is back
  driver_.execute("DELETE FROM users WHERE id = 1");
  EXPECT_EQ(query("SELECT id, user_id, editor_id FROM posts ORDER BY id"),
            (Strings{"3|2|NULL", "4|3|3"}));  // CASCADE and SET NULL work again

  // down(): the inverse rebuild restores the previous shape.
  migrate([](SchemaManager& m) {
    m.alter_table(
        Table::alter().table(Users::Table).modify_column(ColumnDef(Users::Name).string_len(50)));
  });
  EXPECT_EQ(shape("users"), shape_before);
  EXPECT_EQ(foreign_key_violations(), Strings{});
}

TEST_F(SqliteRebuildTest, TheExampleMigrationRenameAndWidenAndItsDown) {
  const auto shape_before = shape("posts");
  const auto posts_before = posts();
  migrate([](SchemaManager& m) {
    m.alter_table(Table::alter().table(Posts::Table).rename_column(Posts::Title, Posts::Headline));
    m.alter_table(Table::alter()
                      .table(Posts::Table)
                      .modify_column(ColumnDef(Posts::Headline).string_len(255)));
  });
  EXPECT_EQ(query("SELECT name, type, \"notnull\" FROM pragma_table_info('posts') WHERE cid = 3"),
            Strings{"headline|varchar(255)|1"});
  EXPECT_EQ(query("SELECT id, user_id, editor_id, headline, body FROM posts ORDER BY id"),
            posts_before);
  EXPECT_EQ(query("SELECT sql FROM sqlite_master WHERE name = 'posts_title_index'"),
            Strings{"CREATE INDEX \"posts_title_index\" ON \"posts\" (\"headline\")"});
  EXPECT_TRUE(driver_.has_index("posts", "posts_user_title"));
  EXPECT_EQ(foreign_key_violations(), Strings{});

  migrate([](SchemaManager& m) {
    m.alter_table(Table::alter()
                      .table(Posts::Table)
                      .modify_column(ColumnDef(Posts::Headline).string_len(100)));
    m.alter_table(Table::alter().table(Posts::Table).rename_column(Posts::Headline, Posts::Title));
  });
  EXPECT_EQ(shape("posts"), shape_before);
  EXPECT_EQ(posts(), posts_before);
}

TEST_F(SqliteRebuildTest, ModifyIsAPatch) {
  // Only the default changes: type, NOT NULL and the rest are kept.
  migrate([](SchemaManager& m) {
    m.alter_table(Table::alter()
                      .table(Posts::Table)
                      .modify_column(ColumnDef(Posts::Title).default_value("it's; untitled")));
  });
  EXPECT_EQ(query("SELECT type, \"notnull\", dflt_value FROM pragma_table_info('posts') WHERE "
                  "name = 'title'"),
            Strings{"varchar(100)|1|'it''s; untitled'"});
  // Only nullability changes.
  migrate([](SchemaManager& m) {
    m.alter_table(Table::alter().table(Posts::Table).modify_column(ColumnDef(Posts::Title).null()));
  });
  EXPECT_EQ(query("SELECT type, \"notnull\", dflt_value FROM pragma_table_info('posts') WHERE "
                  "name = 'title'"),
            Strings{"varchar(100)|0|'it''s; untitled'"});
  // The type changes, and values follow the new affinity.
  migrate([](SchemaManager& m) {
    m.alter_table(
        Table::alter().table(Posts::Table).modify_column(ColumnDef(Posts::Body).integer()));
  });
  EXPECT_EQ(query("SELECT type FROM pragma_table_info('posts') WHERE name = 'body'"),
            Strings{"INTEGER"});  // SQLite reports the standard type names in upper case
  EXPECT_EQ(query("SELECT body FROM posts WHERE id = 1"), Strings{"first"});
}

TEST_F(SqliteRebuildTest, ModifyToNotNullOverNullsFailsAndChangesNothing) {
  const auto shape_before = shape("posts");
  const auto posts_before = posts();
  try {
    migrate([](SchemaManager& m) {
      m.alter_table(Table::alter()
                        .table(Posts::Table)
                        .modify_column(ColumnDef(Posts::Body).text().not_null()));
    });
    FAIL() << "expected DatabaseError";
  } catch (const DatabaseError& error) {
    EXPECT_EQ(error.code(), "SQLITE_CONSTRAINT_NOTNULL");
    // The migration's table, not the rebuild's new one; the SQL as it ran.
    EXPECT_EQ(error.message(), "NOT NULL constraint failed: posts.body");
    EXPECT_NE(error.sql().find("INSERT INTO \"_kit_new_posts\""), std::string::npos);
  }
  EXPECT_EQ(shape("posts"), shape_before);
  EXPECT_EQ(posts(), posts_before);
  EXPECT_FALSE(driver_.has_table("_kit_new_posts"));
}

TEST_F(SqliteRebuildTest, AddAndDropForeignKeyInsideAlter) {
  driver_.execute(
      "CREATE TABLE tags (id integer PRIMARY KEY, post_id integer, label text);"
      "INSERT INTO tags VALUES (1, 1, 'a'), (2, 4, 'b'), (3, NULL, 'c')");
  migrate([](SchemaManager& m) {
    m.alter_table(
        Table::alter().table("tags").add_foreign_key(ForeignKey::create()
                                                         .name("fk_tags_post")
                                                         .from("tags", "post_id")
                                                         .to(Posts::Table, Posts::Id)
                                                         .on_delete(ForeignKeyAction::Cascade)));
  });
  EXPECT_EQ(
      query("SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('tags')"),
      Strings{"posts|post_id|id|CASCADE"});
  EXPECT_EQ(query("SELECT id, post_id, label FROM tags"), (Strings{"1|1|a", "2|4|b", "3|NULL|c"}));
  driver_.execute("DELETE FROM posts WHERE id = 4");
  EXPECT_EQ(query("SELECT id FROM tags"), (Strings{"1", "3"}));

  migrate([](SchemaManager& m) {
    m.alter_table(Table::alter().table("tags").drop_foreign_key("fk_tags_post"));
  });
  EXPECT_EQ(query("SELECT count(*) FROM pragma_foreign_key_list('tags')"), Strings{"0"});
  driver_.execute("INSERT INTO tags VALUES (9, 999, 'orphan allowed now')");
}

TEST_F(SqliteRebuildTest, ForeignKeyCreateAndDropOnAnExistingTable) {
  driver_.execute(
      "CREATE TABLE likes (user_id integer, post_id integer);"
      "INSERT INTO likes VALUES (1, 1), (2, 1), (NULL, 2)");
  migrate([](SchemaManager& m) {
    m.create_foreign_key(ForeignKey::create()
                             .from("likes", "user_id")
                             .to(Users::Table, Users::Id)
                             .on_delete(ForeignKeyAction::SetNull));
  });
  EXPECT_EQ(query("SELECT sql FROM sqlite_master WHERE name = 'likes'"),
            Strings{"CREATE TABLE \"likes\" (\"user_id\" integer, \"post_id\" integer, "
                    "CONSTRAINT \"likes_user_id_foreign\" FOREIGN KEY (\"user_id\") REFERENCES "
                    "\"users\" (\"id\") ON DELETE SET NULL)"});
  driver_.execute("DELETE FROM users WHERE id = 2");
  EXPECT_EQ(query("SELECT user_id, post_id FROM likes"), (Strings{"1|1", "NULL|1", "NULL|2"}));

  migrate([](SchemaManager& m) {
    m.drop_foreign_key(ForeignKey::drop().name("likes_user_id_foreign").table("likes"));
  });
  EXPECT_EQ(query("SELECT count(*) FROM pragma_foreign_key_list('likes')"), Strings{"0"});
  EXPECT_EQ(query("SELECT count(*) FROM likes"), Strings{"3"});
}

TEST_F(SqliteRebuildTest, AddingAForeignKeyThatRowsViolateIsRefusedAtCommit) {
  driver_.execute("CREATE TABLE likes (user_id integer); INSERT INTO likes VALUES (1), (77)");
  try {
    migrate([](SchemaManager& m) {
      m.create_foreign_key(
          ForeignKey::create().name("fk").from("likes", "user_id").to(Users::Table, Users::Id));
    });
    FAIL() << "expected DatabaseError";
  } catch (const DatabaseError& error) {
    EXPECT_EQ(error.code(), "SQLITE_CONSTRAINT_FOREIGNKEY");
    EXPECT_NE(error.message().find("likes"), std::string::npos) << error.message();
  }
  EXPECT_EQ(query("SELECT count(*) FROM pragma_foreign_key_list('likes')"), Strings{"0"});
  EXPECT_EQ(query("SELECT user_id FROM likes"), (Strings{"1", "77"}));
}

TEST_F(SqliteRebuildTest, DropColumnThatSqliteRefusesToDrop) {
  const auto posts_before = posts();
  migrate([](SchemaManager& m) {
    // title is indexed (twice, once in a unique index), editor_id is in a foreign key.
    m.alter_table(
        Table::alter().table(Posts::Table).drop_column(Posts::Title).drop_column(Posts::EditorId));
  });
  EXPECT_EQ(query("SELECT name FROM pragma_table_info('posts') ORDER BY cid"),
            (Strings{"id", "user_id", "body"}));
  EXPECT_FALSE(driver_.has_index("posts", "posts_title_index"));
  EXPECT_FALSE(driver_.has_index("posts", "posts_user_title"));
  EXPECT_EQ(query("SELECT \"from\" FROM pragma_foreign_key_list('posts')"), Strings{"user_id"});
  Strings expected;
  for (const auto& row : posts_before) {
    // id|user_id|editor_id|title|body -> id|user_id|body
    const auto a = row.find('|');
    const auto b = row.find('|', a + 1);
    const auto c = row.find('|', b + 1);
    const auto d = row.find('|', c + 1);
    expected.push_back(row.substr(0, b) + row.substr(d));
  }
  EXPECT_EQ(query("SELECT id, user_id, body FROM posts ORDER BY id"), expected);
  EXPECT_EQ(foreign_key_violations(), Strings{});

  // A unique column and the primary key itself.
  migrate([](SchemaManager& m) {
    m.alter_table(Table::alter().table(Users::Table).drop_column(Users::Email));
  });
  EXPECT_FALSE(driver_.has_column("users", "email"));
  EXPECT_EQ(query("SELECT count(*) FROM users"), Strings{"3"});
}

TEST_F(SqliteRebuildTest, AddColumnWithAnExpressionDefaultToATableWithRows) {
  migrate([](SchemaManager& m) {
    m.alter_table(Table::alter()
                      .table(Posts::Table)
                      .add_column(ColumnDef("published_at")
                                      .timestamp()
                                      .not_null()
                                      .default_value(Expr::current_timestamp())));
  });
  EXPECT_EQ(query("SELECT count(*) FROM posts WHERE length(published_at) = 19"), Strings{"4"});
  EXPECT_EQ(foreign_key_violations(), Strings{});
}

TEST_F(SqliteRebuildTest, RenderReadsTheSchemaButNeverChangesIt) {
  const auto before = query("SELECT type, name, sql FROM sqlite_master ORDER BY name");
  const auto sql = driver_.render(
      Table::alter().table(Users::Table).modify_column(ColumnDef(Users::Name).text()));
  EXPECT_GT(sql.size(), 5u);
  EXPECT_EQ(query("SELECT type, name, sql FROM sqlite_master ORDER BY name"), before);
}

TEST_F(SqliteRebuildTest, OutsideATransactionTheRebuildBringsItsOwn) {
  const auto posts_before = posts();
  const auto sql = driver_.render(
      Table::alter().table(Users::Table).modify_column(ColumnDef(Users::Name).string_len(80)));
  ASSERT_GE(sql.size(), 4u);
  EXPECT_EQ(sql[0], "PRAGMA foreign_keys = OFF");
  EXPECT_EQ(sql[1], "BEGIN IMMEDIATE");
  EXPECT_EQ(sql[sql.size() - 2], "COMMIT");
  EXPECT_EQ(sql.back(), "PRAGMA foreign_keys = ON");
  for (const auto& s : sql) driver_.execute(s);
  EXPECT_EQ(posts(), posts_before);
  EXPECT_THROW(driver_.execute("INSERT INTO posts (user_id, title) VALUES (99, 'x')"),
               DatabaseError);  // foreign keys are on again
}

TEST_F(SqliteRebuildTest, FailedRebuildOutsideATransactionRollsBack) {
  const auto posts_before = posts();
  SchemaManager manager(driver_);
  try {
    manager.alter_table(
        Table::alter().table(Posts::Table).modify_column(ColumnDef(Posts::Body).not_null()));
    FAIL() << "expected DatabaseError";
  } catch (const DatabaseError& error) {
    EXPECT_EQ(error.message(), "NOT NULL constraint failed: posts.body");
  }
  EXPECT_EQ(posts(), posts_before);
  EXPECT_FALSE(driver_.has_table("_kit_new_posts"));
  driver_.begin();  // no transaction was left open
  driver_.rollback();
  EXPECT_THROW(driver_.execute("INSERT INTO posts (user_id, title) VALUES (99, 'x')"),
               DatabaseError);
}

TEST_F(SqliteRebuildTest, AFailedRebuildNamesTheTableItRebuilds) {
  // A name that needs quoting, spelt in another case than the table was created with; the
  // error names the table as SQLite knows it, never the rebuild's new table.
  migrate([](SchemaManager& m) {
    m.execute(
        "CREATE TABLE \"Order Lines\" (id integer PRIMARY KEY, sku text, note text);"
        "INSERT INTO \"Order Lines\" VALUES (1, 'a', NULL), (2, 'a', 'x')");
  });
  const auto expect_failure = [&](const ColumnDef& column, const std::string& message) {
    try {
      migrate([&](SchemaManager& m) {
        m.alter_table(Table::alter().table("order lines").modify_column(column));
      });
      FAIL() << "expected DatabaseError for " << message;
    } catch (const DatabaseError& error) {
      EXPECT_EQ(error.message(), message);
      EXPECT_EQ(std::string(error.what()).rfind(message + " [", 0), 0U) << error.what();
    }
  };
  expect_failure(ColumnDef("note").text().not_null(),
                 "NOT NULL constraint failed: Order Lines.note");
  expect_failure(ColumnDef("sku").text().unique_key(), "UNIQUE constraint failed: Order Lines.sku");
  EXPECT_EQ(query("SELECT id, sku, note FROM \"Order Lines\""), (Strings{"1|a|NULL", "2|a|x"}));
  EXPECT_FALSE(driver_.has_table("_kit_new_Order Lines"));
}

TEST_F(SqliteRebuildTest, AwkwardNamesSurviveARebuild) {
  migrate([](SchemaManager& m) {
    m.create_table(Table::create()
                       .table("order")
                       .col(ColumnDef("select").integer().primary_key())
                       .col(ColumnDef("group").string_len(10).default_value("it's; \"x\""))
                       .col(ColumnDef("we\"ird name").text())
                       .index(Index::create().name("by \"group\"").col("group")));
    m.execute("INSERT INTO \"order\" VALUES (1, 'a', 'b'), (2, 'c', NULL)");
    m.alter_table(Table::alter()
                      .table("order")
                      .modify_column(ColumnDef("group").string_len(20))
                      .rename_column("we\"ird name", "plain"));
  });
  EXPECT_EQ(query("SELECT \"select\", \"group\", plain FROM \"order\""),
            (Strings{"1|a|b", "2|c|NULL"}));
  EXPECT_EQ(query("SELECT type, dflt_value FROM pragma_table_info('order') WHERE name = 'group'"),
            Strings{"varchar(20)|'it''s; \"x\"'"});
  EXPECT_TRUE(driver_.has_index("order", "by \"group\""));
}

TEST_F(SqliteRebuildTest, ColumnLevelKeysCollationsAndUniqueConstraintsAreKept) {
  driver_.execute(
      "CREATE TABLE nodes (id INTEGER PRIMARY KEY, "
      "  parent_id integer REFERENCES nodes (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,"
      "  owner integer CONSTRAINT fk_owner REFERENCES users ON DELETE SET NULL,"
      "  code text NOT NULL COLLATE NOCASE, a int, b int DEFAULT (1 + 1),"
      "  UNIQUE (a, b), UNIQUE (code));"
      "INSERT INTO nodes VALUES (1, NULL, 1, 'x', 1, 1), (2, 1, 2, 'y', 1, 2), (3, 2, NULL, 'z', "
      "2, 1)");
  const auto keys_before = query("SELECT * FROM pragma_foreign_key_list('nodes') ORDER BY id");
  migrate([](SchemaManager& m) {
    m.alter_table(Table::alter().table("nodes").modify_column(ColumnDef("a").big_integer()));
  });
  EXPECT_EQ(query("SELECT sql FROM sqlite_master WHERE name = 'nodes'"),
            Strings{"CREATE TABLE \"nodes\" (\"id\" INTEGER PRIMARY KEY, \"parent_id\" integer, "
                    "\"owner\" integer, \"code\" text NOT NULL COLLATE NOCASE UNIQUE, \"a\" "
                    "bigint, \"b\" int DEFAULT (1 + 1), UNIQUE (\"a\", \"b\"), FOREIGN KEY "
                    "(\"parent_id\") REFERENCES nodes (id) ON DELETE CASCADE DEFERRABLE INITIALLY "
                    "DEFERRED, CONSTRAINT \"fk_owner\" FOREIGN KEY (\"owner\") REFERENCES users ON "
                    "DELETE SET NULL)"});
  EXPECT_EQ(query("SELECT * FROM pragma_foreign_key_list('nodes') ORDER BY id"), keys_before);
  EXPECT_EQ(query("SELECT id, parent_id, owner, code, a, b FROM nodes"),
            (Strings{"1|NULL|1|x|1|1", "2|1|2|y|1|2", "3|2|NULL|z|2|1"}));
  EXPECT_THROW(driver_.execute("INSERT INTO nodes (code, a, b) VALUES ('X', 9, 9)"), DatabaseError);
  EXPECT_THROW(driver_.execute("INSERT INTO nodes (code, a, b) VALUES ('w', 1, 2)"), DatabaseError);
  driver_.execute("INSERT INTO nodes (code, a) VALUES ('w', 5)");
  EXPECT_EQ(query("SELECT b FROM nodes WHERE code = 'w'"), Strings{"2"});
  driver_.execute("DELETE FROM nodes WHERE id = 1");  // cascades down the self-reference
  EXPECT_EQ(query("SELECT code FROM nodes"), Strings{"w"});
}

TEST_F(SqliteRebuildTest, APrimaryKeysCollationAndDirectionAreKept) {
  // Found in review: PRIMARY KEY (code COLLATE NOCASE) came back as "code" text PRIMARY KEY,
  // and 'a' could then be inserted beside 'A'.
  driver_.execute(
      "CREATE TABLE t (code text, v integer, PRIMARY KEY (code COLLATE NOCASE));"
      "CREATE TABLE pair (a text, b int, c int, PRIMARY KEY (a COLLATE NOCASE, b DESC));"
      "CREATE TABLE plain (code text COLLATE NOCASE PRIMARY KEY, v integer);"
      "INSERT INTO t VALUES ('A', 1); INSERT INTO pair VALUES ('A', 1, 0);"
      "INSERT INTO plain VALUES ('A', 1)");
  migrate([](SchemaManager& m) {
    for (const char* table : {"t", "pair", "plain"}) {
      m.alter_table(Table::alter().table(table).modify_column(
          ColumnDef(std::string(table) == "pair" ? "c" : "v").big_integer()));
    }
  });
  EXPECT_EQ(query("SELECT sql FROM sqlite_master WHERE name IN ('t', 'pair', 'plain') ORDER BY "
                  "name"),
            (Strings{"CREATE TABLE \"pair\" (\"a\" text, \"b\" int, \"c\" bigint, PRIMARY KEY "
                     "(\"a\" COLLATE NOCASE, \"b\" DESC))",
                     "CREATE TABLE \"plain\" (\"code\" text COLLATE NOCASE PRIMARY KEY, \"v\" "
                     "bigint)",
                     "CREATE TABLE \"t\" (\"code\" text, \"v\" bigint, PRIMARY KEY (\"code\" "
                     "COLLATE NOCASE))"}));
  EXPECT_THROW(driver_.execute("INSERT INTO t (code) VALUES ('a')"), DatabaseError);
  EXPECT_THROW(driver_.execute("INSERT INTO pair (a, b) VALUES ('a', 1)"), DatabaseError);
  EXPECT_THROW(driver_.execute("INSERT INTO plain (code) VALUES ('a')"), DatabaseError);
  EXPECT_EQ(query("SELECT code FROM t"), Strings{"A"});
}

TEST_F(SqliteRebuildTest, WideningARowidAliasKeepsItTheRowid) {
  // Found in review: integer -> bigint made it an ordinary column, and an INSERT without
  // an id failed NOT NULL instead of numbering the row.
  driver_.execute(
      "CREATE TABLE tags (id integer NOT NULL PRIMARY KEY, name text);"
      "CREATE TABLE kv (id integer NOT NULL PRIMARY KEY, v text) WITHOUT ROWID;"
      "INSERT INTO tags (name) VALUES ('a')");
  migrate([](SchemaManager& m) {
    m.alter_table(Table::alter().table("tags").modify_column(ColumnDef("id").big_integer()));
    m.alter_table(Table::alter().table("kv").modify_column(ColumnDef("id").big_integer()));
  });
  EXPECT_EQ(query("SELECT lower(type) FROM pragma_table_info('tags') WHERE name = 'id'"),
            Strings{"integer"});
  driver_.execute("INSERT INTO tags (name) VALUES ('b')");
  EXPECT_EQ(query("SELECT id, name FROM tags ORDER BY id"), (Strings{"1|a", "2|b"}));
  // WITHOUT ROWID has no rowid to keep: the type is what the migration says.
  EXPECT_EQ(query("SELECT lower(type) FROM pragma_table_info('kv') WHERE name = 'id'"),
            Strings{"bigint"});
}

TEST_F(SqliteRebuildTest, WithoutRowidTablesStayWithoutRowid) {
  driver_.execute(
      "CREATE TABLE kv (k text PRIMARY KEY, v text) WITHOUT ROWID;"
      "INSERT INTO kv VALUES ('a', '1'), ('b', '2')");
  migrate([](SchemaManager& m) {
    m.alter_table(
        Table::alter().table("kv").modify_column(ColumnDef("v").string_len(10).not_null()));
  });
  EXPECT_EQ(
      query("SELECT sql FROM sqlite_master WHERE name = 'kv'"),
      Strings{"CREATE TABLE \"kv\" (\"k\" text NOT NULL PRIMARY KEY, \"v\" varchar(10) NOT NULL) "
              "WITHOUT ROWID"});
  EXPECT_EQ(query("SELECT k, v FROM kv"), (Strings{"a|1", "b|2"}));
}

TEST_F(SqliteRebuildTest, RenamesThatWouldCollideInsideARebuildAreRefused) {
  SchemaManager manager(driver_);
  const auto message = unsupported_message(
      [&] {
        manager.alter_table(Table::alter()
                                .table(Users::Table)
                                .rename_column(Users::Name, "full_name")
                                .add_column(ColumnDef(Users::Name).string())
                                .modify_column(ColumnDef(Users::Email).string_len(200)));
      },
      "alter table users (rename column name to full_name, add column name, modify column email)");
  EXPECT_NE(message.find("split"), std::string::npos) << message;
  // The same changes as separate statements work.
  migrate([](SchemaManager& m) {
    m.alter_table(Table::alter().table(Users::Table).rename_column(Users::Name, "full_name"));
    m.alter_table(Table::alter()
                      .table(Users::Table)
                      .add_column(ColumnDef(Users::Name).string())
                      .modify_column(ColumnDef(Users::Email).string_len(200)));
  });
  EXPECT_EQ(query("SELECT name FROM pragma_table_info('users') ORDER BY cid"),
            (Strings{"id", "email", "full_name", "created_at", "name"}));
  EXPECT_EQ(query("SELECT full_name FROM users ORDER BY id"), (Strings{"Ann", "Bob", "NULL"}));
}

// Views, and triggers of other tables, that name the rebuilt table are dropped before the
// swap and recreated after it, as written and in their order (SQLite's step 3 and 8/9).
TEST_F(SqliteRebuildTest, ViewsAndOtherTablesTriggersSurviveARebuildAndKeepWorking) {
  driver_.execute(
      "CREATE VIEW user_names AS SELECT id, name FROM users;"
      "CREATE TABLE signups (email text);"
      "CREATE TRIGGER signups_insert AFTER INSERT ON signups BEGIN "
      "  INSERT INTO users (email, name) VALUES (new.email, 'signed up'); END;"
      "CREATE VIEW named_users AS SELECT name FROM user_names WHERE name IS NOT NULL;"
      "CREATE TRIGGER user_names_insert INSTEAD OF INSERT ON user_names BEGIN "
      "  INSERT INTO users (email, name) VALUES (lower(new.name) || '@x', new.name); END;"
      "CREATE VIEW unrelated AS SELECT 1 AS one");
  const std::string schema_sql =
      "SELECT type, name, sql FROM sqlite_master WHERE type IN ('view', 'trigger') AND "
      "name <> 'unrelated' ORDER BY rowid";
  const auto dependents_before = query(schema_sql);
  const auto users_before = users();
  const auto statement =
      Table::alter().table(Users::Table).modify_column(ColumnDef(Users::Name).string_len(255));

  // What --pretend prints: the drops before the swap, the CREATE statements after it.
  driver_.begin();
  const auto sql = driver_.render(statement);
  driver_.rollback();
  const auto at = [&](const std::string& text) {
    return std::find(sql.begin(), sql.end(), text) - sql.begin();
  };
  const auto create_new = std::find_if(sql.begin(), sql.end(),
                                       [](const std::string& s) {
                                         return s.rfind("CREATE TABLE \"_kit_new_users\"", 0) == 0;
                                       }) -
                          sql.begin();
  EXPECT_EQ(at("DROP TRIGGER \"user_names_insert\""), 0);
  EXPECT_EQ(at("DROP VIEW \"named_users\""), 1);
  EXPECT_EQ(at("DROP TRIGGER \"signups_insert\""), 2);
  EXPECT_EQ(at("DROP VIEW \"user_names\""), 3);
  EXPECT_EQ(create_new, 4);
  EXPECT_EQ(at("DROP VIEW \"unrelated\""), static_cast<std::ptrdiff_t>(sql.size()));
  const auto rename = at("ALTER TABLE \"_kit_new_users\" RENAME TO \"users\"");
  EXPECT_GT(at("CREATE VIEW user_names AS SELECT id, name FROM users"), rename);
  EXPECT_LT(at("CREATE VIEW user_names AS SELECT id, name FROM users"),
            at("CREATE TRIGGER user_names_insert INSTEAD OF INSERT ON user_names BEGIN   INSERT "
               "INTO users (email, name) VALUES (lower(new.name) || '@x', new.name); END"));

  migrate([&](SchemaManager& m) { m.alter_table(statement); });

  EXPECT_EQ(query("SELECT type FROM pragma_table_info('users') WHERE name = 'name'"),
            Strings{"varchar(255)"});
  EXPECT_EQ(users(), users_before);
  EXPECT_EQ(foreign_key_violations(), Strings{});
  // The same views and triggers, as written and in the same order.
  EXPECT_EQ(query(schema_sql), dependents_before);
  // ... and they work.
  EXPECT_EQ(query("SELECT id, name FROM user_names ORDER BY id"),
            (Strings{"1|Ann", "2|Bob", "3|NULL"}));
  EXPECT_EQ(query("SELECT name FROM named_users ORDER BY name"), (Strings{"Ann", "Bob"}));
  driver_.execute("INSERT INTO signups VALUES ('sue@x')");
  driver_.execute("INSERT INTO user_names (name) VALUES ('Tom')");
  EXPECT_EQ(query("SELECT id, email, name FROM users WHERE id > 3 ORDER BY id"),
            (Strings{"5|sue@x|signed up", "6|tom@x|Tom"}));
}

TEST_F(SqliteRebuildTest, DroppingAColumnThatADependentUsesIsRefusedNamingIt) {
  driver_.execute(
      "CREATE VIEW post_titles AS SELECT id, title FROM posts;"
      "CREATE TABLE inbox (user_id integer, what text);"
      "CREATE TRIGGER inbox_post AFTER INSERT ON inbox BEGIN "
      "  INSERT INTO posts (user_id, title, body) VALUES (new.user_id, new.what, 'inbox'); END;");
  const auto before = query("SELECT type, name, sql FROM sqlite_master ORDER BY name");
  const auto posts_before = posts();
  SchemaManager manager(driver_);
  EXPECT_NE(unsupported_message(
                [&] {
                  manager.alter_table(Table::alter().table(Posts::Table).drop_column(Posts::Title));
                },
                "alter table posts (drop column title)")
                .find("view post_titles uses column title, which this drops"),
            std::string::npos);
  EXPECT_NE(unsupported_message(
                [&] {
                  manager.alter_table(Table::alter()
                                          .table(Posts::Table)
                                          .drop_column(Posts::Body)
                                          .modify_column(ColumnDef(Posts::Title).string()));
                },
                "alter table posts (drop column body, modify column title)")
                .find("trigger inbox_post uses column body, which this drops"),
            std::string::npos);
  EXPECT_EQ(query("SELECT type, name, sql FROM sqlite_master ORDER BY name"), before);
  EXPECT_EQ(posts(), posts_before);

  // A column that no dependent uses can go.
  migrate([](SchemaManager& m) {
    m.alter_table(Table::alter()
                      .table(Posts::Table)
                      .drop_column(Posts::EditorId)
                      .modify_column(ColumnDef(Posts::Title).string_len(120)));
  });
  EXPECT_FALSE(driver_.has_column("posts", "editor_id"));
  EXPECT_EQ(query("SELECT id, title FROM post_titles ORDER BY id"),
            (Strings{"1|Hello", "2|Again", "3|Bob's", "4|Cy"}));
  driver_.execute("INSERT INTO inbox VALUES (2, 'From the inbox')");
  EXPECT_EQ(query("SELECT user_id, title, body FROM posts WHERE id = 5"),
            Strings{"2|From the inbox|inbox"});
}

TEST_F(SqliteRebuildTest, RenamesInsideARebuildRewriteDependentViewsLikeANativeRename) {
  driver_.execute("CREATE VIEW post_titles AS SELECT id, title FROM posts");
  migrate([](SchemaManager& m) {
    m.alter_table(Table::alter()
                      .table(Posts::Table)
                      .rename_column(Posts::Title, Posts::Headline)
                      .modify_column(ColumnDef(Posts::Body).string_len(500)));
  });
  EXPECT_EQ(query("SELECT type FROM pragma_table_info('posts') WHERE name = 'body'"),
            Strings{"varchar(500)"});
  EXPECT_EQ(query("SELECT sql FROM sqlite_master WHERE name = 'post_titles'"),
            Strings{"CREATE VIEW post_titles AS SELECT id, \"headline\" FROM posts"});
  EXPECT_EQ(query("SELECT * FROM post_titles ORDER BY id"),
            (Strings{"1|Hello", "2|Again", "3|Bob's", "4|Cy"}));
}

TEST_F(SqliteRebuildTest, WhatCannotBeRebuiltFaithfullyIsRefused) {
  driver_.execute(
      "CREATE TABLE checked (n integer CHECK (n > 0));"
      "CREATE TABLE generated (a integer, b integer GENERATED ALWAYS AS (a * 2));"
      "CREATE VIEW post_titles AS SELECT title FROM posts;"
      "CREATE TABLE tagged (post_id integer CONSTRAINT fk_tagged_post REFERENCES posts (id) "
      "  ON DELETE CASCADE, user_id integer REFERENCES users)");
  const auto before = query("SELECT type, name, sql FROM sqlite_master ORDER BY name");
  SchemaManager manager(driver_);
  EXPECT_NE(unsupported_message(
                [&] {
                  manager.alter_table(
                      Table::alter().table("checked").modify_column(ColumnDef("n").big_integer()));
                },
                "alter table checked (modify column n)")
                .find("CHECK constraint"),
            std::string::npos);
  EXPECT_NE(
      unsupported_message(
          [&] {
            manager.alter_table(
                Table::alter().table("generated").modify_column(ColumnDef("a").big_integer()));
          },
          "alter table generated (modify column a)")
          .find("generated column"),
      std::string::npos);
  EXPECT_NE(unsupported_message(
                [&] {
                  manager.alter_table(Table::alter().table(Posts::Table).drop_column(Posts::Title));
                },
                "alter table posts (drop column title)")
                .find("view post_titles uses column title, which this drops"),
            std::string::npos);
  EXPECT_NE(unsupported_message(
                [&] {
                  manager.alter_table(
                      Table::alter().table("missing").modify_column(ColumnDef("x").text()));
                },
                "alter table missing (modify column x)")
                .find("does not exist"),
            std::string::npos);
  EXPECT_NE(unsupported_message(
                [&] {
                  manager.alter_table(
                      Table::alter().table(Users::Table).modify_column(ColumnDef("nope").text()));
                },
                "alter table users (modify column nope)")
                .find("no column nope"),
            std::string::npos);
  EXPECT_NE(unsupported_message(
                [&] { manager.drop_foreign_key(ForeignKey::drop().name("nope").table("tagged")); },
                "drop foreign key nope on tagged")
                .find("(it has fk_tagged_post, tagged_user_id_foreign)"),
            std::string::npos);
  EXPECT_EQ(query("SELECT type, name, sql FROM sqlite_master ORDER BY name"), before);
}

}  // namespace
}  // namespace kit::sqlite
