#include "dot_env.hpp"

#include <gtest/gtest.h>

#include "host_error.hpp"
#include "temp_dir.hpp"

namespace kit::host {
namespace {

TEST(DotEnvTest, ParsesTheUsualForms) {
  const auto env = DotEnv::parse(
      "# a comment\n"
      "\n"
      "DATABASE_URL=postgres://app@db/app\n"
      "export KIT_MIGRATIONS_DIR = out/migrations \n"
      "SINGLE='it is #not a comment'\n"
      "DOUBLE=\"line\\nnext \\\"quoted\\\" # kept\"  # comment\n"
      "INLINE=value # comment\n"
      "HASH=a#b\n"
      "EMPTY=\n"
      "WINDOWS=crlf\r\n"
      "REPEATED=first\n"
      "REPEATED=second\n");
  EXPECT_EQ(env.get("DATABASE_URL"), "postgres://app@db/app");
  EXPECT_EQ(env.get("KIT_MIGRATIONS_DIR"), "out/migrations");
  EXPECT_EQ(env.get("SINGLE"), "it is #not a comment");
  EXPECT_EQ(env.get("DOUBLE"), "line\nnext \"quoted\" # kept");
  EXPECT_EQ(env.get("INLINE"), "value");
  EXPECT_EQ(env.get("HASH"), "a#b");
  EXPECT_EQ(env.get("EMPTY"), "");
  EXPECT_EQ(env.get("WINDOWS"), "crlf");
  EXPECT_EQ(env.get("REPEATED"), "second");
  EXPECT_EQ(env.get("MISSING"), std::nullopt);
}

TEST(DotEnvTest, SingleQuotesAreLiteral) {
  const auto env = DotEnv::parse("A='x\\ny # z'\n");
  EXPECT_EQ(env.get("A"), "x\\ny # z");
}

TEST(DotEnvTest, MalformedLinesNameTheLine) {
  for (const auto& [text, line] :
       std::vector<std::pair<std::string, std::string>>{{"A=1\nno equals sign\n", ".env:2:"},
                                                        {"A=\"unterminated\n", ".env:1:"},
                                                        {"\n\n1BAD=x\n", ".env:3:"},
                                                        {"A='x' trailing\n", ".env:1:"}}) {
    try {
      (void)DotEnv::parse(text);
      ADD_FAILURE() << "accepted: " << text;
    } catch (const HostError& error) {
      EXPECT_EQ(error.code(), ExitCode::Usage);
      EXPECT_EQ(std::string(error.what()).rfind(line, 0), 0U) << error.what();
    }
  }
}

TEST(DotEnvTest, LoadOfAMissingFileIsEmpty) {
  kit::test::TempDir dir;
  EXPECT_TRUE(DotEnv::load(dir / ".env").empty());
  const auto env = DotEnv::load(dir.write(".env", "DATABASE_URL=sqlite://x.db\n"));
  EXPECT_EQ(env.get("DATABASE_URL"), "sqlite://x.db");
}

TEST(DotEnvTest, FilesAreReadInKitsOrder) {
  EXPECT_EQ(
      DotEnv::files_for("production"),
      (std::vector<std::string>{".env.production.local", ".env.production", ".env.local", ".env"}));
  // APP_ENV defaults to local; a file named twice is read once.
  EXPECT_EQ(DotEnv::files_for(""),
            (std::vector<std::string>{".env.local.local", ".env.local", ".env"}));
  EXPECT_EQ(DotEnv::files_for("local"), DotEnv::files_for(""));
  for (const char* bad : {"../x", "a/b", "a b", "..", "x\\y"}) {
    EXPECT_THROW((void)DotEnv::files_for(bad), HostError) << bad;
  }
}

TEST(DotEnvTest, EachKeyFromTheFirstFileThatSetsIt) {
  kit::test::TempDir dir;
  dir.write(".env", "A=env\nB=env\nC=env\nD=env\n");
  dir.write(".env.local", "A=local\nB=local\nC=local\n");
  dir.write(".env.staging", "A=staging\nB=staging\n");
  dir.write(".env.staging.local", "A=staging_local\n");
  const auto env = DotEnv::load_layered(dir.path(), "staging");
  EXPECT_EQ(env.get("A"), "staging_local");
  EXPECT_EQ(env.origin_of("A"), (dir / ".env.staging.local").string());
  EXPECT_EQ(env.get("B"), "staging");
  EXPECT_EQ(env.get("C"), "local");
  EXPECT_EQ(env.origin_of("C"), (dir / ".env.local").string());
  EXPECT_EQ(env.get("D"), "env");
  EXPECT_EQ(env.origin_of("D"), (dir / ".env").string());
  EXPECT_EQ(env.origin_of("E"), "");
  // Without APP_ENV: .env.local over .env; .env.staging is not read.
  const auto local = DotEnv::load_layered(dir.path(), "");
  EXPECT_EQ(local.get("A"), "local");
  EXPECT_EQ(local.get("D"), "env");
  // Relative to the working directory, the origin is the file's bare name.
  EXPECT_EQ(DotEnv::parse("A=1\n", ".env.local").origin_of("A"), ".env.local");
}

}  // namespace
}  // namespace kit::host
