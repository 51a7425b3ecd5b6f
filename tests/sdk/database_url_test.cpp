#include "kit/database_url.hpp"

#include <gtest/gtest.h>

#include "kit/error.hpp"

namespace {

using kit::DatabaseUrl;

TEST(DatabaseUrl, ParsesEveryPartOfANetworkUrl) {
  const auto url = DatabaseUrl::parse(
      "postgres://app:s3cr%40t@db.example.com:6543/app_db?sslmode=require&application_name=kit");
  EXPECT_EQ(url.scheme(), "postgres");
  EXPECT_EQ(url.user(), "app");
  EXPECT_EQ(url.password(), "s3cr@t");
  EXPECT_EQ(url.host(), "db.example.com");
  EXPECT_EQ(url.port(), 6543);
  EXPECT_EQ(url.path(), "app_db");
  EXPECT_EQ(url.param("sslmode"), "require");
  EXPECT_EQ(url.param("application_name"), "kit");
  EXPECT_EQ(url.param("missing"), std::nullopt);
  EXPECT_TRUE(url.has_authority());
}

TEST(DatabaseUrl, RedactsThePassword) {
  const auto url = DatabaseUrl::parse("postgresql://app:hunter2@localhost/app");
  EXPECT_EQ(url.redacted(), "postgresql://app:***@localhost/app");
  EXPECT_EQ(DatabaseUrl::parse("postgres://localhost/app?password=hunter2&x=1").redacted(),
            "postgres://localhost/app?password=***&x=1");
  // libpq's passphrase for the client key is a password too, in any case.
  const auto ssl =
      DatabaseUrl::parse("postgres://app:pw@localhost/app?sslpassword=k3y&SSLPassword=k4y&x=1");
  EXPECT_EQ(ssl.redacted(), "postgres://app:***@localhost/app?sslpassword=***&SSLPassword=***&x=1");
  EXPECT_EQ(ssl.secrets(), (std::vector<std::string>{"pw", "k3y", "k4y"}));
  EXPECT_TRUE(kit::is_secret_param("sslpassword"));
  EXPECT_TRUE(kit::is_secret_param("PASSWORD"));
  EXPECT_FALSE(kit::is_secret_param("passfile"));
  EXPECT_FALSE(kit::is_secret_param("user"));
}

TEST(DatabaseUrl, AFragmentIsRefusedAndASecretWithAHashHiddenWhole) {
  // Found in review: ?sslpassword=topse#cretpass showed "***#cretpass", and libpq was given
  // "topse" as the passphrase.
  const std::string url = "postgres://u:pw@127.0.0.1:1/db?sslpassword=topse#cretpass";
  EXPECT_EQ(kit::redact_url(url), "postgres://u:***@127.0.0.1:1/db?sslpassword=***");
  try {
    (void)DatabaseUrl::parse(url);
    FAIL() << "a URL with a fragment was accepted";
  } catch (const kit::Error& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find("%23"), std::string::npos) << what;
    EXPECT_EQ(what.find("cret"), std::string::npos) << what;
    EXPECT_EQ(what.find("topse"), std::string::npos) << what;
  }
  EXPECT_THROW((void)DatabaseUrl::parse("sqlite:///tmp/a#b.db"), kit::Error);
  EXPECT_EQ(DatabaseUrl::parse("sqlite:///tmp/a%23b.db").path(), "tmp/a#b.db");
}

TEST(DatabaseUrl, RedactsEverySecretInOnePass) {
  EXPECT_EQ(kit::redact_all("user a**b* and pw", {"*", "**", "pw", ""}), "user a***b*** and ***");
  EXPECT_EQ(kit::redact_all("s3cr3t-and-s3cr", {"s3cr", "s3cr3t"}), "***-and-***");
  // Found by the URL fuzzer: secret after secret, each "*" tripled what the last had left,
  // and a URL of 700 bytes took a minute. One pass is linear.
  std::vector<std::string> secrets;
  for (int i = 1; i <= 40; ++i)
    secrets.push_back(std::string(static_cast<std::size_t>(i % 3 + 1), '*'));
  EXPECT_EQ(kit::redact_all(std::string(30, '*'), secrets), std::string(30, '*'));
}

TEST(DatabaseUrl, SqliteForms) {
  auto url = DatabaseUrl::parse("sqlite://database.db");
  EXPECT_EQ(url.scheme(), "sqlite");
  EXPECT_EQ(url.opaque(), "//database.db");
  url = DatabaseUrl::parse("sqlite::memory:");
  EXPECT_FALSE(url.has_authority());
  EXPECT_EQ(url.path(), ":memory:");
  url = DatabaseUrl::parse("sqlite:app.db?mode=ro");
  EXPECT_EQ(url.path(), "app.db");
  EXPECT_EQ(url.param("mode"), "ro");
  // A colon in a file name is no port, as sqlx reads sqlite:// URLs.
  url = DatabaseUrl::parse("sqlite://data:2024.db?mode=ro");
  EXPECT_EQ(url.host(), "");
  EXPECT_FALSE(url.port().has_value());
  EXPECT_EQ(url.path(), "data:2024.db");
  EXPECT_EQ(url.opaque(), "//data:2024.db");
  EXPECT_EQ(url.param("mode"), "ro");
  // Elsewhere, or with user information, it is still a port that is not a number.
  EXPECT_THROW((void)DatabaseUrl::parse("postgres://data:2024x/app"), kit::Error);
  EXPECT_THROW((void)DatabaseUrl::parse("sqlite://u:hunter2@data:2024.db"), kit::Error);
}

TEST(DatabaseUrl, Ipv6HostAndUppercaseScheme) {
  const auto url = DatabaseUrl::parse("POSTGRES://u@[::1]:5433/db");
  EXPECT_EQ(url.scheme(), "postgres");
  EXPECT_EQ(url.host(), "::1");
  EXPECT_EQ(url.port(), 5433);
}

TEST(DatabaseUrl, ErrorsNeverShowThePassword) {
  for (const char* bad : {"postgres://u:hunter2@host:99999/db", "postgres://u:hunter2@host/%zz",
                          "no scheme here hunter2", "sqlite://u:hunter2@data:2024.db",
                          "sqlite://u:hunter2/x@host/app.db", "sqlite://u:hunter2?x@host/app.db"}) {
    try {
      (void)DatabaseUrl::parse(bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const kit::Error& e) {
      const std::string message = e.what();
      EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
      EXPECT_NE(message.find("invalid database URL"), std::string::npos) << message;
    }
  }
}

TEST(RedactUrl, WorksOnMalformedText) {
  EXPECT_EQ(kit::redact_url("postgres://u:p@ss@h"), "postgres://u:***@h");
  EXPECT_EQ(kit::redact_url("nothing to hide"), "nothing to hide");
  // The scheme forgotten: the user stands where the scheme would, the password after it.
  EXPECT_EQ(kit::redact_url("admin:S3cret@db:5432/app"), "admin:***@db:5432/app");
  EXPECT_EQ(kit::redact_url("postgres:S3cret@db/app"), "postgres:***@db/app");
  // Not for sqlite, whose opaque part is a file name, '@' and all.
  EXPECT_EQ(kit::redact_url("sqlite:data@2024.db"), "sqlite:data@2024.db");
  // What it hides, as written and decoded, for text that quotes it elsewhere.
  EXPECT_EQ(kit::url_secrets("postgres://u:p%40ss@h/db?sslpassword=k"),
            (std::vector<std::string>{"p%40ss", "p@ss", "k"}));
  EXPECT_EQ(kit::url_secrets("sqlite:admin:pw@host/app"), (std::vector<std::string>{"pw"}));
  EXPECT_TRUE(kit::url_secrets("sqlite://database.db").empty());
  EXPECT_TRUE(kit::url_secrets("postgres://u:***@h").empty());
  EXPECT_EQ(kit::redact("password authentication failed: hunter2", "hunter2"),
            "password authentication failed: ***");
}

}  // namespace
