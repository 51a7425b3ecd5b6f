// Fuzzes DotEnv::parse with arbitrary text: it returns or throws HostError (a usage error
// naming the line), nothing else; and a value it parsed from a line it wrote itself,
// KEY='<value>', comes back unchanged.
#include <cstdint>
#include <string>

#include "dot_env.hpp"
#include "fuzz_check.hpp"
#include "host_error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto env = kit::host::DotEnv::parse(text, "fuzz.env");
    (void)env.get("DATABASE_URL");
  } catch (const kit::host::HostError& error) {
    if (error.code() != kit::host::ExitCode::Usage) {
      kit::fuzz::fail("a .env error that is not a usage error", text, error.what());
    }
    if (std::string(error.what()).rfind("fuzz.env:", 0) != 0) {
      kit::fuzz::fail("a .env error that does not name the file", text, error.what());
    }
  }

  // Round trip: a single-quoted value is literal up to the next quote.
  if (text.find('\'') == std::string::npos && text.find('\n') == std::string::npos &&
      text.find('\r') == std::string::npos) {
    const auto env = kit::host::DotEnv::parse("KEY='" + text + "'\n", "fuzz.env");
    const auto value = env.get("KEY");
    if (!value || *value != text) {
      kit::fuzz::fail("a single-quoted value changed", text, value.value_or("<unset>"));
    }
  }
  return 0;
}
