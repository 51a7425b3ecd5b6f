#include "kit/database_url.hpp"

#include <algorithm>
#include <cctype>

#include "ascii.hpp"
#include "kit/error.hpp"

namespace kit {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view text, const std::string& redacted) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    const int hi = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
    const int lo = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      throw Error("invalid database URL '" + redacted + "': bad percent-escape");
    }
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

bool valid_scheme(std::string_view scheme) {
  if (scheme.empty() || std::isalpha(static_cast<unsigned char>(scheme[0])) == 0) return false;
  return std::all_of(scheme.begin(), scheme.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '-' || c == '.';
  });
}

}  // namespace

std::string redact(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 3)) {
    text.replace(pos, secret.size(), "***");
  }
  return text;
}

std::string redact_all(std::string_view text, std::vector<std::string> secrets) {
  secrets.erase(std::remove_if(secrets.begin(), secrets.end(),
                               [](const std::string& secret) { return secret.empty(); }),
                secrets.end());
  std::sort(secrets.begin(), secrets.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto found = std::find_if(secrets.begin(), secrets.end(), [&](const std::string& s) {
      return text.compare(i, s.size(), s) == 0;
    });
    if (found == secrets.end()) {
      out += text[i++];
    } else {
      out += "***";
      i += found->size();
    }
  }
  return out;
}

namespace {

/// Hides the password of the user information that starts at `begin`: from the first ':'
/// to the '@' that ends it; with `colon_before`, from `begin` (the user and its ':' came
/// before it). Returns whether it hid something.
bool redact_userinfo(std::string& out, std::size_t begin, std::vector<std::string>& hidden,
                     bool colon_before = false) {
  auto end = out.find_first_of("/?#", begin);
  if (end == std::string::npos) end = out.size();
  auto at = end == begin ? std::string::npos : out.rfind('@', end - 1);
  if (at == std::string::npos || at < begin) {
    // A password with an unescaped '/', '?' or '#' seems to end the authority early, yet
    // the user meant everything up to an '@' (libpq reads it so): hide up to the last one.
    at = out.rfind('@');
    if (at == std::string::npos || at < end) return false;
  }
  const auto colon = colon_before ? begin - 1 : out.find(':', begin);
  if (colon == std::string::npos || colon >= at) return false;
  hidden.push_back(out.substr(colon + 1, at - colon - 1));
  out.replace(colon + 1, at - colon - 1, "***");
  return true;
}

/// Percent-decodes what it can, leaving malformed escapes as they are.
std::string lenient_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const int hi = text[i] == '%' && i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
    const int lo = hi >= 0 ? hex_value(text[i + 2]) : -1;
    if (lo >= 0) {
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

bool is_secret_param(std::string_view key) noexcept {
  static constexpr std::string_view kPassword = "password";
  for (std::size_t i = 0; i + kPassword.size() <= key.size(); ++i) {
    bool same = true;
    for (std::size_t j = 0; same && j < kPassword.size(); ++j) {
      same = std::tolower(static_cast<unsigned char>(key[i + j])) == kPassword[j];
    }
    if (same) return true;
  }
  return false;
}

namespace {

/// redact_url(), and what it hid, as written, in `hidden`.
std::string redact_url_hiding(std::string_view url, std::vector<std::string>& hidden) {
  std::string out(url);
  // After "scheme://"; and after "scheme:" too, for "postgres:user:password@host" (a typo
  // that must not show the password either).
  bool found = false;
  if (const auto slashes = out.find("://"); slashes != std::string::npos) {
    found = redact_userinfo(out, slashes + 3, hidden);
  }
  if (const auto colon = out.find(':'); colon != std::string::npos) {
    const bool authority = out.compare(colon + 1, 2, "//") == 0;
    found = redact_userinfo(out, authority ? colon + 3 : colon + 1, hidden) || found;
    // "admin:S3cret@db:5432/app", the scheme forgotten: what looks like the scheme is the
    // user, and the password runs from its ':' to the '@'. Not for sqlite, whose
    // "sqlite:data@2024.db" is a file name.
    if (!found && !authority &&
        !detail::same_ignoring_case(std::string_view(out).substr(0, colon), "sqlite")) {
      (void)redact_userinfo(out, colon + 1, hidden, true);
    }
  }
  // A password may also come as a query parameter (libpq accepts ?password=... and
  // ?sslpassword=...), its key percent-encoded or not.
  for (auto pos = out.find_first_of("?&"); pos != std::string::npos;
       pos = out.find_first_of("?&", pos + 1)) {
    const auto key_begin = pos + 1;
    const auto eq = out.find_first_of("=&#", key_begin);
    if (eq == std::string::npos || out[eq] != '=') continue;
    if (!is_secret_param(lenient_decode(std::string_view(out).substr(key_begin, eq - key_begin)))) {
      continue;
    }
    // To the next '&' only: a '#' in the value (unescaped) is still the secret's.
    auto value_end = out.find('&', eq + 1);
    if (value_end == std::string::npos) value_end = out.size();
    hidden.push_back(out.substr(eq + 1, value_end - eq - 1));
    out.replace(eq + 1, value_end - eq - 1, "***");
  }
  return out;
}

}  // namespace

std::string redact_url(std::string_view url) {
  std::vector<std::string> hidden;
  return redact_url_hiding(url, hidden);
}

std::vector<std::string> url_secrets(std::string_view url) {
  std::vector<std::string> hidden;
  (void)redact_url_hiding(url, hidden);
  std::vector<std::string> out;
  for (const auto& text : hidden) {
    if (text.empty() || text == "***") continue;
    out.push_back(text);
    if (auto decoded = lenient_decode(text); decoded != text) out.push_back(std::move(decoded));
  }
  return out;
}

DatabaseUrl DatabaseUrl::parse(std::string_view url) {
  DatabaseUrl result;
  result.redacted_ = redact_url(url);
  const auto& shown = result.redacted_;

  const auto colon = url.find(':');
  if (colon == std::string_view::npos || !valid_scheme(url.substr(0, colon))) {
    // Without a scheme nothing tells where a password would be: do not echo the text.
    throw Error(
        "invalid database URL: expected scheme://..., such as sqlite://database.db or "
        "postgres://user@host/database");
  }
  result.scheme_.assign(url.substr(0, colon));
  std::transform(result.scheme_.begin(), result.scheme_.end(), result.scheme_.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });

  std::string_view rest = url.substr(colon + 1);
  if (rest.find('#') != std::string_view::npos) {
    // Dropping it would connect with a cut password or open another file.
    throw Error("invalid database URL '" + shown +
                "': '#' starts a URL fragment, which no database reads; write a '#' of a "
                "password, name or path as %23");
  }
  const auto question = rest.find('?');
  std::string_view query;
  if (question != std::string_view::npos) {
    query = rest.substr(question + 1);
    rest = rest.substr(0, question);
  }
  result.opaque_.assign(rest);

  if (rest.substr(0, 2) == "//") {
    result.has_authority_ = true;
    rest.remove_prefix(2);
    const auto slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    if (slash != std::string_view::npos) {
      result.path_ = percent_decode(rest.substr(slash + 1), shown);
    }
    const auto at = authority.rfind('@');
    if (at != std::string_view::npos) {
      const std::string_view userinfo = authority.substr(0, at);
      const auto user_colon = userinfo.find(':');
      result.user_ = percent_decode(userinfo.substr(0, user_colon), shown);
      if (user_colon != std::string_view::npos) {
        result.password_ = percent_decode(userinfo.substr(user_colon + 1), shown);
      }
      authority.remove_prefix(at + 1);
    }
    std::string_view port;
    if (!authority.empty() && authority.front() == '[') {
      const auto close = authority.find(']');
      if (close == std::string_view::npos) {
        throw Error("invalid database URL '" + shown + "': unterminated [IPv6] host");
      }
      result.host_.assign(authority.substr(1, close - 1));
      const std::string_view after = authority.substr(close + 1);
      if (!after.empty()) {
        if (after.front() != ':') {
          throw Error("invalid database URL '" + shown + "': unexpected text after ]");
        }
        port = after.substr(1);
      }
    } else {
      const auto port_colon = authority.rfind(':');
      result.host_ = percent_decode(authority.substr(0, port_colon), shown);
      if (port_colon != std::string_view::npos) port = authority.substr(port_colon + 1);
    }
    if (!port.empty()) {
      unsigned long value = 0;
      const bool digits = port.size() <= 5 && std::all_of(port.begin(), port.end(), [](char c) {
                            return std::isdigit(static_cast<unsigned char>(c)) != 0;
                          });
      if (digits) value = std::stoul(std::string(port));
      if (digits && value != 0 && value <= 65535) {
        result.port_ = static_cast<std::uint16_t>(value);
      } else if (result.scheme_ == "sqlite" && url.find('@') == std::string_view::npos) {
        // sqlite://data:2024.db names a file, as sqlx (and so Kit) reads it: everything
        // after // is the path (the driver reads opaque()). Not where an '@' may end user
        // information, whose password (with an unescaped '/' or '?' in it) must not end
        // up in a path or a parameter that errors show.
        result.host_.clear();
        result.path_ = percent_decode(rest, shown);
      } else {
        // Not echoed: a password with an unescaped '#', '?' or '/' lands here.
        throw Error("invalid database URL '" + shown +
                    "': the port is not a number from 1 to 65535");
      }
    }
  } else {
    result.path_ = percent_decode(rest, shown);
  }

  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    if (!pair.empty()) {
      const auto eq = pair.find('=');
      std::string key = percent_decode(pair.substr(0, eq), shown);
      std::string value =
          eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1), shown);
      result.params_.emplace_back(std::move(key), std::move(value));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return result;
}

std::vector<std::string> DatabaseUrl::secrets() const {
  std::vector<std::string> out;
  if (password_) out.push_back(*password_);
  for (const auto& [key, value] : params_) {
    if (is_secret_param(key)) out.push_back(value);
  }
  return out;
}

std::optional<std::string> DatabaseUrl::param(std::string_view key) const {
  std::optional<std::string> found;
  for (const auto& [k, v] : params_) {
    if (k == key) found = v;
  }
  return found;
}

}  // namespace kit
