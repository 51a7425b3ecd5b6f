// The schema a PostgresDriver works in: chosen by ?schema= or by options=-csearch_path=,
// created by ensure_ledger() when missing, and the only one drop_all() touches.
#include <gtest/gtest.h>

#include <chrono>
#include <pqxx/nontransaction>
#include <thread>
#include <vector>

#include "kit/error.hpp"
#include "kit/migration.hpp"
#include "kit/schema_manager.hpp"
#include "postgres_test.hpp"

namespace kit::test {

namespace {

using PostgresSchemaTest = PostgresTest;

TableCreateStatement users_table() {
  return Table::create()
      .table("users")
      .col(ColumnDef("id").integer().not_null().auto_increment().primary_key())
      .col(ColumnDef("email").string().not_null());
}

TEST_F(PostgresSchemaTest, SchemaParameterHoldsTablesAndLedger) {
  (void)db().scalar("CREATE TABLE public.users (other integer)");
  auto driver = open("schema=tenant_a");
  EXPECT_EQ(driver->schema(), "tenant_a");
  // Created on connecting, and empty: nothing of public shows.
  EXPECT_TRUE(driver->catalog().has_schema());
  EXPECT_FALSE(driver->has_table("users"));
  EXPECT_TRUE(driver->tables().empty());
  EXPECT_TRUE(driver->read_ledger().empty());

  SchemaManager(*driver).create_table(users_table());
  driver->ensure_ledger();
  LedgerEntry row;
  row.version = "m20240115_120000_create_users";
  row.batch = 1;
  row.applied_at = "2024-01-15 12:00:00";
  driver->record(row);

  EXPECT_EQ(count("SELECT 1 FROM pg_tables WHERE schemaname = 'tenant_a'"), 2);
  EXPECT_EQ(count("SELECT 1 FROM tenant_a.kit_migrations"), 1);
  EXPECT_EQ(count("SELECT 1 FROM pg_tables WHERE schemaname = 'public'"), 1);  // only the other
  EXPECT_TRUE(driver->has_column("users", "email"));
  EXPECT_FALSE(driver->has_column("users", "other"));
  EXPECT_EQ(driver->tables(), (std::vector<std::string>{"kit_migrations", "users"}));

  // Raw SQL resolves unqualified names in the schema too.
  driver->execute("INSERT INTO users (email) VALUES ('a@example.com')");
  EXPECT_EQ(count("SELECT 1 FROM tenant_a.users"), 1);
}

TEST_F(PostgresSchemaTest, SearchPathOptionChoosesTheSchemaToo) {
  auto driver = open("options=-csearch_path%3Dtenant_b");
  EXPECT_EQ(driver->schema(), "tenant_b");
  driver->ensure_ledger();
  SchemaManager(*driver).create_table(users_table());
  EXPECT_EQ(count("SELECT 1 FROM pg_tables WHERE schemaname = 'tenant_b'"), 2);
  EXPECT_TRUE(driver->has_table("users"));
}

TEST_F(PostgresSchemaTest, TheFirstSchemaOfTheSearchPathCountsEvenBeforeItExists) {
  // Quoted, so its capitals stay (libpq's options would need "\ " for a space).
  auto driver = open("options=-csearch_path%3D%22TenantC%22,public");
  EXPECT_EQ(driver->schema(), "TenantC");
  SchemaManager(*driver).create_table(users_table());
  EXPECT_EQ(count("SELECT 1 FROM pg_tables WHERE schemaname = 'TenantC'"), 1);
  EXPECT_EQ(count("SELECT 1 FROM pg_tables WHERE schemaname = 'public'"), 0);
}

TEST_F(PostgresSchemaTest, DefaultSearchPathMeansPublicUnlessTheUserHasASchema) {
  EXPECT_EQ(open()->schema(), "public");
  (void)db().scalar("CREATE SCHEMA " + db().user());
  EXPECT_EQ(open()->schema(), db().user());  // "$user" comes first in the default path
}

TEST_F(PostgresSchemaTest, SchemaNamesThatNeedQuotingWork) {
  auto driver = open("schema=My%20%22Odd%22%20Schema");
  EXPECT_EQ(driver->schema(), "My \"Odd\" Schema");
  driver->ensure_ledger();
  SchemaManager manager(*driver);
  manager.create_table(users_table());
  manager.create_index(Index::create().name("idx_email").table("users").col("email"));
  const auto sql = driver->render(Index::drop().name("idx_email").table("users"));
  EXPECT_EQ(sql, (std::vector<std::string>{R"(DROP INDEX "My ""Odd"" Schema"."idx_email")"}));
  manager.drop_index(Index::drop().name("idx_email").table("users"));
  EXPECT_FALSE(driver->has_index("users", "idx_email"));
  EXPECT_EQ(count("SELECT 1 FROM pg_tables WHERE schemaname = 'My \"Odd\" Schema'"), 2);
}

TEST_F(PostgresSchemaTest, ARoleThatMayNotCreateTheSchemaCanReadButNotWrite) {
  const std::string role = db().name() + "_reader";
  const std::string password = "reader-Pw-1";
  pqxx::connection& admin = db().session();
  {
    pqxx::nontransaction tx(admin);
    tx.exec("CREATE ROLE " + tx.quote_name(role) + " LOGIN PASSWORD " + tx.quote(password));
    tx.exec("REVOKE CREATE ON DATABASE " + tx.quote_name(db().name()) + " FROM PUBLIC");
  }
  {
    PostgresDriver driver(db().url_as(role, password, "schema=not_yet").c_str());
    EXPECT_TRUE(driver.tables().empty());
    EXPECT_TRUE(driver.read_ledger().empty());
    try {
      driver.ensure_ledger();
      FAIL() << "created the schema without the privilege";
    } catch (const DatabaseError& e) {
      EXPECT_EQ(e.code(), "42501");
      EXPECT_NE(
          std::string(e.what()).find("schema \"not_yet\" does not exist and cannot be created"),
          std::string::npos)
          << e.what();
    }
  }
  pqxx::nontransaction tx(admin);
  tx.exec("DROP ROLE " + tx.quote_name(role));
}

TEST_F(PostgresSchemaTest, EmptySchemaParameterIsRejected) {
  EXPECT_THROW((void)open("schema="), Error);
}

TEST_F(PostgresSchemaTest, LedgersOfTwoSchemasAreIndependent) {
  auto a = open("schema=a");
  auto b = open("schema=b");
  a->ensure_ledger();
  b->ensure_ledger();
  LedgerEntry row;
  row.version = "m20240115_120000_x";
  row.batch = 1;
  row.applied_at = "2024-01-15 12:00:00";
  a->record(row);
  EXPECT_EQ(a->read_ledger().size(), 1u);
  EXPECT_TRUE(b->read_ledger().empty());
}

TEST_F(PostgresSchemaTest, ConcurrentFirstRunsCreateTheLedgerOnce) {
  std::vector<std::unique_ptr<PostgresDriver>> drivers;
  for (int i = 0; i < 6; ++i) drivers.push_back(open("schema=fresh"));
  std::vector<std::string> errors(drivers.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < drivers.size(); ++i) {
    threads.emplace_back([&, i] {
      try {
        drivers[i]->ensure_ledger();
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& error : errors) EXPECT_EQ(error, "");
  EXPECT_EQ(count("SELECT 1 FROM pg_tables WHERE schemaname = 'fresh'"), 1);
}

TEST_F(PostgresSchemaTest, DropAllTakesEverythingMigrationsMakeAndOnlyInItsSchema) {
  (void)db().scalar("CREATE TABLE public.keep (id integer)");
  auto driver = open("schema=app");
  driver->ensure_ledger();
  driver->execute(R"(
    CREATE SEQUENCE invoice_numbers;
    CREATE TYPE mood AS ENUM ('sad', 'ok');
    CREATE TYPE pair AS (a integer, b integer);
    CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
    CREATE TYPE float_range AS RANGE (subtype = float8);
    CREATE TABLE people (id serial PRIMARY KEY, mood mood, score positive, span float_range);
    CREATE TABLE pets (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                       owner integer REFERENCES people (id));
    ALTER TABLE people ADD COLUMN favourite_pet integer REFERENCES pets (id);
    CREATE VIEW happy AS SELECT * FROM people WHERE mood = 'ok';
    CREATE MATERIALIZED VIEW pet_count AS SELECT count(*) FROM pets;
    CREATE TABLE measurements (at date NOT NULL) PARTITION BY RANGE (at);
    CREATE TABLE measurements_2024 PARTITION OF measurements
      FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
    CREATE FUNCTION add_one(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1 + 1';
    CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
    CREATE TRIGGER people_touch BEFORE UPDATE ON people FOR EACH ROW EXECUTE FUNCTION touch();
    CREATE PROCEDURE reset_numbers() LANGUAGE sql AS 'SELECT setval(''invoice_numbers'', 1)';
    CREATE AGGREGATE total(integer) (sfunc = int4pl, stype = integer);
    INSERT INTO people (mood, score) VALUES ('ok', 3);
  )");

  driver->drop_all();

  EXPECT_EQ(count("SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                  "WHERE n.nspname = 'app'"),
            0);
  EXPECT_EQ(count("SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                  "WHERE n.nspname = 'app'"),
            0);
  EXPECT_EQ(count("SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                  "WHERE n.nspname = 'app'"),
            0);
  EXPECT_EQ(count("SELECT 1 FROM pg_namespace WHERE nspname = 'app'"), 1);  // the schema stays
  EXPECT_EQ(count("SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = 'keep'"), 1);
  EXPECT_TRUE(driver->tables().empty());

  // The same migrations can run again.
  driver->ensure_ledger();
  driver->execute("CREATE TYPE mood AS ENUM ('sad', 'ok'); CREATE SEQUENCE invoice_numbers");
}

TEST_F(PostgresSchemaTest, DropAllRunsInsideAnOpenTransaction) {
  auto driver = open();
  driver->execute("CREATE TABLE a (id integer); CREATE TABLE b (id integer)");
  driver->begin();
  driver->drop_all();
  driver->rollback();
  EXPECT_EQ(driver->tables(), (std::vector<std::string>{"a", "b"}));
}

}  // namespace

}  // namespace kit::test
