// SqliteUrl: the sqlite: URL forms kit-host accepts.
#include <gtest/gtest.h>

#include "kit/error.hpp"
#include "sqlite_url.hpp"

namespace kit::sqlite {
namespace {

TEST(SqliteUrlTest, RelativeWithSlashes) {
  const auto url = SqliteUrl::parse("sqlite://database.db");
  EXPECT_EQ(url.path(), "database.db");
  EXPECT_EQ(url.mode(), SqliteUrl::Mode::ReadWriteCreate);
  EXPECT_FALSE(url.is_memory());
  EXPECT_EQ(SqliteUrl::parse("sqlite://data/app.db").path(), "data/app.db");
}

// As sqlx reads sqlite:// URLs (and so Kit and SeaORM): a colon in the name is no port.
TEST(SqliteUrlTest, AColonInTheFileNameIsPartOfIt) {
  EXPECT_EQ(SqliteUrl::parse("sqlite://data:2024.db").path(), "data:2024.db");
  EXPECT_EQ(SqliteUrl::parse("sqlite://a:b/c:d.db?mode=ro").path(), "a:b/c:d.db");
  EXPECT_EQ(SqliteUrl::parse("sqlite://backups/2024-01-01T10:00.db").path(),
            "backups/2024-01-01T10:00.db");
}

TEST(SqliteUrlTest, Absolute) {
  EXPECT_EQ(SqliteUrl::parse("sqlite:///var/lib/app/app.db").path(), "/var/lib/app/app.db");
}

TEST(SqliteUrlTest, WithoutSlashes) {
  EXPECT_EQ(SqliteUrl::parse("sqlite:app.db").path(), "app.db");
}

TEST(SqliteUrlTest, Memory) {
  EXPECT_TRUE(SqliteUrl::parse("sqlite::memory:").is_memory());
  EXPECT_TRUE(SqliteUrl::parse("sqlite://:memory:").is_memory());
}

TEST(SqliteUrlTest, PercentEscapesAreDecoded) {
  EXPECT_EQ(SqliteUrl::parse("sqlite:///tmp/my%20app.db").path(), "/tmp/my app.db");
  EXPECT_EQ(SqliteUrl::parse("sqlite:///tmp/a%23b.db").path(), "/tmp/a#b.db");
}

TEST(SqliteUrlTest, AFragmentIsRefusedNotDropped) {
  // Found in review: sqlite:///tmp/a#b.db opened /tmp/a.
  for (const char* url : {"sqlite:///tmp/a#b.db", "sqlite://my#1.db", "sqlite:x.db#"}) {
    try {
      (void)SqliteUrl::parse(url);
      ADD_FAILURE() << url << ": accepted";
    } catch (const Error& error) {
      EXPECT_NE(std::string(error.what()).find("%23"), std::string::npos) << error.what();
    }
  }
}

TEST(SqliteUrlTest, AFileNamedLikeAnSqliteUriIsAFile) {
  // SQLite built with SQLITE_USE_URI would read "file:x.db" as a URI.
  EXPECT_EQ(SqliteUrl::parse("sqlite:file:x.db").path(), "./file:x.db");
  EXPECT_EQ(SqliteUrl::parse("sqlite:///tmp/file:x.db").path(), "/tmp/file:x.db");
}

TEST(SqliteUrlTest, Modes) {
  EXPECT_EQ(SqliteUrl::parse("sqlite://a.db?mode=ro").mode(), SqliteUrl::Mode::ReadOnly);
  EXPECT_EQ(SqliteUrl::parse("sqlite:a.db?mode=rw").mode(), SqliteUrl::Mode::ReadWrite);
  EXPECT_EQ(SqliteUrl::parse("sqlite:///a.db?mode=rwc").path(), "/a.db");
  EXPECT_EQ(SqliteUrl::parse("sqlite:///a.db?mode=rwc").mode(), SqliteUrl::Mode::ReadWriteCreate);
}

TEST(SqliteUrlTest, BadUrlsSayWhatIsWrong) {
  EXPECT_THROW((void)SqliteUrl::parse("postgres://localhost/app"), Error);
  EXPECT_THROW((void)SqliteUrl::parse("sqlite://"), Error);
  EXPECT_THROW((void)SqliteUrl::parse("sqlite:"), Error);
  try {
    (void)SqliteUrl::parse("sqlite://a.db?mode=wr");
    FAIL() << "expected kit::Error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("mode='wr'"), std::string::npos) << error.what();
  }
  try {
    (void)SqliteUrl::parse("sqlite://a.db?cache=shared");
    FAIL() << "expected kit::Error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("cache"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace kit::sqlite
