// The foreign-key check at commit: whatever a migration does (builder statements, raw SQL,
// the triggers they fire), it never commits a dangling reference, whether commit() checks
// the tables it touched (the default) or every table.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "kit/migration.hpp"
#include "sqlite_driver.hpp"
#include "sqlite_test_support.hpp"

namespace kit::sqlite {
namespace {

using Strings = std::vector<std::string>;
using Check = SqliteDriver::ForeignKeyCheck;
using test::rows;
using test::TempDatabase;

class SqliteForeignKeyCheckTest : public ::testing::TestWithParam<Check> {
 protected:
  void SetUp() override {
    driver_.set_foreign_key_check(GetParam());
    driver_.execute(
        "CREATE TABLE users (id integer PRIMARY KEY, name text);"
        "CREATE TABLE posts (id integer PRIMARY KEY, "
        "  user_id integer REFERENCES users (id) ON DELETE CASCADE, title text);"
        "CREATE TABLE log (what text);"
        "CREATE TABLE tags (id integer PRIMARY KEY, label text);"
        "INSERT INTO users VALUES (1, 'ann'), (2, 'bob');"
        "INSERT INTO posts VALUES (10, 1, 'a'), (11, 2, 'b'), (12, NULL, 'c');"
        "INSERT INTO tags VALUES (1, 'x')");
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

  // Everything a failed migration must leave as it was.
  Strings state() {
    Strings out = rows(file_.path(), "SELECT type, name, sql FROM sqlite_master ORDER BY name");
    for (const char* table : {"users", "posts", "log", "tags"}) {
      for (auto& row :
           rows(file_.path(), "SELECT * FROM \"" + std::string(table) + "\" ORDER BY 1")) {
        out.push_back(std::string(table) + ": " + row);
      }
    }
    return out;
  }

  // Runs the migration expecting the commit to refuse it, with nothing changed.
  void expect_refused(const std::function<void(SchemaManager&)>& up) {
    const auto before = state();
    try {
      migrate(up);
      ADD_FAILURE() << "the migration committed a dangling reference";
    } catch (const DatabaseError& error) {
      EXPECT_EQ(error.code(), "SQLITE_CONSTRAINT_FOREIGNKEY") << error.what();
      EXPECT_EQ(error.sql(), "PRAGMA foreign_key_check");
    }
    EXPECT_FALSE(driver_.in_transaction());
    EXPECT_EQ(state(), before);
  }

  // Runs `sql` as a migration expecting its commit to refuse a dangling reference.
  void expect_commit_refused(const std::string& sql) {
    try {
      migrate([&](SchemaManager& m) { m.execute(sql); });
      ADD_FAILURE() << "committed: " << sql;
    } catch (const DatabaseError& error) {
      EXPECT_EQ(error.code(), "SQLITE_CONSTRAINT_FOREIGNKEY") << error.what();
    }
  }

  // A dangling reference that predates the migrations, in a table they do not touch.
  void break_tags_outside_a_migration() {
    driver_.execute(
        "CREATE TABLE tag_links (tag_id integer REFERENCES tags (id));"
        "PRAGMA foreign_keys = OFF; INSERT INTO tag_links VALUES (99); PRAGMA foreign_keys = ON");
  }

  TempDatabase file_;
  SqliteDriver driver_{file_.url().c_str()};
};

TEST_P(SqliteForeignKeyCheckTest, DroppingAReferencedTableIsRefused) {
  expect_refused([](SchemaManager& m) { m.drop_table(Table::drop().table("users")); });
}

TEST_P(SqliteForeignKeyCheckTest, TruncatingAReferencedTableIsRefused) {
  expect_refused([](SchemaManager& m) { m.truncate_table(Table::truncate().table("users")); });
}

TEST_P(SqliteForeignKeyCheckTest, RawDeletesAndKeyUpdatesOfParentsAreRefused) {
  expect_refused([](SchemaManager& m) { m.execute("DELETE FROM users WHERE id = 2"); });
  expect_refused([](SchemaManager& m) { m.execute("UPDATE users SET id = id + 100"); });
}

TEST_P(SqliteForeignKeyCheckTest, RawInsertsOfOrphansAreRefused) {
  expect_refused(
      [](SchemaManager& m) { m.execute("INSERT INTO posts (user_id, title) VALUES (7, 'x')"); });
}

TEST_P(SqliteForeignKeyCheckTest, WhatATriggerOfAnotherTableDoesIsChecked) {
  driver_.execute(
      "CREATE TRIGGER log_purge AFTER INSERT ON log BEGIN "
      "  DELETE FROM users WHERE id = 1; END");
  expect_refused([](SchemaManager& m) { m.execute("INSERT INTO log VALUES ('purge')"); });
}

TEST_P(SqliteForeignKeyCheckTest, ChildrenThatSpellTheParentInAnotherCaseAreChecked) {
  driver_.execute(
      "CREATE TABLE comments (post_id integer REFERENCES \"POSTS\" (ID));"
      "INSERT INTO comments VALUES (10)");
  expect_refused([](SchemaManager& m) { m.execute("DELETE FROM posts WHERE id = 10"); });
}

TEST_P(SqliteForeignKeyCheckTest, AnAddedColumnWhoseDefaultDanglesIsRefused) {
  // SQLite refuses this only while foreign keys are on, and they are off in a migration.
  expect_refused([](SchemaManager& m) {
    m.execute("ALTER TABLE tags ADD COLUMN owner integer DEFAULT 7 REFERENCES users (id)");
  });
}

TEST_P(SqliteForeignKeyCheckTest, ARenameThatLeavesChildrenNamingTheOldTableIsRefused) {
  expect_refused([](SchemaManager& m) {
    m.execute(
        "PRAGMA legacy_alter_table = ON; ALTER TABLE users RENAME TO people; "
        "PRAGMA legacy_alter_table = OFF");
  });
}

TEST_P(SqliteForeignKeyCheckTest, CleanMigrationsCommit) {
  migrate([](SchemaManager& m) {
    m.create_table(Table::create()
                       .table("likes")
                       .col(ColumnDef("user_id").integer())
                       .foreign_key(ForeignKey::create()
                                        .name("fk_likes_user")
                                        .from("likes", "user_id")
                                        .to("users", "id")));
    m.execute(
        "INSERT INTO likes VALUES (1); DELETE FROM users WHERE id = 2;"
        "DELETE FROM posts WHERE user_id = 2");
    m.alter_table(Table::alter().table("posts").modify_column(ColumnDef("title").string_len(9)));
    m.rename_table(Table::rename().table("tags", "labels"));
  });
  EXPECT_EQ(rows(file_.path(), "SELECT id FROM users"), Strings{"1"});
  EXPECT_EQ(rows(file_.path(), "PRAGMA foreign_key_check"), Strings{});
}

// The one difference between the two: a dangling reference the migration did not make,
// in a table it did not touch, blocks every migration only when every table is checked.
TEST_P(SqliteForeignKeyCheckTest, OnlyAFullCheckBlocksOnAnOldDanglingReferenceElsewhere) {
  break_tags_outside_a_migration();
  const auto create_table = [](SchemaManager& m) {
    m.create_table(Table::create().table("fresh").col(ColumnDef("id").integer().primary_key()));
    m.execute("INSERT INTO users VALUES (3, 'cy')");
  };
  if (GetParam() == Check::Full) {
    expect_refused(create_table);
  } else {
    migrate(create_table);
    EXPECT_TRUE(driver_.has_table("fresh"));
  }
}

// Where the touched tables cannot be bounded, the whole database is checked.
TEST_P(SqliteForeignKeyCheckTest, WritesItCannotBoundCheckEverything) {
  break_tags_outside_a_migration();
  expect_refused([](SchemaManager& m) {
    m.execute("CREATE TEMP TABLE scratch (x); INSERT INTO scratch VALUES (1)");
  });
  expect_refused([](SchemaManager& m) {
    m.execute("PRAGMA cell_size_check = ON; INSERT INTO log VALUES ('x')");
  });
}

// writable_schema left on by an earlier migration allows edits to sqlite_schema that no
// recorded write reveals, so while it is on every commit checks the whole database.
TEST_P(SqliteForeignKeyCheckTest, WritableSchemaLeftOnChecksEverythingUntilTurnedOff) {
  migrate([](SchemaManager& m) { m.execute("PRAGMA writable_schema = ON"); });
  break_tags_outside_a_migration();
  const auto unrelated_write = [](SchemaManager& m) { m.execute("INSERT INTO log VALUES ('x')"); };
  expect_refused(unrelated_write);
  driver_.execute("PRAGMA writable_schema = OFF");  // outside a migration, which would check
  if (GetParam() == Check::Full) {
    expect_refused(unrelated_write);
  } else {
    migrate(unrelated_write);
    EXPECT_EQ(rows(file_.path(), "SELECT what FROM log"), Strings{"x"});
  }
}

TEST_P(SqliteForeignKeyCheckTest, TablesWithQuotesInTheirNamesAreCheckedExactly) {
  driver_.execute(
      "CREATE TABLE \"pa\"\"rent\" (id integer PRIMARY KEY);"
      "CREATE TABLE \"ch'ild\" (parent_id integer REFERENCES \"pa\"\"rent\" (id));"
      "INSERT INTO \"pa\"\"rent\" VALUES (1); INSERT INTO \"ch'ild\" VALUES (1)");
  expect_refused([](SchemaManager& m) { m.execute("DELETE FROM \"pa\"\"rent\""); });
  // Writing to one of them checks those two, not an old dangling reference elsewhere.
  break_tags_outside_a_migration();
  if (GetParam() == Check::Touched) {
    EXPECT_NO_THROW(migrate([](SchemaManager& m) {
      m.execute("INSERT INTO \"pa\"\"rent\" VALUES (2); INSERT INTO \"ch'ild\" VALUES (2)");
    }));
  }
}

TEST_P(SqliteForeignKeyCheckTest, TheReferencesFollowTablesCreatedAndDroppedInEarlierMigrations) {
  // Commits keep a graph of which table references which; each of these commits must see
  // the tables the earlier ones created or dropped.
  migrate([](SchemaManager& m) {
    m.execute("CREATE TABLE notes (id integer PRIMARY KEY, post_id integer REFERENCES posts (id))");
  });
  migrate([](SchemaManager& m) { m.execute("INSERT INTO notes VALUES (1, 10)"); });
  expect_refused([](SchemaManager& m) { m.execute("DELETE FROM posts WHERE id = 10"); });
  migrate([](SchemaManager& m) { m.execute("DROP TABLE notes"); });
  EXPECT_NO_THROW(migrate([](SchemaManager& m) { m.execute("DELETE FROM posts WHERE id = 10"); }));
  // A table renamed in an earlier migration: its children follow the new name.
  migrate([](SchemaManager& m) { m.execute("ALTER TABLE users RENAME TO people"); });
  expect_commit_refused("DELETE FROM people WHERE id = 2");
  // Schema changes made outside any migration are seen too.
  driver_.execute("CREATE TABLE extra (user_id integer REFERENCES people (id))");
  driver_.execute("INSERT INTO extra VALUES (1)");
  expect_commit_refused("DELETE FROM people WHERE id = 1");
  EXPECT_EQ(rows(file_.path(), "SELECT count(*) FROM people"), (Strings{"2"}));
}

TEST_P(SqliteForeignKeyCheckTest, ANameRenamedAwayAndTakenAgainIsCheckedWhole) {
  // Rows written before a rename move with the table, and the name it frees can be taken
  // by a new table or by another one renamed into it: the names written no longer tell
  // where to look.
  expect_refused([](SchemaManager& m) {
    m.execute(
        "DELETE FROM users WHERE id = 2; ALTER TABLE users RENAME TO people; "
        "CREATE TABLE users (id integer PRIMARY KEY)");
  });
  expect_refused([](SchemaManager& m) {
    m.execute(
        "INSERT INTO posts VALUES (20, 99, 'x'); ALTER TABLE posts RENAME TO old_posts; "
        "CREATE TABLE posts (id integer PRIMARY KEY, user_id integer REFERENCES users (id))");
  });
  driver_.execute("CREATE TABLE spare (id integer PRIMARY KEY)");
  expect_commit_refused(
      "DELETE FROM users WHERE id = 2; ALTER TABLE users RENAME TO tmp; "
      "ALTER TABLE spare RENAME TO users");
}

TEST_P(SqliteForeignKeyCheckTest, ReferencesChangedWhileTheGraphWaitsToBeReadAreSeen) {
  migrate([](SchemaManager& m) { m.execute("INSERT INTO tags VALUES (2, 'y')"); });  // read
  // A child created before its parent.
  migrate(
      [](SchemaManager& m) { m.execute("CREATE TABLE c (pid integer REFERENCES later (id))"); });
  migrate([](SchemaManager& m) { m.execute("CREATE TABLE later (id integer PRIMARY KEY)"); });
  driver_.execute("INSERT INTO later VALUES (1); INSERT INTO c VALUES (1)");
  expect_commit_refused("DELETE FROM later");
  // A table another connection drops and creates again with other references.
  migrate(
      [](SchemaManager& m) { m.execute("CREATE TABLE d (uid integer REFERENCES users (id))"); });
  {
    SqliteDriver other(file_.url().c_str());
    other.begin();
    other.execute(
        "DROP TABLE d; CREATE TABLE d (pid integer REFERENCES posts (id)); INSERT INTO d "
        "VALUES (10)");
    other.commit();
  }
  expect_commit_refused("DELETE FROM posts WHERE id = 10");
  // A TEMP table that shadows a parent's name: main's references still name main's table.
  driver_.execute("CREATE TEMP TABLE users (id integer PRIMARY KEY)");
  migrate([](SchemaManager& m) {
    m.execute("CREATE TABLE main.e (uid integer REFERENCES users (id))");
  });
  driver_.execute("INSERT INTO main.e VALUES (1)");
  expect_commit_refused("DELETE FROM main.users WHERE id = 1");
}

TEST_P(SqliteForeignKeyCheckTest, AutoincrementTablesAreCheckedThoughSqliteSequenceIsNot) {
  // Dropping an AUTOINCREMENT table deletes its row of sqlite_sequence; the check skips
  // sqlite_sequence (no foreign key can be enforced against it), not the table itself.
  driver_.execute(
      "CREATE TABLE accounts (id integer PRIMARY KEY AUTOINCREMENT, name text);"
      "CREATE TABLE sessions (account_id integer REFERENCES accounts (id));"
      "INSERT INTO accounts (name) VALUES ('ann'), ('bob'); INSERT INTO sessions VALUES (2)");
  expect_commit_refused("DELETE FROM accounts WHERE id = 2");
  expect_commit_refused("DROP TABLE accounts");
  expect_commit_refused(
      "INSERT INTO accounts (name) VALUES ('cy'); INSERT INTO sessions VALUES (9)");
  EXPECT_NO_THROW(migrate([](SchemaManager& m) {
    m.execute("INSERT INTO accounts (name) VALUES ('dee'); DELETE FROM accounts WHERE id = 1");
  }));
  EXPECT_EQ(rows(file_.path(), "SELECT name FROM accounts ORDER BY id"), (Strings{"bob", "dee"}));
}

TEST_P(SqliteForeignKeyCheckTest, TablesCreatedByMigrationsThatWroteNothingAreSeenByALaterWrite) {
  // A migration that writes no rows needs no graph: what it created is read only when a
  // later one writes. Each of these creates a child the last ones must find, once a first
  // write has read the graph...
  migrate([](SchemaManager& m) { m.execute("INSERT INTO tags VALUES (2, 'y')"); });
  migrate([](SchemaManager& m) {
    m.execute("CREATE TABLE notes (id integer PRIMARY KEY, post_id integer REFERENCES posts (id))");
  });
  migrate([](SchemaManager& m) {
    m.execute("CREATE TABLE badges (user_id integer REFERENCES users (id))");
    m.execute("CREATE INDEX badges_user ON badges (user_id)");
  });
  migrate([](SchemaManager& m) {
    m.execute("CREATE TABLE likes (post_id integer REFERENCES posts (id))");
  });
  // Rows written outside any migration change no schema: the graph stays as it was.
  driver_.execute(
      "INSERT INTO notes VALUES (1, 10); INSERT INTO badges VALUES (2); INSERT INTO likes "
      "VALUES (11)");
  expect_commit_refused("DELETE FROM posts WHERE id = 10");
  expect_commit_refused("DELETE FROM users WHERE id = 2");
  expect_commit_refused("DELETE FROM posts WHERE id = 11");
  EXPECT_NO_THROW(migrate([](SchemaManager& m) { m.execute("DELETE FROM posts WHERE id = 12"); }));
  EXPECT_EQ(rows(file_.path(), "SELECT id FROM posts ORDER BY id"), (Strings{"10", "11"}));
  // ...and once a rename has the whole graph read again, with what is created after it.
  migrate([](SchemaManager& m) { m.execute("ALTER TABLE log RENAME TO journal"); });
  migrate([](SchemaManager& m) {
    m.execute("CREATE TABLE stars (user_id integer REFERENCES users (id))");
  });
  driver_.execute("INSERT INTO stars VALUES (1)");
  expect_commit_refused("DELETE FROM users WHERE id = 1");
  EXPECT_EQ(rows(file_.path(), "SELECT count(*) FROM users"), (Strings{"2"}));
}

INSTANTIATE_TEST_SUITE_P(Modes, SqliteForeignKeyCheckTest,
                         ::testing::Values(Check::Touched, Check::Full),
                         [](const ::testing::TestParamInfo<Check>& info) {
                           return info.param == Check::Full ? "Full" : "Touched";
                         });

TEST(SqliteForeignKeyCheckDefaultTest, CommitChecksTheTouchedTablesByDefault) {
  TempDatabase file;
  SqliteDriver driver(file.url().c_str());
  EXPECT_EQ(driver.foreign_key_check(), Check::Touched);
}

}  // namespace
}  // namespace kit::sqlite
