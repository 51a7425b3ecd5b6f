// Output: what kit-host prints on stdout as it works: one line per migration with its
// duration and status as it finishes ("[ 3/12]" in front on runs of many), the SQL it ran
// (--verbose, --pretend), summary lines; colour on a terminal only; silent with --quiet.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kit/schema_manager.hpp"

namespace kit::host {

class Output {
 public:
  /// The width of a migration line, dots included.
  static constexpr std::size_t kLineWidth = 80;
  /// From this many migrations in one run on, each migration line starts with its place in
  /// the run, "[ 3/12]": a run that no longer fits on a screen says how far it is.
  static constexpr std::size_t kProgressFrom = 10;

  /// How a migration ended, the last word of its line.
  enum class Status {
    Done,      // DONE: applied or rolled back
    Fail,      // FAIL: it failed (the error follows on stderr)
    Pretend,   // PRETEND: run in --pretend's transaction, to be rolled back
    Rendered,  // RENDERED: --pretend rendered its SQL without running it
  };

  /// How to print.
  struct Style {
    bool quiet = false;     // nothing but errors (which go to stderr, not through Output)
    bool verbose = false;   // each SQL statement, with its time, under its migration's line
    bool color = false;     // ANSI colours (a terminal, and no NO_COLOR / --no-color)
    bool terminal = false;  // stdout is a terminal: a migration's name shows as it starts
  };

  Output(std::ostream& out, bool quiet) noexcept : out_(out) { style_.quiet = quiet; }
  Output(std::ostream& out, Style style) noexcept : out_(out), style_(style) {}
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  /// Prints one line (and flushes it, so progress shows as it happens), unless quiet.
  void line(std::string_view text);
  /// Prints the SQL statements of each migration under its line from now on, as --pretend
  /// does (with --verbose they show anyway, with their times).
  void show_sql(bool show) noexcept { show_sql_ = show; }
  /// Starts a run of `total` migrations: the next start_migration() is number 1.
  void start_run(std::size_t total) noexcept;
  /// A migration starts. On a terminal its name shows at once, so a slow one shows which.
  void start_migration(std::string_view name);
  /// Where the SchemaManager reports the statements of the current migration; nullptr when
  /// they are not shown (no --verbose, no --pretend), so that nothing is recorded.
  [[nodiscard]] kit::StatementObserver* statements() noexcept;
  /// The current migration's statements come from `manager` (made with statements()), which
  /// must outlive the migration's finish_migration(). Should the migration fail, the
  /// statement the manager last handed the driver, if it never reported it as run (it
  /// failed, or the driver refused it), or that the manager refused before the driver saw
  /// it, is listed after the others, marked as failed.
  void watch(const kit::SchemaManager& manager) noexcept;
  /// Ends the current migration's line with its duration and status, then prints its SQL
  /// (when shown) and `note` as an SQL comment line, if any.
  void finish_migration(std::chrono::nanoseconds elapsed, Status status,
                        std::string_view note = {});

  /// Formats a migration line without printing it.
  [[nodiscard]] static std::string migration_line(std::string_view name,
                                                  std::chrono::nanoseconds elapsed,
                                                  std::string_view status);
  /// Formats one statement as it is shown under its migration: indented, ending in ';',
  /// and, when `elapsed` is given, its time as an SQL comment ("    DROP TABLE "t"; -- 1.2 ms").
  [[nodiscard]] static std::string sql_line(std::string_view sql,
                                            std::optional<std::chrono::nanoseconds> elapsed);
  /// The comment that marks the statement a migration failed at, after its ';'.
  static constexpr std::string_view kFailedMark = "FAILED";
  /// "[ 3/12] " when a run of `total` shows progress, else "".
  [[nodiscard]] static std::string progress(std::size_t index, std::size_t total);
  /// The word that ends a migration line: "DONE", "FAIL", "PRETEND", "RENDERED".
  [[nodiscard]] static const char* to_string(Status status) noexcept;
  /// Formats a duration: "0.4 ms", "12 ms", "1.52 s".
  [[nodiscard]] static std::string duration(std::chrono::nanoseconds elapsed);
  /// "1 migration", "3 migrations".
  [[nodiscard]] static std::string count(std::size_t n, std::string_view noun);

  /// ANSI colours.
  enum class Color { Green, Red, Yellow, Cyan, Dim };
  /// `text` in `color` when colour is on; `text` as it is otherwise.
  [[nodiscard]] std::string paint(std::string_view text, Color color) const;
  /// `text` in `color`, always.
  [[nodiscard]] static std::string painted(std::string_view text, Color color);

  [[nodiscard]] bool quiet() const noexcept { return style_.quiet; }
  [[nodiscard]] bool verbose() const noexcept { return style_.verbose; }
  [[nodiscard]] bool color() const noexcept { return style_.color; }

 private:
  /// Collects the statements of one migration, with their times.
  class Recorder final : public kit::StatementObserver {
   public:
    void on_sql(std::string_view sql, std::int64_t elapsed_ns) override {
      statements.emplace_back(std::string(sql), std::chrono::nanoseconds(elapsed_ns));
      if (manager != nullptr) sent_when_reported = manager->statements_sent();
    }
    std::vector<std::pair<std::string, std::chrono::nanoseconds>> statements;
    const kit::SchemaManager* manager = nullptr;  // watch()
    std::size_t sent_when_reported = 0;           // its statements_sent() at the last on_sql()
  };

  std::ostream& out_;
  Style style_;
  bool show_sql_ = false;
  std::size_t run_total_ = 0;
  std::size_t run_index_ = 0;
  std::string label_;    // the current migration, with its place in the run
  std::string started_;  // what start_migration() printed of its line, on a terminal
  Recorder recorder_;
};

}  // namespace kit::host
