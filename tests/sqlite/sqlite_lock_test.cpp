// The SQLite driver's migration lock: an flock() on `<database>-kitlock` that serializes
// drivers and processes, names its holder when a wait times out, and dies with its holder.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "kit/driver.hpp"
#include "sqlite_driver.hpp"
#include "sqlite_test_support.hpp"

namespace kit::sqlite {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using test::TempDatabase;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string host_name() {
  char name[256] = {};
  ::gethostname(name, sizeof name - 1);
  return name;
}

// Runs `f`, expecting kit::Error; returns its message.
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected kit::Error";
  return {};
}

// A child process that opens its own driver on `url`, takes the lock and reports it on a
// pipe, then either exits at once without unlocking or waits to be killed.
class LockingChild {
 public:
  enum class End { Exit, WaitForKill };

  LockingChild(const std::string& url, End end) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(fds[0]);
      try {
        SqliteDriver driver(url.c_str());
        driver.lock(5s);
        const char ready = 'L';
        (void)!::write(fds[1], &ready, 1);
        if (end == End::WaitForKill) {
          for (;;) ::pause();
        }
      } catch (...) {
        ::_exit(3);
      }
      ::_exit(0);  // without unlock(), without destructors
    }
    ::close(fds[1]);
    char ready = 0;
    locked_ = ::read(fds[0], &ready, 1) == 1 && ready == 'L';
    ::close(fds[0]);
  }
  ~LockingChild() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      (void)wait();
    }
  }
  LockingChild(const LockingChild&) = delete;
  LockingChild& operator=(const LockingChild&) = delete;

  [[nodiscard]] pid_t pid() const noexcept { return pid_; }
  [[nodiscard]] bool locked() const noexcept { return locked_; }
  void kill_hard() { ::kill(pid_, SIGKILL); }
  int wait() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    reaped_ = true;
    return status;
  }

 private:
  pid_t pid_ = -1;
  bool locked_ = false;
  bool reaped_ = false;
};

class SqliteLockTest : public ::testing::Test {
 protected:
  [[nodiscard]] std::filesystem::path lock_file() const {
    return file_.path().string() + "-kitlock";
  }

  TempDatabase file_;
};

TEST_F(SqliteLockTest, ASecondDriverCannotLockUntilTheFirstUnlocks) {
  SqliteDriver first(file_.url().c_str());
  SqliteDriver second(file_.url().c_str());
  first.lock(1s);
  EXPECT_TRUE(first.locked());

  const auto start = Clock::now();
  const auto message = error_of([&] { second.lock(300ms); });
  EXPECT_GE(Clock::now() - start, 300ms);
  EXPECT_FALSE(second.locked());
  EXPECT_NE(message.find("another kit-host run (pid " + std::to_string(::getpid()) + " on " +
                         host_name() + ", since "),
            std::string::npos)
      << message;
  EXPECT_NE(message.find(" UTC) holds the migration lock on " + file_.path().string() +
                         "; waited 300 ms."),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("--lock-timeout"), std::string::npos) << message;

  first.unlock();
  second.lock(300ms);
  EXPECT_TRUE(second.locked());
  EXPECT_THROW(first.lock(100ms), Error);  // and now the other way round
}

TEST_F(SqliteLockTest, AWaiterTakesTheLockAsSoonAsItIsReleased) {
  SqliteDriver first(file_.url().c_str());
  SqliteDriver second(file_.url().c_str());
  first.lock(1s);
  std::thread releaser([&] {
    std::this_thread::sleep_for(300ms);
    first.unlock();
  });
  const auto start = Clock::now();
  second.lock(10s);
  const auto waited = Clock::now() - start;
  releaser.join();
  EXPECT_TRUE(second.locked());
  EXPECT_GE(waited, 250ms);
  EXPECT_LT(waited, 2s);
}

TEST_F(SqliteLockTest, TimeoutMessagesSaySeconds) {
  SqliteDriver first(file_.url().c_str());
  SqliteDriver second(file_.url().c_str());
  first.lock(1s);
  EXPECT_NE(error_of([&] { second.lock(1500ms); }).find("; waited 1.5 s."), std::string::npos);
  EXPECT_NE(error_of([&] { second.lock(0ms); }).find("; waited 0 ms."), std::string::npos);
}

TEST_F(SqliteLockTest, TheLockIsReleasedWhenItsHolderExitsWithoutUnlocking) {
  LockingChild child(file_.url(), LockingChild::End::Exit);
  ASSERT_TRUE(child.locked());
  const int status = child.wait();
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;

  SqliteDriver driver(file_.url().c_str());
  driver.lock(0ms);  // free at once
  EXPECT_NE(read_file(lock_file()).find("pid=" + std::to_string(::getpid()) + "\n"),
            std::string::npos);
}

TEST_F(SqliteLockTest, TheLockIsReleasedWhenItsHolderIsKilled) {
  LockingChild child(file_.url(), LockingChild::End::WaitForKill);
  ASSERT_TRUE(child.locked());
  SqliteDriver driver(file_.url().c_str());
  const auto message = error_of([&] { driver.lock(100ms); });
  EXPECT_NE(message.find("(pid " + std::to_string(child.pid()) + " on " + host_name()),
            std::string::npos)
      << message;

  child.kill_hard();
  const int status = child.wait();
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
  driver.lock(1s);
  EXPECT_TRUE(driver.locked());
}

TEST_F(SqliteLockTest, ADoubleLockThrowsAtOnceAndKeepsTheLock) {
  SqliteDriver driver(file_.url().c_str());
  SqliteDriver other(file_.url().c_str());
  driver.lock(1s);
  const auto start = Clock::now();
  const auto message = error_of([&] { driver.lock(10s); });
  EXPECT_LT(Clock::now() - start, 1s);  // no waiting on itself
  EXPECT_NE(message.find("not reentrant"), std::string::npos) << message;
  EXPECT_TRUE(driver.locked());
  EXPECT_THROW(other.lock(50ms), Error);
  driver.unlock();
  driver.unlock();  // a second unlock() does nothing
  other.lock(50ms);
}

TEST_F(SqliteLockTest, TheDestructorReleasesTheLock) {
  {
    SqliteDriver holder(file_.url().c_str());
    holder.lock(1s);
  }
  SqliteDriver driver(file_.url().c_str());
  driver.lock(0ms);
}

TEST_F(SqliteLockTest, TheLockFileStaysBesideTheDatabaseAndRecordsOnlyItsCurrentHolder) {
  const mode_t previous = ::umask(022);
  SqliteDriver driver(file_.url().c_str());
  EXPECT_FALSE(std::filesystem::exists(lock_file()));  // created by lock(), not by opening
  driver.lock(1s);
  ::umask(previous);

  struct stat status {};
  ASSERT_EQ(::stat(lock_file().c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 07777, 0644u);
  const auto record = read_file(lock_file());
  EXPECT_EQ(
      record.rfind("pid=" + std::to_string(::getpid()) + "\nhost=" + host_name() + "\nsince=", 0),
      0u)
      << record;
  EXPECT_EQ(record.substr(record.size() - 5), " UTC\n") << record;

  driver.unlock();
  EXPECT_TRUE(std::filesystem::exists(lock_file()));  // never deleted
  EXPECT_EQ(read_file(lock_file()), "");
}

TEST_F(SqliteLockTest, EverySpellingOfTheDatabasePathLocksTheSameFile) {
  const auto link = file_.path().string() + "-link.db";
  { SqliteDriver create(file_.url().c_str()); }
  std::filesystem::create_symlink(file_.path(), link);
  SqliteDriver direct(file_.url().c_str());
  SqliteDriver through_link(("sqlite://" + link).c_str());
  direct.lock(1s);
  const auto message = error_of([&] { through_link.lock(50ms); });
  EXPECT_NE(message.find("lock on " + file_.path().string() + ";"), std::string::npos) << message;
  EXPECT_FALSE(std::filesystem::exists(link + "-kitlock"));
  std::filesystem::remove(link);
}

TEST_F(SqliteLockTest, ALockFileThatIsASymbolicLinkIsRefused) {
  const auto target = file_.path().string() + "-target";
  std::ofstream(target) << "keep me";
  std::filesystem::create_symlink(target, lock_file());
  SqliteDriver driver(file_.url().c_str());
  const auto message = error_of([&] { driver.lock(50ms); });
  EXPECT_NE(message.find("cannot open the migration lock file " + lock_file().string()),
            std::string::npos)
      << message;
  EXPECT_FALSE(driver.locked());
  EXPECT_EQ(read_file(target), "keep me");
  std::filesystem::remove(target);
}

TEST(SqliteLockMemoryTest, InMemoryDatabasesNeedNoLockFile) {
  SqliteDriver a("sqlite::memory:");
  SqliteDriver b("sqlite::memory:");
  a.lock(0ms);
  b.lock(0ms);  // two private databases: nothing to share
  EXPECT_TRUE(a.locked());
  EXPECT_THROW(a.lock(0ms), Error);  // still not reentrant
  EXPECT_FALSE(std::filesystem::exists(":memory:-kitlock"));
  a.unlock();
  EXPECT_FALSE(a.locked());
}

// Closing any descriptor of the database file would silently drop the POSIX locks SQLite
// holds on it in this process; the lock must never touch that file. Another process sees
// the RESERVED lock of an open write transaction through F_GETLK.
TEST_F(SqliteLockTest, LockingAndUnlockingLeaveSqlitesOwnFileLocksAlone) {
  SqliteDriver writer(file_.url().c_str());
  SqliteDriver other(file_.url().c_str());
  writer.execute("CREATE TABLE t (x)");
  writer.begin();
  writer.execute("INSERT INTO t VALUES (1)");
  writer.lock(1s);
  writer.unlock();
  other.lock(1s);
  other.unlock();

  const pid_t child = ::fork();
  if (child == 0) {
    const int fd = ::open(file_.path().c_str(), O_RDONLY);
    struct flock probe {};
    probe.l_type = F_WRLCK;
    probe.l_whence = SEEK_SET;
    probe.l_start = 0x40000001;  // SQLite's RESERVED byte
    probe.l_len = 1;
    const bool reserved = fd >= 0 && ::fcntl(fd, F_GETLK, &probe) == 0 && probe.l_type != F_UNLCK;
    ::_exit(reserved ? 0 : 1);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << "SQLite's RESERVED lock on the database file was lost";
  writer.commit();
}

// Eight processes started at once each run the host's sequence: lock, read the ledger,
// apply what is missing, unlock. Every one succeeds and each migration is applied once;
// without the lock, two runs plan the same migration and the second fails.
TEST_F(SqliteLockTest, ConcurrentRunsSerializeAndApplyEachMigrationOnce) {
  const std::vector<std::string> versions = {"m20240101_000000_a", "m20240101_000001_b",
                                             "m20240101_000002_c", "m20240101_000003_d"};
  for (int trial = 0; trial < 3; ++trial) {
    TempDatabase file;
    std::vector<pid_t> children;
    for (int i = 0; i < 8; ++i) {
      const pid_t pid = ::fork();
      if (pid == 0) {
        try {
          SqliteDriver driver(file.url().c_str());
          driver.lock(30s);
          driver.ensure_ledger();
          const auto applied = driver.read_ledger();
          for (const auto& version : versions) {
            bool done = false;
            for (const auto& entry : applied) done = done || entry.version == version;
            if (done) continue;
            driver.begin();
            driver.execute("CREATE TABLE \"" + version + "\" (x)");
            driver.record({version, i + 1, "", "2024-01-01 00:00:00", 1});
            driver.commit();
          }
          driver.unlock();
        } catch (...) {
          ::_exit(1);
        }
        ::_exit(0);
      }
      children.push_back(pid);
    }
    for (const pid_t pid : children) {
      int status = 0;
      ::waitpid(pid, &status, 0);
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "trial " << trial;
    }
    SqliteDriver check(file.url().c_str());
    const auto ledger = check.read_ledger();
    ASSERT_EQ(ledger.size(), versions.size()) << "trial " << trial;
    for (std::size_t i = 0; i < versions.size(); ++i) {
      EXPECT_EQ(ledger[i].version, versions[i]);
      EXPECT_EQ(ledger[i].batch, ledger[0].batch);  // all applied by the first run
    }
  }
}

}  // namespace
}  // namespace kit::sqlite
