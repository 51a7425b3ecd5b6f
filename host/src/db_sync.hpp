// DbSync: `kit-host db:sync`. Reads every table of the database through the driver (but
// the ledgers, kit_migrations and seaql_migrations), has ModelCodegen write one header per
// table, and writes into --out only what changed: a header that db:sync wrote and nobody
// edited is rewritten (or left alone when its code is the same); a file that was edited, or
// not written by db:sync at all, is left alone unless --force. With --check it writes
// nothing: it says which headers differ from what it would write, and exits 8 if any do.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "exit_code.hpp"
#include "kit/driver.hpp"
#include "model_codegen.hpp"
#include "output.hpp"

namespace kit::host {

class DbSync {
 public:
  struct Options {
    std::filesystem::path out = "src/models";
    bool force = false;  // overwrite edited and hand-written files too
    bool check = false;  // write nothing; say what differs (db:sync --check)
  };

  /// What happened to one file.
  enum class Status {
    Created,      // it did not exist
    Updated,      // db:sync wrote it before, nobody edited it, and the table changed
    Unchanged,    // db:sync wrote it before, nobody edited it, and the table is the same
    Overwritten,  // edited or hand-written, replaced under --force
    Skipped,      // edited or hand-written, left alone
    Stale,        // written by db:sync for a table that is gone; left alone
  };

  struct Result {
    std::filesystem::path file;  // --out joined with the file's name
    Status status = Status::Created;
    /// What the file was before: why a file was skipped or overwritten.
    ModelCodegen::Origin origin = ModelCodegen::Origin::Generated;
  };

  /// Every table of the driver's schema but the ledgers, described, in byte order of names.
  [[nodiscard]] static std::vector<TableInfo> read(Driver& driver);

  /// What write() would do with `files` (with options.force, but whatever options.check),
  /// reading options.out and writing nothing, not even the folder: one result per file,
  /// then one per stale file, each in name order. Throws HostError: Usage when --out is not
  /// a directory, Failure when a file is in the way (not a regular file) or cannot be read,
  /// or when --out, missing, could not be created (something on its way is not a folder).
  [[nodiscard]] static std::vector<Result> plan(const std::vector<ModelCodegen::File>& files,
                                                const Options& options);

  /// Writes `files` into options.out (creating it when there is a file to write), each
  /// replaced in one rename, as plan() says; returns plan()'s results. Throws what plan()
  /// throws, before writing anything, and HostError(Failure) when a file cannot be written.
  static std::vector<Result> write(const std::vector<ModelCodegen::File>& files,
                                   const Options& options);

  /// The whole command: read, generate, write (or, with options.check, only plan), and one
  /// line per file and a summary (with no table to write: which ledgers there are, if any).
  /// Success, or with options.check OutOfDate when any file differs (see differs()). Throws
  /// HostError(Usage) when the database is a file that does not exist (kit::DatabaseFile).
  [[nodiscard]] static ExitCode run(Driver& driver, const Options& options, Output& output);

  /// Whether --check reports a result as a difference: all but Unchanged. (A Skipped header,
  /// edited or hand-written, is not what db:sync would write; a Stale one describes a table
  /// that is gone.)
  [[nodiscard]] static bool differs(Status status) noexcept { return status != Status::Unchanged; }

  /// "created", "updated", ...
  [[nodiscard]] static const char* to_string(Status status) noexcept;
};

}  // namespace kit::host
