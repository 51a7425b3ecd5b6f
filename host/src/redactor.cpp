#include "redactor.hpp"

#include <algorithm>

#include "kit/database_url.hpp"
#include "kit/error.hpp"

namespace kit::host {

Redactor::Redactor(std::string_view url) : url_(url), redacted_url_(kit::redact_url(url)) {
  // The password as written: between the user's ':' and the last '@' of the authority.
  if (const auto start = url.find("://"); start != std::string_view::npos) {
    const auto auth_begin = start + 3;
    auto auth_end = url.find_first_of("/?#", auth_begin);
    if (auth_end == std::string_view::npos) auth_end = url.size();
    const std::string_view authority = url.substr(auth_begin, auth_end - auth_begin);
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
      const auto colon = authority.find(':');
      if (colon != std::string_view::npos && colon < at) {
        secrets_.emplace_back(authority.substr(colon + 1, at - colon - 1));
      }
    }
  }
  // And whatever the URL's redaction hides, wherever it is (the Database line hides it): a
  // mistyped "sqlite:admin:S3cret@host/app" names a file that the driver's errors quote.
  for (auto& secret : kit::url_secrets(url)) secrets_.push_back(std::move(secret));
  try {
    for (auto& secret : kit::DatabaseUrl::parse(url).secrets())
      secrets_.push_back(std::move(secret));
  } catch (const kit::Error&) {
    // A malformed URL: the raw forms above and redact_url() cover it.
  }
  // "***": what redaction itself writes (a URL that was redacted already).
  secrets_.erase(std::remove(secrets_.begin(), secrets_.end(), "***"), secrets_.end());
}

std::string Redactor::apply(std::string text) const {
  if (!url_.empty() && url_ != redacted_url_) {
    for (auto pos = text.find(url_); pos != std::string::npos;
         pos = text.find(url_, pos + redacted_url_.size())) {
      text.replace(pos, url_.size(), redacted_url_);
    }
  }
  return kit::redact_all(text, secrets_);
}

}  // namespace kit::host
