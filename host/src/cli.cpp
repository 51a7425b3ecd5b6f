#include "cli.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <cctype>
#include <chrono>
#include <istream>
#include <map>
#include <ostream>
#include <set>
#include <sstream>

#include "codegen.hpp"
#include "db_sync.hpp"
#include "driver_registry.hpp"
#include "host_error.hpp"
#include "kit/database_url.hpp"
#include "kit/plugin.hpp"
#include "ledger.hpp"
#include "migration_catalog.hpp"
#include "migration_validator.hpp"
#include "migrator.hpp"
#include "output.hpp"
#include "plugin_call.hpp"
#include "status_json.hpp"
#include "status_table.hpp"
#include "suggestion.hpp"

#ifndef KIT_HOST_VERSION
#define KIT_HOST_VERSION "0.0.0"
#endif

namespace kit::host {

namespace po = boost::program_options;

namespace {

struct Command {
  const char* name;
  const char* synopsis;  // what follows "kit-host <name>" in usage lines
  const char* summary;   // one line for the command list
  const char* details;   // a paragraph for the command's --help
};

constexpr Command kCommands[] = {
    {"make:migration", "NAME [--path DIR]", "Write a new migration source from a template",
     "Writes <path>/m<UTC YYYYMMDD_HHMMSS>_NAME.cpp. NAME is snake_case; its shape picks the\n"
     "template: create_X_table, add_Y_to_X[_table], drop_X_table, or anything else."},
    {"migrate", "[--step N] [--pretend] [--atomic] [--allow-...]",
     "Apply the pending migrations, as one batch",
     "Applies every pending migration in name order, each in its own transaction with its\n"
     "ledger row; all of them form one new batch. Every artifact is checked first. A\n"
     "migration that opts out of transactions is recorded as running before it starts.\n"
     "Refuses while a migration is left running (see migrate:repair), while an applied\n"
     "migration's artifact is modified or missing, or a pending one is older than the newest\n"
     "applied one, unless told to go on. A database that Kit/SeaORM migrated is adopted on\n"
     "the first run: the versions in seaql_migrations count as applied (batch 0).\n"
     "With --pretend: prints each migration's SQL, runs it in one transaction that is rolled\n"
     "back at the end, and changes nothing (see docs/operating.md)."},
    {"migrate:status", "[--format json] [--exit-code]", "List every migration and its state",
     "Lists the artifacts and the ledger rows together: name, state, batch and applied time\n"
     "(UTC), then a summary line. States: Applied, Pending; Modified (applied, but the\n"
     "artifact's checksum changed since), Missing (applied, artifact gone), Out of order\n"
     "(pending, older than the newest applied), Running or Reverting (ran outside a\n"
     "transaction and did not finish, unless it still runs: see migrate:repair). Batch 0 is\n"
     "a migration adopted from seaql_migrations. --format json prints the same as one JSON\n"
     "document (its shape: docs/operating.md). --exit-code: exit 7 when a migration is\n"
     "pending or out of order, 4 when one is modified or missing, 6 when one is left running\n"
     "or reverting (the highest of those that apply wins over 7), else 0. An artifact that\n"
     "migrate would refuse to load (another ABI or toolchain, not a migration) is an error:\n"
     "exit 3, naming it."},
    {"migrate:validate", "", "Check every artifact against the ledger, applying nothing",
     "Checks every artifact (name, duplicates, manifest: magic, ABI, kind, toolchain, embedded\n"
     "name) and the ledger (modified, missing, out of order, left running), reading manifests\n"
     "without loading any plugin. Prints each problem on its own line on stderr and exits 4\n"
     "when there is any."},
    {"migrate:rollback", "[--step N] [--pretend]", "Roll back the newest migrations (default: 1)",
     "Rolls back the N most recently applied migrations (newest batch first, then newest\n"
     "name first), running each one's down(). --pretend prints the SQL and changes nothing."},
    {"migrate:reset", "[--pretend]", "Roll back every applied migration",
     "Rolls back every applied migration, newest first. --pretend prints the SQL and changes\n"
     "nothing."},
    {"migrate:refresh", "[--pretend]", "Roll back every migration, then apply them all",
     "Rolls back every applied migration, then applies every migration as one batch.\n"
     "--pretend prints the SQL of both and changes nothing."},
    {"migrate:fresh", "[--force] [--pretend]", "Drop every table, then apply every migration",
     "Drops every table of the database (not only those migrations made), then applies\n"
     "every migration. Asks first on a terminal; without one, requires --force. --pretend\n"
     "lists what would be dropped, prints the SQL of every migration, and changes nothing\n"
     "(it needs no --force)."},
    {"migrate:repair", "[--mark-applied NAME] [--update-checksums]",
     "Resolve migrations that did not finish outside a transaction",
     "For each migration left running or reverting (it ran outside a transaction and failed\n"
     "or was killed), after you have checked the database by hand: removes its ledger row, so\n"
     "that it counts as not applied (or, when its down() did not finish, as rolled back), or\n"
     "with --mark-applied NAME marks it applied. With --update-checksums, also records the\n"
     "current checksum of every modified artifact. Changes only the ledger."},
    {"db:sync", "[--out DIR] [--force] [--check]", "Write a C++ header per table of the database",
     "Reads every table of the database through the driver (not kit_migrations or\n"
     "seaql_migrations) and writes DIR/<table>.hpp for each: a KIT_IDEN for the table and its\n"
     "columns, a row struct with a member of a fitting type per column (std::optional when\n"
     "nullable), and comments with the primary key, indexes and foreign keys, in namespace\n"
     "models. A header db:sync wrote before is rewritten when the table changed and left alone\n"
     "when not; a file that was edited since, or not written by db:sync, is left alone unless\n"
     "--force. Headers of tables that are gone are listed, not deleted. Prints one line per\n"
     "file. Takes no lock and changes nothing in the database (see docs/operating.md). A\n"
     "SQLite file that does not exist is an error (exit 2): db:sync creates no database.\n"
     "With --check (for CI): writes nothing, prints a line per header that it would create\n"
     "or rewrite, that it would skip (or with --force overwrite) because it was edited or not\n"
     "written by db:sync, and that is stale; exits 8 when there is any, else 0."},
};

const Command* find_command(const std::string& name) {
  for (const auto& command : kCommands) {
    if (name == command.name) return &command;
  }
  return nullptr;
}

std::vector<std::string> command_names() {
  std::vector<std::string> names;
  for (const auto& command : kCommands) names.emplace_back(command.name);
  return names;
}

/// Options whose value is the next argument, so that the command can be found around them.
const std::set<std::string, std::less<>>& options_with_values() {
  static const std::set<std::string, std::less<>> names = {
      "--dir",          "--database-url", "--drivers", "--step", "--path",
      "--lock-timeout", "--mark-applied", "--format",  "--out"};
  return names;
}

/// Splits the command (the first argument that is neither an option nor an option's value)
/// from the rest, so that it may come before or after the global options.
std::pair<std::string, std::vector<std::string>> split_command(
    const std::vector<std::string>& args) {
  std::string command;
  std::vector<std::string> rest;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.size() > 1 && arg.front() == '-') {
      rest.push_back(arg);
      if (options_with_values().count(arg) != 0 && i + 1 < args.size()) rest.push_back(args[++i]);
    } else if (command.empty()) {
      command = arg;
    } else {
      rest.push_back(arg);
    }
  }
  return {command, rest};
}

po::options_description global_options() {
  po::options_description options("Global options", 100, 50);
  // One option per line reads better than the formatter's packing.
  // clang-format off
  options.add_options()
      ("dir", po::value<std::string>()->value_name("DIR"),
       "directory of migration artifacts (default: $KIT_MIGRATIONS_DIR, else "
       "KIT_MIGRATIONS_DIR in the .env files, else build/migrations)")
      ("database-url", po::value<std::string>()->value_name("URL"),
       "database to migrate (default: $DATABASE_URL, else DATABASE_URL in the .env files, "
       "else sqlite://database.db)")
      ("drivers", po::value<std::string>()->value_name("DIR"),
       "directories of driver plugins, ':'-separated (default: $KIT_DRIVER_PATH, else "
       "KIT_DRIVER_PATH in the .env files, else <kit-host's dir>/../lib/kit/drivers)")
      ("allow-insecure-plugins", po::bool_switch(),
       "load plugins even from files and folders that others may change (default: "
       "$KIT_ALLOW_INSECURE_PLUGINS, else off)")
      ("quiet,q", po::bool_switch(), "print only errors (default: off)")
      ("verbose,v", po::bool_switch(),
       "print each SQL statement, with its time, under its migration (default: off)")
      ("no-color", po::bool_switch(),
       "never colour the output (default: colour on a terminal, unless NO_COLOR is set or "
       "TERM=dumb)")
      ("help,h", po::bool_switch(), "show this help")
      ("version,V", po::bool_switch(), "show kit-host's version");
  // clang-format on
  return options;
}

/// Whether a command can --pretend.
bool pretends(const std::string& command) {
  return command == "migrate" || command == "migrate:rollback" || command == "migrate:reset" ||
         command == "migrate:refresh" || command == "migrate:fresh";
}

/// Whether a command takes the migration lock (and so has --lock-timeout).
bool takes_lock(const std::string& command) {
  return command == "migrate" || command == "migrate:rollback" || command == "migrate:reset" ||
         command == "migrate:refresh" || command == "migrate:fresh" || command == "migrate:repair";
}

po::options_description command_options(const std::string& command) {
  po::options_description options("Options", 100, 50);
  // clang-format off
  if (command == "make:migration") {
    options.add_options()("path", po::value<std::string>()->value_name("DIR"),
                          "directory to write the source to (default: migrations)");
  } else if (command == "migrate") {
    options.add_options()
        ("step", po::value<std::string>()->value_name("N"),
         "apply at most N pending migrations (default: all)")
        ("atomic", po::bool_switch(),
         "apply every pending migration in one transaction: all or none (refused when one "
         "opts out of transactions, or the database cannot roll back schema changes) "
         "(default: off)")
        ("allow-modified", po::bool_switch(),
         "go on although an applied migration's artifact changed since it was applied "
         "(default: off)")
        ("allow-missing", po::bool_switch(),
         "go on although an applied migration's artifact is gone (default: off)")
        ("allow-out-of-order", po::bool_switch(),
         "apply pending migrations that are older than the newest applied one (default: off)");
  } else if (command == "migrate:status") {
    options.add_options()
        ("format", po::value<std::string>()->value_name("FORMAT"),
         "text or json (default: text)")
        ("exit-code", po::bool_switch(),
         "exit 7 when a migration is pending, 4 when one is modified or missing, 6 when one is "
         "left running (default: off: exit 0)");
  } else if (command == "migrate:rollback") {
    options.add_options()("step", po::value<std::string>()->value_name("N"),
                          "roll back the N newest migrations (default: 1)");
  } else if (command == "migrate:fresh") {
    options.add_options()("force", po::bool_switch(),
                          "drop without asking; required when there is no terminal (default: "
                          "off)");
  } else if (command == "db:sync") {
    options.add_options()
        ("out", po::value<std::string>()->value_name("DIR"),
         "directory to write the headers to (default: src/models)")
        ("force", po::bool_switch(),
         "overwrite files that were edited since db:sync wrote them, or that it did not write "
         "(default: off)")
        ("check", po::bool_switch(),
         "write nothing; print what differs from what db:sync would write, and exit 8 when "
         "anything does (default: off)");
  } else if (command == "migrate:repair") {
    options.add_options()
        ("mark-applied", po::value<std::vector<std::string>>()->value_name("NAME")->composing(),
         "mark this migration, left running, applied instead (it completed); repeatable "
         "(default: none)")
        ("update-checksums", po::bool_switch(),
         "record the current checksum of every applied migration whose artifact changed "
         "(default: off)");
  }
  if (pretends(command)) {
    options.add_options()
        ("pretend", po::bool_switch(),
         "print the SQL of each migration, run it in a transaction that is rolled back, and "
         "change nothing, the ledger included (default: off)");
  }
  if (takes_lock(command)) {
    options.add_options()
        ("lock-timeout", po::value<std::string>()->value_name("DURATION"),
         "wait at most this long for the migration lock, e.g. 30s, 500ms, 2m; then exit 5 "
         "(default: $KIT_LOCK_TIMEOUT, else KIT_LOCK_TIMEOUT in the .env files, else 60s)");
  }
  // clang-format on
  return options;
}

constexpr int kStyle =
    po::command_line_style::default_style & ~po::command_line_style::allow_guessing;

/// "--dir", "--quiet", ...: the long names of `options`.
std::vector<std::string> long_names(const po::options_description& options) {
  std::vector<std::string> names;
  for (const auto& option : options.options()) {
    if (!option->long_name().empty()) names.push_back("--" + option->long_name());
  }
  return names;
}

/// What to say about an option `command` does not have: the closest one it has, or which
/// commands have it.
std::string unknown_option(const std::string& option, const std::string& command,
                           const po::options_description& options) {
  std::string message = "unknown option '" + option + "'";
  if (!command.empty()) message += " for " + command;
  const auto name = option.substr(0, option.find('='));
  if (const auto close = Suggestion::closest(name, long_names(options))) {
    return message + "; did you mean '" + *close + "'?";
  }
  std::string owners;
  for (const auto& other : kCommands) {
    if (other.name == command) continue;
    const auto names = long_names(command_options(other.name));
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      owners += (owners.empty() ? "" : ", ") + std::string(other.name);
    }
  }
  if (!owners.empty()) message += ": it is an option of " + owners;
  return message;
}

/// What to say about an argument `command` has no place for: the first one too many.
std::string unexpected_argument(const std::vector<std::string>& args,
                                const po::options_description& options,
                                const po::positional_options_description& positional,
                                const std::string& command) {
  // Parsed again with a place for every argument, to find the first one too many.
  constexpr const char* kRest = "kit-unexpected-arguments";
  po::options_description with_rest;
  with_rest.add(options);
  with_rest.add_options()(kRest, po::value<std::vector<std::string>>());
  po::positional_options_description all = positional;
  all.add(kRest, -1);
  std::string argument;
  try {
    const auto parsed =
        po::command_line_parser(args).options(with_rest).positional(all).style(kStyle).run();
    for (const auto& option : parsed.options) {
      if (option.string_key == kRest && !option.value.empty()) {
        argument = option.value.front();
        break;
      }
    }
  } catch (const po::error&) {
    // Cannot be: the first parse failed on the count alone. Say it without the argument.
  }
  std::string message =
      argument.empty() ? "unexpected argument" : "unexpected argument '" + argument + "'";
  message += " for " + command;
  if (positional.max_total_count() == 0) return message + ": it takes no arguments, only options";
  std::string name = positional.name_for_position(0);  // "name": make:migration's NAME
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return message + ": it takes one " + name;
}

/// Parses `args` against `options`; an unknown option is compared with the `visible` ones.
po::variables_map parse(const std::vector<std::string>& args,
                        const po::options_description& options,
                        const po::positional_options_description& positional,
                        const std::string& command, const po::options_description& visible) {
  const std::string see = " (see kit-host " + (command.empty() ? "" : command + " ") + "--help)";
  po::variables_map values;
  try {
    po::store(
        po::command_line_parser(args).options(options).positional(positional).style(kStyle).run(),
        values);
    po::notify(values);
  } catch (const po::unknown_option& e) {
    throw HostError(ExitCode::Usage, unknown_option(e.get_option_name(), command, visible) + see);
  } catch (const po::too_many_positional_options_error&) {
    throw HostError(ExitCode::Usage, unexpected_argument(args, options, positional, command) + see);
  } catch (const po::error& e) {
    throw HostError(ExitCode::Usage, std::string(e.what()) + see);
  }
  return values;
}

std::string version_text() {
  return std::string("kit-host ") + KIT_HOST_VERSION + " (kit ABI " +
         std::to_string(KIT_ABI_VERSION) + "; " + KIT_TOOLCHAIN_ID + ")";
}

void print_program_help(std::ostream& out) {
  out << "Usage: kit-host <command> [options]\n\n"
         "Applies database migrations that are built as plugins (m<YYYYMMDD>_<HHMMSS>_<name>"
      << MigrationCatalog::library_suffix()
      << "),\nin the order of their names, through a database driver plugin.\n\nCommands:\n";
  for (const auto& command : kCommands) {
    std::string left = std::string(command.name) + " " + command.synopsis;
    while (!left.empty() && left.back() == ' ') left.pop_back();
    constexpr std::size_t kColumn = 34;
    if (left.size() >= kColumn) {
      // Too long for the column: the summary goes on the next line, in the column.
      out << "  " << left << "\n" << std::string(2 + kColumn, ' ') << command.summary << "\n";
      continue;
    }
    left.resize(kColumn, ' ');
    out << "  " << left << command.summary << "\n";
  }
  out << "\n"
      << global_options()
      << "\nRun 'kit-host <command> --help' for the options of a command.\n\n"
         "Configuration: each setting from its flag, else the environment variable, else the\n"
         "first of the .env files in the working directory that sets it (.env.<APP_ENV>.local,\n"
         ".env.<APP_ENV>, .env.local, .env; APP_ENV defaults to local), else the default.\n\n"
         "Exit codes:\n"
         "  0  success (also: nothing to do)\n"
         "  1  a migration or the database failed\n"
         "  2  usage or configuration error\n"
         "  3  an invalid artifact\n"
         "  4  the artifacts and the ledger disagree (modified, missing, out of order; what\n"
         "     migrate:validate finds)\n"
         "  5  the migration lock stayed taken for the whole --lock-timeout\n"
         "  6  a migration left running outside a transaction needs migrate:repair\n"
         "  7  migrate:status --exit-code: a migration is pending\n"
         "  8  db:sync --check: the headers are out of date\n"
         "More: docs/operating.md.\n";
}

void print_command_help(std::ostream& out, const Command& command) {
  std::string usage = std::string("kit-host ") + command.name + " " + command.synopsis;
  while (!usage.empty() && usage.back() == ' ') usage.pop_back();
  out << "Usage: " << usage << " [global options]\n\n"
      << command.summary << ".\n"
      << command.details << "\n";
  const auto options = command_options(command.name);
  if (!options.options().empty()) out << "\n" << options;
  out << "\n" << global_options();
}

std::optional<std::size_t> parse_step(const po::variables_map& values) {
  if (values.count("step") == 0) return std::nullopt;
  const std::string text = values["step"].as<std::string>();
  const bool digits =
      !text.empty() && text.size() <= 9 &&
      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  const std::size_t steps = digits ? std::stoul(text) : 0;
  if (steps == 0) {
    throw HostError(ExitCode::Usage,
                    "--step takes a whole number of at least 1, not '" + text + "'");
  }
  return steps;
}

/// The checksums of MigrationValidator::check_artifacts, as a MigrationPlan takes them.
MigrationPlan::ChecksumOf checksum_lookup(const std::map<std::string, std::string>& checksums) {
  return [&checksums](const MigrationCatalog::Entry& entry) -> std::optional<std::string> {
    const auto it = checksums.find(entry.name);
    if (it == checksums.end()) return std::nullopt;
    return it->second;
  };
}

}  // namespace

Cli::Cli(std::istream& in, std::ostream& out, std::ostream& err, bool interactive,
         Config::EnvLookup env, std::filesystem::path exe_dir, Terminals terminals) noexcept
    : in_(in),
      out_(out),
      err_(err),
      interactive_(interactive),
      env_(std::move(env)),
      exe_dir_(std::move(exe_dir)),
      terminals_(terminals) {}

std::string Cli::error_line(const std::string& message) {
  // A line break (with the indentation around it) becomes one space: SQL often has both.
  std::string line = "kit-host: error: ";
  bool in_break = false;
  for (const char c : message) {
    if (c == '\n' || c == '\r') {
      while (line.back() == ' ' || line.back() == '\t') line.pop_back();
      in_break = true;
      continue;
    }
    if (in_break && (c == ' ' || c == '\t')) continue;
    if (in_break) line += ' ';
    in_break = false;
    line += c;
  }
  return line;
}

int Cli::run(int argc, const char* const argv[]) {
  std::vector<std::string> args(argv + std::min(argc, 1), argv + argc);
  ExitCode code = ExitCode::Success;
  std::string message;
  try {
    code = dispatch(args);
  } catch (const HostError& error) {
    code = error.code();
    message = error.what();
  } catch (...) {
    code = ExitCode::Failure;
    message = current_exception_message();
  }
  if (code != ExitCode::Success && !message.empty()) {
    out_.flush();
    std::string shown = redactor_.apply(message);
    // A URL where no option reads it (a mistyped "--database_url=...", a forgotten
    // --database-url) reaches the error that names the argument: what its redaction hides
    // is hidden there too.
    for (const auto& arg : args) shown = Redactor(arg).apply(std::move(shown));
    std::string line = error_line(shown);
    if (color_errors(args)) {
      constexpr std::string_view kPrefix = "kit-host: error:";
      line = Output::painted(kPrefix, Output::Color::Red) + line.substr(kPrefix.size());
    }
    err_ << line << std::endl;
  }
  return to_int(code);
}

bool Cli::color_errors(const std::vector<std::string>& args) const {
  if (!terminals_.err) return false;
  if (std::find(args.begin(), args.end(), "--no-color") != args.end()) return false;
  if (!env_) return true;
  const auto no_color = env_("NO_COLOR");
  const auto term = env_("TERM");
  return !(no_color && !no_color->empty()) && !(term && *term == "dumb");
}

ExitCode Cli::dispatch(const std::vector<std::string>& args) {
  auto [name, rest] = split_command(args);
  const po::positional_options_description no_positional;

  if (name.empty()) {
    const auto globals = global_options();
    const auto values = parse(rest, globals, no_positional, "", globals);
    if (values["version"].as<bool>()) {
      out_ << version_text() << "\n";
    } else {
      print_program_help(out_);
    }
    return ExitCode::Success;
  }
  const Command* command = find_command(name);
  if (command == nullptr) {
    std::string message = "unknown command '" + name + "'";
    if (const auto close = Suggestion::closest(name, command_names())) {
      message += "; did you mean '" + *close + "'?";
    }
    throw HostError(ExitCode::Usage, message + " (see kit-host --help for the commands)");
  }

  po::options_description options;
  options.add(command_options(name)).add(global_options());
  po::options_description hidden;
  po::positional_options_description positional;
  if (name == "make:migration") {
    hidden.add_options()("name", po::value<std::string>());
    positional.add("name", 1);
  }
  po::options_description all;
  all.add(options).add(hidden);
  const auto values = parse(rest, all, positional, name, options);

  if (values["help"].as<bool>()) {
    print_command_help(out_, *command);
    return ExitCode::Success;
  }
  if (values["version"].as<bool>()) {
    out_ << version_text() << "\n";
    return ExitCode::Success;
  }

  Config::Flags flags;
  if (values.count("dir") != 0) flags.dir = values["dir"].as<std::string>();
  if (values.count("database-url") != 0) {
    flags.database_url = values["database-url"].as<std::string>();
    redactor_ = Redactor(*flags.database_url);
  }
  if (values.count("drivers") != 0) flags.drivers = values["drivers"].as<std::string>();
  if (values.count("lock-timeout") != 0) {
    flags.lock_timeout = values["lock-timeout"].as<std::string>();
  }
  flags.takes_lock = takes_lock(name);
  flags.allow_insecure_plugins = values["allow-insecure-plugins"].as<bool>();
  flags.quiet = values["quiet"].as<bool>();
  flags.verbose = values["verbose"].as<bool>();
  flags.no_color = values["no-color"].as<bool>();

  if (name == "make:migration") {
    if (values.count("name") == 0) {
      throw HostError(ExitCode::Usage,
                      "make:migration needs a NAME, e.g. create_users_table (see kit-host "
                      "make:migration --help)");
    }
    const std::string path =
        values.count("path") != 0 ? values["path"].as<std::string>() : "migrations";
    const auto file = Codegen::make_migration(path, values["name"].as<std::string>(),
                                              std::chrono::system_clock::now());
    Output(out_, flags.quiet).line("Created migration " + file.string());
    return ExitCode::Success;
  }
  const auto flag = [&](const char* option) {
    return values.count(option) != 0 && values[option].as<bool>();
  };
  DatabaseCommand database_command;
  database_command.name = name;
  database_command.steps = parse_step(values);
  database_command.force = flag("force");
  database_command.pretend = flag("pretend");
  database_command.exit_code = flag("exit-code");
  if (values.count("format") != 0) {
    const std::string format = values["format"].as<std::string>();
    if (format != "text" && format != "json") {
      std::string message = "--format takes text or json, not '" + format + "'";
      if (const auto close = Suggestion::closest(format, {"text", "json"})) {
        message += "; did you mean '" + *close + "'?";
      }
      throw HostError(ExitCode::Usage, message);
    }
    database_command.json = format == "json";
  }
  database_command.migrate.steps = database_command.steps;
  database_command.migrate.pretend = database_command.pretend;
  database_command.migrate.atomic = flag("atomic");
  database_command.migrate.allow_modified = flag("allow-modified");
  database_command.migrate.allow_missing = flag("allow-missing");
  database_command.migrate.allow_out_of_order = flag("allow-out-of-order");
  if (values.count("mark-applied") != 0) {
    database_command.repair.mark_applied = values["mark-applied"].as<std::vector<std::string>>();
  }
  database_command.repair.update_checksums = flag("update-checksums");
  if (values.count("out") != 0) database_command.sync.out = values["out"].as<std::string>();
  database_command.sync.force = database_command.force;
  database_command.sync.check = flag("check");
  return run_database_command(database_command, flags);
}

ExitCode Cli::run_database_command(const DatabaseCommand& command, const Config::Flags& flags) {
  // Kit's order: the real environment wins over every file; APP_ENV comes from it alone.
  const DotEnv dot_env = DotEnv::load_layered({}, env_ ? env_("APP_ENV").value_or("") : "");
  const Config config = Config::resolve(flags, env_, dot_env, exe_dir_);
  redactor_ = Redactor(config.database_url());
  Output::Style style;
  style.quiet = config.quiet();
  style.verbose = config.verbose();
  style.terminal = terminals_.out;
  style.color = terminals_.out && !config.no_color();
  Output output(out_, style);

  std::optional<kit::DatabaseUrl> url;
  try {
    url = kit::DatabaseUrl::parse(config.database_url());
  } catch (const kit::Error& error) {
    throw HostError(ExitCode::Usage, error.what());
  }
  std::string database_line = "Database: " + url->redacted();
  if (const auto origin = config.database_url_origin(); !origin.empty()) {
    database_line += " " + origin;
  }
  // The JSON document names the database itself; nothing else may come before it.
  if (!command.json) output.line(database_line);

  if (command.name == "migrate:validate") return validate(config, *url, output);
  if (command.name == "db:sync") {
    const DriverRegistry registry =
        DriverRegistry::scan(config.driver_dirs(), config.allow_insecure_plugins());
    auto driver = registry.open(*url, config.database_url());
    // Everything the driver throws is turned into a HostError here, while it is still loaded.
    try {
      return DbSync::run(*driver, command.sync, output);
    } catch (const HostError&) {
      throw;
    } catch (...) {
      throw HostError(ExitCode::Failure, current_exception_message());
    }
  }

  const MigrationCatalog catalog =
      MigrationCatalog::scan(config.dir(), config.allow_insecure_plugins());
  if (command.name == "migrate:fresh" && !command.force && !command.pretend &&
      !confirm_fresh(url->redacted())) {
    output.line("Cancelled: nothing was dropped.");
    return ExitCode::Success;
  }

  const DriverRegistry registry =
      DriverRegistry::scan(config.driver_dirs(), config.allow_insecure_plugins());
  auto driver = registry.open(*url, config.database_url());
  // Everything the driver throws is turned into a HostError here, while it is still loaded.
  try {
    Migrator migrator(*driver, catalog, output, config.lock_timeout());
    if (command.name == "migrate") {
      migrator.migrate(command.migrate);
    } else if (command.name == "migrate:status") {
      return status(command, config, *url, catalog, *driver, output);
    } else if (command.name == "migrate:rollback") {
      migrator.rollback(command.steps.value_or(1), command.pretend);
    } else if (command.name == "migrate:reset") {
      migrator.rollback(std::nullopt, command.pretend);
    } else if (command.name == "migrate:refresh") {
      migrator.refresh(command.pretend);
    } else if (command.name == "migrate:fresh") {
      migrator.fresh(command.pretend);
    } else if (command.name == "migrate:repair") {
      migrator.repair(command.repair);
    }
  } catch (const HostError&) {
    throw;
  } catch (...) {
    throw HostError(ExitCode::Failure, current_exception_message());
  }
  return ExitCode::Success;
}

ExitCode Cli::status(const DatabaseCommand& command, const Config& config,
                     const kit::DatabaseUrl& url, const MigrationCatalog& catalog,
                     kit::Driver& driver, Output& output) {
  // Every artifact's manifest, read from its file (status loads no plugin): one that migrate
  // would refuse to load is an invalid artifact here too, not a pending migration.
  std::vector<std::string> problems;
  const auto checksums = MigrationValidator::check_artifacts(catalog, problems);
  if (!problems.empty()) {
    std::string message = problems.front();
    if (problems.size() > 1) {
      message += "; and " + Output::count(problems.size() - 1, "other invalid artifact") +
                 " (kit-host migrate:validate lists them all)";
    }
    throw HostError(ExitCode::InvalidArtifact, message);
  }
  const auto checksum_of = checksum_lookup(checksums);
  const auto plan = Migrator(driver, catalog, output, config.lock_timeout()).plan(checksum_of);
  if (!output.quiet()) {
    if (command.json) {
      StatusJson::Context context;
      context.database = url.redacted();
      context.directory = config.dir().string();
      context.artifact_checksum = checksum_of;
      out_ << StatusJson::render(plan, context) << std::flush;
    } else {
      out_ << StatusTable::render(plan, output.color()) << std::flush;
    }
  }
  if (!command.exit_code) return ExitCode::Success;
  using State = MigrationPlan::State;
  if (!plan.incomplete().empty()) return ExitCode::NeedsRepair;
  if (plan.count(State::Modified) + plan.count(State::Missing) > 0) {
    return ExitCode::ValidationFailed;
  }
  if (plan.count(State::Pending) + plan.count(State::OutOfOrder) > 0) return ExitCode::Pending;
  return ExitCode::Success;
}

ExitCode Cli::validate(const Config& config, const kit::DatabaseUrl& url, Output& output) {
  // Each problem is one error line, printed as it is found, so that a database that cannot
  // be opened does not hide what was found in the artifacts.
  std::size_t problems = 0;
  const auto report = [&](const std::vector<std::string>& found) {
    for (const auto& problem : found) {
      out_.flush();
      err_ << error_line(redactor_.apply(problem)) << std::endl;
    }
    problems += found.size();
  };
  std::vector<std::string> found;
  const MigrationCatalog catalog =
      MigrationCatalog::scan(config.dir(), config.allow_insecure_plugins(), &found);
  const auto checksums = MigrationValidator::check_artifacts(catalog, found);
  report(found);

  const DriverRegistry registry =
      DriverRegistry::scan(config.driver_dirs(), config.allow_insecure_plugins());
  auto driver = registry.open(url, config.database_url());
  std::vector<kit::LedgerEntry> ledger;
  try {
    ledger = Ledger(*driver).read();
  } catch (const HostError&) {
    throw;
  } catch (...) {
    throw HostError(ExitCode::Failure, current_exception_message());
  }
  const std::size_t ledger_rows = ledger.size();
  const MigrationPlan plan(catalog.entries(), std::move(ledger), checksum_lookup(checksums));
  report(MigrationValidator::ledger_problems(plan, catalog));

  const std::string checked = Output::count(catalog.entries().size(), "artifact") + " and " +
                              Output::count(ledger_rows, "ledger row");
  if (problems == 0) {
    output.line("Checked " + checked + ": no problems.");
    return ExitCode::Success;
  }
  output.line("Checked " + checked + ": " + Output::count(problems, "problem") + ".");
  return ExitCode::ValidationFailed;
}

bool Cli::confirm_fresh(const std::string& shown_url) {
  if (!interactive_) {
    throw HostError(ExitCode::Usage, "migrate:fresh drops every table in " + shown_url +
                                         " and there is no terminal to confirm it: pass --force");
  }
  out_ << "This drops every table in " << shown_url << ". Continue? [y/N] " << std::flush;
  std::string answer;
  std::getline(in_, answer);
  return answer == "y" || answer == "Y" || answer == "yes" || answer == "Yes";
}

}  // namespace kit::host
