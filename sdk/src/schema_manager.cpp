#include "kit/schema_manager.hpp"

#include <chrono>
#include <exception>

#include "kit/driver.hpp"
#include "kit/statement.hpp"

namespace kit {

StatementObserver::~StatementObserver() = default;

struct SchemaManagerRunner {
  static void run(SchemaManager& manager, const Statement& statement) {
    manager.current_ = describe(statement);
    manager.current_sql_.clear();
    for (const auto& sql : manager.driver_.render(statement)) manager.run_sql(sql);
  }
};

namespace {
void run(SchemaManager& manager, const Statement& statement) {
  SchemaManagerRunner::run(manager, statement);
}

/// Skips white space and SQL comments (-- to the end of the line, /* ... */).
std::string_view skip_space(std::string_view sql) {
  for (;;) {
    const auto begin = sql.find_first_not_of(" \t\r\n\f\v");
    if (begin == std::string_view::npos) return {};
    sql.remove_prefix(begin);
    if (sql.substr(0, 2) == "--") {
      const auto end = sql.find('\n');
      sql.remove_prefix(end == std::string_view::npos ? sql.size() : end);
    } else if (sql.substr(0, 2) == "/*") {
      const auto end = sql.find("*/", 2);
      sql.remove_prefix(end == std::string_view::npos ? sql.size() : end + 2);
    } else {
      return sql;
    }
  }
}

/// Takes the keyword `word` (any case, whole) from the front of `sql`.
bool take_word(std::string_view& sql, std::string_view word) {
  sql = skip_space(sql);
  if (sql.size() < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char c = sql[i];
    if ((c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c) != word[i]) return false;
  }
  if (sql.size() > word.size()) {
    const char after = sql[word.size()];
    if ((after >= 'A' && after <= 'Z') || (after >= 'a' && after <= 'z') ||
        (after >= '0' && after <= '9') || after == '_' || after == '$') {
      return false;
    }
  }
  sql.remove_prefix(word.size());
  return true;
}

/// Whether `sql` starts with ROLLBACK [WORK | TRANSACTION] TO: a rollback to a savepoint,
/// the standard SQL that SQLite and PostgreSQL both read.
bool rolls_back_to_savepoint(std::string_view sql) {
  if (!take_word(sql, "ROLLBACK")) return false;
  if (!take_word(sql, "WORK")) (void)take_word(sql, "TRANSACTION");
  return take_word(sql, "TO");
}
}  // namespace

SchemaManager::SchemaManager(Driver& driver, Mode mode, StatementObserver* observer) noexcept
    : driver_(driver), mode_(mode), observer_(observer) {}

void SchemaManager::create_table(const TableCreateStatement& statement) { run(*this, statement); }
void SchemaManager::alter_table(const TableAlterStatement& statement) { run(*this, statement); }
void SchemaManager::drop_table(const TableDropStatement& statement) { run(*this, statement); }
void SchemaManager::rename_table(const TableRenameStatement& statement) { run(*this, statement); }
void SchemaManager::truncate_table(const TableTruncateStatement& statement) {
  run(*this, statement);
}
void SchemaManager::create_index(const IndexCreateStatement& statement) { run(*this, statement); }
void SchemaManager::drop_index(const IndexDropStatement& statement) { run(*this, statement); }
void SchemaManager::create_foreign_key(const ForeignKeyCreateStatement& statement) {
  run(*this, statement);
}
void SchemaManager::drop_foreign_key(const ForeignKeyDropStatement& statement) {
  run(*this, statement);
}

void SchemaManager::execute(std::string_view sql) {
  current_ = "execute";
  run_sql(sql);
}

bool SchemaManager::has_table(const Iden& table) { return driver_.has_table(table.name()); }
bool SchemaManager::has_column(const Iden& table, const Iden& column) {
  return driver_.has_column(table.name(), column.name());
}
bool SchemaManager::has_index(const Iden& table, const Iden& index) {
  return driver_.has_index(table.name(), index.name());
}

std::string_view SchemaManager::backend() const noexcept { return driver_.name(); }

void SchemaManager::run_sql(std::string_view sql) {
  current_sql_.assign(sql);
  const auto start = std::chrono::steady_clock::now();
  if (mode_ == Mode::Execute) {
    ++sent_;
    try {
      driver_.execute(sql);
      // Back to a savepoint: whatever failed after it is undone. The driver knows whether
      // the savepoint is older than the failure, and its commit() refuses when it is not.
      if (!first_failure_.empty() && rolls_back_to_savepoint(sql)) first_failure_.clear();
    } catch (const std::exception& error) {
      if (first_failure_.empty()) first_failure_ = error.what();
      throw;
    } catch (...) {
      if (first_failure_.empty()) first_failure_ = "a statement failed: " + current_sql_;
      throw;
    }
  }
  if (observer_ != nullptr) {
    const std::chrono::nanoseconds elapsed = std::chrono::steady_clock::now() - start;
    observer_->on_sql(sql, elapsed.count());
  }
}

}  // namespace kit
