// HostError: a failure the host reports as one line, with the exit code it ends the run with.
#pragma once

#include <string>

#include "exit_code.hpp"
#include "kit/error.hpp"

namespace kit::host {

/// Owned by the host (never by a plugin), so it outlives any library that is unloaded
/// while it propagates.
class HostError : public kit::Error {
 public:
  HostError(ExitCode code, const std::string& message) : kit::Error(message), code_(code) {}

  /// The exit code the run ends with.
  [[nodiscard]] ExitCode code() const noexcept { return code_; }

 private:
  ExitCode code_;
};

}  // namespace kit::host
