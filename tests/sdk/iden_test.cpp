#include "kit/iden.hpp"

#include <gtest/gtest.h>

namespace {

KIT_IDEN(Users, Table, Id, Email, PasswordHash, CreatedAt);
KIT_IDEN(BlogPosts, Table, AuthorId);
KIT_IDEN(HTTPRequests, Table, HTTPStatus, Address2);

TEST(Iden, TableNamesTheEnumInSnakeCase) {
  EXPECT_EQ(kit::Iden(Users::Table).name(), "users");
  EXPECT_EQ(kit::Iden(BlogPosts::Table).name(), "blog_posts");
}

TEST(Iden, MembersAreSnakeCase) {
  EXPECT_EQ(kit::Iden(Users::Id).name(), "id");
  EXPECT_EQ(kit::Iden(Users::Email).name(), "email");
  EXPECT_EQ(kit::Iden(Users::PasswordHash).name(), "password_hash");
  EXPECT_EQ(kit::Iden(Users::CreatedAt).name(), "created_at");
  EXPECT_EQ(kit::Iden(BlogPosts::AuthorId).name(), "author_id");
}

TEST(Iden, AcronymsAndDigits) {
  EXPECT_EQ(kit::Iden(HTTPRequests::Table).name(), "http_requests");
  EXPECT_EQ(kit::Iden(HTTPRequests::HTTPStatus).name(), "http_status");
  EXPECT_EQ(kit::Iden(HTTPRequests::Address2).name(), "address2");
}

TEST(Iden, StringsAreTakenAsWritten) {
  EXPECT_EQ(kit::Iden("Mixed Case").name(), "Mixed Case");
  EXPECT_EQ(kit::Iden(std::string("order")).name(), "order");
}

TEST(ToSnakeCase, FollowsDeriveIden) {
  EXPECT_EQ(kit::to_snake_case("UserId"), "user_id");
  EXPECT_EQ(kit::to_snake_case("already_snake"), "already_snake");
  EXPECT_EQ(kit::to_snake_case("XMLHttpRequest"), "xml_http_request");
  EXPECT_EQ(kit::to_snake_case("A"), "a");
}

}  // namespace
