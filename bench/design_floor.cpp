// kit_bench_design_floor: the floor of kit-host's design on SQLite. It runs a floor script
// (sqlite_migrate.sql, sqlite_atomic.sql, sqlite_reset.sql) the way the sqlite3 shell does,
// statement by statement through SQLite's C API, and loads the migrations' artifacts the
// way the design says a host must: every one of them once before the first statement (the
// check that makes "one bad artifact, nothing applied" true), and each again before its
// migration's ledger statement (to run it: the scripts' one statement per migration that
// writes kit_migrations, so the scripts of migrate, --atomic and reset all get one). Nothing
// else: no builder, no rendering, no ledger logic, no foreign-key check, no output. Its
// time over sqlite3's is what the design itself costs; kit-host's over it is what
// kit-host's own work costs.
//
//   kit_bench_design_floor <database> <script.sql> <artifacts dir> [--reverse]
//
// --reverse loads the artifacts newest first (the order migrate:reset runs them in).
#include <dlfcn.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "kit/plugin.hpp"

namespace fs = std::filesystem;

namespace {

/// dlopen as kit-host opens an artifact (RTLD_NOW | RTLD_LOCAL), its three symbols, dlclose.
void load(const std::string& artifact) {
  void* handle = ::dlopen(artifact.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) throw std::runtime_error(std::string("cannot load: ") + ::dlerror());
  for (const char* symbol :
       {KIT_PLUGIN_INFO_SYMBOL, KIT_MIGRATION_CREATE_SYMBOL, KIT_MIGRATION_DESTROY_SYMBOL}) {
    if (::dlsym(handle, symbol) == nullptr) {
      throw std::runtime_error(artifact + ": does not export " + symbol);
    }
  }
  ::dlclose(handle);
}

std::vector<std::string> artifacts_in(const fs::path& dir, bool reverse) {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".so") out.push_back(entry.path().string());
  }
  std::sort(out.begin(), out.end());
  if (reverse) std::reverse(out.begin(), out.end());
  return out;
}

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const char* skip_space(const char* sql) {
  while (*sql == ' ' || *sql == '\n' || *sql == '\t' || *sql == '\r') ++sql;
  return sql;
}

/// Whether the statement at `sql` writes the ledger: one per migration, in every script.
bool writes_ledger(const char* sql) {
  sql = skip_space(sql);
  for (const char* prefix : {"INSERT INTO \"kit_migrations\"", "DELETE FROM \"kit_migrations\""}) {
    if (std::strncmp(sql, prefix, std::strlen(prefix)) == 0) return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || argc > 5 || (argc == 5 && std::strcmp(argv[4], "--reverse") != 0)) {
    std::cerr << "usage: kit_bench_design_floor <database> <script.sql> <artifacts dir> "
                 "[--reverse]\n";
    return 2;
  }
  try {
    const auto artifacts = artifacts_in(argv[3], argc == 5);
    for (const auto& artifact : artifacts) load(artifact);  // the check before anything runs

    const std::string script = read_file(argv[2]);
    sqlite3* db = nullptr;
    if (::sqlite3_open(argv[1], &db) != SQLITE_OK) {
      throw std::runtime_error(std::string("cannot open ") + argv[1]);
    }
    std::size_t next = 0;
    const char* sql = script.c_str();
    while (*sql != '\0') {
      if (writes_ledger(sql)) {
        if (next == artifacts.size()) throw std::runtime_error("more migrations than artifacts");
        load(artifacts[next++]);  // to run it
      }
      sqlite3_stmt* statement = nullptr;
      const char* tail = nullptr;
      const auto failed = [&](const char* at) {  // one line: the script, the error, the SQL
        at = skip_space(at);
        const std::string statement(at, std::strcspn(at, "\n"));
        return std::runtime_error(std::string(argv[2]) + ": " + ::sqlite3_errmsg(db) +
                                  " in: " + statement.substr(0, 80));
      };
      if (::sqlite3_prepare_v2(db, sql, -1, &statement, &tail) != SQLITE_OK) throw failed(sql);
      const char* text = sql;
      sql = tail;
      if (statement == nullptr) continue;  // only whitespace or a comment was left
      int rc = SQLITE_ROW;
      while (rc == SQLITE_ROW) rc = ::sqlite3_step(statement);
      ::sqlite3_finalize(statement);
      if (rc != SQLITE_DONE) throw failed(text);
    }
    ::sqlite3_close(db);
    if (next != artifacts.size()) throw std::runtime_error("fewer migrations than artifacts");
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "kit_bench_design_floor: " << e.what() << "\n";
    return 1;
  }
}
