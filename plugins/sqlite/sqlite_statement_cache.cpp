#include "sqlite_statement_cache.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace kit::sqlite {

SqliteStatementCache::SqliteStatementCache(SQLite::Database& db) noexcept : db_(db) {}
SqliteStatementCache::~SqliteStatementCache() = default;

void SqliteStatementCache::clear() noexcept { statements_.clear(); }

SqliteStatementCache::Lease::~Lease() {
  try {
    statement_->reset();
    statement_->clearBindings();
  } catch (...) {  // reset() reports the last step's error again: it was handled there
  }
}

SqliteStatementCache::Lease SqliteStatementCache::get(const std::string& sql) {
  auto& slot = statements_[sql];
  if (!slot) slot = std::make_unique<SQLite::Statement>(db_, sql);
  return Lease(*slot);
}

}  // namespace kit::sqlite
