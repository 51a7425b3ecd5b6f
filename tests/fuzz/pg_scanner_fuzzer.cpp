// Fuzzes PostgresSqlScanner::transaction_control, under both readings of plain strings: no
// crash or undefined behaviour (ASan, UBSan) on any bytes, and what it reports is a piece of
// the input that starts with a transaction statement's first word and, scanned on its own,
// reports itself. Whether it reports the right statements is the property test's question
// (tests/postgres/postgres_sql_scanner_property_test.cpp), which asks a server.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "postgres_sql_scanner.hpp"

namespace {

bool starts_with_word(std::string_view text, std::string_view word) {
  if (text.size() < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char c = text[i];
    if ((c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c) != word[i]) return false;
  }
  return true;
}

void check(const std::string& input, bool standard) {
  const auto found = kit::PostgresSqlScanner::transaction_control(input, standard);
  if (!found) return;
  if (input.find(*found) == std::string::npos) {
    kit::fuzz::fail("the report is not a piece of the input", input, *found);
  }
  bool keyword = false;
  for (const char* word : {"BEGIN", "START", "COMMIT", "END", "ABORT", "ROLLBACK", "PREPARE"}) {
    keyword = keyword || starts_with_word(*found, word);
  }
  if (!keyword) kit::fuzz::fail("the report starts with no transaction word", input, *found);
  const auto again = kit::PostgresSqlScanner::transaction_control(*found, standard);
  if (again != found) kit::fuzz::fail("the report scanned alone differs", input, *found);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  check(input, true);
  check(input, false);
  return 0;
}
