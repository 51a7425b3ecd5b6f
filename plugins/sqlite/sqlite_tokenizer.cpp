#include "sqlite_tokenizer.hpp"

#include <cctype>

#include "kit/error.hpp"

namespace kit::sqlite {

namespace {

bool is_word_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool is_word_char(char c) {
  return is_word_start(c) || std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '$';
}

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// The end of a quoted run starting at `begin` (the opening quote), doubled quotes allowed.
std::size_t quoted_end(std::string_view sql, std::size_t begin, char close) {
  std::size_t i = begin + 1;
  while (i < sql.size()) {
    if (sql[i] == close) {
      if (close != ']' && i + 1 < sql.size() && sql[i + 1] == close) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    ++i;
  }
  throw Error("unterminated quote in SQL: " + std::string(sql.substr(begin, 40)));
}

}  // namespace

bool SqliteTokenizer::Token::is(std::string_view word) const noexcept {
  return kind == Kind::Word && same_name(text, word);
}

bool SqliteTokenizer::Token::is_punct(std::string_view p) const noexcept {
  return kind == Kind::Punct && text == p;
}

bool SqliteTokenizer::Token::is_name() const noexcept {
  return kind == Kind::Word || kind == Kind::Quoted || kind == Kind::String;
}

std::string SqliteTokenizer::Token::name() const {
  if (kind == Kind::Word || text.size() < 2) return std::string(text);
  const char open = text.front();
  const char close = open == '[' ? ']' : open;
  std::string out;
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    out += text[i];
    if (text[i] == close && close != ']' && i + 2 < text.size() && text[i + 1] == close) ++i;
  }
  return out;
}

bool SqliteTokenizer::same_name(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::vector<SqliteTokenizer::Token> SqliteTokenizer::tokenize(std::string_view sql) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  const auto push = [&](Kind kind, std::size_t begin, std::size_t end) {
    tokens.push_back(Token{kind, sql.substr(begin, end - begin), begin});
    i = end;
  };
  while (i < sql.size()) {
    const char c = sql[i];
    const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      ++i;
    } else if (c == '-' && next == '-') {
      const auto end = sql.find('\n', i);
      i = end == std::string_view::npos ? sql.size() : end + 1;
    } else if (c == '/' && next == '*') {
      const auto end = sql.find("*/", i + 2);
      if (end == std::string_view::npos) throw Error("unterminated /* comment in SQL");
      i = end + 2;
    } else if ((c == 'x' || c == 'X') && next == '\'') {
      push(Kind::Blob, i, quoted_end(sql, i + 1, '\''));
    } else if (is_word_start(c)) {
      std::size_t end = i + 1;
      while (end < sql.size() && is_word_char(sql[end])) ++end;
      push(Kind::Word, i, end);
    } else if (c == '"' || c == '`') {
      push(Kind::Quoted, i, quoted_end(sql, i, c));
    } else if (c == '[') {
      push(Kind::Quoted, i, quoted_end(sql, i, ']'));
    } else if (c == '\'') {
      push(Kind::String, i, quoted_end(sql, i, '\''));
    } else if (is_digit(c) || (c == '.' && is_digit(next))) {
      std::size_t end = i;
      if (c == '0' && (next == 'x' || next == 'X')) {
        end += 2;
        while (end < sql.size() && std::isxdigit(static_cast<unsigned char>(sql[end])) != 0) ++end;
      } else {
        while (end < sql.size() && (is_digit(sql[end]) || sql[end] == '.' || sql[end] == '_')) {
          ++end;
        }
        if (end < sql.size() && (sql[end] == 'e' || sql[end] == 'E')) {
          ++end;
          if (end < sql.size() && (sql[end] == '+' || sql[end] == '-')) ++end;
          while (end < sql.size() && is_digit(sql[end])) ++end;
        }
      }
      push(Kind::Number, i, end);
    } else if (c == '?' || ((c == ':' || c == '@' || c == '$') && is_word_char(next))) {
      std::size_t end = i + 1;
      while (end < sql.size() && is_word_char(sql[end])) ++end;
      push(Kind::Variable, i, end);
    } else {
      // Two-character operators first, so that "<=" stays one token.
      static constexpr std::string_view kTwo[] = {
          "<=", ">=", "<>", "!=", "==", "||", "<<", ">>", "->"};
      std::size_t length = 1;
      for (const auto op : kTwo) {
        if (sql.substr(i, 2) == op) length = 2;
      }
      if (length == 2 && sql.substr(i, 3) == "->>") length = 3;
      push(Kind::Punct, i, i + length);
    }
  }
  return tokens;
}

}  // namespace kit::sqlite
