#include "kit/error.hpp"

#include <utility>

namespace kit {

Error::Error(const std::string& message) : std::runtime_error(message) {}
Error::~Error() = default;

namespace {
std::string database_message(const std::string& message, const std::string& sql,
                             const std::string& code) {
  std::string out = message;
  if (!code.empty()) out += " [" + code + "]";
  if (!sql.empty()) out += " in: " + sql;
  return out;
}
}  // namespace

DatabaseError::DatabaseError(std::string message, std::string sql, std::string code)
    : Error(database_message(message, sql, code)),
      message_(std::move(message)),
      sql_(std::move(sql)),
      code_(std::move(code)) {}
DatabaseError::~DatabaseError() = default;

UnsupportedError::UnsupportedError(std::string dialect, std::string statement,
                                   const std::string& reason)
    : Error(dialect + " cannot " + statement + ": " + reason),
      dialect_(std::move(dialect)),
      statement_(std::move(statement)) {}
UnsupportedError::~UnsupportedError() = default;

LockTimeoutError::~LockTimeoutError() = default;
SchemaError::~SchemaError() = default;
IrreversibleMigrationError::~IrreversibleMigrationError() = default;

}  // namespace kit
