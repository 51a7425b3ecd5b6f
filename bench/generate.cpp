// kit_bench_generate: writes the benchmark's migrations and its floor SQL.
//
//   kit_bench_generate --n 1000 --out DIR
//
// DIR/project/    a CMake project that finds Kit (cmake -DKit_DIR=<kit build tree>) and builds
//                 DIR/project/migrations/m*.cpp with kit_add_migrations(): N migrations, each
//                 creating a table of five columns and an index, whose down() drops the table.
// DIR/sql/        the floor: the SQL kit-host executes for them, rendered from the same builder
//                 statements by the drivers' own dialects (SqliteDialect, PostgresDialect), with
//                 kit-host's own statements around each migration, for sqlite3 and psql:
//   <db>_migrate.sql  the ledger once, then one transaction per migration with its ledger row
//   <db>_atomic.sql   the ledger once, then every migration and ledger row in one transaction
//   <db>_reset.sql    newest first, one transaction per migration: its down() and the row's delete
//   <db>_ledger.sql   the query that reads the ledger
// A file whose content is unchanged is not rewritten, so a rebuild compiles only what changed.
#include <SQLiteCpp/Database.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <iostream>

#include "bench_migration.hpp"
#include "kit/error.hpp"
#include "postgres_dialect.hpp"
#include "sqlite_dialect.hpp"
#include "sqlite_schema.hpp"

namespace {

namespace fs = std::filesystem;
using kit::bench::BenchMigration;

// What kit-host's drivers write for each migration's ledger row; the checksum is a SHA-256 in
// hex, as kit_add_migration() embeds it (its value does not change the work).
constexpr const char* kChecksum =
    "0000000000000000000000000000000000000000000000000000000000000000";
constexpr const char* kAppliedAt = "2024-01-01 00:00:00";

struct Options {
  int n = 1000;
  fs::path out;
};

Options parse(int argc, char** argv) {
  namespace po = boost::program_options;
  Options options;
  std::string out;
  po::options_description described("kit_bench_generate (scripts/bench runs it)");
  described.add_options()("n", po::value(&options.n)->default_value(options.n),
                          "migrations, 1 to 99999")("out", po::value(&out)->required(),
                                                    "the directory to write the project into");
  try {
    po::variables_map values;
    po::store(po::parse_command_line(argc, argv, described), values);
    po::notify(values);
    if (options.n < 1 || options.n > 99999) throw po::error("--n takes 1 to 99999");
  } catch (const po::error& error) {
    std::cerr << argv[0] << ": " << error.what() << "\n" << described;
    std::exit(2);
  }
  options.out = out;
  return options;
}

void write_if_changed(const fs::path& path, const std::string& content) {
  {
    std::ifstream in(path, std::ios::binary);
    if (in) {
      std::ostringstream old;
      old << in.rdbuf();
      if (old.str() == content) return;
    }
  }
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out.flush()) throw std::runtime_error("cannot write " + path.string());
}

std::string quoted_literal(const std::string& text) { return "'" + text + "'"; }

// One database's spelling of everything the floor needs.
class FloorWriter {
 public:
  virtual ~FloorWriter() = default;
  [[nodiscard]] virtual std::vector<std::string> render(const kit::Statement& statement) = 0;
  [[nodiscard]] virtual std::string create_ledger() const = 0;
  [[nodiscard]] virtual std::string begin() const = 0;
  [[nodiscard]] virtual std::string commit() const = 0;
  [[nodiscard]] virtual std::string record(const std::string& version) const = 0;
  [[nodiscard]] virtual std::string forget(const std::string& version) const = 0;
  [[nodiscard]] virtual std::string read_ledger() const = 0;

  void write(const std::vector<BenchMigration>& migrations, const fs::path& dir,
             const std::string& prefix) {
    std::string migrate = create_ledger();
    std::string atomic = create_ledger() + begin();
    for (const auto& migration : migrations) {
      std::string body;
      for (const auto& statement : migration.up()) {
        for (const auto& sql : render(statement)) body += sql + ";\n";
      }
      body += record(migration.name());
      migrate += begin() + body + commit();
      atomic += body;
    }
    atomic += commit();
    std::string reset;
    for (auto it = migrations.rbegin(); it != migrations.rend(); ++it) {
      reset += begin();
      for (const auto& statement : it->down()) {
        for (const auto& sql : render(statement)) reset += sql + ";\n";
      }
      reset += forget(it->name()) + commit();
    }
    write_if_changed(dir / (prefix + "_migrate.sql"), migrate);
    write_if_changed(dir / (prefix + "_atomic.sql"), atomic);
    write_if_changed(dir / (prefix + "_reset.sql"), reset);
    write_if_changed(dir / (prefix + "_ledger.sql"), read_ledger());
  }
};

// SqliteDriver: foreign keys off around BEGIN IMMEDIATE ... COMMIT (see sqlite_driver.hpp).
class SqliteFloor final : public FloorWriter {
 public:
  SqliteFloor() : db_(":memory:"), schema_(db_), dialect_(schema_) {}

  std::vector<std::string> render(const kit::Statement& statement) override {
    return dialect_.render(statement);
  }
  std::string create_ledger() const override {
    return "CREATE TABLE IF NOT EXISTS \"kit_migrations\" (\"version\" TEXT NOT NULL PRIMARY "
           "KEY, \"batch\" INTEGER NOT NULL, \"checksum\" TEXT, \"applied_at\" TEXT NOT NULL, "
           "\"execution_ms\" INTEGER, \"state\" TEXT NOT NULL DEFAULT 'applied');\n";
  }
  std::string begin() const override { return "PRAGMA foreign_keys = OFF;\nBEGIN IMMEDIATE;\n"; }
  std::string commit() const override { return "COMMIT;\nPRAGMA foreign_keys = ON;\n"; }
  std::string record(const std::string& version) const override {
    return "INSERT INTO \"kit_migrations\" (\"version\", \"batch\", \"checksum\", "
           "\"applied_at\", \"execution_ms\", \"state\") VALUES (" +
           quoted_literal(version) + ", 1, " + quoted_literal(kChecksum) + ", " +
           quoted_literal(kAppliedAt) + ", 1, 'applied');\n";
  }
  std::string forget(const std::string& version) const override {
    return "DELETE FROM \"kit_migrations\" WHERE \"version\" = " + quoted_literal(version) + ";\n";
  }
  std::string read_ledger() const override {
    return "SELECT \"version\", \"batch\", \"checksum\", \"applied_at\", \"execution_ms\", "
           "\"state\" FROM \"kit_migrations\" ORDER BY \"version\";\n";
  }

 private:
  SQLite::Database db_;
  kit::sqlite::SqliteSchema schema_;
  kit::sqlite::SqliteDialect dialect_;
};

// PostgresDriver in the schema "public" (the throwaway server's search_path): BEGIN ... COMMIT.
class PostgresFloor final : public FloorWriter {
 public:
  PostgresFloor() : dialect_(std::string("public")) {}

  std::vector<std::string> render(const kit::Statement& statement) override {
    return dialect_.render(statement);
  }
  std::string create_ledger() const override {
    return "CREATE TABLE IF NOT EXISTS " + kLedger +
           " (version TEXT PRIMARY KEY, batch INTEGER NOT NULL, checksum TEXT, applied_at TEXT "
           "NOT NULL, execution_ms BIGINT, state TEXT NOT NULL DEFAULT 'applied');\n";
  }
  std::string begin() const override { return "BEGIN;\n"; }
  std::string commit() const override { return "COMMIT;\n"; }
  std::string record(const std::string& version) const override {
    return "INSERT INTO " + kLedger +
           " (version, batch, checksum, applied_at, execution_ms, state) VALUES (" +
           quoted_literal(version) + ", 1, " + quoted_literal(kChecksum) + ", " +
           quoted_literal(kAppliedAt) + ", 1, 'applied');\n";
  }
  std::string forget(const std::string& version) const override {
    return "DELETE FROM " + kLedger + " WHERE version = " + quoted_literal(version) + ";\n";
  }
  std::string read_ledger() const override {
    return "SELECT version, batch, checksum, applied_at, execution_ms, state FROM " + kLedger +
           " ORDER BY version COLLATE \"C\";\n";
  }

 private:
  inline static const std::string kLedger = "\"public\".\"kit_migrations\"";
  kit::PostgresDialect dialect_;
};

std::string project_cmake() {
  return "# Generated by kit_bench_generate: the benchmark's migrations, built the way a team's\n"
         "# own project builds them.   cmake -S . -B build -DKit_DIR=<kit build tree>\n"
         "cmake_minimum_required(VERSION 3.25)\n"
         "project(KitBenchMigrations LANGUAGES CXX)\n"
         "find_package(Kit REQUIRED)\n"
         "kit_add_migrations(DIRECTORY migrations OUTPUT_DIRECTORY "
         "\"${CMAKE_BINARY_DIR}/migrations\" TARGET bench_migrations)\n";
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  try {
    std::vector<BenchMigration> migrations;
    for (int i = 1; i <= options.n; ++i) migrations.emplace_back(i);

    const fs::path project = options.out / "project";
    write_if_changed(project / "CMakeLists.txt", project_cmake());
    const fs::path sources = project / "migrations";
    fs::create_directories(sources);
    // Sources of an earlier, larger N would be built too: remove them.
    std::set<std::string> wanted;
    for (const auto& migration : migrations) wanted.insert(migration.name());
    std::vector<fs::path> unwanted;
    for (const auto& entry : fs::directory_iterator(sources)) {
      if (wanted.count(entry.path().stem().string()) == 0) unwanted.push_back(entry.path());
    }
    for (const auto& path : unwanted) fs::remove(path);
    for (const auto& migration : migrations) {
      write_if_changed(sources / (migration.name() + ".cpp"), migration.source(options.n));
    }

    SqliteFloor sqlite;
    sqlite.write(migrations, options.out / "sql", "sqlite");
    PostgresFloor postgres;
    postgres.write(migrations, options.out / "sql", "postgres");
    std::printf("kit_bench_generate: %d migrations in %s, floor SQL in %s\n", options.n,
                sources.c_str(), (options.out / "sql").c_str());
  } catch (const std::exception& error) {
    std::fprintf(stderr, "kit_bench_generate: %s\n", error.what());
    return 1;
  }
  return 0;
}
