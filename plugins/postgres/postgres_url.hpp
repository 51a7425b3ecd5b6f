// PostgresUrl: a postgres:// URL turned into a libpq connection string, plus what error
// messages may show of it (host, port, database, user; never the password).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kit {

class PostgresUrl {
 public:
  /// Parses `postgres://user:password@host:port/database?key=value...` (or postgresql://).
  /// Every query parameter but `schema` goes to libpq as a connection keyword (sslmode,
  /// connect_timeout, application_name, options, ...). Throws kit::Error, password redacted.
  [[nodiscard]] static PostgresUrl parse(std::string_view url);

  /// The libpq keyword/value connection string, every value quoted. Holds the password:
  /// never print it.
  [[nodiscard]] const std::string& conninfo() const noexcept { return conninfo_; }
  /// The schema chosen with `?schema=name`, if any.
  [[nodiscard]] const std::optional<std::string>& schema() const noexcept { return schema_; }

  /// The server host as libpq will use it: the URL's, else PGHOST, else "localhost".
  [[nodiscard]] const std::string& host() const noexcept { return host_; }
  /// The port as libpq will use it: the URL's, else PGPORT, else "5432".
  [[nodiscard]] const std::string& port() const noexcept { return port_; }
  /// The database name as libpq will use it: the URL's, else PGDATABASE, else the user name.
  [[nodiscard]] const std::string& database() const noexcept { return database_; }
  [[nodiscard]] const std::string& user() const noexcept { return user_; }
  /// `host 127.0.0.1, port 5432, database "app", user "kit"`, for error messages.
  [[nodiscard]] std::string describe() const;
  /// The URL as given, with every password replaced by ***.
  [[nodiscard]] const std::string& redacted() const noexcept { return redacted_; }
  /// Replaces every password of this URL found in `text` by ***.
  [[nodiscard]] std::string scrub(std::string text) const;

 private:
  std::string conninfo_;
  std::optional<std::string> schema_;
  std::string host_;
  std::string port_;
  std::string database_;
  std::string user_;
  std::string redacted_;
  std::vector<std::string> secrets_;
};

}  // namespace kit
