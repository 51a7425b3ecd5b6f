// The SDK's exceptions: a shallow hierarchy whose fields say what to act on.
#pragma once

#include <stdexcept>
#include <string>

#include "kit/export.hpp"

namespace kit {

/// Base of every error kit throws; what() is one line fit to show a user.
class KIT_SDK_API Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message);
  ~Error() override;
};

/// A statement the database rejected, with the SQL it ran and the database's own code.
class KIT_SDK_API DatabaseError : public Error {
 public:
  DatabaseError(std::string message, std::string sql, std::string code);
  ~DatabaseError() override;

  /// The database's message, without the SQL or code.
  [[nodiscard]] const std::string& message() const noexcept { return message_; }
  /// The statement that failed; empty when the failure was not tied to one (connecting).
  [[nodiscard]] const std::string& sql() const noexcept { return sql_; }
  /// The database's error code: SQLSTATE on PostgreSQL, the extended result code name on SQLite.
  [[nodiscard]] const std::string& code() const noexcept { return code_; }

 private:
  std::string message_;
  std::string sql_;
  std::string code_;
};

/// A statement a dialect cannot express; names the dialect and the statement.
class KIT_SDK_API UnsupportedError : public Error {
 public:
  UnsupportedError(std::string dialect, std::string statement, const std::string& reason);
  ~UnsupportedError() override;

  [[nodiscard]] const std::string& dialect() const noexcept { return dialect_; }
  [[nodiscard]] const std::string& statement() const noexcept { return statement_; }

 private:
  std::string dialect_;
  std::string statement_;
};

/// The migration lock stayed taken by another run for the whole timeout.
class KIT_SDK_API LockTimeoutError : public Error {
 public:
  using Error::Error;
  ~LockTimeoutError() override;
};

/// A builder used in a way that cannot produce a statement (no table name, no columns...).
class KIT_SDK_API SchemaError : public Error {
 public:
  using Error::Error;
  ~SchemaError() override;
};

/// Thrown by the default Migration::down(): the migration cannot be rolled back.
class KIT_SDK_API IrreversibleMigrationError : public Error {
 public:
  using Error::Error;
  ~IrreversibleMigrationError() override;
};

}  // namespace kit
