// SqliteDriver against real temporary SQLite files: opening, execution and errors,
// transactions, introspection, drop_all, and the ledger.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <unistd.h>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include "kit/migration.hpp"
#include "sqlite_driver.hpp"
#include "sqlite_test_support.hpp"

namespace kit::sqlite {
namespace {

using Strings = std::vector<std::string>;
using test::rows;
using test::TempDatabase;

class SqliteDriverTest : public ::testing::Test {
 protected:
  Strings query(const std::string& sql) { return rows(file_.path(), sql); }

  TempDatabase file_;
  SqliteDriver driver_{file_.url().c_str()};
};

// Runs `f`, expecting a DatabaseError; returns it.
template <class F>
DatabaseError database_error_of(F&& f) {
  try {
    f();
  } catch (const DatabaseError& error) {
    return error;
  }
  ADD_FAILURE() << "expected kit::DatabaseError";
  return DatabaseError("", "", "");
}

// --- Opening -------------------------------------------------------------------------------------

TEST_F(SqliteDriverTest, NamesItsDialect) {
  EXPECT_EQ(driver_.name(), "sqlite");
  EXPECT_TRUE(driver_.transactional_ddl());
  SchemaManager manager(driver_);
  EXPECT_EQ(manager.backend(), "sqlite");
}

TEST(SqliteDriverOpenTest, RelativeUrlsAreRelativeToTheWorkingDirectory) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("kit_sqlite_cwd_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto previous = std::filesystem::current_path();
  std::filesystem::current_path(dir);
  {
    SqliteDriver slashes("sqlite://database.db");
    SqliteDriver bare("sqlite:other.db");
    slashes.execute("CREATE TABLE t (x)");
    bare.execute("CREATE TABLE u (x)");
  }
  std::filesystem::current_path(previous);
  EXPECT_EQ(rows(dir / "database.db", "SELECT name FROM sqlite_master"), Strings{"t"});
  EXPECT_EQ(rows(dir / "other.db", "SELECT name FROM sqlite_master"), Strings{"u"});
  std::filesystem::remove_all(dir);
}

TEST(SqliteDriverOpenTest, ReadingAMissingFileCreatesNothing) {
  TempDatabase file;
  SqliteDriver driver(file.url().c_str());
  EXPECT_TRUE(driver.read_ledger().empty());
  EXPECT_TRUE(driver.read_seaql_ledger().empty());
  EXPECT_TRUE(driver.tables().empty());
  EXPECT_FALSE(driver.has_table("kit_migrations"));
  EXPECT_FALSE(driver.has_column("kit_migrations", "version"));
  EXPECT_FALSE(driver.has_index("kit_migrations", "sqlite_autoindex_kit_migrations_1"));
  EXPECT_FALSE(driver.describe_table("kit_migrations").has_value());
  EXPECT_FALSE(std::filesystem::exists(file.path()));
  EXPECT_FALSE(std::filesystem::exists(file.path().string() + "-kitlock"));
}

TEST(SqliteDriverOpenTest, TheFirstWriteCreatesTheFile) {
  const std::vector<std::pair<std::string, std::function<void(SqliteDriver&)>>> writes = {
      {"ensure_ledger", [](SqliteDriver& d) { d.ensure_ledger(); }},
      {"execute", [](SqliteDriver& d) { d.execute("CREATE TABLE t (x)"); }},
      {"begin", [](SqliteDriver& d) { d.begin(); }},
      {"lock", [](SqliteDriver& d) { d.lock(std::chrono::milliseconds(0)); }},
      {"drop_all", [](SqliteDriver& d) { d.drop_all(); }},
  };
  for (const auto& [name, write] : writes) {
    TempDatabase file;
    {
      SqliteDriver driver(file.url().c_str());
      EXPECT_FALSE(driver.has_table("t"));
      write(driver);
    }
    EXPECT_TRUE(std::filesystem::exists(file.path())) << name;
  }
  TempDatabase file;
  {
    SqliteDriver driver(file.url().c_str());
    driver.ensure_ledger();
    driver.begin();
    driver.record({"m20240101_000000_a", 1, "", "2024-01-01 00:00:00", std::nullopt});
    driver.commit();
  }
  EXPECT_EQ(rows(file.path(), "SELECT version FROM kit_migrations"), Strings{"m20240101_000000_a"});
}

TEST(SqliteDriverOpenTest, AMissingFileIsReadOnceAnotherConnectionCreatesIt) {
  TempDatabase file;
  SqliteDriver driver(file.url().c_str());
  EXPECT_FALSE(driver.has_table("t"));
  {
    SQLite::Database other(file.path().string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    other.exec("CREATE TABLE t (x)");
  }
  EXPECT_TRUE(driver.has_table("t"));
  driver.execute("INSERT INTO t VALUES (1)");
  EXPECT_EQ(rows(file.path(), "SELECT x FROM t"), Strings{"1"});
}

// kit::DatabaseFile: the driver says when its file does not exist (db:sync asks), and stops
// saying it once the file is there, whoever created it.
TEST(SqliteDriverOpenTest, AMissingFileIsNamedUntilItExists) {
  {
    TempDatabase file;
    SqliteDriver driver(file.url().c_str());
    const DatabaseFile& database_file = driver;
    EXPECT_EQ(database_file.missing_file(), file.path().string());
    EXPECT_TRUE(driver.tables().empty());
    EXPECT_EQ(database_file.missing_file(), file.path().string());  // reading creates nothing
    EXPECT_FALSE(std::filesystem::exists(file.path()));
    driver.ensure_ledger();
    EXPECT_EQ(database_file.missing_file(), std::nullopt);
  }
  {
    TempDatabase file;
    SqliteDriver driver(file.url().c_str());
    SQLite::Database other(file.path().string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    other.exec("CREATE TABLE t (x)");
    EXPECT_EQ(driver.missing_file(), std::nullopt);
  }
  {
    TempDatabase file;
    {
      SQLite::Database created(file.path().string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      created.exec("CREATE TABLE t (x)");
    }
    EXPECT_EQ(SqliteDriver(file.url().c_str()).missing_file(), std::nullopt);
  }
  EXPECT_EQ(SqliteDriver("sqlite::memory:").missing_file(), std::nullopt);
  // A relative path as the URL names it.
  const auto dir =
      std::filesystem::temp_directory_path() / ("kit_sqlite_missing_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto previous = std::filesystem::current_path();
  std::filesystem::current_path(dir);
  EXPECT_EQ(SqliteDriver("sqlite://app.db").missing_file(), "app.db");
  EXPECT_EQ(SqliteDriver("sqlite:app.db").missing_file(), "app.db");
  std::filesystem::current_path(previous);
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}

TEST(SqliteDriverOpenTest, DriversOfAMissingFileTakeOneLock) {
  TempDatabase file;
  SqliteDriver first(file.url().c_str());
  SqliteDriver second(file.url().c_str());
  first.lock(std::chrono::milliseconds(0));
  EXPECT_THROW(second.lock(std::chrono::milliseconds(0)), Error);
  first.unlock();
  second.lock(std::chrono::milliseconds(0));
}

TEST(SqliteDriverOpenTest, MemoryDatabasesArePrivate) {
  SqliteDriver a("sqlite::memory:");
  SqliteDriver b("sqlite::memory:");
  a.execute("CREATE TABLE t (x)");
  EXPECT_TRUE(a.has_table("t"));
  EXPECT_FALSE(b.has_table("t"));
}

TEST(SqliteDriverOpenTest, ModeRwDoesNotCreateAndModeRoDoesNotWrite) {
  TempDatabase file;
  const auto missing =
      database_error_of([&] { SqliteDriver d((file.url() + "?mode=rw").c_str()); });
  EXPECT_EQ(missing.code(), "SQLITE_CANTOPEN");
  EXPECT_NE(std::string(missing.what()).find(file.path().string()), std::string::npos);
  EXPECT_NE(std::string(missing.what())
                .find("(the file does not exist, and ?mode=rw does not "
                      "create it)"),
            std::string::npos)
      << missing.what();
  EXPECT_FALSE(std::filesystem::exists(file.path()));

  {
    SqliteDriver create(file.url().c_str());
    create.execute("CREATE TABLE t (x)");
  }
  SqliteDriver read_only((file.url() + "?mode=ro").c_str());
  EXPECT_TRUE(read_only.has_table("t"));
  const auto error = database_error_of([&] { read_only.execute("INSERT INTO t VALUES (1)"); });
  EXPECT_EQ(error.code(), "SQLITE_READONLY");
}

// SQLite says only "unable to open database file"; the error says why where the file system
// tells.
TEST(SqliteDriverOpenTest, MissingDirectoryIsCantOpen) {
  const auto error =
      database_error_of([] { SqliteDriver d("sqlite:///nonexistent-kit-directory/sub/app.db"); });
  EXPECT_EQ(error.code(), "SQLITE_CANTOPEN");
  EXPECT_TRUE(error.sql().empty());
  EXPECT_NE(std::string(error.what())
                .find("(its folder '/nonexistent-kit-directory/sub' does not exist)"),
            std::string::npos)
      << error.what();
}

TEST(SqliteDriverOpenTest, AFolderOrAFileInPlaceOfAFolderIsCantOpenSayingSo) {
  TempDatabase file;
  std::filesystem::create_directories(file.path());
  const auto folder = database_error_of([&] { SqliteDriver d(file.url().c_str()); });
  EXPECT_EQ(folder.code(), "SQLITE_CANTOPEN");
  EXPECT_NE(std::string(folder.what()).find("(it is a folder)"), std::string::npos)
      << folder.what();
  std::filesystem::remove(file.path());
  { std::ofstream(file.path()) << "not a folder"; }
  const auto under = database_error_of([&] { SqliteDriver d((file.url() + "/app.db").c_str()); });
  EXPECT_NE(std::string(under.what()).find("('" + file.path().string() + "' is not a folder)"),
            std::string::npos)
      << under.what();
}

TEST(SqliteDriverOpenTest, AMissingFileInADirectoryItCannotBeCreatedInIsCantOpen) {
  if (::geteuid() == 0) GTEST_SKIP() << "root may create files in any directory";
  const auto dir = std::filesystem::temp_directory_path() /
                   ("kit_sqlite_read_only_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::filesystem::permissions(
      dir, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  const auto error =
      database_error_of([&] { SqliteDriver d(("sqlite://" + (dir / "app.db").string()).c_str()); });
  EXPECT_EQ(error.code(), "SQLITE_CANTOPEN");
  EXPECT_NE(std::string(error.what()).find("this user may not create files in"), std::string::npos)
      << error.what();
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all);
  std::filesystem::remove_all(dir);
}

TEST(SqliteDriverOpenTest, BadUrlIsAnError) {
  EXPECT_THROW(SqliteDriver("sqlite://a.db?mode=nope"), Error);
}

// --- Execution -----------------------------------------------------------------------------------

TEST_F(SqliteDriverTest, ExecuteRunsEveryStatement) {
  driver_.execute(
      "CREATE TABLE t (id integer PRIMARY KEY, s text);\n"
      "-- a comment between statements\n"
      "INSERT INTO t (s) VALUES ('a; b');  INSERT INTO t (s) VALUES ('c');\n"
      "SELECT * FROM t;");
  EXPECT_EQ(query("SELECT id, s FROM t"), (Strings{"1|a; b", "2|c"}));
}

TEST_F(SqliteDriverTest, DatabaseErrorCarriesTheFailingStatementAndCode) {
  driver_.execute("CREATE TABLE t (id integer PRIMARY KEY, s text NOT NULL UNIQUE)");
  auto error = database_error_of(
      [&] { driver_.execute("INSERT INTO t (s) VALUES ('a');\nINSERT INTO t (s) VALUES ('a');"); });
  EXPECT_EQ(error.code(), "SQLITE_CONSTRAINT_UNIQUE");
  EXPECT_EQ(error.sql(), "INSERT INTO t (s) VALUES ('a');");
  EXPECT_NE(std::string(error.what()).find("UNIQUE constraint failed"), std::string::npos);

  error = database_error_of([&] { driver_.execute("INSERT INTO t (s) VALUES (NULL)"); });
  EXPECT_EQ(error.code(), "SQLITE_CONSTRAINT_NOTNULL");

  error = database_error_of([&] { driver_.execute("SELECT 1;\nSELEC oops;\nSELECT 2"); });
  EXPECT_EQ(error.code(), "SQLITE_ERROR");
  EXPECT_EQ(error.sql(), "SELEC oops");

  error = database_error_of([&] { driver_.execute("SELECT * FROM missing"); });
  EXPECT_EQ(error.sql(), "SELECT * FROM missing");
  EXPECT_NE(error.message().find("no such table"), std::string::npos);
}

TEST_F(SqliteDriverTest, ForeignKeysAreOnOutsideMigrations) {
  driver_.execute(
      "CREATE TABLE p (id integer PRIMARY KEY); "
      "CREATE TABLE c (p_id integer REFERENCES p (id))");
  const auto error = database_error_of([&] { driver_.execute("INSERT INTO c VALUES (42)"); });
  EXPECT_EQ(error.code(), "SQLITE_CONSTRAINT_FOREIGNKEY");
}

TEST_F(SqliteDriverTest, ForeignKeyCheckThroughExecuteFailsOnViolations) {
  driver_.execute(
      "CREATE TABLE p (id integer PRIMARY KEY); "
      "CREATE TABLE c (p_id integer REFERENCES p (id))");
  driver_.execute("PRAGMA foreign_key_check(\"c\")");  // clean: no error
  driver_.begin();
  driver_.execute("INSERT INTO c VALUES (42)");
  const auto error = database_error_of([&] { driver_.execute("PRAGMA foreign_key_check(\"c\")"); });
  EXPECT_EQ(error.code(), "SQLITE_CONSTRAINT_FOREIGNKEY");
  EXPECT_EQ(error.sql(), "PRAGMA foreign_key_check(\"c\")");
  EXPECT_NE(error.message().find("table c"), std::string::npos) << error.message();
  driver_.rollback();
}

// --- Transactions --------------------------------------------------------------------------------

TEST_F(SqliteDriverTest, RollbackUndoesSchemaAndData) {
  driver_.execute("CREATE TABLE kept (x); INSERT INTO kept VALUES (1)");
  driver_.begin();
  EXPECT_TRUE(driver_.in_transaction());
  driver_.execute("CREATE TABLE added (x); INSERT INTO kept VALUES (2); DROP TABLE kept");
  driver_.rollback();
  EXPECT_FALSE(driver_.in_transaction());
  EXPECT_FALSE(driver_.has_table("added"));
  EXPECT_EQ(query("SELECT x FROM kept"), Strings{"1"});
}

TEST_F(SqliteDriverTest, FailingStatementInsideATransactionLeavesTheDatabaseAsBefore) {
  driver_.execute(
      "CREATE TABLE users (id integer PRIMARY KEY, email text UNIQUE); "
      "INSERT INTO users (email) VALUES ('a@x')");
  const auto before = query("SELECT sql FROM sqlite_master ORDER BY name");
  driver_.begin();
  SchemaManager manager(driver_);
  manager.create_table(Table::create().table("posts").col(ColumnDef("id").integer().primary_key()));
  manager.alter_table(Table::alter().table("users").add_column(ColumnDef("phone").string()));
  manager.execute("INSERT INTO users (email) VALUES ('b@x')");
  EXPECT_THROW(manager.execute("INSERT INTO users (email) VALUES ('a@x')"), DatabaseError);
  driver_.rollback();
  EXPECT_EQ(query("SELECT sql FROM sqlite_master ORDER BY name"), before);
  EXPECT_EQ(query("SELECT email FROM users"), Strings{"a@x"});
}

TEST_F(SqliteDriverTest, CommitKeepsTheChanges) {
  driver_.begin();
  driver_.execute("CREATE TABLE t (x); INSERT INTO t VALUES (1)");
  driver_.commit();
  EXPECT_FALSE(driver_.in_transaction());
  EXPECT_EQ(query("SELECT x FROM t"), Strings{"1"});
}

TEST_F(SqliteDriverTest, AViolationNamesItsRowOrSaysAWithoutRowidTableHasNone) {
  driver_.execute(
      "CREATE TABLE p (id integer PRIMARY KEY); "
      "CREATE TABLE c (p_id integer REFERENCES p (id)); "
      "CREATE TABLE w (k integer PRIMARY KEY, p_id integer REFERENCES p (id)) WITHOUT ROWID");
  const auto expect_both = [](const DatabaseError& error, const std::string& start) {
    const std::string message = error.message();
    EXPECT_EQ(message.rfind(start, 0), 0U) << message;
    for (const char* line : {"row 1 of table c references a missing row of p",
                             "a row of table w references a missing row of p"}) {
      EXPECT_NE(message.find(line), std::string::npos) << message;
    }
  };
  driver_.begin();
  driver_.execute("INSERT INTO c VALUES (42); INSERT INTO w VALUES (7, 42)");
  expect_both(database_error_of([&] { driver_.commit(); }),
              "FOREIGN KEY constraint failed in tables ");

  driver_.begin();
  driver_.execute("INSERT INTO c VALUES (42); INSERT INTO w VALUES (7, 42)");
  expect_both(database_error_of([&] { driver_.execute("PRAGMA foreign_key_check"); }),
              "FOREIGN KEY constraint failed: ");
  driver_.rollback();
}

TEST_F(SqliteDriverTest, CommitRefusesForeignKeyViolationsAndRollsBack) {
  driver_.execute(
      "CREATE TABLE users (id integer PRIMARY KEY); "
      "CREATE TABLE posts (id integer PRIMARY KEY, "
      "user_id integer REFERENCES users (id) ON DELETE CASCADE)");
  driver_.execute("INSERT INTO users VALUES (1); INSERT INTO posts VALUES (10, 1)");
  driver_.begin();
  // Foreign keys are off inside the migration: nothing cascades, the orphan is caught.
  driver_.execute("DELETE FROM users WHERE id = 1; INSERT INTO posts VALUES (11, 99)");
  const auto error = database_error_of([&] { driver_.commit(); });
  EXPECT_EQ(error.code(), "SQLITE_CONSTRAINT_FOREIGNKEY");
  EXPECT_EQ(error.sql(), "PRAGMA foreign_key_check");
  EXPECT_NE(error.message().find("table posts"), std::string::npos) << error.message();
  EXPECT_FALSE(driver_.in_transaction());
  EXPECT_EQ(query("SELECT id FROM users"), Strings{"1"});
  EXPECT_EQ(query("SELECT id, user_id FROM posts"), Strings{"10|1"});
  // Foreign keys are back on after the failed commit.
  EXPECT_THROW(driver_.execute("INSERT INTO posts VALUES (12, 99)"), DatabaseError);
}

TEST_F(SqliteDriverTest, ForeignKeysAreBackOnAfterCommitAndRollback) {
  driver_.execute(
      "CREATE TABLE p (id integer PRIMARY KEY); "
      "CREATE TABLE c (p_id integer REFERENCES p (id))");
  driver_.begin();
  driver_.commit();
  EXPECT_THROW(driver_.execute("INSERT INTO c VALUES (1)"), DatabaseError);
  driver_.begin();
  driver_.rollback();
  EXPECT_THROW(driver_.execute("INSERT INTO c VALUES (1)"), DatabaseError);
}

TEST_F(SqliteDriverTest, RollbackWithoutTransactionDoesNothingAndBeginDoesNotNest) {
  driver_.rollback();
  driver_.rollback();
  driver_.begin();
  EXPECT_THROW(driver_.begin(), Error);
  driver_.rollback();
  EXPECT_THROW(driver_.commit(), Error);
}

TEST_F(SqliteDriverTest, BeginImmediateWaitsForAnotherWriter) {
  SqliteDriver other(file_.url().c_str());
  other.begin();
  other.execute("CREATE TABLE first (x)");
  std::thread finisher([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    other.commit();
  });
  const auto start = std::chrono::steady_clock::now();
  driver_.begin();  // blocks on the busy timeout until `other` commits
  const auto waited = std::chrono::steady_clock::now() - start;
  finisher.join();
  driver_.execute("CREATE TABLE second (x)");
  driver_.commit();
  EXPECT_GE(waited, std::chrono::milliseconds(200));
  EXPECT_EQ(driver_.tables(), (Strings{"first", "second"}));
}

TEST_F(SqliteDriverTest, LockAndUnlockAreRecorded) {
  EXPECT_FALSE(driver_.locked());
  driver_.lock(std::chrono::seconds(1));
  EXPECT_TRUE(driver_.locked());
  driver_.unlock();
  driver_.unlock();
  EXPECT_FALSE(driver_.locked());
}

/// Runs a migration as the host does: begin, `up`, the ledger row, commit. False when any
/// of it threw (and then rolled back).
template <class Up>
bool migrate(SqliteDriver& driver, Up&& up) {
  driver.begin();
  try {
    SchemaManager manager(driver);
    up(manager);
    LedgerEntry entry;
    entry.version = "m20240101_000000_under_test";
    entry.batch = 1;
    entry.applied_at = "2024-01-01 00:00:00";
    driver.record(entry);
    driver.commit();
    return true;
  } catch (const std::exception&) {
    driver.rollback();
    return false;
  }
}

class SqliteMigrationTest : public SqliteDriverTest {
 protected:
  void SetUp() override {
    driver_.execute(
        "CREATE TABLE users (id integer PRIMARY KEY);"
        "CREATE TABLE posts (id integer PRIMARY KEY, user_id integer REFERENCES users (id));"
        "CREATE TABLE u (x integer UNIQUE);"
        "INSERT INTO users VALUES (1), (2); INSERT INTO posts VALUES (10, 1), (11, 2)");
    driver_.ensure_ledger();
  }
  /// Nothing of the migration is left, and the database holds no orphan.
  void expect_nothing_applied() {
    EXPECT_EQ(query("SELECT count(*) FROM kit_migrations"), Strings{"0"});
    EXPECT_EQ(query("SELECT name FROM sqlite_master WHERE name = 'after'"), Strings{});
    EXPECT_EQ(query("SELECT count(*) FROM users"), Strings{"2"});
    EXPECT_EQ(query("PRAGMA foreign_key_check"), Strings{});
    EXPECT_EQ(query("SELECT count(*) FROM u"), Strings{"0"});
  }
};

TEST_F(SqliteMigrationTest, AStatementThatRollsBackEverythingStopsTheMigration) {
  // INSERT OR ROLLBACK ends the whole transaction; a migration that catches its error and
  // goes on would otherwise run the rest, and its ledger row, in autocommit mode.
  EXPECT_FALSE(migrate(driver_, [](SchemaManager& m) {
    m.execute("INSERT INTO u VALUES (1)");
    try {
      m.execute("INSERT OR ROLLBACK INTO u VALUES (1)");
    } catch (const DatabaseError&) {
    }
    const auto error = database_error_of([&] { m.execute("CREATE TABLE after (y)"); });
    EXPECT_NE(std::string(error.what()).find("rolled back by a statement that failed"),
              std::string::npos)
        << error.what();
    m.execute("DELETE FROM users WHERE id = 1");
  }));
  expect_nothing_applied();
  EXPECT_EQ(query("PRAGMA foreign_keys"), Strings{"0"}) << "another connection's default";
  EXPECT_TRUE(migrate(driver_, [](SchemaManager& m) { m.execute("INSERT INTO u VALUES (5)"); }))
      << "the next migration runs normally";
}

TEST_F(SqliteMigrationTest, ATriggerThatRaisesRollbackStopsTheMigration) {
  driver_.execute(
      "CREATE TRIGGER no_sevens BEFORE INSERT ON u WHEN NEW.x = 7 "
      "BEGIN SELECT RAISE(ROLLBACK, 'no sevens'); END");
  EXPECT_FALSE(migrate(driver_, [](SchemaManager& m) {
    m.execute("INSERT INTO u VALUES (1)");
    try {
      m.execute("INSERT INTO u VALUES (7)");
    } catch (const DatabaseError&) {
    }
    try {
      m.execute("CREATE TABLE after (y)");
    } catch (const DatabaseError&) {
    }
  }));
  expect_nothing_applied();
}

TEST_F(SqliteMigrationTest, AMigrationCannotCommitOrRollBackItsTransaction) {
  for (const char* statement : {"COMMIT", "END", "ROLLBACK", "BEGIN", "COMMIT TRANSACTION"}) {
    std::string what;
    EXPECT_FALSE(migrate(driver_, [&](SchemaManager& m) {
      m.execute("DELETE FROM users WHERE id = 1");
      what = database_error_of([&] { m.execute(statement); }).what();
    })) << statement;
    EXPECT_NE(what.find("a migration cannot BEGIN, COMMIT or ROLLBACK"), std::string::npos)
        << statement << ": " << what;
    expect_nothing_applied();
  }
  // Savepoints nest inside the migration's transaction, and are allowed.
  EXPECT_TRUE(migrate(driver_, [](SchemaManager& m) {
    m.execute("SAVEPOINT a; INSERT INTO u VALUES (3); ROLLBACK TO a; RELEASE a");
  }));
  EXPECT_EQ(query("SELECT count(*) FROM u"), Strings{"0"});
  // Outside a migration's transaction (use_transaction() false) they are the migration's.
  driver_.execute("BEGIN; INSERT INTO u VALUES (4); COMMIT");
  EXPECT_EQ(query("SELECT x FROM u"), Strings{"4"});
}

TEST_F(SqliteMigrationTest, OrphansInATableRenamedLaterAreFound) {
  // Found in review: the check looked for the written table under its old name.
  EXPECT_FALSE(migrate(driver_, [](SchemaManager& m) {
    m.execute("INSERT INTO posts VALUES (12, 999)");
    m.rename_table(Table::rename().table("posts", "articles"));
  }));
  EXPECT_FALSE(migrate(driver_, [](SchemaManager& m) {
    m.execute("DELETE FROM users WHERE id = 1");
    m.rename_table(Table::rename().table("users", "people"));
  }));
  expect_nothing_applied();
  EXPECT_EQ(query("SELECT name FROM sqlite_master WHERE name IN ('articles', 'people')"),
            Strings{});
  // Renamed without breaking anything, it commits.
  EXPECT_TRUE(migrate(driver_, [](SchemaManager& m) {
    m.execute("INSERT INTO posts VALUES (12, 2)");
    m.rename_table(Table::rename().table("posts", "articles"));
  }));
}

TEST_F(SqliteDriverTest, TruncateRestartsAutoincrementWhateverTheCaseOfTheName) {
  driver_.execute(
      "CREATE TABLE items (id integer PRIMARY KEY AUTOINCREMENT, v text);"
      "INSERT INTO items (v) VALUES ('a'), ('b'), ('c')");
  SchemaManager manager(driver_);
  manager.truncate_table(Table::truncate().table("ITEMS"));
  driver_.execute("INSERT INTO items (v) VALUES ('d')");
  EXPECT_EQ(query("SELECT id FROM items"), Strings{"1"});
}

TEST_F(SqliteMigrationTest, ATemporaryTableOfTheSameNameHidesNothing) {
  // Found in review: unqualified pragmas read temp.posts before main.posts.
  driver_.execute("CREATE TEMP TABLE posts (id integer)");
  EXPECT_FALSE(migrate(driver_, [](SchemaManager& m) {
    m.execute("DELETE FROM main.users WHERE id = 1");
  })) << "the orphan in main.posts is found";
  EXPECT_TRUE(driver_.has_column("posts", "user_id"));
  const auto info = driver_.describe_table("posts");
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->columns.size(), 2U);
  // A rebuild runs unqualified SQL, which SQLite resolves to the temporary table first:
  // it fails, and changes nothing.
  driver_.begin();
  SchemaManager manager(driver_);
  try {
    manager.alter_table(
        Table::alter().table("posts").modify_column(ColumnDef("user_id").big_integer()));
    ADD_FAILURE() << "rebuilt with a temporary posts in the way";
  } catch (const DatabaseError&) {
  }
  driver_.rollback();
  EXPECT_EQ(query("SELECT type FROM pragma_table_info('posts') WHERE name = 'user_id'"),
            Strings{"INTEGER"});
}

TEST_F(SqliteDriverTest, SqlWithANulCharacterIsAnErrorNotAHang) {
  const auto error = database_error_of(
      [&] { driver_.execute(std::string("CREATE TABLE a (x);\0CREATE TABLE b (x)", 38)); });
  EXPECT_NE(std::string(error.what()).find("NUL character at byte 19"), std::string::npos)
      << error.what();
  EXPECT_EQ(query("SELECT name FROM sqlite_master"), Strings{}) << "nothing of it ran";
}

// --- Introspection -------------------------------------------------------------------------------

TEST_F(SqliteDriverTest, HasTableColumnIndex) {
  driver_.execute(
      "CREATE TABLE users (id integer PRIMARY KEY AUTOINCREMENT, email text UNIQUE, "
      "\"first name\" text);"
      "CREATE TABLE posts (id integer PRIMARY KEY, user_id integer);"
      "CREATE INDEX users_email_index ON users (email);"
      "CREATE VIEW v AS SELECT id FROM users;"
      "CREATE TEMP TABLE scratch (id integer)");
  EXPECT_TRUE(driver_.has_table("users"));
  EXPECT_TRUE(driver_.has_table("USERS"));
  EXPECT_TRUE(driver_.has_table("sqlite_sequence"));
  EXPECT_FALSE(driver_.has_table("v"));
  EXPECT_FALSE(driver_.has_table("scratch")) << "a temporary table is not in the main schema";
  EXPECT_FALSE(driver_.has_table("missing"));
  EXPECT_FALSE(driver_.has_table("users\"\""));
  EXPECT_TRUE(driver_.has_column("users", "email"));
  EXPECT_TRUE(driver_.has_column("users", "first name"));
  EXPECT_TRUE(driver_.has_column("Users", "EMAIL"));
  EXPECT_FALSE(driver_.has_column("users", "user_id"));
  EXPECT_FALSE(driver_.has_column("missing", "id"));
  EXPECT_TRUE(driver_.has_index("users", "users_email_index"));
  EXPECT_FALSE(driver_.has_index("posts", "users_email_index"));
  EXPECT_FALSE(driver_.has_index("users", "missing"));
  driver_.ensure_ledger();
  EXPECT_EQ(driver_.tables(), (Strings{"kit_migrations", "posts", "users"}));
}

TEST_F(SqliteDriverTest, HasChecksWorkInsideUp) {
  SchemaManager manager(driver_);
  manager.create_table(Table::create()
                           .table("order")
                           .col(ColumnDef("select").integer().primary_key())
                           .index(Index::create().name("by select").col("select")));
  EXPECT_TRUE(manager.has_table("order"));
  EXPECT_TRUE(manager.has_column("order", "select"));
  EXPECT_TRUE(manager.has_index("order", "by select"));
}

// --- drop_all ------------------------------------------------------------------------------------

TEST_F(SqliteDriverTest, DropAllDropsEverythingWhateverReferencesIt) {
  driver_.ensure_ledger();
  driver_.execute(
      "CREATE TABLE users (id integer PRIMARY KEY AUTOINCREMENT);"
      "CREATE TABLE posts (id integer PRIMARY KEY, "
      "  user_id integer NOT NULL REFERENCES users (id) ON DELETE RESTRICT);"
      "CREATE TABLE comments (post_id integer REFERENCES posts (id), "
      "  user_id integer REFERENCES users (id));"
      "CREATE TABLE \"order\" (id integer PRIMARY KEY);"
      "INSERT INTO users DEFAULT VALUES; INSERT INTO posts VALUES (1, 1);"
      "INSERT INTO comments VALUES (1, 1);"
      "CREATE VIEW user_posts AS SELECT * FROM users JOIN posts ON posts.user_id = users.id;"
      "CREATE TRIGGER touch AFTER INSERT ON posts BEGIN UPDATE users SET id = id; END;"
      "CREATE INDEX posts_user ON posts (user_id)");
  driver_.drop_all();
  EXPECT_EQ(driver_.tables(), Strings{});
  EXPECT_EQ(query("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite%'"), Strings{});
  EXPECT_EQ(query("SELECT count(*) FROM sqlite_sequence"), Strings{"0"});
  EXPECT_TRUE(driver_.read_ledger().empty());

  // ... leaving a database that can be migrated again, with foreign keys on.
  driver_.ensure_ledger();
  driver_.execute(
      "CREATE TABLE users (id integer PRIMARY KEY AUTOINCREMENT); "
      "INSERT INTO users DEFAULT VALUES;"
      "CREATE TABLE posts (user_id integer REFERENCES users (id))");
  EXPECT_EQ(query("SELECT id FROM users"), Strings{"1"});
  EXPECT_THROW(driver_.execute("INSERT INTO posts VALUES (5)"), DatabaseError);
}

TEST_F(SqliteDriverTest, DropAllOnAnEmptyDatabase) {
  driver_.drop_all();
  EXPECT_EQ(driver_.tables(), Strings{});
}

// --- Ledger --------------------------------------------------------------------------------------

TEST_F(SqliteDriverTest, ReadLedgerWithoutTheTableIsEmptyAndCreatesNothing) {
  EXPECT_TRUE(driver_.read_ledger().empty());
  EXPECT_FALSE(driver_.has_table("kit_migrations"));
}

TEST_F(SqliteDriverTest, LedgerRoundTrip) {
  driver_.ensure_ledger();
  driver_.ensure_ledger();  // idempotent
  EXPECT_TRUE(driver_.read_ledger().empty());

  LedgerEntry second{"m20240116_093000_add_phone_to_users", 2, "", "2024-01-16 09:30:00", {}};
  LedgerEntry first{"m20240115_120000_create_users_table", 1, std::string(64, 'a'),
                    "2024-01-15 12:00:00", 12};
  LedgerEntry odd{"m20240117_000000_it's; DROP TABLE kit_migrations; --", 2, "c'", "now", 0};
  driver_.begin();
  driver_.record(second);
  driver_.record(first);
  driver_.record(odd);
  driver_.commit();

  const auto entries = driver_.read_ledger();
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].version, first.version);
  EXPECT_EQ(entries[0].batch, 1);
  EXPECT_EQ(entries[0].checksum, first.checksum);
  EXPECT_EQ(entries[0].applied_at, "2024-01-15 12:00:00");
  EXPECT_EQ(entries[0].execution_ms, std::optional<std::int64_t>(12));
  EXPECT_EQ(entries[1].version, second.version);
  EXPECT_EQ(entries[1].checksum, "");
  EXPECT_EQ(entries[1].execution_ms, std::nullopt);
  EXPECT_EQ(entries[2].version, odd.version);
  EXPECT_EQ(entries[2].checksum, "c'");
  EXPECT_EQ(query("SELECT typeof(checksum), typeof(execution_ms) FROM kit_migrations WHERE "
                  "version LIKE '%add_phone%'"),
            Strings{"null|null"});

  const auto duplicate = database_error_of([&] { driver_.record(first); });
  EXPECT_EQ(duplicate.code(), "SQLITE_CONSTRAINT_PRIMARYKEY");
  EXPECT_NE(duplicate.sql().find("INSERT INTO \"kit_migrations\""), std::string::npos);

  driver_.begin();
  driver_.forget(odd.version);
  driver_.forget("m00000000_000000_never_applied");
  driver_.commit();
  ASSERT_EQ(driver_.read_ledger().size(), 2u);
  EXPECT_EQ(driver_.read_ledger().back().version, second.version);
  EXPECT_EQ(query("SELECT count(*) FROM kit_migrations"), Strings{"2"});
}

TEST_F(SqliteDriverTest, LedgerRowIsUndoneWithItsMigration) {
  driver_.ensure_ledger();
  driver_.begin();
  driver_.execute("CREATE TABLE t (x)");
  driver_.record({"m20240115_120000_create_t", 1, "", "2024-01-15 12:00:00", 1});
  driver_.rollback();
  EXPECT_TRUE(driver_.read_ledger().empty());
  EXPECT_FALSE(driver_.has_table("t"));
}

TEST_F(SqliteDriverTest, LedgerHasTheDocumentedShape) {
  driver_.ensure_ledger();
  EXPECT_EQ(query("SELECT name, type, \"notnull\", pk FROM pragma_table_info('kit_migrations')"),
            (Strings{"version|TEXT|1|1", "batch|INTEGER|1|0", "checksum|TEXT|0|0",
                     "applied_at|TEXT|1|0", "execution_ms|INTEGER|0|0", "state|TEXT|1|0"}));
}

// --- Rendering -----------------------------------------------------------------------------------

TEST_F(SqliteDriverTest, UnsupportedIsThrownBeforeAnythingRuns) {
  driver_.execute("CREATE TABLE t (id integer PRIMARY KEY, n integer CHECK (n > 0))");
  try {
    (void)driver_.render(Table::alter().table("t").modify_column(ColumnDef("n").big_integer()));
    FAIL() << "expected UnsupportedError";
  } catch (const UnsupportedError& error) {
    EXPECT_EQ(error.dialect(), "sqlite");
    EXPECT_EQ(error.statement(), "alter table t (modify column n)");
    EXPECT_NE(std::string(error.what()).find("CHECK"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace kit::sqlite
