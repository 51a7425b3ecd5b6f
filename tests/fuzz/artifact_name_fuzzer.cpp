// Fuzzes MigrationCatalog::version_of, the artifact-name parser, against the rule it
// implements (the same one kit_add_migration checks in CMake):
//   m<8 digits>_<6 digits>_<lowercase letters and digits in words joined by single '_'>
// and checks that a version it returns is the name's 15 characters after the 'm'.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "migration_catalog.hpp"

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }
bool word_char(char c) { return (c >= 'a' && c <= 'z') || digit(c); }

/// The rule, written out plainly.
bool valid(std::string_view name) {
  if (name.size() < 18 || name[0] != 'm' || name[9] != '_' || name[16] != '_') return false;
  for (std::size_t i = 1; i < 16; ++i) {
    if (i != 9 && !digit(name[i])) return false;
  }
  bool word_started = false;
  for (std::size_t i = 17; i < name.size(); ++i) {
    if (name[i] == '_') {
      if (!word_started) return false;  // leading or doubled '_'
      word_started = false;
    } else if (word_char(name[i])) {
      word_started = true;
    } else {
      return false;
    }
  }
  return word_started;  // no trailing '_', not empty
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string name(reinterpret_cast<const char*>(data), size);
  const auto version = kit::host::MigrationCatalog::version_of(name);
  if (version.has_value() != valid(name)) {
    kit::fuzz::fail(version ? "accepted a bad name" : "rejected a good name", name);
  }
  if (version && *version != name.substr(1, 15)) {
    kit::fuzz::fail("the version is not the timestamp", name, *version);
  }
  return 0;
}
