// Secrets: a password in the database URL appears in no output of kit-host, on stdout or
// stderr, neither as written (percent-encoded) nor decoded nor in pieces: successful runs of
// every command, a failing migration, a refused login, an unreachable server, invalid URLs,
// --help with DATABASE_URL set, and URLs that come from DATABASE_URL or from .env.
#include <fstream>
#include <random>
#include <regex>

#include "fault_test.hpp"
#include "percent_encode.hpp"

namespace kit::test {
namespace {

std::string random_token(std::mt19937& random) {
  static const char* letters = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  std::string out;
  for (int i = 0; i < 8; ++i) out += letters[random() % 57];
  return out;
}

/// A password with every character a URL must escape between random pieces, so that a
/// leak of any part of it, encoded or not, shows.
std::string nasty_password(std::mt19937& random) {
  std::string out = random_token(random);
  for (const char* separator : {"#", "@", ":", "/", "%", "?", "&", "=", " ", "+", "'"}) {
    out += separator + random_token(random);
  }
  return out;
}

/// Expects that neither the password, decoded or percent-encoded, nor any 8-letter piece of
/// it appears in what the run printed.
void expect_no_secret(const ChildProcess::Result& result, const std::string& password,
                      const std::string& what) {
  EXPECT_TRUE(result.exited()) << what << ": " << result.describe();
  std::vector<std::string> needles = {password, percent_encode(password)};
  static const std::regex piece("[A-Za-z0-9]{8}");
  for (std::sregex_iterator it(password.begin(), password.end(), piece), end; it != end; ++it) {
    needles.push_back(it->str());
  }
  std::string leaks;
  for (const auto& needle : needles) {
    if (contains(result.out, needle)) leaks += " '" + needle + "' on stdout;";
    if (contains(result.err, needle)) leaks += " '" + needle + "' on stderr;";
  }
  EXPECT_EQ(leaks, "") << what << " shows the password:\n" << result.out << result.err;
}

class Secrets : public FaultTest {
 protected:
  void SetUp() override {
    FaultTest::SetUp();
    if (HasFatalFailure()) return;
    std::mt19937 random(std::random_device{}());
    password_ = nasty_password(random);
    if (GetParam() == Backend::Postgres) {
      // A role of the test's own whose password needs every kind of escaping.
      role_ = "kit_secret_" + db_->name().substr(std::string("kit_test_").size());
      std::string literal = "'";
      for (const char c : password_) literal += c == '\'' ? std::string("''") : std::string(1, c);
      literal += "'";
      db_->admin_execute("CREATE ROLE \"" + role_ + "\" LOGIN PASSWORD " + literal);
      db_->admin_execute("ALTER DATABASE \"" + db_->name() + "\" OWNER TO \"" + role_ + "\"");
      url_ = db_->url_as(role_, password_);
    } else {
      // SQLite has no passwords; a URL with one is refused without showing it.
      url_ = "sqlite://admin:" + percent_encode(password_) + "@" + (dir_ / "secret.db").string();
    }
  }
  void TearDown() override {
    if (!role_.empty()) {
      try {
        db_->admin_execute("ALTER DATABASE \"" + db_->name() + "\" OWNER TO CURRENT_USER");
        db_->admin_execute("DROP OWNED BY \"" + role_ + "\"");
        db_->admin_execute("DROP ROLE \"" + role_ + "\"");
      } catch (...) {  // the throwaway server goes at the end of the run anyway
      }
    }
  }

  /// Runs kit-host with exactly `args` (no URL added) and `env`.
  ChildProcess::Result run(const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& env = {}) const {
    return ChildProcess::run(KIT_FAULTS_HOST, args, options(env));
  }
  /// What a run with the URL in its password's place says; the URL must be shown redacted.
  void expect_redacted_database_line(const ChildProcess::Result& result) {
    EXPECT_TRUE(contains(result.out, "Database: ") && contains(result.out, ":***@"))
        << result.out << result.err;
  }

  fs::path good_dir() const { return artifact_dir("good", killed_artifacts(3)); }

  std::string password_;
  std::string role_;
  std::string url_;
};

using PostgresSecrets = Secrets;

TEST_P(PostgresSecrets, EveryCommandOfAGoodRun) {
  const auto dir = good_dir().string();
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"migrate", "--step", "2"},
                                             {"migrate", "--pretend"},
                                             {"migrate:status"},
                                             {"migrate:status", "--format", "json"},
                                             {"migrate:validate"},
                                             {"migrate", "--atomic"},
                                             {"migrate:rollback", "--pretend"},
                                             {"migrate:rollback"},
                                             {"migrate:reset"},
                                             {"migrate:refresh"},
                                             {"migrate:fresh", "--force"},
                                             {"migrate:status", "--quiet"},
                                             {"migrate"}}) {
    auto full = args;
    full.insert(full.end(), {"--dir", dir, "--database-url", url_});
    const auto result = run(full);
    std::string what;
    for (const auto& arg : args) what += arg + " ";
    EXPECT_EQ(result.exit_code, 0) << what << ": " << result.err;
    expect_no_secret(result, password_, what);
    if (args.back() == "json") {
      EXPECT_TRUE(contains(result.out, ":***@")) << result.out;
    } else if (args.back() != "--quiet") {
      expect_redacted_database_line(result);
    }
  }
  EXPECT_EQ(db_->ledger().size(), 3U);
}

TEST_P(PostgresSecrets, AFailingMigrationAndABadArtifact) {
  auto files = killed_artifacts(1);
  files.push_back(kFixturesDir / "m20240301_000100_throws_std_exception.so");
  const auto failing =
      run({"migrate", "--dir", artifact_dir("failing", files).string(), "--database-url", url_});
  EXPECT_EQ(failing.exit_code, 1) << failing.err;
  expect_no_secret(failing, password_, "failing migration");

  const auto bad_dir = artifact_dir("bad", killed_artifacts(1));
  std::ofstream(bad_dir / "m20240301_000900_garbage.so") << "not a library";
  const auto bad = run({"migrate", "--dir", bad_dir.string(), "--database-url", url_});
  EXPECT_EQ(bad.exit_code, 3) << bad.err;
  expect_no_secret(bad, password_, "bad artifact");
}

TEST_P(PostgresSecrets, RefusedLoginAndUnreachableServer) {
  const auto dir = good_dir().string();
  std::mt19937 random(std::random_device{}());
  const std::string wrong = nasty_password(random);
  const auto refused = run({"migrate", "--dir", dir, "--database-url", db_->url_as(role_, wrong)});
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_TRUE(contains(refused.err, "password authentication failed")) << refused.err;
  expect_no_secret(refused, wrong, "wrong password");

  // Nothing listens on port 1.
  const std::string unreachable =
      "postgres://" + role_ + ":" + percent_encode(password_) + "@127.0.0.1:1/nowhere";
  const auto down = run({"migrate:status", "--dir", dir, "--database-url", unreachable});
  EXPECT_EQ(down.exit_code, 1) << down.err;
  expect_no_secret(down, password_, "unreachable server");
}

TEST_P(PostgresSecrets, InvalidUrls) {
  const auto dir = good_dir().string();
  const std::string encoded = percent_encode(password_);
  std::mt19937 random(std::random_device{}());
  const std::string plain = random_token(random) + random_token(random);
  for (const auto& url : std::vector<std::string>{
           "postgres://u:" + encoded + "@127.0.0.1:99999/db",           // bad port
           "postgres://u:" + encoded + "@[::1/db",                      // bad IPv6 host
           "postgres://u:" + encoded + "@127.0.0.1/db?bad%20key=1",     // bad parameter
           "postgres://u:" + encoded + "@127.0.0.1/db?schema=",         // empty schema
           "postgres://u:" + encoded + "@127.0.0.1/db%zz",              // bad escape
           "postgres://u@127.0.0.1/db?password=" + encoded + "&x=%zz",  // bad escape
           "mysql://u:" + encoded + "@127.0.0.1/db",                    // unknown scheme
           "postgres:u:" + encoded + "@127.0.0.1/db",                   // no authority
       }) {
    const auto result = run({"migrate", "--dir", dir, "--database-url", url});
    EXPECT_EQ(result.exit_code, 2) << url << ": " << result.err;
    expect_no_secret(result, password_, url);
  }
  // Characters a URL must escape, written unescaped: the URL is wrong, the password still
  // secret (libpq, for one, reads everything up to the '@' as user information).
  for (const char* separator : {"#", "?", "/"}) {
    const std::string raw = plain.substr(0, 8) + separator + plain.substr(8);
    const std::string url = "postgres://u:" + raw + "@127.0.0.1:1/db";
    const auto result = run({"migrate", "--dir", dir, "--database-url", url});
    EXPECT_NE(result.exit_code, 0) << url;
    expect_no_secret(result, raw, url);
  }
  // The same in a secret parameter: a '#' would start a fragment, and the rest show.
  for (const char* key : {"password", "sslpassword"}) {
    const std::string raw = plain.substr(0, 8) + "#" + plain.substr(8);
    const std::string url = "postgres://u@127.0.0.1:1/db?" + std::string(key) + "=" + raw;
    const auto result = run({"migrate", "--dir", dir, "--database-url", url});
    EXPECT_EQ(result.exit_code, 2) << url << ": " << result.err;
    expect_no_secret(result, raw, url);
  }
}

TEST_P(PostgresSecrets, PasswordAsAQueryParameter) {
  const auto dir = good_dir().string();
  const std::string encoded = percent_encode(password_);
  const std::string base = db_->url_as(role_, "");
  for (const std::string& url : {base + "?password=" + encoded, base + "?pass%77ord=" + encoded,
                                 base + "?sslmode=disable&password=" + encoded}) {
    for (const char* command : {"migrate", "migrate:status"}) {
      const auto result = run({command, "--dir", dir, "--database-url", url});
      EXPECT_EQ(result.exit_code, 0) << url << ": " << result.err;
      expect_no_secret(result, password_, std::string(command) + " " + url);
    }
  }
}

TEST_P(PostgresSecrets, SslPasswordParameter) {
  // libpq's passphrase for the client's key: unused without SSL, still never shown.
  const auto dir = good_dir().string();
  std::mt19937 random(std::random_device{}());
  const std::string passphrase = nasty_password(random);
  const std::string url =
      db_->url_as(role_, password_) + "?sslmode=disable&sslpassword=" + percent_encode(passphrase);
  for (const char* command : {"migrate", "migrate:status"}) {
    const auto result = run({command, "--dir", dir, "--database-url", url, "-v"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    expect_no_secret(result, passphrase, std::string(command) + " with ?sslpassword=");
    expect_no_secret(result, password_, std::string(command) + " with ?sslpassword=");
  }
  const auto unreachable =
      run({"migrate:status", "--dir", dir, "--database-url",
           "postgres://u@127.0.0.1:1/db?sslpassword=" + percent_encode(passphrase)});
  EXPECT_EQ(unreachable.exit_code, 1) << unreachable.err;
  expect_no_secret(unreachable, passphrase, "unreachable server with ?sslpassword=");
}

TEST_P(PostgresSecrets, UrlFromTheEnvironmentAndFromDotEnv) {
  const auto dir = good_dir().string();
  // --help and --version never show it either.
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--help"}, {"migrate", "--help"}, {"migrate:status", "--help"}, {"--version"}}) {
    const auto result = run(args, {{"DATABASE_URL", url_}});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    expect_no_secret(result, password_, "--help with DATABASE_URL");
  }
  const auto from_env = run({"migrate", "--dir", dir}, {{"DATABASE_URL", url_}});
  EXPECT_EQ(from_env.exit_code, 0) << from_env.err;
  expect_no_secret(from_env, password_, "DATABASE_URL");
  expect_redacted_database_line(from_env);

  std::ofstream(dir_ / ".env") << "# written by the secrets test\nDATABASE_URL=" << url_
                               << "\nKIT_MIGRATIONS_DIR=" << dir << "\n";
  for (const char* command : {"migrate:status", "migrate:rollback", "migrate"}) {
    const auto result = run({command});
    EXPECT_EQ(result.exit_code, 0) << command << ": " << result.err;
    expect_no_secret(result, password_, std::string(".env, ") + command);
    expect_redacted_database_line(result);
  }
  // .env.local comes before .env: a wrong password there, configured as a failing run.
  std::ofstream(dir_ / ".env.local")
      << "DATABASE_URL='" << db_->url_as(role_, password_ + "y") << "'\n";
  const auto local = run({"migrate:status"});
  EXPECT_EQ(local.exit_code, 1) << local.err;
  expect_no_secret(local, password_ + "y", ".env.local with a wrong password");
  fs::remove(dir_ / ".env.local");

  // A failing run configured by .env.
  std::ofstream(dir_ / ".env") << "DATABASE_URL='" << db_->url_as(role_, password_ + "x")
                               << "'\nKIT_MIGRATIONS_DIR=" << dir << "\n";
  const auto refused = run({"migrate"});
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  expect_no_secret(refused, password_ + "x", ".env with a wrong password");
}

TEST_P(Secrets, SqliteUrlWithAPassword) {
  const auto dir = good_dir().string();
  for (const char* command : {"migrate", "migrate:status"}) {
    const auto result = run({command, "--dir", dir, "--database-url", url_});
    expect_no_secret(result, password_, command);
  }
}

// A URL mistyped without its "//" ("sqlite:admin:pw@host/app", as one would write a
// PostgreSQL one) is a path to SQLite, and the driver's errors name that file: the password
// in it is hidden there too, as in the Database line.
TEST_P(Secrets, AMistypedSqliteUrlWhosePathHoldsAPassword) {
  const auto dir = good_dir().string();
  const std::string typo = "sqlite:admin:" + percent_encode(password_) + "@dbhost/app.db";
  for (const std::vector<std::string>& args : {std::vector<std::string>{"migrate", "--dir", dir},
                                               {"migrate:status", "--dir", dir},
                                               {"db:sync", "--out", (dir_ / "models").string()}}) {
    auto with_url = args;
    with_url.insert(with_url.end(), {"--database-url", typo});
    const auto result = run(with_url);
    EXPECT_NE(result.exit_code, 0) << result.out << result.err;
    expect_no_secret(result, password_, args.front() + " with a mistyped URL");
    expect_no_secret(run(args, {{"DATABASE_URL", typo}}), password_,
                     args.front() + " with a mistyped DATABASE_URL");
  }
}

// A URL given where no option reads it: a mistyped option name, a forgotten --database-url
// (the URL is then an argument the command does not take), or a .env line whose key is not
// one (YAML's "KEY: value"). The error that names it hides what the Database line would.
TEST_P(Secrets, AUrlThatNoOptionReads) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"migrate", "--database_url=" + url_},
           {"migrate:status", "--databse-url=" + url_},
           {"db:sync", "--url=" + url_},
           {"migrate", url_},
           {"migrate:fresh", "--force", url_},
           {"make:migration", url_},
           {"make:migration", "create_users_table", url_},
           {"--database_url=" + url_},
           {url_},
       }) {
    std::string what = "kit-host";
    for (const auto& arg : args)
      what += " " + std::regex_replace(arg, std::regex("sqlite:.*"), "URL");
    const auto result = run(args);
    EXPECT_EQ(result.exit_code, 2) << what << ": " << result.out << result.err;
    expect_no_secret(result, password_, what);
  }
  std::ofstream(dir_ / ".env") << "DATABASE_URL: " << url_ << "?mode=rwc\n";
  const auto yaml = run({"migrate:status"});
  EXPECT_EQ(yaml.exit_code, 2) << yaml.out << yaml.err;
  EXPECT_TRUE(contains(yaml.err, "is not a valid key")) << yaml.err;
  expect_no_secret(yaml, password_, ".env line with a colon for its '='");
}

// A URL whose scheme was forgotten ("admin:pw@db:5432/app", "postgres:pw@db/app" with the
// superuser's name): what looks like the scheme is the user, and the rest up to the '@' a
// password. Every command refuses it (no driver serves "admin"; "postgres:" needs "//").
TEST_P(Secrets, AUrlWhoseSchemeWasForgotten) {
  const auto dir = good_dir().string();
  for (const std::string user : {"admin", "postgres", "localhost"}) {
    const std::string url = user + ":" + percent_encode(password_) + "@127.0.0.1:5432/app";
    for (const char* command : {"migrate", "migrate:status", "db:sync"}) {
      const auto result = run({command, "--dir", dir, "--database-url", url});
      EXPECT_NE(result.exit_code, 0) << result.out << result.err;
      expect_no_secret(result, password_, std::string(command) + " with " + user + ":...");
      expect_no_secret(run({command, "--dir", dir}, {{"DATABASE_URL", url}}), password_,
                       std::string(command) + " with DATABASE_URL " + user + ":...");
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Faults, Secrets, ::testing::Values(Backend::Sqlite), backend_name);
#ifdef KIT_FAULTS_WITH_POSTGRES
INSTANTIATE_TEST_SUITE_P(Faults, PostgresSecrets, ::testing::Values(Backend::Postgres),
                         backend_name);
#endif

}  // namespace
}  // namespace kit::test
