// Process: runs a program to completion in a given directory and collects what it printed.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kit::test {

class Process {
 public:
  /// What a finished program left: its exit code (128 + signal when killed) and output.
  struct Result {
    int exit_code = -1;
    std::string out;
    std::string err;
  };

  /// Where the program's stdout goes.
  enum class Stdout {
    Captured,    // into Result::out
    ClosedPipe,  // a pipe nobody reads any more, as `kit-host ... | head -1` once head is gone
  };

  /// Runs `program` with `args` in `cwd`, stdin from /dev/null (so: no terminal), with the
  /// environment of this process minus the variables kit-host reads (DATABASE_URL,
  /// KIT_MIGRATIONS_DIR, KIT_DRIVER_PATH, KIT_LOCK_TIMEOUT, KIT_ALLOW_INSECURE_PLUGINS,
  /// APP_ENV, NO_COLOR), plus `env` (an empty value removes a variable). The program starts
  /// with SIGPIPE at its default, as from a shell, whatever this process does with it.
  [[nodiscard]] static Result run(const std::filesystem::path& program,
                                  const std::vector<std::string>& args,
                                  const std::filesystem::path& cwd,
                                  const std::map<std::string, std::string>& env = {},
                                  Stdout stdout_to = Stdout::Captured);
};

}  // namespace kit::test
