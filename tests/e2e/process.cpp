#include "process.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

extern char** environ;

namespace kit::test {

namespace {

std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

Process::Result Process::run(const std::filesystem::path& program,
                             const std::vector<std::string>& args, const std::filesystem::path& cwd,
                             const std::map<std::string, std::string>& env, Stdout stdout_to) {
  std::map<std::string, std::string> variables;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text = *entry;
    const auto eq = text.find('=');
    if (eq != std::string::npos) variables[text.substr(0, eq)] = text.substr(eq + 1);
  }
  for (const char* name :
       {"DATABASE_URL", "KIT_MIGRATIONS_DIR", "KIT_DRIVER_PATH", "KIT_LOCK_TIMEOUT",
        "KIT_ALLOW_INSECURE_PLUGINS", "APP_ENV", "NO_COLOR"}) {
    variables.erase(name);
  }
  for (const auto& [name, value] : env) {
    if (value.empty()) {
      variables.erase(name);
    } else {
      variables[name] = value;
    }
  }
  std::vector<std::string> env_text;
  for (const auto& [name, value] : variables) env_text.push_back(name + "=" + value);

  std::vector<char*> argv;
  std::string program_text = program.string();
  argv.push_back(program_text.data());
  std::vector<std::string> arg_copies = args;
  for (auto& arg : arg_copies) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& entry : env_text) envp.push_back(entry.data());
  envp.push_back(nullptr);

  // Output goes to temporary files, so a chatty child never blocks on a full pipe.
  char out_name[] = "/tmp/kit-process-out-XXXXXX";
  char err_name[] = "/tmp/kit-process-err-XXXXXX";
  const int out_fd = ::mkstemp(out_name);
  const int err_fd = ::mkstemp(err_name);
  if (out_fd < 0 || err_fd < 0) throw std::runtime_error("mkstemp failed");
  // The reader's end is closed before the program starts: its first write finds nobody.
  int pipe_fds[2] = {-1, -1};
  if (stdout_to == Stdout::ClosedPipe) {
    if (::pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
    ::close(pipe_fds[0]);
  }

  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int null_fd = ::open("/dev/null", O_RDONLY);
    ::dup2(null_fd, 0);
    ::dup2(stdout_to == Stdout::ClosedPipe ? pipe_fds[1] : out_fd, 1);
    ::dup2(err_fd, 2);
    ::signal(SIGPIPE, SIG_DFL);
    if (::chdir(cwd.c_str()) != 0) ::_exit(126);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  ::close(out_fd);
  ::close(err_fd);
  if (pipe_fds[1] >= 0) ::close(pipe_fds[1]);
  Result result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = slurp(out_name);
  result.err = slurp(err_name);
  ::unlink(out_name);
  ::unlink(err_name);
  return result;
}

}  // namespace kit::test
