// kit-host: applies database migrations built as plugins. See Cli for the commands.
#include <boost/dll/runtime_symbol_info.hpp>
#include <csignal>
#include <iostream>

#include "cli.hpp"
#include "config.hpp"

#if defined(_WIN32)
#include <io.h>
#define KIT_ISATTY(fd) _isatty(fd)
#else
#include <unistd.h>
#define KIT_ISATTY(fd) isatty(fd)
#endif

int main(int argc, char* argv[]) {
#if !defined(_WIN32)
  // A reader that goes away (`kit-host migrate | head -3`) must not kill a run half-way:
  // the writes fail instead, and the run goes on to its end and its own exit code.
  std::signal(SIGPIPE, SIG_IGN);
#endif
  std::error_code ec;
  auto exe_dir = boost::dll::program_location(ec).parent_path();
  if (ec || exe_dir.empty()) exe_dir = std::filesystem::path(argv[0]).parent_path();
  kit::host::Cli::Terminals terminals;
  terminals.out = KIT_ISATTY(1) != 0;
  terminals.err = KIT_ISATTY(2) != 0;
  kit::host::Cli cli(std::cin, std::cout, std::cerr, KIT_ISATTY(0) != 0,
                     kit::host::Config::process_environment(), exe_dir, terminals);
  return cli.run(argc, argv);
}
