// SqliteStatementCache: statements the driver runs at every migration, prepared once per
// connection (preparing costs more than running them).
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace kit::sqlite {

class SqliteStatementCache {
 public:
  explicit SqliteStatementCache(SQLite::Database& db) noexcept;
  SqliteStatementCache(const SqliteStatementCache&) = delete;
  SqliteStatementCache& operator=(const SqliteStatementCache&) = delete;
  ~SqliteStatementCache();

  /// A cached statement in use: reset when the lease ends, so that a statement left
  /// mid-result never keeps a read lock on the database between uses.
  class Lease {
   public:
    explicit Lease(SQLite::Statement& statement) noexcept : statement_(&statement) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();
    SQLite::Statement& operator*() const noexcept { return *statement_; }
    SQLite::Statement* operator->() const noexcept { return statement_; }

   private:
    SQLite::Statement* statement_;
  };

  /// The statement for `sql`, prepared on first use, with its bindings cleared. SQLite
  /// prepares it again by itself when the schema changes. Throws SQLite::Exception.
  [[nodiscard]] Lease get(const std::string& sql);
  /// Finalizes every statement (none may be leased).
  void clear() noexcept;

 private:
  SQLite::Database& db_;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
};

}  // namespace kit::sqlite
