#include "test_database.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#ifdef KIT_FAULTS_WITH_POSTGRES
#include <pqxx/nontransaction>
#include <pqxx/result>

#include "postgres_test_database.hpp"
#endif

namespace kit::test {

namespace {

class SqliteTestDatabase final : public TestDatabase {
 public:
  explicit SqliteTestDatabase(std::filesystem::path file) : file_(std::move(file)) {}

  [[nodiscard]] std::string url() const override { return "sqlite://" + file_.string(); }
  [[nodiscard]] std::string password() const override { return {}; }

  [[nodiscard]] std::vector<std::string> tables() override {
    return strings(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name");
  }
  [[nodiscard]] std::vector<std::string> indexes() override {
    return strings(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name");
  }
  [[nodiscard]] std::vector<LedgerRow> ledger() override {
    std::vector<LedgerRow> rows;
    if (!std::filesystem::exists(file_)) return rows;
    SQLite::Database db = open();
    if (!db.tableExists("kit_migrations")) return rows;
    SQLite::Statement query(db, "SELECT version, batch FROM kit_migrations ORDER BY version");
    while (query.executeStep()) {
      rows.push_back(LedgerRow{query.getColumn(0).getString(), query.getColumn(1).getInt64()});
    }
    return rows;
  }
  [[nodiscard]] std::int64_t row_count(const std::string& table) override {
    SQLite::Database db = open();
    return db.execAndGet("SELECT count(*) FROM \"" + table + "\"").getInt64();
  }

 private:
  /// Opened per question, so that a test never holds a lock while kit-host runs; writable,
  /// so that SQLite can roll back the journal a killed run left behind before reading.
  [[nodiscard]] SQLite::Database open() const {
    return SQLite::Database(file_.string(), SQLite::OPEN_READWRITE);
  }

  std::vector<std::string> strings(const std::string& sql) {
    std::vector<std::string> out;
    if (!std::filesystem::exists(file_)) return out;
    SQLite::Database db = open();
    SQLite::Statement query(db, sql);
    while (query.executeStep()) out.push_back(query.getColumn(0).getString());
    return out;
  }

  std::filesystem::path file_;
};

#ifdef KIT_FAULTS_WITH_POSTGRES
class PostgresFaultDatabase final : public TestDatabase {
 public:
  [[nodiscard]] std::string url() const override { return database_.url(); }
  [[nodiscard]] std::string password() const override { return database_.password(); }

  [[nodiscard]] std::vector<std::string> tables() override {
    return strings(
        "SELECT tablename::text FROM pg_catalog.pg_tables WHERE schemaname = 'public' "
        "ORDER BY tablename COLLATE \"C\"");
  }
  [[nodiscard]] std::vector<std::string> indexes() override {
    return strings(
        "SELECT i.indexname::text FROM pg_catalog.pg_indexes i WHERE i.schemaname = 'public' "
        "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c "
        "WHERE c.conname = i.indexname AND c.contype IN ('p', 'u')) "
        "ORDER BY i.indexname COLLATE \"C\"");
  }
  [[nodiscard]] std::vector<LedgerRow> ledger() override {
    std::vector<LedgerRow> rows;
    pqxx::nontransaction tx(database_.session());
    if (tx.exec("SELECT to_regclass('public.kit_migrations') IS NOT NULL")[0][0].as<bool>()) {
      for (const auto& row :
           tx.exec("SELECT version, batch FROM kit_migrations ORDER BY version COLLATE \"C\"")) {
        rows.push_back(LedgerRow{row[0].as<std::string>(), row[1].as<std::int64_t>()});
      }
    }
    return rows;
  }
  [[nodiscard]] std::int64_t row_count(const std::string& table) override {
    return std::stoll(database_.scalar("SELECT count(*) FROM \"" + table + "\""));
  }
  void admin_execute(const std::string& sql) override {
    pqxx::nontransaction tx(database_.session());
    tx.exec(sql);
  }
  [[nodiscard]] std::string url_as(const std::string& user,
                                   const std::string& password) const override {
    return database_.url_as(user, password);
  }
  [[nodiscard]] std::string name() const override { return database_.name(); }
  void settle() override {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      if (database_.scalar("SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE datname = "
                           "current_database() AND pid <> pg_catalog.pg_backend_pid()") == "0") {
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    throw std::runtime_error("other sessions stay connected to " + database_.name());
  }

 private:
  std::vector<std::string> strings(const std::string& sql) {
    std::vector<std::string> out;
    pqxx::nontransaction tx(database_.session());
    for (const auto& row : tx.exec(sql)) out.push_back(row[0].as<std::string>());
    return out;
  }

  PostgresTestDatabase database_;
};
#endif

}  // namespace

std::string to_string(Backend backend) {
  return backend == Backend::Sqlite ? "sqlite" : "postgres";
}

std::unique_ptr<TestDatabase> TestDatabase::create(Backend backend,
                                                   const std::filesystem::path& dir,
                                                   const std::string& name) {
  if (backend == Backend::Sqlite) return std::make_unique<SqliteTestDatabase>(dir / name);
#ifdef KIT_FAULTS_WITH_POSTGRES
  return std::make_unique<PostgresFaultDatabase>();
#else
  (void)dir;
  throw std::runtime_error("the fault tests were built without KIT_WITH_POSTGRES");
#endif
}

TestDatabase::~TestDatabase() = default;

void TestDatabase::admin_execute(const std::string& /*sql*/) {
  throw std::logic_error("admin_execute: PostgreSQL only");
}

std::string TestDatabase::url_as(const std::string& /*user*/,
                                 const std::string& /*password*/) const {
  throw std::logic_error("url_as: PostgreSQL only");
}

std::string TestDatabase::name() const { throw std::logic_error("name: PostgreSQL only"); }

void TestDatabase::settle() {}

std::vector<std::string> TestDatabase::ledger_versions() {
  std::vector<std::string> out;
  for (const auto& row : ledger()) out.push_back(row.version);
  return out;
}

}  // namespace kit::test
