#include "kit/iden.hpp"

#include <cctype>

namespace kit {

namespace {
bool is_upper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }
bool is_lower_or_digit(char c) {
  return std::islower(static_cast<unsigned char>(c)) != 0 ||
         std::isdigit(static_cast<unsigned char>(c)) != 0;
}
std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) s.remove_suffix(1);
  return s;
}
}  // namespace

std::string to_snake_case(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 4);
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (is_upper(c)) {
      const bool after_word = i > 0 && is_lower_or_digit(name[i - 1]);
      const bool acronym_end = i > 0 && is_upper(name[i - 1]) && i + 1 < name.size() &&
                               is_lower_or_digit(name[i + 1]) &&
                               !std::isdigit(static_cast<unsigned char>(name[i + 1]));
      if ((after_word || acronym_end) && !out.empty() && out.back() != '_') out += '_';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

namespace detail {
std::vector<std::string> derive_idens(std::string_view type_name, std::string_view members) {
  std::vector<std::string> names;
  while (true) {
    const auto comma = members.find(',');
    const std::string_view member = trim(members.substr(0, comma));
    names.push_back(member == "Table" ? to_snake_case(type_name) : to_snake_case(member));
    if (comma == std::string_view::npos) break;
    members.remove_prefix(comma + 1);
  }
  return names;
}
}  // namespace detail

}  // namespace kit
