// ChildProcess: runs a program in the background, so that a test can kill it at a moment of
// its choosing, start several at once, or run it as another user; and collects its output.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace kit::test {

/// Holds any number of children back until open(), so that they start together.
class StartGate {
 public:
  StartGate();
  StartGate(const StartGate&) = delete;
  StartGate& operator=(const StartGate&) = delete;
  ~StartGate();

  /// Lets every child started behind the gate go on to run its program.
  void open() noexcept;
  [[nodiscard]] int read_fd() const noexcept { return fds_[0]; }
  [[nodiscard]] int write_fd() const noexcept { return fds_[1]; }

 private:
  int fds_[2] = {-1, -1};
};

class ChildProcess {
 public:
  /// How a child ended, and what it printed.
  struct Result {
    int exit_code = -1;  // when it exited, else -1
    int signal = 0;      // the signal that ended it, else 0
    std::string out;
    std::string err;
    [[nodiscard]] bool exited() const noexcept { return signal == 0; }
    /// "exit code 3" or "signal 9 (Killed)", for messages.
    [[nodiscard]] std::string describe() const;
  };

  struct Options {
    std::filesystem::path cwd;
    /// Added to the environment (an empty value removes the variable); DATABASE_URL,
    /// KIT_MIGRATIONS_DIR and KIT_DRIVER_PATH are removed first.
    std::map<std::string, std::string> env;
    /// Runs the program (as root) without the capabilities that let root read and search
    /// any file (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so that file modes apply to it.
    bool without_file_access_override = false;
    /// Waits at this gate before running the program.
    const StartGate* gate = nullptr;
  };

  /// Starts `program` with `args`, stdin from /dev/null, output to temporary files.
  ChildProcess(const std::filesystem::path& program, const std::vector<std::string>& args,
               const Options& options);
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&&) = delete;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  /// Kills (SIGKILL) and reaps a child that is still running.
  ~ChildProcess();

  /// Sends `signal`; does nothing once the child has ended.
  void kill(int signal) noexcept;
  /// Whether the child has ended (reaping it if so); does not wait.
  [[nodiscard]] bool finished();
  /// What the child has printed on stdout so far.
  [[nodiscard]] std::string output_so_far() const;
  /// Waits for the child to end and returns how, with everything it printed.
  Result wait();

  /// Starts and waits.
  [[nodiscard]] static Result run(const std::filesystem::path& program,
                                  const std::vector<std::string>& args, const Options& options);

 private:
  pid_t pid_ = -1;
  bool ended_ = false;  // reaped by finished(); status_ holds how
  int status_ = 0;
  std::string out_path_;
  std::string err_path_;
};

}  // namespace kit::test
