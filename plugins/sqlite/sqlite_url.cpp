#include "sqlite_url.hpp"

#include <SQLiteCpp/Database.h>
#include <sqlite3.h>

#include "kit/database_url.hpp"
#include "kit/error.hpp"

namespace kit::sqlite {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view text, const std::string& shown) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    const int hi = i + 2 < text.size() ? hex_digit(text[i + 1]) : -1;
    const int lo = i + 2 < text.size() ? hex_digit(text[i + 2]) : -1;
    if (hi < 0 || lo < 0) throw Error("invalid SQLite URL '" + shown + "': bad percent-escape");
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

}  // namespace

SqliteUrl SqliteUrl::parse(std::string_view url) {
  const DatabaseUrl parsed = DatabaseUrl::parse(url);
  const std::string& shown = parsed.redacted();
  if (parsed.scheme() != "sqlite") {
    throw Error("invalid SQLite URL '" + shown + "': the scheme is not sqlite:");
  }

  // The opaque part keeps the leading "/" of sqlite:///abs/path.db that path() drops.
  std::string_view opaque = parsed.opaque();
  if (opaque.substr(0, 2) == "//") opaque.remove_prefix(2);
  SqliteUrl result;
  result.path_ = percent_decode(opaque, shown);
  if (result.path_.empty()) {
    throw Error("invalid SQLite URL '" + shown +
                "': no database file; use sqlite://database.db, sqlite:///abs/path.db or "
                "sqlite::memory:");
  }
  if (result.path_.find('\0') != std::string::npos) {
    throw Error("invalid SQLite URL '" + shown + "': the path contains a NUL character");
  }
  // SQLite built with SQLITE_USE_URI (Debian's is) reads a name starting with "file:" as a
  // URI of its own; this one names a file.
  if (result.path_.size() >= 5 && sqlite3_strnicmp(result.path_.c_str(), "file:", 5) == 0) {
    result.path_.insert(0, "./");
  }

  for (const auto& [key, value] : parsed.params()) {
    if (key != "mode") {
      throw Error("invalid SQLite URL '" + shown + "': unknown parameter '" + key +
                  "' (known: mode=ro|rw|rwc)");
    }
    if (value == "ro") {
      result.mode_ = Mode::ReadOnly;
    } else if (value == "rw") {
      result.mode_ = Mode::ReadWrite;
    } else if (value == "rwc") {
      result.mode_ = Mode::ReadWriteCreate;
    } else {
      throw Error("invalid SQLite URL '" + shown + "': mode='" + value +
                  "' is not one of ro, rw, rwc");
    }
  }
  return result;
}

int SqliteUrl::open_flags() const noexcept {
  switch (mode_) {
    case Mode::ReadOnly:
      return SQLite::OPEN_READONLY;
    case Mode::ReadWrite:
      return SQLite::OPEN_READWRITE;
    case Mode::ReadWriteCreate:
      return SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE;
  }
  return SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE;
}

}  // namespace kit::sqlite
