// Turning SQLite's failures into kit::DatabaseError, with the extended result code's name.
#pragma once

#include <string>

#include "kit/error.hpp"

namespace SQLite {
class Exception;
}  // namespace SQLite

struct sqlite3;

namespace kit::sqlite {

/// Names an (extended) SQLite result code, e.g. 19 -> "SQLITE_CONSTRAINT", 787 ->
/// "SQLITE_CONSTRAINT_FOREIGNKEY"; unknown codes give "SQLITE_<number>".
[[nodiscard]] std::string result_code_name(int code);

/// A DatabaseError for a SQLiteCpp exception raised while running `sql`.
[[nodiscard]] DatabaseError database_error(const SQLite::Exception& error, std::string sql);

/// A DatabaseError for the connection's last failure (sqlite3_extended_errcode).
[[nodiscard]] DatabaseError database_error(sqlite3* db, std::string sql);

}  // namespace kit::sqlite
