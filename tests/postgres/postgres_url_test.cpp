// PostgresUrl: URL to libpq keyword/value string, and what messages may show of it.
#include "postgres_url.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "kit/error.hpp"

namespace kit {

namespace {

class PostgresUrlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"PGHOST", "PGPORT", "PGDATABASE", "PGUSER"}) ::unsetenv(name);
  }
};

TEST_F(PostgresUrlTest, EveryPartBecomesAQuotedKeyword) {
  const auto url = PostgresUrl::parse(
      "postgres://app:s3cret@db.example.com:6543/appdb?sslmode=require&connect_timeout=5"
      "&application_name=billing");
  EXPECT_EQ(url.conninfo(),
            "host='db.example.com' port='6543' dbname='appdb' user='app' password='s3cret' "
            "sslmode='require' connect_timeout='5' application_name='billing' "
            "client_encoding='UTF8' fallback_application_name='kit-host'");
  EXPECT_EQ(url.schema(), std::nullopt);
  EXPECT_EQ(url.describe(), "host db.example.com, port 6543, database \"appdb\", user \"app\"");
}

TEST_F(PostgresUrlTest, QuotesAndBackslashesAreEscapedForLibpq) {
  // password: it's\a b'c=d (percent-encoded in the URL)
  const auto url = PostgresUrl::parse("postgresql://u%20x:it%27s%5Ca%20b%27c%3Dd@h/my%20db");
  EXPECT_EQ(url.conninfo(),
            "host='h' dbname='my db' user='u x' password='it\\'s\\\\a b\\'c=d' "
            "client_encoding='UTF8' fallback_application_name='kit-host'");
}

TEST_F(PostgresUrlTest, SchemaIsOursAndNotLibpqs) {
  const auto url = PostgresUrl::parse("postgres://u@h/db?schema=tenant_a&sslmode=disable");
  EXPECT_EQ(url.schema(), "tenant_a");
  EXPECT_EQ(url.conninfo().find("schema"), std::string::npos);
  EXPECT_NE(url.conninfo().find("sslmode='disable'"), std::string::npos);
  EXPECT_THROW((void)PostgresUrl::parse("postgres://u@h/db?schema="), Error);
}

// kit-host's SQL is UTF-8, whatever PGCLIENTENCODING, the role or the server says; a URL
// that names its encoding keeps it.
TEST_F(PostgresUrlTest, TheClientEncodingIsUtf8UnlessTheUrlNamesOne) {
  EXPECT_NE(PostgresUrl::parse("postgres://u@h/db").conninfo().find("client_encoding='UTF8'"),
            std::string::npos);
  const auto latin1 = PostgresUrl::parse("postgres://u@h/db?client_encoding=LATIN1");
  EXPECT_NE(latin1.conninfo().find("client_encoding='LATIN1'"), std::string::npos);
  EXPECT_EQ(latin1.conninfo().find("UTF8"), std::string::npos);
  // An empty one names none (libpq would send none, and the server's would apply).
  const auto empty = PostgresUrl::parse("postgres://u@h/db?client_encoding=").conninfo();
  EXPECT_NE(empty.find("client_encoding='UTF8'"), std::string::npos);
  EXPECT_EQ(empty.find("client_encoding=''"), std::string::npos);
}

TEST_F(PostgresUrlTest, SearchPathOptionPassesThrough) {
  const auto url = PostgresUrl::parse("postgres://u@h/db?options=-csearch_path%3Dtenant_b");
  EXPECT_EQ(url.schema(), std::nullopt);
  EXPECT_NE(url.conninfo().find("options='-csearch_path=tenant_b'"), std::string::npos);
}

TEST_F(PostgresUrlTest, Ipv6HostsAndDefaults) {
  EXPECT_EQ(PostgresUrl::parse("postgres://u@[::1]:5433/db").host(), "::1");
  const auto url = PostgresUrl::parse("postgres:///appdb");
  EXPECT_EQ(url.conninfo(),
            "dbname='appdb' client_encoding='UTF8' fallback_application_name='kit-host'");
  EXPECT_EQ(url.describe(), "host localhost, port 5432, database \"appdb\"");
  ::setenv("PGHOST", "db.internal", 1);
  ::setenv("PGPORT", "6000", 1);
  ::setenv("PGUSER", "deploy", 1);
  EXPECT_EQ(PostgresUrl::parse("postgres://").describe(),
            "host db.internal, port 6000, database \"deploy\", user \"deploy\"");
  // A host given as a parameter (a socket directory, several hosts) is what gets named.
  EXPECT_EQ(PostgresUrl::parse("postgres:///db?host=/var/run/postgresql&port=5433").describe(),
            "host /var/run/postgresql, port 5433, database \"db\", user \"deploy\"");
}

TEST_F(PostgresUrlTest, PasswordsNeverShow) {
  const auto url = PostgresUrl::parse("postgres://app:Sup3r-Secret@h/db?password=Other-Secret");
  EXPECT_EQ(url.redacted().find("Sup3r-Secret"), std::string::npos);
  EXPECT_EQ(url.redacted().find("Other-Secret"), std::string::npos);
  EXPECT_EQ(url.scrub("x Sup3r-Secret y Other-Secret"), "x *** y ***");
  EXPECT_EQ(url.describe().find("Secret"), std::string::npos);
}

TEST_F(PostgresUrlTest, RejectsWhatIsNotAPostgresUrl) {
  EXPECT_THROW((void)PostgresUrl::parse("mysql://u@h/db"), Error);
  EXPECT_THROW((void)PostgresUrl::parse("postgres:db"), Error);
  try {
    (void)PostgresUrl::parse("postgres://u:pw-123@h/db?bad%20key=1");
    FAIL() << "accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'bad key' is not a connection parameter"),
              std::string::npos)
        << e.what();
    EXPECT_EQ(std::string(e.what()).find("pw-123"), std::string::npos) << e.what();
  }
  // A key that would smuggle another keyword into the connection string.
  EXPECT_THROW((void)PostgresUrl::parse("postgres://u@h/db?sslmode%3D%27disable%27%20host=x"),
               Error);
}

}  // namespace

}  // namespace kit
