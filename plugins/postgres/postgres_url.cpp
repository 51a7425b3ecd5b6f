#include "postgres_url.hpp"

#include <cstdlib>

#include "kit/database_url.hpp"
#include "kit/error.hpp"

namespace kit {

namespace {

/// 'value' with backslashes and quotes escaped, as libpq's conninfo parser reads it.
std::string conninfo_value(std::string_view value) {
  std::string out = "'";
  for (const char c : value) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
}

bool valid_keyword(std::string_view key) {
  if (key.empty()) return false;
  for (const char c : key) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? std::string(value) : std::string();
}

std::string first_of(std::initializer_list<std::string> candidates) {
  for (const auto& candidate : candidates) {
    if (!candidate.empty()) return candidate;
  }
  return {};
}

}  // namespace

PostgresUrl PostgresUrl::parse(std::string_view text) {
  const DatabaseUrl url = DatabaseUrl::parse(text);
  PostgresUrl out;
  out.redacted_ = url.redacted();
  if (url.scheme() != "postgres" && url.scheme() != "postgresql") {
    throw Error("invalid PostgreSQL URL '" + out.redacted_ +
                "': the scheme is postgres:// or postgresql://");
  }
  if (!url.has_authority()) {
    throw Error("invalid PostgreSQL URL '" + out.redacted_ +
                "': expected postgres://user:password@host:port/database");
  }

  std::string param_host;
  std::string param_port;
  std::string param_database;
  std::string param_user;
  bool names_encoding = false;
  const auto add = [&](std::string_view key, std::string_view value) {
    out.conninfo_ +=
        (out.conninfo_.empty() ? "" : " ") + std::string(key) + "=" + conninfo_value(value);
  };
  if (!url.host().empty()) add("host", url.host());
  if (url.port()) add("port", std::to_string(*url.port()));
  if (!url.path().empty()) add("dbname", url.path());
  if (!url.user().empty()) add("user", url.user());
  if (url.password()) {
    add("password", *url.password());
    out.secrets_.push_back(*url.password());
  }
  for (const auto& [key, value] : url.params()) {
    if (key == "schema") {
      if (value.empty()) {
        throw Error("invalid PostgreSQL URL '" + out.redacted_ + "': ?schema= names no schema");
      }
      out.schema_ = value;
      continue;
    }
    if (!valid_keyword(key)) {
      throw Error("invalid PostgreSQL URL '" + out.redacted_ + "': '" + key +
                  "' is not a connection parameter name");
    }
    if (key == "client_encoding") {
      // An empty one names none: libpq sends nothing, and the server's configuration, the
      // database's or the role's would apply (and a reload could change it mid-migration).
      if (value.empty()) continue;
      names_encoding = true;
    }
    add(key, value);
    if (is_secret_param(key)) out.secrets_.push_back(value);
    if (key == "host" || key == "hostaddr") param_host = value;
    if (key == "port") param_port = value;
    if (key == "dbname") param_database = value;
    if (key == "user") param_user = value;
  }

  // The SQL kit-host sends is UTF-8: the migrations' C++ strings, the builder's names. Said
  // at connect, it outranks what the server's configuration, the database or the role says,
  // and so also a configuration reload in the middle of a migration, which libpq would hear
  // of only after the statement the server had already read in another encoding. A URL
  // that names its own (non-empty) encoding keeps it (PGCLIENTENCODING is not read).
  if (!names_encoding) add("client_encoding", "UTF8");

  // Shows as the session's application in pg_stat_activity unless the URL names one.
  add("fallback_application_name", "kit-host");

  out.user_ = first_of({param_user, url.user(), environment("PGUSER")});
  out.host_ = first_of({param_host, url.host(), environment("PGHOST"), "localhost"});
  out.port_ = first_of({param_port, url.port() ? std::to_string(*url.port()) : std::string(),
                        environment("PGPORT"), "5432"});
  out.database_ = first_of({param_database, url.path(), environment("PGDATABASE"), out.user_});
  return out;
}

std::string PostgresUrl::describe() const {
  std::string out = "host " + host_ + ", port " + port_ + ", database \"" + database_ + "\"";
  if (!user_.empty()) out += ", user \"" + user_ + "\"";
  return scrub(out);
}

std::string PostgresUrl::scrub(std::string text) const { return redact_all(text, secrets_); }

}  // namespace kit
