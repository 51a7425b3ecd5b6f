#include "process_timer.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace kit::bench {

namespace {

// A temporary file that is removed when it goes out of scope.
class TempFile {
 public:
  TempFile() {
    const auto dir = std::filesystem::temp_directory_path();
    std::string pattern = (dir / "kit_bench_XXXXXX").string();
    fd_ = ::mkstemp(pattern.data());
    if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "mkstemp");
    path_ = pattern;
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    ::close(fd_);
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  [[nodiscard]] int fd() const noexcept { return fd_; }
  [[nodiscard]] std::string read() const {
    std::ifstream in(path_, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  int fd_ = -1;
  std::filesystem::path path_;
};

double milliseconds(const timeval& time) {
  return static_cast<double>(time.tv_sec) * 1000.0 + static_cast<double>(time.tv_usec) / 1000.0;
}

}  // namespace

std::string Command::describe() const {
  std::string line;
  for (const auto& arg : argv) line += (line.empty() ? "" : " ") + arg;
  if (!stdin_file.empty()) line += " < " + stdin_file.string();
  return line;
}

ProcessTimer::Timing ProcessTimer::run(const Command& command, bool capture_stdout) {
  if (command.argv.empty()) throw std::invalid_argument("ProcessTimer: an empty command");
  TempFile out;
  TempFile err;
  // Everything the child needs is prepared before fork(): it only redirects and execs.
  std::vector<char*> argv;
  for (const auto& arg : command.argv) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  const std::string input = command.stdin_file.empty() ? "/dev/null" : command.stdin_file.string();
  const std::string cwd = command.cwd.string();

  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::system_error(errno, std::generic_category(), "fork");
  if (pid == 0) {
    const int in = ::open(input.c_str(), O_RDONLY);
    const int null = ::open("/dev/null", O_WRONLY);
    if (in < 0 || null < 0) ::_exit(126);
    ::dup2(in, 0);
    ::dup2(capture_stdout ? out.fd() : null, 1);
    ::dup2(err.fd(), 2);
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(126);
    ::execvp(argv[0], argv.data());
    std::fprintf(stderr, "cannot run %s: %s\n", argv[0], std::strerror(errno));
    ::_exit(127);
  }
  int status = 0;
  rusage usage{};
  while (::wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "wait4");
  }
  const std::chrono::duration<double, std::milli> wall = std::chrono::steady_clock::now() - start;

  Timing timing;
  timing.wall_ms = wall.count();
  timing.cpu_ms = milliseconds(usage.ru_utime) + milliseconds(usage.ru_stime);
  timing.max_rss_kib = usage.ru_maxrss;
  timing.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (capture_stdout) timing.out = out.read();
  timing.err = err.read();
  return timing;
}

ProcessTimer::Timing ProcessTimer::checked(const Command& command, bool capture_stdout) {
  auto timing = run(command, capture_stdout);
  if (timing.exit_code != 0) {
    std::string err = timing.err;
    if (err.size() > 2000) err = "..." + err.substr(err.size() - 2000);
    throw std::runtime_error(command.describe() + " exited with " +
                             std::to_string(timing.exit_code) + ":\n" + err);
  }
  return timing;
}

}  // namespace kit::bench
