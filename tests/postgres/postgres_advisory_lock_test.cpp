// The migration lock: a session advisory lock keyed by database and schema.
#include "postgres_advisory_lock.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

#include "kit/error.hpp"
#include "postgres_test.hpp"

namespace kit::test {

namespace {

using std::chrono::milliseconds;
using PostgresAdvisoryLockTest = PostgresTest;

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

TEST(PostgresAdvisoryLock, KeyIsStableAndDependsOnDatabaseAndSchema) {
  // Pinned: kit-host builds of any version must contend for the same key.
  EXPECT_EQ(PostgresAdvisoryLock::key_for("app", "public"),
            PostgresAdvisoryLock::key_for("app", "public"));
  EXPECT_EQ(PostgresAdvisoryLock::key_for("app", "public"), INT64_C(-8222807798878648765));
  EXPECT_NE(PostgresAdvisoryLock::key_for("app", "public"),
            PostgresAdvisoryLock::key_for("app", "tenant"));
  EXPECT_NE(PostgresAdvisoryLock::key_for("app", "public"),
            PostgresAdvisoryLock::key_for("other", "public"));
  EXPECT_NE(PostgresAdvisoryLock::key_for("ab", "c"), PostgresAdvisoryLock::key_for("a", "bc"));
}

TEST_F(PostgresAdvisoryLockTest, TimeoutSaysWhichLockAndWhoHoldsIt) {
  auto holder = open("application_name=deploy-7");
  holder->lock(milliseconds(1000));
  auto waiter = open();
  const auto start = std::chrono::steady_clock::now();
  try {
    waiter->lock(milliseconds(300));
    FAIL() << "took a held lock";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(300));
    EXPECT_TRUE(contains(what, "timed out after 300 ms")) << what;
    EXPECT_TRUE(contains(what, "migration lock")) << what;
    EXPECT_TRUE(contains(what, "database \"" + db().name() + "\", schema \"public\"")) << what;
    EXPECT_TRUE(contains(what, "advisory lock " + std::to_string(holder->migration_lock().key())))
        << what;
    EXPECT_TRUE(contains(what, "held by process ")) << what;
    EXPECT_TRUE(contains(what, "application \"deploy-7\"")) << what;
    EXPECT_FALSE(contains(what, db().password())) << what;
  }
  EXPECT_TRUE(holder->migration_lock().held());
  EXPECT_FALSE(waiter->migration_lock().held());
}

TEST_F(PostgresAdvisoryLockTest, IsVisibleInPgLocks) {
  auto driver = open();
  driver->lock(milliseconds(1000));
  const auto key = static_cast<std::uint64_t>(driver->migration_lock().key());
  // pg_locks shows every database's locks: only this test's database counts.
  const std::string here =
      "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM "
      "pg_database WHERE datname = current_database())";
  EXPECT_EQ(count(here + " AND granted AND classid = " + std::to_string(key >> 32) +
                  " AND objid = " + std::to_string(key & 0xffffffffULL) + " AND objsubid = 1"),
            1);
  driver->unlock();
  EXPECT_EQ(count(here), 0);
}

TEST_F(PostgresAdvisoryLockTest, WaitsForARelease) {
  auto holder = open();
  holder->lock(milliseconds(1000));
  auto waiter = open();
  std::thread release([&] {
    std::this_thread::sleep_for(milliseconds(300));
    holder->unlock();
  });
  waiter->lock(milliseconds(5000));  // polls until the holder lets go
  release.join();
  EXPECT_TRUE(waiter->migration_lock().held());
}

TEST_F(PostgresAdvisoryLockTest, IsNotReentrant) {
  auto driver = open();
  driver->lock(milliseconds(1000));
  EXPECT_THROW(driver->lock(milliseconds(100)), Error);
  driver->unlock();
  // One unlock freed it: another session gets it at once.
  auto other = open();
  other->lock(milliseconds(0));
}

TEST_F(PostgresAdvisoryLockTest, SchemasLockIndependently) {
  auto a = open("schema=a");
  auto b = open("schema=b");
  auto a2 = open("schema=a");
  a->lock(milliseconds(1000));
  b->lock(milliseconds(1000));  // another schema: not blocked
  EXPECT_THROW(a2->lock(milliseconds(100)), Error);
}

}  // namespace

}  // namespace kit::test
