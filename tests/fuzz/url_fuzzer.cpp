// Fuzzes kit::DatabaseUrl::parse, kit::redact_url and the host's Redactor with arbitrary text.
// Invariants: nothing but kit::Error is ever thrown; parse(url).redacted() is redact_url(url);
// and what redaction leaves, parsed again, holds no password: no user-information password
// and no secret parameter (kit::is_secret_param: `password`, `sslpassword`...) but "***".
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "kit/database_url.hpp"
#include "kit/error.hpp"
#include "redactor.hpp"

namespace {

/// Whether a password read back from redacted text is what redaction puts there: "***", or
/// "*"s only (a password of stars is replaced by more stars; nothing of it shows).
bool hidden(const std::string& password) {
  return password.find_first_not_of('*') == std::string::npos;
}

/// Checks that `shown`, read as a URL, carries no password but "***".
void check_redacted(const std::string& url, const std::string& shown) {
  kit::DatabaseUrl again;
  try {
    again = kit::DatabaseUrl::parse(shown);
  } catch (const kit::Error&) {
    return;  // nothing a driver would connect with
  }
  if (again.password() && !hidden(*again.password())) {
    kit::fuzz::fail("redaction leaves a password", url, shown);
  }
  for (const auto& [key, value] : again.params()) {
    if (kit::is_secret_param(key) && !hidden(value)) {
      kit::fuzz::fail("redaction leaves a secret parameter", url, shown);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string url(reinterpret_cast<const char*>(data), size);
  const std::string redacted = kit::redact_url(url);
  check_redacted(url, redacted);

  kit::DatabaseUrl parsed;
  try {
    parsed = kit::DatabaseUrl::parse(url);
  } catch (const kit::Error&) {
    return 0;  // its message shows the URL as redact_url() does, checked above
  }
  if (parsed.redacted() != redacted) {
    kit::fuzz::fail("redacted() differs from redact_url()", url, parsed.redacted());
  }
  // The host's Redactor, on a message that holds the URL: neither the password nor a
  // secret parameter (decoded) is left. (Checked where redaction cannot make it up from
  // other text: four characters or more, none of them '*'.)
  const kit::host::Redactor redactor(url);
  const std::string scrubbed = redactor.apply("cannot open " + url + ": failed");
  for (const auto& secret : parsed.secrets()) {
    if (secret.size() >= 4 && secret.find('*') == std::string::npos &&
        scrubbed.find(secret) != std::string::npos) {
      kit::fuzz::fail("Redactor::apply leaves a password", url, scrubbed);
    }
  }
  return 0;
}
