// Helpers for the SQLite tests: unique temporary database files and reading them back.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>
#include <unistd.h>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace kit::sqlite::test {

/// A database file path unique to this test run, removed at the end with its journals and
/// its migration lock file.
class TempDatabase {
 public:
  TempDatabase() {
    static std::atomic<int> counter{0};
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    path_ = std::filesystem::temp_directory_path() /
            ("kit_sqlite_test_" + std::to_string(::getpid()) + "_" + std::to_string(stamp) + "_" +
             std::to_string(counter++) + ".db");
  }
  ~TempDatabase() {
    std::error_code ignored;
    for (const char* suffix : {"", "-journal", "-wal", "-shm", "-kitlock"}) {
      std::filesystem::remove(path_.string() + suffix, ignored);
    }
  }
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
  /// sqlite:///abs/path.db
  [[nodiscard]] std::string url() const { return "sqlite://" + path_.string(); }

 private:
  std::filesystem::path path_;
};

/// Every row of a query, each column as text ("NULL" for NULL), columns joined by "|".
inline std::vector<std::string> rows(SQLite::Database& db, const std::string& sql) {
  std::vector<std::string> out;
  SQLite::Statement statement(db, sql);
  while (statement.executeStep()) {
    std::string row;
    for (int i = 0; i < statement.getColumnCount(); ++i) {
      const auto column = statement.getColumn(i);
      row += (i == 0 ? "" : "|") + (column.isNull() ? std::string("NULL") : column.getString());
    }
    out.push_back(std::move(row));
  }
  return out;
}

/// The same, opening the file read-only for the one query.
inline std::vector<std::string> rows(const std::filesystem::path& path, const std::string& sql) {
  SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
  return rows(db, sql);
}

}  // namespace kit::sqlite::test
