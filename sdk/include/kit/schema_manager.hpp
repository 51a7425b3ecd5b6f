// SchemaManager: what a migration's up() and down() run statements through.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "kit/export.hpp"
#include "kit/foreign_key.hpp"
#include "kit/iden.hpp"
#include "kit/index.hpp"
#include "kit/savepoints.hpp"
#include "kit/table.hpp"

namespace kit {

class Driver;

/// Told about every SQL statement a SchemaManager runs (or, pretending, would run).
class KIT_SDK_API StatementObserver {
 public:
  virtual ~StatementObserver();
  /// `elapsed_ns`: how long it ran, in nanoseconds. A count rather than a
  /// std::chrono::nanoseconds: <chrono> would be a tenth of every migration's compile time.
  virtual void on_sql(std::string_view sql, std::int64_t elapsed_ns) = 0;
};

class KIT_SDK_API SchemaManager {
 public:
  enum class Mode { Execute, Pretend };

  explicit SchemaManager(Driver& driver, Mode mode = Mode::Execute,
                         StatementObserver* observer = nullptr) noexcept;

  void create_table(const TableCreateStatement& statement);
  void alter_table(const TableAlterStatement& statement);
  void drop_table(const TableDropStatement& statement);
  void rename_table(const TableRenameStatement& statement);
  void truncate_table(const TableTruncateStatement& statement);
  void create_index(const IndexCreateStatement& statement);
  void drop_index(const IndexDropStatement& statement);
  void create_foreign_key(const ForeignKeyCreateStatement& statement);
  void drop_foreign_key(const ForeignKeyDropStatement& statement);
  /// Runs raw SQL: data changes, or anything the builder lacks. Written for one dialect.
  void execute(std::string_view sql);

  [[nodiscard]] bool has_table(const Iden& table);
  [[nodiscard]] bool has_column(const Iden& table, const Iden& column);
  [[nodiscard]] bool has_index(const Iden& table, const Iden& index);

  /// The driver's dialect name: "sqlite", "postgres", ...
  [[nodiscard]] std::string_view backend() const noexcept;

  /// Describes the statement running now or that last ran ("create table users").
  [[nodiscard]] const std::string& current_statement() const noexcept { return current_; }
  /// The SQL running now or that last ran.
  [[nodiscard]] const std::string& current_sql() const noexcept { return current_sql_; }
  [[nodiscard]] Mode mode() const noexcept { return mode_; }
  /// How many statements it has handed to the driver to execute, failed ones included:
  /// none means nothing reached the database through it.
  [[nodiscard]] std::size_t statements_sent() const noexcept { return sent_; }
  /// What the first statement that failed threw (the driver's message, which names the
  /// statement), or empty. A migration that caught that error and went on cannot commit:
  /// its transaction has failed, unless it then ran a ROLLBACK TO a savepoint set before
  /// the failure (each in an execute() that starts with it): that empties this again.
  [[nodiscard]] const std::string& first_failure() const noexcept { return first_failure_; }

 private:
  // Renders and runs statements; defined in the SDK, so that migrations do not compile
  // the statement variant.
  friend struct SchemaManagerRunner;

  void run_sql(std::string_view sql);

  Driver& driver_;
  Mode mode_;
  StatementObserver* observer_;
  std::string current_;
  std::string current_sql_;
  // Appended after the members above, which migrations built against earlier SDKs read
  // inline: their offsets stay.
  std::size_t sent_ = 0;
  std::string first_failure_;
  // Appended after first_failure_, for the same reason. Names as the SQL folds them, compared
  // exactly: a name that folds another way than the database's is one it does not follow.
  Savepoints savepoints_{false};
};

}  // namespace kit
