// Cli: kit-host's command line (Laravel's vocabulary), from argv to an exit status.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config.hpp"
#include "db_sync.hpp"
#include "exit_code.hpp"
#include "kit/database_url.hpp"
#include "migrator.hpp"
#include "output.hpp"
#include "redactor.hpp"

namespace kit::host {

class Cli {
 public:
  /// Which of the output streams are terminals: colour and live progress go only there.
  struct Terminals {
    bool out = false;
    bool err = false;
  };

  /// `exe_dir` is where kit-host lives; the drivers default to <exe_dir>/../lib/kit/drivers.
  /// `interactive` says whether `in` is a terminal a person can answer prompts on.
  Cli(std::istream& in, std::ostream& out, std::ostream& err, bool interactive,
      Config::EnvLookup env, std::filesystem::path exe_dir, Terminals terminals) noexcept;
  /// The same, with no terminal to print to.
  Cli(std::istream& in, std::ostream& out, std::ostream& err, bool interactive,
      Config::EnvLookup env, std::filesystem::path exe_dir) noexcept
      : Cli(in, out, err, interactive, std::move(env), std::move(exe_dir), Terminals()) {}

  /// Runs one command line and returns its exit status; errors go to `err` as one line,
  /// `kit-host: error: ...`, with the database password removed.
  [[nodiscard]] int run(int argc, const char* const argv[]);

  /// Formats an error as the single line kit-host prints: prefix, no line breaks.
  [[nodiscard]] static std::string error_line(const std::string& message);

 private:
  /// A command that works on a database, with its options.
  struct DatabaseCommand {
    std::string name;
    std::optional<std::size_t> steps;
    bool force = false;
    bool pretend = false;
    bool json = false;       // migrate:status --format json
    bool exit_code = false;  // migrate:status --exit-code
    Migrator::MigrateOptions migrate;
    Migrator::RepairOptions repair;
    DbSync::Options sync;
  };

  ExitCode dispatch(const std::vector<std::string>& args);
  ExitCode run_database_command(const DatabaseCommand& command, const Config::Flags& flags);
  /// migrate:validate: prints each problem as an error line; ValidationFailed if any.
  ExitCode validate(const Config& config, const kit::DatabaseUrl& url, Output& output);
  /// migrate:status: the table or the JSON document; with --exit-code, what it found.
  ExitCode status(const DatabaseCommand& command, const Config& config, const kit::DatabaseUrl& url,
                  const MigrationCatalog& catalog, kit::Driver& driver, Output& output);
  /// Asks before migrate:fresh drops everything; throws HostError(Usage) with no terminal.
  [[nodiscard]] bool confirm_fresh(const std::string& shown_url);
  /// Whether the error line may be coloured: stderr is a terminal, and colour is not ruled out.
  [[nodiscard]] bool color_errors(const std::vector<std::string>& args) const;

  std::istream& in_;
  std::ostream& out_;
  std::ostream& err_;
  bool interactive_;
  Config::EnvLookup env_;
  std::filesystem::path exe_dir_;
  Terminals terminals_;
  Redactor redactor_;
};

}  // namespace kit::host
