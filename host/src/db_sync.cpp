#include "db_sync.hpp"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>
#include <system_error>

#include "host_error.hpp"

namespace kit::host {

namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw HostError(ExitCode::Failure, "cannot read " + file.string());
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Writes a file beside its place and renames it there, so that a reader (or a crash)
/// never sees half of it.
void write_file(const fs::path& file, const std::string& content) {
  const fs::path temporary = file.string() + ".kit-tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();
    if (!out) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      throw HostError(ExitCode::Failure, "cannot write " + file.string());
    }
  }
  std::error_code ec;
  fs::rename(temporary, file, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw HostError(ExitCode::Failure, "cannot write " + file.string() + ": " + ec.message());
  }
}

/// Throws what creating the folder `out`, which does not exist, would throw, where that can
/// be told without creating anything: the nearest thing on its way that exists is not a
/// folder (a file, a symbolic link to nothing). So --check fails where db:sync would.
void check_creatable(const fs::path& out) {
  std::error_code ec;
  for (fs::path at = out; !at.empty(); at = at.parent_path()) {
    const auto status = fs::symlink_status(at, ec);
    if (fs::exists(status)) {
      if (fs::is_directory(at, ec)) return;
      const auto error = std::make_error_code(fs::is_symlink(status) && !fs::exists(at, ec)
                                                  ? std::errc::file_exists
                                                  : std::errc::not_a_directory);
      throw HostError(ExitCode::Failure,
                      "cannot create '" + out.string() + "': " + error.message());
    }
    if (at == at.parent_path()) return;
  }
}

/// What db:sync does to a file, for --check's "would ...": "create", "update", ...
const char* verb(DbSync::Status status) noexcept {
  switch (status) {
    case DbSync::Status::Created:
      return "create";
    case DbSync::Status::Updated:
      return "update";
    case DbSync::Status::Unchanged:
      return "leave";
    case DbSync::Status::Overwritten:
      return "overwrite";
    case DbSync::Status::Skipped:
      return "skip";
    case DbSync::Status::Stale:
      return "list";
  }
  return "?";
}

}  // namespace

std::vector<TableInfo> DbSync::read(Driver& driver) {
  std::vector<TableInfo> tables;
  for (const auto& name : driver.tables()) {
    if (name == kLedgerTable || name == kSeaqlLedgerTable) continue;
    // A table dropped since tables() answered is simply not there any more.
    if (auto table = driver.describe_table(name)) tables.push_back(std::move(*table));
  }
  std::sort(tables.begin(), tables.end(),
            [](const TableInfo& a, const TableInfo& b) { return a.name < b.name; });
  return tables;
}

std::vector<DbSync::Result> DbSync::plan(const std::vector<ModelCodegen::File>& files,
                                         const Options& options) {
  const fs::path& out = options.out;
  std::error_code ec;
  if (fs::exists(out, ec) && !fs::is_directory(out, ec)) {
    throw HostError(ExitCode::Usage, "--out '" + out.string() + "' is not a directory");
  }
  if (!files.empty() && !fs::exists(out, ec)) check_creatable(out);

  std::vector<Result> results;
  std::set<std::string> names;
  for (const auto& file : files) {
    names.insert(file.name);
    Result result;
    result.file = out / file.name;
    const auto status = fs::symlink_status(result.file, ec);
    if (!fs::exists(status)) {
      result.status = Status::Created;
    } else if (!fs::is_regular_file(status)) {
      throw HostError(ExitCode::Failure,
                      result.file.string() + " is in the way: it is not a regular file");
    } else {
      const std::string existing = read_file(result.file);
      result.origin = ModelCodegen::origin(existing);
      if (result.origin == ModelCodegen::Origin::Generated) {
        result.status =
            ModelCodegen::same_code(existing, file.content) ? Status::Unchanged : Status::Updated;
      } else {
        result.status = options.force ? Status::Overwritten : Status::Skipped;
      }
    }
    results.push_back(std::move(result));
  }

  // Headers db:sync wrote for tables that are gone: said, never deleted.
  std::vector<fs::path> stale;
  for (fs::directory_iterator it(out, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    const fs::path& path = it->path();
    if (path.extension() != ".hpp" || names.count(path.filename().string()) != 0) continue;
    if (!fs::is_regular_file(fs::symlink_status(path, ec))) continue;
    std::ifstream in(path, std::ios::binary);
    std::string first(ModelCodegen::kMarker.size(), '\0');
    in.read(first.data(), static_cast<std::streamsize>(first.size()));
    if (in && first == ModelCodegen::kMarker) stale.push_back(out / path.filename());
  }
  std::sort(stale.begin(), stale.end());
  for (auto& path : stale) {
    Result result;
    result.file = std::move(path);
    result.status = Status::Stale;
    results.push_back(std::move(result));
  }
  return results;
}

std::vector<DbSync::Result> DbSync::write(const std::vector<ModelCodegen::File>& files,
                                          const Options& options) {
  auto results = plan(files, options);
  // Created only to hold a file: with nothing to write, nothing is created.
  if (!files.empty()) {
    std::error_code ec;
    fs::create_directories(options.out, ec);
    if (ec) {
      throw HostError(ExitCode::Failure,
                      "cannot create '" + options.out.string() + "': " + ec.message());
    }
  }
  // plan() gives one result per file first, in the files' order.
  for (std::size_t i = 0; i < files.size(); ++i) {
    const Status status = results[i].status;
    if (status == Status::Created || status == Status::Updated || status == Status::Overwritten) {
      write_file(results[i].file, files[i].content);
    }
  }
  return results;
}

ExitCode DbSync::run(Driver& driver, const Options& options, Output& output) {
  // A database file that does not exist reads as an empty database, and db:sync can make
  // nothing of that: most likely the URL names the wrong file. Asked of the drivers that
  // can tell (kit::DatabaseFile), so that the host knows nothing of files or SQLite.
  if (const auto* file = dynamic_cast<const DatabaseFile*>(&driver)) {
    if (const auto missing = file->missing_file()) {
      throw HostError(ExitCode::Usage, "database file '" + *missing +
                                           "' does not exist: db:sync reads a database and "
                                           "creates none (set --database-url or DATABASE_URL)");
    }
  }
  const auto tables = read(driver);
  const auto files = ModelCodegen::generate(tables, driver.name());
  const auto results = options.check ? plan(files, options) : write(files, options);

  std::size_t counts[6] = {};
  bool out_of_date = false;
  for (const auto& result : results) {
    ++counts[static_cast<int>(result.status)];
    out_of_date = out_of_date || differs(result.status);
    // --check says only what differs; each line as db:sync would print it, in "would".
    if (options.check && !differs(result.status)) continue;
    // The file names in one column: "overwritten " in db:sync's, "would overwrite " in --check's.
    const std::size_t width = options.check ? 16 : 12;
    const std::string word = options.check && result.status != Status::Stale
                                 ? std::string("would ") + verb(result.status)
                                 : std::string(to_string(result.status));
    std::string line = "  ";
    const Output::Color color = result.status == Status::Skipped || result.status == Status::Stale
                                    ? Output::Color::Yellow
                                : result.status == Status::Unchanged ? Output::Color::Dim
                                                                     : Output::Color::Green;
    line +=
        output.paint(word, color) + std::string(width - word.size(), ' ') + result.file.string();
    const bool hand_written = result.origin == ModelCodegen::Origin::HandWritten;
    if (result.status == Status::Skipped) {
      line += hand_written ? ": not written by db:sync; --force overwrites it"
                           : ": edited since db:sync wrote it; --force overwrites it";
    } else if (result.status == Status::Overwritten) {
      line += hand_written ? " (it was not written by db:sync)" : " (it was edited)";
    } else if (result.status == Status::Stale) {
      line += ": written by db:sync for a table that is gone; delete it if nothing uses it";
    }
    output.line(line);
  }

  // db:sync's order; --check puts what differs first.
  std::vector<Status> order = {Status::Created,     Status::Updated, Status::Unchanged,
                               Status::Overwritten, Status::Skipped, Status::Stale};
  if (options.check) std::rotate(order.begin() + 2, order.begin() + 3, order.end());
  std::string summary;
  for (const Status status : order) {
    const std::size_t n = counts[static_cast<int>(status)];
    if (n == 0) continue;
    summary += (summary.empty() ? "" : ", ") + std::to_string(n) + " ";
    summary += options.check && status != Status::Stale && status != Status::Unchanged
                   ? std::string("would be ") + to_string(status)
                   : std::string(to_string(status));
  }
  const ExitCode code = options.check && out_of_date ? ExitCode::OutOfDate : ExitCode::Success;
  if (tables.empty()) {
    // Only when there is nothing else: which of the ledgers are there, if any.
    std::string ledgers;
    for (const std::string_view ledger : {kLedgerTable, kSeaqlLedgerTable}) {
      if (driver.has_table(ledger)) {
        ledgers += (ledgers.empty() ? "" : " and ") + std::string(ledger);
      }
    }
    std::string line = "No tables in the database" + (ledgers.empty() ? "" : " but " + ledgers) +
                       ": nothing to write to " + options.out.string();
    if (summary.empty()) {
      line += ".";
    } else if (options.check) {
      line += "; out of date (" + summary + ").";
    } else {
      line += " (" + summary + ").";
    }
    output.line(line);
    return code;
  }
  if (options.check) {
    output.line("Checked " + Output::count(tables.size(), "table") + " against " +
                options.out.string() + ": " + (out_of_date ? "out of date" : "up to date") + " (" +
                summary + ").");
    return code;
  }
  output.line("Synced " + Output::count(tables.size(), "table") + " into " + options.out.string() +
              ": " + summary + ".");
  return code;
}

const char* DbSync::to_string(Status status) noexcept {
  switch (status) {
    case Status::Created:
      return "created";
    case Status::Updated:
      return "updated";
    case Status::Unchanged:
      return "unchanged";
    case Status::Overwritten:
      return "overwritten";
    case Status::Skipped:
      return "skipped";
    case Status::Stale:
      return "stale";
  }
  return "?";
}

}  // namespace kit::host
