// SqliteTokenizer: splits SQLite SQL into tokens, enough to read a CREATE TABLE statement
// back (column types and defaults as written, constraint names) and to split a script.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kit::sqlite {

class SqliteTokenizer {
 public:
  enum class Kind {
    Word,      // a keyword or bare identifier: CREATE, users
    Quoted,    // a quoted identifier: "a b", `a`, [a]
    String,    // a string literal: 'it''s'
    Number,    // 12, 1.5e3, 0x1F
    Blob,      // x'00ff'
    Variable,  // ?1, :name, @name, $name
    Punct,     // ( ) , ; . and operators
  };

  struct Token {
    Kind kind;
    std::string_view text;  // as written, quotes included
    std::size_t offset;     // into the tokenized SQL

    /// Whether this is the (case-insensitive) keyword `word`.
    [[nodiscard]] bool is(std::string_view word) const noexcept;
    /// Whether this is the punctuation `p`.
    [[nodiscard]] bool is_punct(std::string_view p) const noexcept;
    /// Whether this can name something (a bare word, a quoted identifier, or a string,
    /// which SQLite accepts as an identifier in most places).
    [[nodiscard]] bool is_name() const noexcept;
    /// The identifier without its quotes, doubled quotes undone.
    [[nodiscard]] std::string name() const;
  };

  /// Tokenizes `sql`, skipping white space and comments. The tokens view into `sql`.
  /// Throws kit::Error on an unterminated quote or comment.
  [[nodiscard]] static std::vector<Token> tokenize(std::string_view sql);

  /// Whether two identifiers are the same to SQLite (ASCII case-insensitive).
  [[nodiscard]] static bool same_name(std::string_view a, std::string_view b) noexcept;
};

}  // namespace kit::sqlite
