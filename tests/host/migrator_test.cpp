// Migrator against a driver kept in memory: what the contract lets a driver be that the
// built-in ones are not (one without transactional DDL), and how the Migrator's calls
// follow each other. The migration is a real built artifact.
#include "migrator.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "host_error.hpp"
#include "kit/schema_manager.hpp"
#include "temp_dir.hpp"

namespace kit::host {
namespace {

namespace fs = std::filesystem;

/// A driver that records what it is asked, keeps the ledger in memory, and executes
/// nothing: a database without transactional DDL, unless told otherwise.
class FakeDriver final : public kit::Driver {
 public:
  std::vector<std::string> calls;
  std::vector<kit::LedgerEntry> ledger;
  std::vector<kit::SeaqlMigration> seaql;
  bool transactional = false;
  bool lock_times_out = false;

  [[nodiscard]] std::string_view name() const noexcept override { return "fake"; }
  [[nodiscard]] std::vector<std::string> render(const kit::Statement& /*statement*/) override {
    return {"SQL"};
  }
  void execute(std::string_view sql) override { calls.push_back("execute " + std::string(sql)); }
  [[nodiscard]] bool transactional_ddl() const noexcept override { return transactional; }
  void begin() override {
    saved_ = ledger;
    calls.emplace_back("begin");
  }
  void commit() override { calls.emplace_back("commit"); }
  void rollback() noexcept override {
    ledger = saved_;
    calls.emplace_back("rollback");
  }
  void lock(std::chrono::milliseconds /*timeout*/) override {
    if (lock_times_out) throw kit::LockTimeoutError("held by process 42");
  }
  void unlock() noexcept override {}
  [[nodiscard]] bool has_table(std::string_view /*table*/) override { return false; }
  [[nodiscard]] bool has_column(std::string_view /*t*/, std::string_view /*c*/) override {
    return false;
  }
  [[nodiscard]] bool has_index(std::string_view /*t*/, std::string_view /*i*/) override {
    return false;
  }
  [[nodiscard]] std::vector<std::string> tables() override { return {}; }
  void drop_all() override { ledger.clear(); }
  void ensure_ledger() override {}
  [[nodiscard]] std::vector<kit::LedgerEntry> read_ledger() override { return ledger; }
  void record(const kit::LedgerEntry& entry) override {
    calls.push_back("record " + entry.version + " " + entry.state);
    ledger.push_back(entry);
  }
  [[nodiscard]] std::vector<kit::SeaqlMigration> read_seaql_ledger() override { return seaql; }
  [[nodiscard]] std::optional<kit::TableInfo> describe_table(std::string_view) override {
    return std::nullopt;
  }
  void forget(std::string_view version) override {
    calls.push_back("forget " + std::string(version));
    ledger.erase(std::remove_if(ledger.begin(), ledger.end(),
                                [&](const auto& e) { return e.version == version; }),
                 ledger.end());
  }

 private:
  std::vector<kit::LedgerEntry> saved_;
};

const std::string kUsers = "m20240115_120000_create_users_table";

class MigratorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::copy_file(KIT_TEST_MIGRATION, dir_ / (kUsers + MigrationCatalog::library_suffix()));
    catalog_ = MigrationCatalog::scan(dir_.path());
  }
  Migrator migrator() { return Migrator(driver_, catalog_, output_, std::chrono::seconds(1)); }

  kit::test::TempDir dir_;
  MigrationCatalog catalog_;
  FakeDriver driver_;
  std::ostringstream text_;
  Output output_{text_, false};
};

TEST_F(MigratorTest, WithoutTransactionalDdlAMigrationIsRecordedRunningBeforeItStarts) {
  ASSERT_EQ(migrator().migrate({}), 1U);
  EXPECT_EQ(driver_.calls, (std::vector<std::string>{"record " + kUsers + " running", "execute SQL",
                                                     "begin", "forget " + kUsers,
                                                     "record " + kUsers + " applied", "commit"}));
  ASSERT_EQ(driver_.ledger.size(), 1U);
  EXPECT_EQ(driver_.ledger[0].state, "applied");
  EXPECT_TRUE(driver_.ledger[0].execution_ms.has_value());

  driver_.calls.clear();
  ASSERT_EQ(migrator().rollback(std::nullopt), 1U);
  EXPECT_EQ(driver_.calls, (std::vector<std::string>{"begin", "forget " + kUsers,
                                                     "record " + kUsers + " reverting", "commit",
                                                     "execute SQL", "forget " + kUsers}));
  EXPECT_TRUE(driver_.ledger.empty());
}

TEST_F(MigratorTest, WithTransactionalDdlTheMigrationAndItsRowShareOneTransaction) {
  driver_.transactional = true;
  ASSERT_EQ(migrator().migrate({}), 1U);
  EXPECT_EQ(driver_.calls, (std::vector<std::string>{"begin", "execute SQL",
                                                     "record " + kUsers + " applied", "commit"}));
}

TEST_F(MigratorTest, AtomicIsRefusedWithoutTransactionalDdl) {
  Migrator::MigrateOptions options;
  options.atomic = true;
  try {
    (void)migrator().migrate(options);
    FAIL() << "no error";
  } catch (const HostError& error) {
    EXPECT_EQ(error.code(), ExitCode::Usage);
    EXPECT_NE(std::string(error.what())
                  .find("--atomic: the fake driver cannot roll back schema changes (it has no "
                        "transactional DDL)"),
              std::string::npos)
        << error.what();
  }
  EXPECT_TRUE(driver_.calls.empty());
}

TEST_F(MigratorTest, ALockTimeoutEndsWithItsOwnExitCode) {
  driver_.lock_times_out = true;
  try {
    (void)migrator().migrate({});
    FAIL() << "no error";
  } catch (const HostError& error) {
    EXPECT_EQ(error.code(), ExitCode::LockTimeout);
    EXPECT_STREQ(error.what(),
                 "cannot take the migration lock: held by process 42 (the lock timeout is 1s; "
                 "set it with --lock-timeout or KIT_LOCK_TIMEOUT)");
  }
  EXPECT_TRUE(driver_.calls.empty());
}

TEST_F(MigratorTest, PretendRunsInOneTransactionThatIsRolledBackAndRecordsNothing) {
  driver_.transactional = true;
  Migrator::MigrateOptions options;
  options.pretend = true;
  ASSERT_EQ(migrator().migrate(options), 1U);
  // Each migration in a savepoint of the host's, which the printed SQL does not show.
  EXPECT_EQ(driver_.calls, (std::vector<std::string>{
                               "begin", "execute SAVEPOINT kit_host_migration", "execute SQL",
                               "execute RELEASE SAVEPOINT kit_host_migration", "rollback"}));
  EXPECT_TRUE(driver_.ledger.empty());
  EXPECT_NE(text_.str().find("Would run 1 migration (batch 1)\n"), std::string::npos)
      << text_.str();
  EXPECT_NE(text_.str().find(" PRETEND\n    SQL;\n"), std::string::npos) << text_.str();
  EXPECT_NE(text_.str().find("\nNothing was changed (--pretend).\n"), std::string::npos)
      << text_.str();

  // Rolling back what is applied, pretending: the same.
  ASSERT_EQ(migrator().migrate({}), 1U);
  driver_.calls.clear();
  ASSERT_EQ(migrator().rollback(std::nullopt, true), 1U);
  EXPECT_EQ(driver_.calls, (std::vector<std::string>{
                               "begin", "execute SAVEPOINT kit_host_migration", "execute SQL",
                               "execute RELEASE SAVEPOINT kit_host_migration", "rollback"}));
  EXPECT_EQ(driver_.ledger.size(), 1U);
}

TEST_F(MigratorTest, PretendWithoutTransactionalDdlRendersOnly) {
  Migrator::MigrateOptions options;
  options.pretend = true;
  ASSERT_EQ(migrator().migrate(options), 1U);
  EXPECT_TRUE(driver_.calls.empty()) << "nothing executed, nothing recorded";
  EXPECT_NE(text_.str().find("Pretend: the fake driver cannot roll back schema changes: the SQL "
                             "is rendered, not run.\n"),
            std::string::npos)
      << text_.str();
  EXPECT_NE(text_.str().find(" RENDERED\n    SQL;\n"), std::string::npos) << text_.str();
  // fresh --pretend drops nothing either.
  driver_.ledger.push_back({kUsers, 1, "", "2024-01-15 12:00:00", std::nullopt});
  ASSERT_EQ(migrator().fresh(true), 1U);
  EXPECT_TRUE(driver_.calls.empty());
  EXPECT_EQ(driver_.ledger.size(), 1U);
}

TEST_F(MigratorTest, TheFirstRunAdoptsSeaOrmsLedgerAsBatchZero) {
  driver_.transactional = true;
  driver_.seaql = {{kUsers, 1705320000}};
  // Status adopts nothing: it only reads.
  const auto plan = migrator().plan(nullptr);
  ASSERT_EQ(plan.rows().size(), 1U);
  EXPECT_EQ(plan.rows()[0].state, MigrationPlan::State::Applied);
  EXPECT_TRUE(driver_.calls.empty());

  ASSERT_EQ(migrator().migrate({}), 0U);
  EXPECT_EQ(driver_.calls,
            (std::vector<std::string>{"begin", "record " + kUsers + " applied", "commit"}));
  ASSERT_EQ(driver_.ledger.size(), 1U);
  EXPECT_EQ(driver_.ledger[0].batch, 0);
  EXPECT_EQ(driver_.ledger[0].checksum, "");
  EXPECT_EQ(driver_.ledger[0].applied_at, "2024-01-15 12:00:00");
  EXPECT_FALSE(driver_.ledger[0].execution_ms.has_value());
  EXPECT_NE(text_.str().find("Adopted 1 migration from seaql_migrations (applied by Kit/SeaORM): "
                             "recorded in kit_migrations as batch 0.\nNothing to migrate.\n"),
            std::string::npos)
      << text_.str();
}

TEST(LedgerTest, AnAdoptedRowIsAppliedInBatchZeroAtItsUnixTime) {
  const auto entry = Ledger::adopted_entry({"m20220101_000001_create_table", 1640995201});
  EXPECT_EQ(entry.version, "m20220101_000001_create_table");
  EXPECT_EQ(entry.batch, Ledger::kAdoptedBatch);
  EXPECT_EQ(entry.applied_at, "2022-01-01 00:00:01");
  EXPECT_EQ(entry.state, "applied");
  EXPECT_EQ(Ledger::adopted_entry({"m", 0}).applied_at, "1970-01-01 00:00:00");
  EXPECT_EQ(Ledger::adopted_entry({"m", 4102444800}).applied_at, "2100-01-01 00:00:00");
}

}  // namespace
}  // namespace kit::host
