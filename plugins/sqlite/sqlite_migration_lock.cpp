#include "sqlite_migration_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <map>
#include <sstream>
#include <thread>
#include <utility>

#include "kit/error.hpp"

namespace kit::sqlite {

namespace {

using Clock = std::chrono::steady_clock;

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "unknown";
  return name;
}

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char text[32] = {};
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &utc);
  return text;
}

// "250 ms", "10 s", "1.5 s".
std::string waited(std::chrono::milliseconds timeout) {
  const auto ms = timeout.count();
  if (ms < 1000) return std::to_string(ms) + " ms";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + " s";
  std::ostringstream out;
  out.precision(1);
  out << std::fixed << static_cast<double>(ms) / 1000.0 << " s";
  return out.str();
}

std::string errno_text(int error) { return std::strerror(error); }

// The holder recorded in the lock file ("pid 1234 on host, since ..."); empty when the file
// records none, or names a process of this host that no longer runs.
std::string recorded_holder(int fd) {
  std::string text(512, '\0');
  const ssize_t got = ::pread(fd, text.data(), text.size(), 0);
  if (got <= 0) return {};
  text.resize(static_cast<std::size_t>(got));
  std::map<std::string, std::string> fields;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    const auto equals = line.find('=');
    if (equals != std::string::npos) fields[line.substr(0, equals)] = line.substr(equals + 1);
  }
  const std::string& pid = fields["pid"];
  if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) return {};
  const std::string& host = fields["host"];
  if (host == host_name() && pid.size() < 10 &&
      ::kill(static_cast<pid_t>(std::strtol(pid.c_str(), nullptr, 10)), 0) != 0 && errno == ESRCH) {
    return {};  // a killed holder's record: whoever holds the lock now has not written yet
  }
  std::string out = "pid " + pid;
  if (!host.empty()) out += " on " + host;
  if (!fields["since"].empty()) out += ", since " + fields["since"];
  return out;
}

}  // namespace

SqliteMigrationLock::SqliteMigrationLock(std::string database)
    : database_(std::move(database)), path_(path_for(database_)) {}

SqliteMigrationLock::~SqliteMigrationLock() { release(); }

std::string SqliteMigrationLock::path_for(const std::string& database) {
  return database + "-kitlock";
}

void SqliteMigrationLock::acquire(std::chrono::milliseconds timeout) {
  if (held()) {
    throw Error("sqlite: the migration lock on " + database_ +
                " is already held by this connection; lock() is not reentrant");
  }
  // O_NOFOLLOW: the holder record is written into this file, never through a planted link.
  int fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  bool writable = fd >= 0;
  if (fd < 0 && (errno == EACCES || errno == EROFS)) {
    // Another user's lock file, or a read-only directory: flock() needs no write access.
    const int open_error = errno;
    fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) errno = open_error;
  }
  if (fd < 0) {
    throw Error("sqlite: cannot open the migration lock file " + path_ + ": " + errno_text(errno));
  }
  struct stat status {};
  if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
    ::close(fd);
    throw Error("sqlite: the migration lock file " + path_ + " is not a regular file");
  }

  const auto deadline = Clock::now() + timeout;
  auto pause = std::chrono::milliseconds(10);
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    if (error == EINTR) continue;
    if (error != EWOULDBLOCK) {
      ::close(fd);
      throw Error("sqlite: cannot lock the migration lock file " + path_ + ": " +
                  errno_text(error));
    }
    const auto now = Clock::now();
    if (now >= deadline) {
      const std::string holder = recorded_holder(fd);
      ::close(fd);
      throw LockTimeoutError(
          "another kit-host run" + (holder.empty() ? "" : " (" + holder + ")") +
          " holds the migration lock on " + database_ + "; waited " + waited(timeout) +
          ". Let it finish, or wait longer with a larger --lock-timeout (the lock, an "
          "flock on " +
          path_ + ", ends when its holder exits)");
    }
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - now);
    std::this_thread::sleep_for(std::min(pause, left));
    pause = std::min(pause * 2, std::chrono::milliseconds(100));
  }

  fd_ = fd;
  writable_ = writable;
  if (writable_) {
    const std::string record = "pid=" + std::to_string(::getpid()) + "\nhost=" + host_name() +
                               "\nsince=" + utc_now() + "\n";
    // The record only serves messages: a failure to write it is no failure to lock.
    if (::ftruncate(fd_, 0) == 0) (void)!::pwrite(fd_, record.data(), record.size(), 0);
  }
}

void SqliteMigrationLock::release() noexcept {
  if (fd_ < 0) return;
  if (writable_) (void)!::ftruncate(fd_, 0);  // emptied while still held: no stale record
  ::flock(fd_, LOCK_UN);
  ::close(fd_);
  fd_ = -1;
  writable_ = false;
}

}  // namespace kit::sqlite
