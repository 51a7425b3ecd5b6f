#include "redactor.hpp"

#include <algorithm>

#include "kit/database_url.hpp"
#include "kit/error.hpp"

namespace kit::host {

// Whatever the URL's redaction hides, as written and decoded, wherever it is (the Database
// line hides it): the password of the authority, and of a mistyped
// "sqlite:admin:S3cret@host/app", which names a file that the driver's errors quote.
Redactor::Redactor(std::string_view url)
    : url_(url), redacted_url_(kit::redact_url(url)), secrets_(kit::url_secrets(url)) {
  try {
    for (auto& secret : kit::DatabaseUrl::parse(url).secrets())
      secrets_.push_back(std::move(secret));
  } catch (const kit::Error&) {
    // A malformed URL: url_secrets() covers it.
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
