#include "postgres_sql_scanner.hpp"

#include <array>
#include <cstddef>

namespace kit {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
// PostgreSQL's identifiers: letters, underscores and any byte of a multibyte character
// first; digits and dollar signs after.
bool starts_identifier(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool continues_identifier(char c) { return starts_identifier(c) || is_digit(c) || c == '$'; }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool same_word(std::string_view word, std::string_view lowercase) {
  if (word.size() != lowercase.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (lower(word[i]) != lowercase[i]) return false;
  }
  return true;
}

/// One statement's words, as far as deciding needs them.
class Statement {
 public:
  void reset() { *this = Statement(); }
  /// A token that is not an identifier (a string, a number, an operator).
  void token(std::size_t at) {
    mark(at);
    if (tokens_ < words_.size()) words_[tokens_] = {};
    ++tokens_;
  }
  void identifier(std::string_view word, std::size_t at) {
    mark(at);
    if (tokens_ < words_.size()) words_[tokens_] = word;
    ++tokens_;
    // psql's rule: in CREATE [OR REPLACE] FUNCTION|PROCEDURE, BEGIN ... END (and a CASE
    // ... END inside it) hold semicolons that do not end the statement.
    if (identifiers_ < kinds_.size()) {
      const bool noted = same_word(word, "create") || same_word(word, "or") ||
                         same_word(word, "replace") || same_word(word, "function") ||
                         same_word(word, "procedure");
      kinds_[identifiers_] = noted ? lower(word[0]) : '\0';
    }
    ++identifiers_;
    const bool routine =
        kinds_[0] == 'c' &&
        (kinds_[1] == 'f' || kinds_[1] == 'p' ||
         (kinds_[1] == 'o' && kinds_[2] == 'r' && (kinds_[3] == 'f' || kinds_[3] == 'p')));
    if (!routine || paren_depth_ > 0) return;
    if (same_word(word, "begin")) {
      ++begin_depth_;
    } else if (same_word(word, "case")) {
      if (begin_depth_ > 0) ++begin_depth_;
    } else if (same_word(word, "end")) {
      if (begin_depth_ > 0) --begin_depth_;
    }
  }
  void open_paren(std::size_t at) {
    token(at);
    ++paren_depth_;
  }
  void close_paren(std::size_t at) {
    token(at);
    if (paren_depth_ > 0) --paren_depth_;
  }
  /// Whether a semicolon here ends the statement.
  [[nodiscard]] bool ends_at_semicolon() const noexcept {
    return paren_depth_ == 0 && begin_depth_ == 0;
  }
  /// Whether the statement starts or ends a transaction.
  [[nodiscard]] bool controls_transaction() const {
    const auto word = [&](std::size_t i, std::string_view lowercase) {
      return i < tokens_ && same_word(words_[i], lowercase);
    };
    if (word(0, "begin") || word(0, "commit") || word(0, "end") || word(0, "abort")) return true;
    if (word(0, "start") || word(0, "prepare")) return word(1, "transaction");
    if (word(0, "rollback")) {
      // ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT] name stays inside the transaction.
      const std::size_t to = word(1, "work") || word(1, "transaction") ? 2 : 1;
      return !word(to, "to");
    }
    return false;
  }
  [[nodiscard]] bool empty() const noexcept { return tokens_ == 0; }
  [[nodiscard]] std::size_t first() const noexcept { return first_; }

 private:
  void mark(std::size_t at) {
    if (tokens_ == 0) first_ = at;
  }

  std::size_t first_ = 0;  // where its first token starts
  std::size_t tokens_ = 0;
  std::array<std::string_view, 3> words_{};
  std::size_t identifiers_ = 0;
  std::array<char, 4> kinds_{};  // first letters of CREATE, OR, REPLACE, FUNCTION, PROCEDURE
  int paren_depth_ = 0;
  int begin_depth_ = 0;
};

/// The end of a '...' string starting at `i` (its opening quote); `backslashes` for E'...'.
std::size_t skip_string(std::string_view sql, std::size_t i, bool backslashes) {
  for (++i; i < sql.size(); ++i) {
    if (backslashes && sql[i] == '\\') {
      ++i;
    } else if (sql[i] == '\'') {
      if (i + 1 < sql.size() && sql[i + 1] == '\'') {
        ++i;
      } else {
        return i + 1;
      }
    }
  }
  return sql.size();
}

/// The end of a "..." identifier starting at `i`.
std::size_t skip_quoted_identifier(std::string_view sql, std::size_t i) {
  for (++i; i < sql.size(); ++i) {
    if (sql[i] != '"') continue;
    if (i + 1 < sql.size() && sql[i + 1] == '"') {
      ++i;
    } else {
      return i + 1;
    }
  }
  return sql.size();
}

/// The end of a /* ... */ comment starting at `i`; they nest.
std::size_t skip_block_comment(std::string_view sql, std::size_t i) {
  int depth = 0;
  while (i + 1 < sql.size()) {
    if (sql[i] == '/' && sql[i + 1] == '*') {
      ++depth;
      i += 2;
    } else if (sql[i] == '*' && sql[i + 1] == '/') {
      i += 2;
      if (--depth == 0) return i;
    } else {
      ++i;
    }
  }
  return sql.size();
}

/// The length of a $tag$ delimiter at `i`, or 0 when the dollar sign starts none.
std::size_t dollar_tag(std::string_view sql, std::size_t i) {
  std::size_t j = i + 1;
  if (j < sql.size() && is_digit(sql[j])) return 0;  // $1, a parameter
  while (j < sql.size() && sql[j] != '$' && continues_identifier(sql[j])) ++j;
  return j < sql.size() && sql[j] == '$' ? j + 1 - i : 0;
}

}  // namespace

std::optional<std::string> PostgresSqlScanner::transaction_control(std::string_view sql) {
  Statement statement;
  const auto finish = [&](std::size_t end) -> std::optional<std::string> {
    if (statement.empty() || !statement.controls_transaction()) return std::nullopt;
    std::size_t last = end;
    while (last > statement.first() && is_space(sql[last - 1])) --last;
    return std::string(sql.substr(statement.first(), last - statement.first()));
  };
  std::size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    if (is_space(c)) {
      ++i;
    } else if (c == '-' && next == '-') {
      while (i < sql.size() && sql[i] != '\n') ++i;
    } else if (c == '/' && next == '*') {
      i = skip_block_comment(sql, i);
    } else if (c == '\'') {
      statement.token(i);
      i = skip_string(sql, i, false);
    } else if (c == '"') {
      statement.token(i);
      i = skip_quoted_identifier(sql, i);
    } else if (c == '$' && dollar_tag(sql, i) > 0) {
      const std::size_t length = dollar_tag(sql, i);
      const std::string_view tag = sql.substr(i, length);
      statement.token(i);
      const std::size_t close = sql.find(tag, i + length);
      i = close == std::string_view::npos ? sql.size() : close + length;
    } else if (starts_identifier(c)) {
      const std::size_t start = i;
      while (i < sql.size() && continues_identifier(sql[i])) ++i;
      const std::string_view word = sql.substr(start, i - start);
      if (same_word(word, "e") && i < sql.size() && sql[i] == '\'') {
        statement.token(start);  // E'...': backslashes escape
        i = skip_string(sql, i, true);
      } else {
        statement.identifier(word, start);
      }
    } else if (c == '(') {
      statement.open_paren(i++);
    } else if (c == ')') {
      statement.close_paren(i++);
    } else if (c == ';' && statement.ends_at_semicolon()) {
      if (auto found = finish(i)) return found;
      statement.reset();
      ++i;
    } else if (is_digit(c)) {
      statement.token(i);  // a number: digits, a point, an exponent
      while (i < sql.size() && (continues_identifier(sql[i]) || sql[i] == '.')) ++i;
    } else {
      statement.token(i);  // an operator or punctuation
      ++i;
    }
  }
  return finish(sql.size());
}

}  // namespace kit
