#include "postgres_sql_scanner.hpp"

#include <array>
#include <cstddef>

namespace kit {

namespace {

constexpr std::size_t kNone = std::string_view::npos;

bool is_newline(char c) { return c == '\n' || c == '\r'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v' || is_newline(c); }
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

/// The end of a -- comment at `i`: the next newline, which the lexer counts as either.
std::size_t skip_line_comment(std::string_view sql, std::size_t i) {
  while (i < sql.size() && !is_newline(sql[i])) ++i;
  return i;
}

/// The end of a quoted run at `i`, its opening `quote`: a doubled quote stands for one,
/// and with `backslashes` a backslash escapes the byte after it.
std::size_t skip_quoted(std::string_view sql, std::size_t i, char quote, bool backslashes) {
  for (++i; i < sql.size(); ++i) {
    if (backslashes && sql[i] == '\\') {
      ++i;
    } else if (sql[i] == quote) {
      if (i + 1 < sql.size() && sql[i + 1] == quote) {
        ++i;
      } else {
        return i + 1;
      }
    }
  }
  return sql.size();
}

/// Where the string literal that ended at `end` goes on: 'a' <newline> 'b' is one literal
/// 'ab' (whitespace with a newline, and -- comments, between the parts). The position of
/// the next part's quote, or kNone.
std::size_t continuation(std::string_view sql, std::size_t end) {
  bool newline = false;
  std::size_t i = end;
  while (i < sql.size()) {
    if (is_newline(sql[i])) {
      newline = true;
      ++i;
    } else if (is_space(sql[i])) {
      ++i;
    } else if (sql[i] == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      i = skip_line_comment(sql, i);
    } else {
      break;
    }
  }
  return newline && i < sql.size() && sql[i] == '\'' ? i : kNone;
}

/// The end of a string literal at `i` (its opening quote), its continuations included.
std::size_t skip_string(std::string_view sql, std::size_t i, bool backslashes) {
  for (;;) {
    i = skip_quoted(sql, i, '\'', backslashes);
    const std::size_t next = continuation(sql, i);
    if (next == kNone) return i;
    i = next;
  }
}

/// The end of a /* ... */ comment at `i`; they nest.
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

/// One statement's first words, and whether a semicolon ends it: not inside parentheses
/// (CREATE RULE ... DO (a; b)), nor inside the BEGIN ATOMIC ... END body of a CREATE
/// [OR REPLACE] FUNCTION or PROCEDURE, which ends at an END that starts a statement of it.
class Statement {
 public:
  /// A token that is not an identifier (a literal, an operator).
  void token(std::size_t at) {
    word(std::string_view(), at);
    after_begin_ = false;
    body_start_ = false;
  }
  void identifier(std::string_view name, std::size_t at) {
    word(name, at);
    if (identifiers_ < kinds_.size()) {
      const bool noted = same_word(name, "create") || same_word(name, "or") ||
                         same_word(name, "replace") || same_word(name, "function") ||
                         same_word(name, "procedure");
      kinds_[identifiers_] = noted ? lower(name[0]) : '\0';
    }
    ++identifiers_;
    if (in_body_) {
      if (body_start_ && same_word(name, "end")) in_body_ = false;
      body_start_ = false;
      return;
    }
    if (after_begin_ && same_word(name, "atomic")) {
      in_body_ = true;
      body_start_ = true;
    }
    after_begin_ = routine() && paren_depth_ == 0 && same_word(name, "begin");
  }
  void open_paren(std::size_t at) {
    token(at);
    ++paren_depth_;
  }
  void close_paren(std::size_t at) {
    token(at);
    if (paren_depth_ > 0) --paren_depth_;
  }
  /// A semicolon; true when it ends the statement.
  [[nodiscard]] bool semicolon() {
    after_begin_ = false;
    if (in_body_) {
      body_start_ = paren_depth_ == 0;
      return false;
    }
    return paren_depth_ == 0;
  }
  /// Whether the statement starts or ends a transaction.
  [[nodiscard]] bool controls_transaction() const {
    const auto is = [&](std::size_t i, std::string_view lowercase) {
      return i < tokens_ && same_word(words_[i], lowercase);
    };
    if (is(0, "begin") || is(0, "commit") || is(0, "end") || is(0, "abort")) return true;
    if (is(0, "start") || is(0, "prepare")) return is(1, "transaction");
    if (is(0, "rollback")) {
      // ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT] name stays inside the transaction.
      const std::size_t to = is(1, "work") || is(1, "transaction") ? 2 : 1;
      return !is(to, "to");
    }
    return false;
  }
  [[nodiscard]] bool empty() const noexcept { return tokens_ == 0; }
  [[nodiscard]] std::size_t first() const noexcept { return first_; }

 private:
  void word(std::string_view name, std::size_t at) {
    if (tokens_ == 0) first_ = at;
    if (tokens_ < words_.size()) words_[tokens_] = name;
    ++tokens_;
  }
  [[nodiscard]] bool routine() const noexcept {
    return kinds_[0] == 'c' &&
           (kinds_[1] == 'f' || kinds_[1] == 'p' ||
            (kinds_[1] == 'o' && kinds_[2] == 'r' && (kinds_[3] == 'f' || kinds_[3] == 'p')));
  }

  std::size_t first_ = 0;  // where its first token starts
  std::size_t tokens_ = 0;
  std::array<std::string_view, 3> words_{};  // its first tokens; empty for non-identifiers
  std::size_t identifiers_ = 0;
  std::array<char, 4> kinds_{};  // first letters of CREATE, OR, REPLACE, FUNCTION, PROCEDURE
  int paren_depth_ = 0;
  bool after_begin_ = false;  // the last token was a routine's BEGIN
  bool in_body_ = false;      // inside BEGIN ATOMIC ... END
  bool body_start_ = false;   // the next token starts a statement of the body
};

/// The first statement that controls a transaction, reading plain '...' strings with
/// `backslashes` as escapes (standard_conforming_strings off) or not.
std::optional<std::string> scan(std::string_view sql, bool backslashes) {
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
      i = skip_line_comment(sql, i);
    } else if (c == '/' && next == '*') {
      i = skip_block_comment(sql, i);
    } else if (c == '\'') {
      statement.token(i);
      i = skip_string(sql, i, backslashes);
    } else if (c == '"') {
      statement.token(i);
      i = skip_quoted(sql, i, '"', false);
    } else if (const std::size_t length = c == '$' ? dollar_tag(sql, i) : 0; length > 0) {
      statement.token(i);
      const std::size_t close = sql.find(sql.substr(i, length), i + length);
      i = close == kNone ? sql.size() : close + length;
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
    } else if (c == ';') {
      if (statement.semicolon()) {
        if (auto found = finish(i)) return found;
        statement = Statement();
      }
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

}  // namespace

std::optional<std::string> PostgresSqlScanner::transaction_control(
    std::string_view sql, bool standard_conforming_strings) {
  return scan(sql.substr(0, sql.find('\0')), !standard_conforming_strings);  // what libpq sends
}

}  // namespace kit
