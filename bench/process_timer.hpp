// ProcessTimer: runs one program to completion and measures it: wall time, CPU time and the
// peak resident memory of the child (wait4's rusage).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace kit::bench {

/// A program and its arguments (found on PATH when it has no slash), with its stdin read
/// from a file (default /dev/null) and run in a directory (default: this process's).
struct Command {
  std::vector<std::string> argv;
  std::filesystem::path stdin_file;
  std::filesystem::path cwd;

  /// The command as one line, for messages.
  [[nodiscard]] std::string describe() const;
};

class ProcessTimer {
 public:
  struct Timing {
    double wall_ms = 0;    // from fork() to wait4() returning
    double cpu_ms = 0;     // user + system time of the child (and its waited-for children)
    long max_rss_kib = 0;  // ru_maxrss of the child: its peak resident set, in KiB
    int exit_code = -1;    // 128 + signal when killed
    std::string out;       // what it printed on stdout, when captured
    std::string err;       // what it printed on stderr
  };

  /// Runs `command`; stdout goes to /dev/null unless `capture_stdout`. Never throws for a
  /// failing program: check exit_code.
  [[nodiscard]] static Timing run(const Command& command, bool capture_stdout = false);

  /// Runs `command`; throws std::runtime_error, with the end of its stderr, when it exits
  /// non-zero.
  static Timing checked(const Command& command, bool capture_stdout = false);
};

}  // namespace kit::bench
