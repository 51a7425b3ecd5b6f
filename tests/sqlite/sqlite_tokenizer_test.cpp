// SqliteTokenizer: what the table rebuild relies on to read CREATE statements back.
#include <gtest/gtest.h>

#include "kit/error.hpp"
#include "sqlite_tokenizer.hpp"

namespace kit::sqlite {
namespace {

using Kind = SqliteTokenizer::Kind;

TEST(SqliteTokenizerTest, QuotesCommentsAndOperators) {
  const auto tokens = SqliteTokenizer::tokenize(
      "CREATE TABLE \"a \"\"b\" (`c`, [d e], 'it''s' -- comment ; here\n"
      " /* block ; */ x'00ff', -1.5e3, ?2, :name, a<=b, c->>'$')");
  std::vector<std::string> texts;
  for (const auto& token : tokens) texts.emplace_back(token.text);
  EXPECT_EQ(texts, (std::vector<std::string>{
                       "CREATE", "TABLE",   "\"a \"\"b\"", "(",   "`c`", ",",     "[d e]",
                       ",",      "'it''s'", "x'00ff'",     ",",   "-",   "1.5e3", ",",
                       "?2",     ",",       ":name",       ",",   "a",   "<=",    "b",
                       ",",      "c",       "->>",         "'$'", ")"}));
  EXPECT_EQ(tokens[2].kind, Kind::Quoted);
  EXPECT_EQ(tokens[2].name(), "a \"b");
  EXPECT_EQ(tokens[4].name(), "c");
  EXPECT_EQ(tokens[6].name(), "d e");
  EXPECT_EQ(tokens[8].kind, Kind::String);
  EXPECT_EQ(tokens[8].name(), "it's");
  EXPECT_EQ(tokens[9].kind, Kind::Blob);
  EXPECT_EQ(tokens[12].kind, Kind::Number);
  EXPECT_EQ(tokens[14].kind, Kind::Variable);
  EXPECT_TRUE(tokens[0].is("create"));
  EXPECT_TRUE(tokens[3].is_punct("("));
  EXPECT_EQ(tokens[3].offset, std::string_view("CREATE TABLE \"a \"\"b\" ").size());
}

TEST(SqliteTokenizerTest, SameNameIsAsciiCaseInsensitive) {
  EXPECT_TRUE(SqliteTokenizer::same_name("Users", "uSERS"));
  EXPECT_FALSE(SqliteTokenizer::same_name("users", "user"));
}

TEST(SqliteTokenizerTest, UnterminatedQuotesAreErrors) {
  EXPECT_THROW((void)SqliteTokenizer::tokenize("SELECT 'abc"), Error);
  EXPECT_THROW((void)SqliteTokenizer::tokenize("SELECT \"abc"), Error);
  EXPECT_THROW((void)SqliteTokenizer::tokenize("SELECT /* abc"), Error);
}

}  // namespace
}  // namespace kit::sqlite
