// DbSync: which tables it reads (never the ledgers), and what it does to the files already
// in --out: writes new ones, rewrites its own when they changed, leaves its own alone when
// they did not, and never overwrites an edited or hand-written file without --force.
#include "db_sync.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <sstream>
#include <thread>

#include "host_error.hpp"
#include "temp_dir.hpp"

namespace kit::host {
namespace {

using kit::test::read_file;
using kit::test::TempDir;
using Strings = std::vector<std::string>;
namespace fs = std::filesystem;

/// A driver whose tables are named and described, nothing more.
class TablesDriver : public kit::Driver {
 public:
  explicit TablesDriver(Strings names) : names_(std::move(names)) {}
  [[nodiscard]] std::string_view name() const noexcept override { return "fake"; }
  [[nodiscard]] std::vector<std::string> render(const kit::Statement&) override { return {}; }
  void execute(std::string_view) override {}
  [[nodiscard]] bool transactional_ddl() const noexcept override { return true; }
  void begin() override {}
  void commit() override {}
  void rollback() noexcept override {}
  void lock(std::chrono::milliseconds) override {}
  void unlock() noexcept override {}
  [[nodiscard]] bool has_table(std::string_view table) override {
    return std::find(names_.begin(), names_.end(), table) != names_.end();
  }
  [[nodiscard]] bool has_column(std::string_view, std::string_view) override { return false; }
  [[nodiscard]] bool has_index(std::string_view, std::string_view) override { return false; }
  [[nodiscard]] std::vector<std::string> tables() override { return names_; }
  void drop_all() override {}
  void ensure_ledger() override {}
  [[nodiscard]] std::vector<kit::LedgerEntry> read_ledger() override { return {}; }
  void record(const kit::LedgerEntry&) override {}
  void forget(std::string_view) override {}
  [[nodiscard]] std::vector<kit::SeaqlMigration> read_seaql_ledger() override { return {}; }
  [[nodiscard]] std::optional<kit::TableInfo> describe_table(std::string_view table) override {
    described.emplace_back(table);
    if (table == "gone") return std::nullopt;  // dropped since tables() answered
    kit::TableInfo info;
    info.name = std::string(table);
    kit::ColumnInfo id;
    id.name = "id";
    id.type = "integer";
    id.kit_type = kit::ColumnType{};
    id.nullable = false;
    info.columns.push_back(id);
    for (const auto& column : extra_columns) {
      kit::ColumnInfo c;
      c.name = column;
      c.type = "text";
      info.columns.push_back(c);
    }
    return info;
  }

  Strings described;
  Strings extra_columns;

 private:
  Strings names_;
};

/// The same, in a file that may be missing, as kit::DatabaseFile tells.
class FileDriver final : public TablesDriver, public kit::DatabaseFile {
 public:
  using TablesDriver::TablesDriver;
  [[nodiscard]] std::optional<std::string> missing_file() const override { return missing; }

  std::optional<std::string> missing;
};

Strings statuses(const std::vector<DbSync::Result>& results) {
  Strings out;
  for (const auto& result : results) {
    out.push_back(std::string(DbSync::to_string(result.status)) + " " +
                  result.file.filename().string());
  }
  return out;
}

TEST(DbSyncTest, ReadsEveryTableButTheLedgers) {
  TablesDriver driver({"kit_migrations", "posts", "seaql_migrations", "gone", "Users"});
  const auto tables = DbSync::read(driver);
  Strings names;
  for (const auto& table : tables) names.push_back(table.name);
  EXPECT_EQ(names, (Strings{"Users", "posts"}));
  EXPECT_EQ(driver.described, (Strings{"posts", "gone", "Users"}));
}

TEST(DbSyncTest, WritesNewRewritesItsOwnAndLeavesOthersAlone) {
  TempDir dir;
  DbSync::Options options;
  options.out = dir / "src" / "models";
  TablesDriver driver({"kit_migrations", "posts", "users"});
  auto files = ModelCodegen::generate(DbSync::read(driver), "fake");

  EXPECT_EQ(statuses(DbSync::write(files, options)),
            (Strings{"created posts.hpp", "created users.hpp"}));
  const auto users = options.out / "users.hpp";
  EXPECT_EQ(read_file(users), files[1].content);
  EXPECT_FALSE(fs::exists(options.out / "kit_migrations.hpp"));

  // Nothing changed: nothing is written, not even the same bytes.
  const auto written_at = fs::last_write_time(users);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(statuses(DbSync::write(files, options)),
            (Strings{"unchanged posts.hpp", "unchanged users.hpp"}));
  EXPECT_EQ(fs::last_write_time(users), written_at);

  // Reformatted, it is still db:sync's own and unchanged.
  std::string reformatted = read_file(users);
  reformatted.replace(reformatted.find("std::int32_t id{};"), 18, "std::int32_t  id {};");
  dir.write("src/models/users.hpp", reformatted);
  EXPECT_EQ(statuses(DbSync::write(files, options))[1], "unchanged users.hpp");
  EXPECT_EQ(read_file(users), reformatted);

  // The table changed: its own file is rewritten.
  driver.extra_columns = {"email"};
  files = ModelCodegen::generate(DbSync::read(driver), "fake");
  EXPECT_EQ(statuses(DbSync::write(files, options)),
            (Strings{"updated posts.hpp", "updated users.hpp"}));
  EXPECT_EQ(read_file(users), files[1].content);

  // Edited by hand: left alone, unless --force.
  const std::string edited = read_file(users) + "inline int answer = 42;\n";
  dir.write("src/models/users.hpp", edited);
  driver.extra_columns = {"email", "phone"};
  files = ModelCodegen::generate(DbSync::read(driver), "fake");
  auto results = DbSync::write(files, options);
  EXPECT_EQ(statuses(results), (Strings{"updated posts.hpp", "skipped users.hpp"}));
  EXPECT_EQ(results[1].origin, ModelCodegen::Origin::Edited);
  EXPECT_EQ(read_file(users), edited);
  options.force = true;
  results = DbSync::write(files, options);
  EXPECT_EQ(statuses(results), (Strings{"unchanged posts.hpp", "overwritten users.hpp"}));
  EXPECT_EQ(read_file(users), files[1].content);

  // Not written by db:sync at all: the same.
  options.force = false;
  dir.write("src/models/posts.hpp", "#pragma once\nstruct Post {};\n");
  results = DbSync::write(files, options);
  EXPECT_EQ(statuses(results), (Strings{"skipped posts.hpp", "unchanged users.hpp"}));
  EXPECT_EQ(results[0].origin, ModelCodegen::Origin::HandWritten);
  EXPECT_EQ(read_file(options.out / "posts.hpp"), "#pragma once\nstruct Post {};\n");
}

TEST(DbSyncTest, HeadersOfTablesThatAreGoneAreListedNotDeleted) {
  TempDir dir;
  DbSync::Options options;
  options.out = dir / "models";
  TablesDriver before({"posts", "users"});
  (void)DbSync::write(ModelCodegen::generate(DbSync::read(before), "fake"), options);
  dir.write("models/helpers.hpp", "// mine\n");
  dir.write("models/notes.txt", "// Generated by kit-host db:sync, but not a header\n");

  TablesDriver after({"users"});
  const auto results = DbSync::write(ModelCodegen::generate(DbSync::read(after), "fake"), options);
  EXPECT_EQ(statuses(results), (Strings{"unchanged users.hpp", "stale posts.hpp"}));
  EXPECT_TRUE(fs::exists(dir / "models" / "posts.hpp"));
}

TEST(DbSyncTest, OutMustBeADirectory) {
  TempDir dir;
  dir.write("models", "a file");
  DbSync::Options options;
  options.out = dir / "models";
  TablesDriver driver({"users"});
  try {
    (void)DbSync::write(ModelCodegen::generate(DbSync::read(driver), "fake"), options);
    FAIL() << "expected a usage error";
  } catch (const HostError& error) {
    EXPECT_EQ(error.code(), ExitCode::Usage);
    EXPECT_NE(std::string(error.what()).find("is not a directory"), std::string::npos);
  }
}

TEST(DbSyncTest, PrintsOneLinePerFileAndASummary) {
  TempDir dir;
  DbSync::Options options;
  options.out = dir / "models";
  TablesDriver driver({"kit_migrations", "users"});
  std::ostringstream out;
  Output output(out, false);
  EXPECT_EQ(DbSync::run(driver, options, output), ExitCode::Success);
  const std::string file = (dir / "models" / "users.hpp").string();
  EXPECT_EQ(out.str(), "  created     " + file + "\nSynced 1 table into " + options.out.string() +
                           ": 1 created.\n");

  dir.write("models/users.hpp", "// mine\n");
  out.str("");
  EXPECT_EQ(DbSync::run(driver, options, output), ExitCode::Success);
  EXPECT_EQ(out.str(), "  skipped     " + file +
                           ": not written by db:sync; --force overwrites it\nSynced 1 table into " +
                           options.out.string() + ": 1 skipped.\n");

  TablesDriver ledgers({"kit_migrations", "seaql_migrations"});
  out.str("");
  EXPECT_EQ(DbSync::run(ledgers, options, output), ExitCode::Success);
  EXPECT_EQ(out.str(),
            "No tables in the database but kit_migrations and seaql_migrations: nothing to "
            "write to " +
                options.out.string() + ".\n");

  // No table at all, and no folder yet: it is not created for nothing.
  options.out = dir / "none";
  TablesDriver empty({});
  out.str("");
  EXPECT_EQ(DbSync::run(empty, options, output), ExitCode::Success);
  EXPECT_EQ(out.str(),
            "No tables in the database: nothing to write to " + options.out.string() + ".\n");
  EXPECT_FALSE(fs::exists(options.out));
}

TEST(DbSyncTest, PlanSaysWhatWriteWouldDoAndWritesNothing) {
  TempDir dir;
  DbSync::Options options;
  options.out = dir / "src" / "models";
  TablesDriver driver({"posts", "users"});
  auto files = ModelCodegen::generate(DbSync::read(driver), "fake");
  EXPECT_EQ(statuses(DbSync::plan(files, options)),
            (Strings{"created posts.hpp", "created users.hpp"}));
  EXPECT_FALSE(fs::exists(dir / "src"));

  (void)DbSync::write(files, options);
  dir.write("src/models/users.hpp", read_file(options.out / "users.hpp") + "int x;\n");
  dir.write("src/models/old.hpp", std::string(ModelCodegen::kMarker) + " from \"old\"\n");
  driver.extra_columns = {"email"};
  files = ModelCodegen::generate(DbSync::read(driver), "fake");
  const auto before = read_file(options.out / "posts.hpp");
  EXPECT_EQ(statuses(DbSync::plan(files, options)),
            (Strings{"updated posts.hpp", "skipped users.hpp", "stale old.hpp"}));
  options.force = true;
  EXPECT_EQ(statuses(DbSync::plan(files, options)),
            (Strings{"updated posts.hpp", "overwritten users.hpp", "stale old.hpp"}));
  EXPECT_EQ(read_file(options.out / "posts.hpp"), before);
  // write() does what plan() said.
  EXPECT_EQ(statuses(DbSync::write(files, options)),
            (Strings{"updated posts.hpp", "overwritten users.hpp", "stale old.hpp"}));
  EXPECT_EQ(read_file(options.out / "users.hpp"), files[1].content);
}

TEST(DbSyncTest, CheckPrintsWhatDiffersAndSaysOutOfDate) {
  TempDir dir;
  DbSync::Options options;
  options.out = dir / "models";
  options.check = true;
  TablesDriver driver({"kit_migrations", "users"});
  std::ostringstream out;
  Output output(out, false);
  EXPECT_EQ(DbSync::run(driver, options, output), ExitCode::OutOfDate);
  const std::string file = (dir / "models" / "users.hpp").string();
  EXPECT_EQ(out.str(), "  would create    " + file + "\nChecked 1 table against " +
                           options.out.string() + ": out of date (1 would be created).\n");
  EXPECT_FALSE(fs::exists(options.out));

  options.check = false;
  EXPECT_EQ(DbSync::run(driver, options, output), ExitCode::Success);
  options.check = true;
  out.str("");
  EXPECT_EQ(DbSync::run(driver, options, output), ExitCode::Success);
  EXPECT_EQ(out.str(),
            "Checked 1 table against " + options.out.string() + ": up to date (1 unchanged).\n");

  // No table, but a stale header: out of date too.
  TablesDriver ledger({"kit_migrations"});
  out.str("");
  EXPECT_EQ(DbSync::run(ledger, options, output), ExitCode::OutOfDate);
  EXPECT_EQ(out.str(), "  stale           " + file +
                           ": written by db:sync for a table that is gone; delete it if nothing "
                           "uses it\nNo tables in the database but kit_migrations: nothing to "
                           "write to " +
                           options.out.string() + "; out of date (1 stale).\n");
}

TEST(DbSyncTest, AMissingDatabaseFileIsAUsageErrorNamingIt) {
  TempDir dir;
  DbSync::Options options;
  options.out = dir / "models";
  FileDriver driver({"users"});
  std::ostringstream out;
  Output output(out, false);
  driver.missing = "data/app.db";
  for (const bool check : {false, true}) {
    options.check = check;
    try {
      (void)DbSync::run(driver, options, output);
      FAIL() << "expected a usage error";
    } catch (const HostError& error) {
      EXPECT_EQ(error.code(), ExitCode::Usage);
      EXPECT_STREQ(error.what(),
                   "database file 'data/app.db' does not exist: db:sync reads a database and "
                   "creates none (set --database-url or DATABASE_URL)");
    }
  }
  EXPECT_EQ(out.str(), "");
  EXPECT_FALSE(fs::exists(options.out));

  // A driver that implements kit::DatabaseFile and has its file: as any other.
  driver.missing.reset();
  options.check = false;
  EXPECT_EQ(DbSync::run(driver, options, output), ExitCode::Success);
  EXPECT_TRUE(fs::exists(options.out / "users.hpp"));
}

}  // namespace
}  // namespace kit::host
