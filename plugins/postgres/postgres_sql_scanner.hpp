// PostgresSqlScanner: finds, in SQL text that may hold several statements, the statements
// that would start or end a transaction, without a server. Splits the text where psql does:
// at semicolons outside quotes, comments, parentheses and the BEGIN ... END body of a
// CREATE FUNCTION or PROCEDURE, skipping '...' and E'...' strings, "..." identifiers,
// $tag$...$tag$ bodies and -- and nested /* */ comments.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kit {

class PostgresSqlScanner {
 public:
  /// The first statement of `sql` that would end or start a transaction: BEGIN, START
  /// TRANSACTION, COMMIT, END, ABORT, ROLLBACK (but not ROLLBACK TO a savepoint) and
  /// PREPARE TRANSACTION, as written, without leading comments and up to its end; nullopt
  /// when there is none. SAVEPOINT, RELEASE and ROLLBACK TO nest inside a transaction and
  /// are not reported, nor are words inside strings, comments and function bodies.
  [[nodiscard]] static std::optional<std::string> transaction_control(std::string_view sql);
};

}  // namespace kit
