#include "child_process.hpp"

#include <linux/capability.h>
#include <sys/prctl.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <utility>

extern char** environ;

namespace kit::test {

namespace {

std::string slurp(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

int temporary_file(std::string& path, const char* pattern) {
  std::string name = (std::filesystem::temp_directory_path() / pattern).string();
  const int fd = ::mkstemp(name.data());
  if (fd < 0) throw std::runtime_error(std::string("mkstemp failed: ") + std::strerror(errno));
  path = name;
  return fd;
}

}  // namespace

StartGate::StartGate() {
  if (::pipe2(fds_, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
}

StartGate::~StartGate() {
  open();
  if (fds_[0] >= 0) ::close(fds_[0]);
}

void StartGate::open() noexcept {
  if (fds_[1] >= 0) ::close(fds_[1]);
  fds_[1] = -1;
}

std::string ChildProcess::Result::describe() const {
  if (exited()) return "exit code " + std::to_string(exit_code);
  const char* name = ::strsignal(signal);
  return "signal " + std::to_string(signal) + " (" + (name != nullptr ? name : "?") + ")";
}

ChildProcess::ChildProcess(const std::filesystem::path& program,
                           const std::vector<std::string>& args, const Options& options) {
  std::map<std::string, std::string> variables;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text = *entry;
    const auto eq = text.find('=');
    if (eq != std::string::npos) variables[text.substr(0, eq)] = text.substr(eq + 1);
  }
  for (const char* name : {"DATABASE_URL", "KIT_MIGRATIONS_DIR", "KIT_DRIVER_PATH"}) {
    variables.erase(name);
  }
  for (const auto& [name, value] : options.env) {
    if (value.empty()) {
      variables.erase(name);
    } else {
      variables[name] = value;
    }
  }
  std::vector<std::string> env_text;
  for (const auto& [name, value] : variables) env_text.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (auto& entry : env_text) envp.push_back(entry.data());
  envp.push_back(nullptr);

  std::string program_text = program.string();
  std::vector<std::string> arg_copies = args;
  std::vector<char*> argv{program_text.data()};
  for (auto& arg : arg_copies) argv.push_back(arg.data());
  argv.push_back(nullptr);

  // Output goes to files, so a chatty child never blocks on a full pipe.
  const int out_fd = temporary_file(out_path_, "kit-faults-out-XXXXXX");
  const int err_fd = temporary_file(err_path_, "kit-faults-err-XXXXXX");
  const std::string cwd = options.cwd.string();

  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    // Only async-signal-safe calls from here on.
    if (options.gate != nullptr) {
      if (options.gate->write_fd() >= 0) ::close(options.gate->write_fd());
      char byte = 0;
      while (::read(options.gate->read_fd(), &byte, 1) < 0 && errno == EINTR) {
      }
    }
    const int null_fd = ::open("/dev/null", O_RDONLY);
    ::dup2(null_fd, 0);
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    if (options.without_file_access_override) {
      // Out of the bounding set, they are not regained by the root program exec'd next.
      if (::prctl(PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0) != 0 ||
          ::prctl(PR_CAPBSET_DROP, CAP_DAC_READ_SEARCH, 0, 0, 0) != 0) {
        ::_exit(124);
      }
    }
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(126);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(out_fd);
  ::close(err_fd);
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      ended_(other.ended_),
      status_(other.status_),
      out_path_(std::move(other.out_path_)),
      err_path_(std::move(other.err_path_)) {}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) {
    kill(SIGKILL);
    try {
      (void)wait();
    } catch (...) {  // nothing to report from a destructor
    }
  }
  if (!out_path_.empty()) ::unlink(out_path_.c_str());
  if (!err_path_.empty()) ::unlink(err_path_.c_str());
}

void ChildProcess::kill(int signal) noexcept {
  if (pid_ > 0 && !ended_) ::kill(pid_, signal);
}

bool ChildProcess::finished() {
  if (pid_ <= 0 || ended_) return true;
  int status = 0;
  pid_t reaped = 0;
  while ((reaped = ::waitpid(pid_, &status, WNOHANG)) < 0 && errno == EINTR) {
  }
  if (reaped != pid_) return false;
  ended_ = true;
  status_ = status;
  return true;
}

std::string ChildProcess::output_so_far() const { return slurp(out_path_); }

ChildProcess::Result ChildProcess::wait() {
  if (pid_ <= 0) throw std::logic_error("ChildProcess::wait: not running");
  int status = status_;
  while (!ended_ && ::waitpid(pid_, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error("waitpid failed");
  }
  pid_ = -1;
  ended_ = false;
  Result result;
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  }
  result.out = slurp(out_path_);
  result.err = slurp(err_path_);
  return result;
}

ChildProcess::Result ChildProcess::run(const std::filesystem::path& program,
                                       const std::vector<std::string>& args,
                                       const Options& options) {
  ChildProcess child(program, args, options);
  return child.wait();
}

}  // namespace kit::test
