// Redactor: removes the database password from any text before it is shown.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kit::host {

class Redactor {
 public:
  Redactor() = default;
  /// Learns the secrets of a database URL: its password (as written and decoded) and any
  /// `password=` parameter. Works on malformed URLs too.
  explicit Redactor(std::string_view url);

  /// Returns `text` with the URL shown redacted and every secret replaced by "***".
  [[nodiscard]] std::string apply(std::string text) const;

 private:
  std::string url_;
  std::string redacted_url_;
  std::vector<std::string> secrets_;
};

}  // namespace kit::host
