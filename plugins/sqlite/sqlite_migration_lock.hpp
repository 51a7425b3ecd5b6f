// SqliteMigrationLock: the cross-run migration lock of one SQLite database file, an flock()
// on a side file next to it.
#pragma once

#include <chrono>
#include <string>

namespace kit::sqlite {

/// SQLite has no advisory lock, so concurrent kit-host runs against one database serialize
/// on flock(LOCK_EX) of `<database>-kitlock`, a file beside the database:
/// - the kernel drops an flock when its holder exits or is killed: no lock is ever left
///   behind, unlike a lock row in a table (knex's stuck migrations_lock);
/// - it is a separate file because closing any descriptor of the database file itself
///   would drop the POSIX (fcntl) locks that SQLite holds on it in this process;
/// - it is created 0644 (less the umask) and never deleted: deleting it would race, as a
///   waiter that opened the old file would lock it while a newcomer creates and locks a
///   new one, and both would "hold" the lock;
/// - while held it records its holder as `pid=`, `host=` and `since=` lines, for the
///   message of a run that times out waiting; release() empties it again.
/// An flock belongs to the open file: two locks (two drivers) in one process exclude each
/// other just as two processes do. The descriptor is close-on-exec.
class SqliteMigrationLock {
 public:
  /// `database` is the database file's full path as SQLite resolved it.
  explicit SqliteMigrationLock(std::string database);
  /// Releases the lock if held.
  ~SqliteMigrationLock();
  SqliteMigrationLock(const SqliteMigrationLock&) = delete;
  SqliteMigrationLock& operator=(const SqliteMigrationLock&) = delete;

  /// The lock file of a database: its path followed by "-kitlock".
  [[nodiscard]] static std::string path_for(const std::string& database);
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

  /// Takes the lock, polling every 10 to 100 ms until `timeout` has passed; then throws
  /// kit::Error naming the holder, the database and how long it waited. Also throws when
  /// the lock file cannot be opened or locked, and when this object holds the lock already.
  void acquire(std::chrono::milliseconds timeout);
  /// Releases the lock; does nothing when not held. Never throws.
  void release() noexcept;
  [[nodiscard]] bool held() const noexcept { return fd_ >= 0; }

 private:
  std::string database_;
  std::string path_;
  int fd_ = -1;  // open and locked while held
  bool writable_ = false;
};

}  // namespace kit::sqlite
