#include "kit/schema_manager.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <optional>
#include <utility>

#include "ascii.hpp"
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

/// Skips white space, empty statements (`;`) and SQL comments: -- to the end of the line,
/// /* ... */ nested as PostgreSQL nests them (SQLite does not, but there the text after the
/// first */ is a syntax error, which runs nothing).
std::string_view skip_space(std::string_view sql) {
  for (;;) {
    const auto begin = sql.find_first_not_of(" \t\r\n\f\v;");
    if (begin == std::string_view::npos) return {};
    sql.remove_prefix(begin);
    if (sql.substr(0, 2) == "--") {
      const auto end = sql.find_first_of("\r\n");
      sql.remove_prefix(end == std::string_view::npos ? sql.size() : end);
    } else if (sql.substr(0, 2) == "/*") {
      std::size_t depth = 0;
      std::size_t i = 0;
      do {
        if (sql.compare(i, 2, "/*") == 0) {
          ++depth;
          i += 2;
        } else if (sql.compare(i, 2, "*/") == 0) {
          --depth;
          i += 2;
        } else {
          ++i;
        }
      } while (depth > 0 && i < sql.size());
      sql.remove_prefix(std::min(i, sql.size()));
    } else {
      return sql;
    }
  }
}

bool word_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$';
}

/// Takes the keyword `word` (any case, whole) from the front of `sql`.
bool take_word(std::string_view& sql, std::string_view word) {
  sql = skip_space(sql);
  if (!detail::same_ignoring_case(sql.substr(0, word.size()), word)) return false;
  if (sql.size() > word.size() && word_char(sql[word.size()])) return false;
  sql.remove_prefix(word.size());
  return true;
}

/// Takes a savepoint's name from the front of `sql`, as the database folds it: a plain
/// ASCII identifier in lower case, or a "quoted" one as written ("" is a "). Anything else
/// (SQLite's [name], `name` and 'name', a character beyond ASCII, U&"...") is not taken:
/// the statement is then not followed, and a failure it would undo stands.
std::optional<std::string> take_name(std::string_view& sql) {
  sql = skip_space(sql);
  if (sql.empty()) return std::nullopt;
  std::string name;
  std::size_t end = 0;
  if (sql.front() == '"') {
    for (end = 1; end < sql.size(); ++end) {
      if (sql[end] != '"') {
        name += sql[end];
      } else if (end + 1 < sql.size() && sql[end + 1] == '"') {
        name += '"';
        ++end;
      } else {
        break;
      }
    }
    if (end == sql.size()) return std::nullopt;
    ++end;
  } else {
    while (end < sql.size() && word_char(sql[end])) name += detail::ascii_lower(sql[end++]);
    if (end == 0 || (sql[0] >= '0' && sql[0] <= '9')) return std::nullopt;
  }
  // The name must end there: at the end, white space, a ';' or a comment.
  const std::string_view rest = sql.substr(end);
  if (!rest.empty() && rest.front() != ';' && skip_space(rest).size() == rest.size()) {
    return std::nullopt;
  }
  sql.remove_prefix(end);
  return name;
}

struct SavepointStatement {
  std::string_view operation;
  std::string name;
  std::string_view rest;  // what follows the name
};

/// Whether `sql` holds the word SAVEPOINT anywhere (in any case): a savepoint statement
/// this does not follow may be in it.
bool mentions_savepoint(std::string_view sql) {
  static constexpr std::string_view kWord = "savepoint";
  return std::search(sql.begin(), sql.end(), kWord.begin(), kWord.end(),
                     [](char c, char w) { return detail::ascii_lower(c) == w; }) != sql.end();
}

/// The savepoint statement `sql` starts with, its operation named as SQLite's authorizer
/// names it ("BEGIN" for SAVEPOINT, "RELEASE", "ROLLBACK" for ROLLBACK TO), and the
/// savepoint's name: SAVEPOINT n, RELEASE [SAVEPOINT] n, ROLLBACK [WORK | TRANSACTION] TO
/// [SAVEPOINT] n, the standard SQL that SQLite and PostgreSQL both read. Nothing otherwise.
std::optional<SavepointStatement> savepoint_statement(std::string_view sql) {
  std::string_view operation;
  if (take_word(sql, "SAVEPOINT")) {
    operation = "BEGIN";
  } else if (take_word(sql, "RELEASE")) {
    (void)take_word(sql, "SAVEPOINT");
    operation = "RELEASE";
  } else if (take_word(sql, "ROLLBACK")) {
    if (!take_word(sql, "WORK")) (void)take_word(sql, "TRANSACTION");
    if (!take_word(sql, "TO")) return std::nullopt;
    (void)take_word(sql, "SAVEPOINT");
    operation = "ROLLBACK";
  } else {
    return std::nullopt;
  }
  auto name = take_name(sql);
  if (!name) return std::nullopt;
  return SavepointStatement{operation, std::move(*name), sql};
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
  if (mode_ != Mode::Execute) {
    run_sql(sql);
    return;
  }
  // Raw SQL alone may hold savepoint statements; the builder's never does.
  const auto savepoint = savepoint_statement(sql);
  if (savepoint && detail::same_ignoring_case(savepoint->name, kHostSavepoint)) {
    current_sql_.assign(sql);
    DatabaseError error(std::string(kHostSavepoint) +
                            " is kit-host's own savepoint (a dry run runs each migration in "
                            "one): give the migration's another name",
                        std::string(sql), "");
    savepoints_.failed(error.what());
    first_failure_.assign(savepoints_.first_failure());
    throw error;
  }
  // A savepoint statement that is not followed may shadow one that is: then no failure is
  // undone any more (the safe side).
  if (mentions_savepoint(savepoint ? savepoint->rest : sql)) savepoints_.lose_track();
  // A ROLLBACK TO a savepoint set before a failure undoes it. The driver's commit() judges
  // too, from what the database saw. It counts before the text runs: when a later statement
  // of the text fails, the failure that stands is that one, after the savepoint, not the one
  // the ROLLBACK TO undid (when it is the text that failed to parse, or the ROLLBACK TO, the
  // new failure stands all the same, and names what failed last).
  const auto account = [&] {
    savepoints_.ran(savepoint->operation, savepoint->name);
    first_failure_.assign(savepoints_.first_failure());
  };
  const bool rollback_to = savepoint && savepoint->operation == "ROLLBACK";
  if (rollback_to) account();
  run_sql(sql);
  if (savepoint && !rollback_to) account();
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
      const auto* database = dynamic_cast<const DatabaseError*>(&error);
      if (database != nullptr && database->message() == kTransactionStatementRefused) {
        savepoints_.failed_for_good(error.what());  // no savepoint undoes a COMMIT's refusal
      } else {
        savepoints_.failed(error.what());
      }
      first_failure_.assign(savepoints_.first_failure());
      throw;
    } catch (...) {
      savepoints_.failed("a statement failed: " + current_sql_);
      first_failure_.assign(savepoints_.first_failure());
      throw;
    }
  }
  if (observer_ != nullptr) {
    const std::chrono::nanoseconds elapsed = std::chrono::steady_clock::now() - start;
    observer_->on_sql(sql, elapsed.count());
  }
}

}  // namespace kit
