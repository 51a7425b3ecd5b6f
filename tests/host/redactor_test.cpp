#include "redactor.hpp"

#include <gtest/gtest.h>

namespace kit::host {
namespace {

TEST(RedactorTest, RemovesThePasswordInEveryForm) {
  const Redactor redactor("postgres://app:s3cr%40t@db:5432/app?sslmode=require");
  const auto text = redactor.apply(
      "cannot connect to postgres://app:s3cr%40t@db:5432/app?sslmode=require: password "
      "'s3cr@t' rejected; raw s3cr%40t");
  EXPECT_EQ(text.find("s3cr"), std::string::npos) << text;
  EXPECT_NE(text.find("postgres://app:***@db:5432/app?sslmode=require"), std::string::npos) << text;
}

TEST(RedactorTest, PasswordParameterAndMalformedUrls) {
  EXPECT_EQ(Redactor("postgres://db/app?password=hunter2").apply("x hunter2 y"), "x *** y");
  EXPECT_EQ(Redactor("postgres://u:hunter2@db:notaport/app").apply("bad hunter2"), "bad ***");
}

// What the URL's redaction hides, wherever the URL puts it: a URL without "//", whose
// "password" ends up in a file name that errors quote.
TEST(RedactorTest, WhatTheDatabaseLineHidesIsHiddenEverywhere) {
  const Redactor redactor("sqlite:admin:S3cr%2Fet@dbhost/app.db");
  EXPECT_EQ(redactor.apply("cannot open 'admin:S3cr/et@dbhost/app.db' (admin:S3cr%2Fet)"),
            "cannot open 'admin:***@dbhost/app.db' (admin:***)");
}

TEST(RedactorTest, LeavesTextWithoutSecretsAlone) {
  EXPECT_EQ(Redactor("sqlite://database.db").apply("sqlite://database.db is fine"),
            "sqlite://database.db is fine");
  EXPECT_EQ(Redactor().apply("plain"), "plain");
}

}  // namespace
}  // namespace kit::host
