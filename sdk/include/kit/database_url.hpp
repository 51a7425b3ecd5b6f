// DatabaseUrl: the parts of `scheme://user:password@host:port/database?key=value`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kit/export.hpp"

namespace kit {

class KIT_SDK_API DatabaseUrl {
 public:
  /// Parses a URL; percent-escapes are decoded. Throws Error (password redacted) when
  /// there is no scheme or the authority is malformed. Forms without "//", such as
  /// "sqlite:app.db" and "sqlite::memory:", keep everything after the scheme in path(); so
  /// does "sqlite://data:2024.db", whose colon starts no port (as sqlx reads it), when the
  /// URL has no '@'.
  [[nodiscard]] static DatabaseUrl parse(std::string_view url);

  [[nodiscard]] const std::string& scheme() const noexcept { return scheme_; }
  [[nodiscard]] const std::string& user() const noexcept { return user_; }
  [[nodiscard]] const std::optional<std::string>& password() const noexcept { return password_; }
  [[nodiscard]] const std::string& host() const noexcept { return host_; }
  [[nodiscard]] const std::optional<std::uint16_t>& port() const noexcept { return port_; }
  /// What follows the authority, without its leading "/" (the database name), or for
  /// URLs without an authority everything between "scheme:" and "?".
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  /// Whether the URL had "//" after the scheme.
  [[nodiscard]] bool has_authority() const noexcept { return has_authority_; }
  /// The text between "scheme:" and "?", undecoded: "//database.db" for sqlite://database.db.
  [[nodiscard]] const std::string& opaque() const noexcept { return opaque_; }
  [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& params() const noexcept {
    return params_;
  }
  /// The value of a query parameter, the last one when repeated.
  [[nodiscard]] std::optional<std::string> param(std::string_view key) const;

  /// The URL as given, with the password and every secret parameter's value (see
  /// is_secret_param()) replaced by ***.
  [[nodiscard]] const std::string& redacted() const noexcept { return redacted_; }
  /// The password and the values of the secret parameters, decoded: what no output may show.
  [[nodiscard]] std::vector<std::string> secrets() const;

 private:
  std::string scheme_;
  std::string user_;
  std::optional<std::string> password_;
  std::string host_;
  std::optional<std::uint16_t> port_;
  std::string path_;
  std::string opaque_;
  bool has_authority_ = false;
  std::vector<std::pair<std::string, std::string>> params_;
  std::string redacted_;
};

/// Whether a query parameter holds a secret: any key naming a password, whatever its case,
/// such as libpq's `password` and `sslpassword` (the passphrase of the client's key).
[[nodiscard]] KIT_SDK_API bool is_secret_param(std::string_view key) noexcept;

/// Redacts the password and the secret parameters of anything that looks like a URL, even a
/// malformed one.
[[nodiscard]] KIT_SDK_API std::string redact_url(std::string_view url);

/// What redact_url() hides in `url`, as written and percent-decoded: for redact_all() on
/// text that may quote it elsewhere, such as an error naming the file that a mistyped URL
/// (`sqlite:admin:S3cret@host/app`) made of it.
[[nodiscard]] KIT_SDK_API std::vector<std::string> url_secrets(std::string_view url);

/// Replaces every occurrence of `secret` in `text` by "***" (no-op for an empty secret).
[[nodiscard]] KIT_SDK_API std::string redact(std::string text, std::string_view secret);

/// Replaces every occurrence of any of `secrets` in `text` by "***", in one pass: where
/// several start at one place the longest goes, and what it writes is never searched again
/// (one secret after another would let "*" triple every star "**" left).
[[nodiscard]] KIT_SDK_API std::string redact_all(std::string_view text,
                                                 std::vector<std::string> secrets);

}  // namespace kit
