// result_code_name(): SQLite's result codes by name, as DatabaseError::code() carries them.
#include <gtest/gtest.h>

#include "sqlite_error.hpp"

namespace kit::sqlite {
namespace {

TEST(SqliteErrorTest, PrimaryAndExtendedCodesHaveTheirNames) {
  EXPECT_EQ(result_code_name(1), "SQLITE_ERROR");
  EXPECT_EQ(result_code_name(5), "SQLITE_BUSY");
  EXPECT_EQ(result_code_name(19), "SQLITE_CONSTRAINT");
  EXPECT_EQ(result_code_name(787), "SQLITE_CONSTRAINT_FOREIGNKEY");
  EXPECT_EQ(result_code_name(1299), "SQLITE_CONSTRAINT_NOTNULL");
  EXPECT_EQ(result_code_name(1555), "SQLITE_CONSTRAINT_PRIMARYKEY");
  EXPECT_EQ(result_code_name(2067), "SQLITE_CONSTRAINT_UNIQUE");
  EXPECT_EQ(result_code_name(14), "SQLITE_CANTOPEN");
}

TEST(SqliteErrorTest, UnknownCodesFallBackToNumbers) {
  EXPECT_EQ(result_code_name(250), "SQLITE_250");
  EXPECT_EQ(result_code_name(19 | (99 << 8)), "SQLITE_CONSTRAINT_99");
}

}  // namespace
}  // namespace kit::sqlite
