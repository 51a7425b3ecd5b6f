// SqliteUrl: where a sqlite: URL points and how to open it.
#pragma once

#include <string>
#include <string_view>

namespace kit::sqlite {

/// The accepted forms:
///   sqlite://database.db      relative to the working directory
///   sqlite:///abs/path.db     absolute
///   sqlite:app.db             relative, without "//"
///   sqlite::memory:           a private in-memory database (also sqlite://:memory:)
/// and the query `?mode=ro|rw|rwc` (default rwc: create the file when missing, at the first
/// write; see SqliteDriver).
class SqliteUrl {
 public:
  enum class Mode { ReadOnly, ReadWrite, ReadWriteCreate };

  /// Parses a sqlite: URL; percent-escapes in the path are decoded. Throws kit::Error for
  /// another scheme, an empty path, or an unknown query parameter or mode.
  [[nodiscard]] static SqliteUrl parse(std::string_view url);

  /// The file name as SQLite gets it, or ":memory:".
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] Mode mode() const noexcept { return mode_; }
  [[nodiscard]] bool is_memory() const noexcept { return path_ == ":memory:"; }
  /// SQLITE_OPEN_* flags for the mode.
  [[nodiscard]] int open_flags() const noexcept;

 private:
  std::string path_;
  Mode mode_ = Mode::ReadWriteCreate;
};

}  // namespace kit::sqlite
