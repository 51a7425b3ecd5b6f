// call_plugin: the boundary where whatever a plugin throws becomes a host-owned HostError.
#pragma once

#include <string>
#include <utility>

#include "host_error.hpp"

namespace kit::host {

/// Describes the exception being handled, copying its message into host memory:
/// "what()" for a std::exception, a fixed text for anything else. Call only inside catch.
[[nodiscard]] std::string current_exception_message();

/// Runs `call` and rethrows anything but a HostError as HostError(code, context + ": " +
/// message), so that no exception object a plugin made outlives the call.
template <class F>
decltype(auto) call_plugin(ExitCode code, const std::string& context, F&& call) {
  try {
    return std::forward<F>(call)();
  } catch (const HostError&) {
    throw;
  } catch (...) {
    throw HostError(code, context + ": " + current_exception_message());
  }
}

}  // namespace kit::host
