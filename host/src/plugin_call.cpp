#include "plugin_call.hpp"

#include <exception>

namespace kit::host {

std::string current_exception_message() {
  try {
    throw;
  } catch (const std::exception& e) {
    std::string message = e.what();
    return message.empty() ? "an exception with an empty message" : message;
  } catch (...) {
    return "an exception that is not a std::exception";
  }
}

}  // namespace kit::host
