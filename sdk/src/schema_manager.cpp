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
