// kit::fuzz::fail: reports a broken invariant with its input and crashes, so that libFuzzer
// saves the input as a crash artifact.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

namespace kit::fuzz {

/// Prints `what`, the input and what came of it, then aborts.
[[noreturn]] inline void fail(const char* what, const std::string& input,
                              const std::string& output = {}) {
  std::fprintf(stderr, "invariant broken: %s\n  input:  '%s'\n  output: '%s'\n", what,
               input.c_str(), output.c_str());
  std::abort();
}

}  // namespace kit::fuzz
