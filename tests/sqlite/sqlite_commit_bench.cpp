// kit_sqlite_commit_bench: what the foreign-key check at every commit costs on a large
// schema, checking every table (ForeignKeyCheck::Full) versus only the tables a migration
// wrote and those that reference them (ForeignKeyCheck::Touched).
//
//   kit_sqlite_commit_bench [--tables 1000] [--cycles 1000] [--runs 5] [--rows 0]
//                           [--synchronous full|normal|off] [--dir DIR]
//
// Builds one database file with a parent table and --tables tables of 5 columns and one
// index each, half of them with a foreign key to the parent (and --rows rows in each),
// then, per run and per mode, from a fresh copy of it, times --cycles cycles of
// begin / CREATE TABLE / ledger insert / commit through SqliteDriver, as kit-host runs a
// migration. Prints each run (its median and mean cycle) and the medians over the runs.
// Not a test: timings depend on the machine.
#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include <boost/program_options.hpp>
#include <iostream>

#include "kit/driver.hpp"
#include "sqlite_driver.hpp"

namespace {

using kit::sqlite::SqliteDriver;
using Check = SqliteDriver::ForeignKeyCheck;
namespace fs = std::filesystem;

struct Options {
  int tables = 1000;
  int cycles = 1000;
  int runs = 5;
  int rows = 0;
  std::string synchronous = "full";
  fs::path dir = fs::temp_directory_path();
};

Options parse(int argc, char** argv) {
  namespace po = boost::program_options;
  Options options;
  std::string dir = options.dir.string();
  po::options_description described("kit_sqlite_commit_bench");
  described.add_options()("tables", po::value(&options.tables)->default_value(options.tables),
                          "tables, at least 2")(
      "cycles", po::value(&options.cycles)->default_value(options.cycles), "commits per run")(
      "runs", po::value(&options.runs)->default_value(options.runs), "runs")(
      "rows", po::value(&options.rows)->default_value(options.rows), "rows per table")(
      "synchronous", po::value(&options.synchronous)->default_value(options.synchronous),
      "full, normal or off")("dir", po::value(&dir)->default_value(dir),
                             "where the database file goes");
  try {
    po::variables_map values;
    po::store(po::parse_command_line(argc, argv, described), values);
    po::notify(values);
    if (options.tables < 2 || options.cycles < 1 || options.runs < 1 || options.rows < 0) {
      throw po::error("--tables takes at least 2, --cycles and --runs at least 1");
    }
  } catch (const po::error& error) {
    std::cerr << argv[0] << ": " << error.what() << "\n" << described;
    std::exit(2);
  }
  options.dir = dir;
  return options;
}

void remove_database(const fs::path& path) {
  std::error_code ignored;
  for (const char* suffix : {"", "-journal", "-wal", "-shm", "-kitlock"}) {
    fs::remove(path.string() + suffix, ignored);
  }
}

std::string url(const fs::path& path) { return "sqlite://" + fs::absolute(path).string(); }

void build_schema(const fs::path& path, const Options& options) {
  remove_database(path);
  SqliteDriver driver(url(path).c_str());
  driver.ensure_ledger();
  driver.begin();
  driver.execute("CREATE TABLE parent (id integer PRIMARY KEY, name text)");
  const int parents = std::max(options.rows, 1);
  driver.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
                 std::to_string(parents) + ") INSERT INTO parent SELECT i, 'p' || i FROM n");
  for (int t = 0; t < options.tables; ++t) {
    const std::string table = "t" + std::to_string(t);
    driver.execute("CREATE TABLE " + table +
                   " (id integer PRIMARY KEY, a integer, b text, c real, parent_id integer" +
                   (t % 2 == 1 ? " REFERENCES parent (id) ON DELETE CASCADE" : "") + ")");
    driver.execute("CREATE INDEX " + table + "_a ON " + table + " (a)");
    if (options.rows > 0) {
      driver.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
                     std::to_string(options.rows) + ") INSERT INTO " + table +
                     " (a, b, c, parent_id) SELECT i, 'row ' || i, i / 2.0, i FROM n");
    }
  }
  driver.commit();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// One run of one mode, in milliseconds per cycle. The median cycle shrugs off the stalls
// that fsync() has on virtual disks; the mean includes them.
struct RunTime {
  double median = 0;
  double mean = 0;
};

RunTime run_cycles(const fs::path& base, const fs::path& work, const Options& options, Check check,
                   int run) {
  remove_database(work);
  fs::copy_file(base, work);
  std::vector<double> cycles;
  cycles.reserve(static_cast<std::size_t>(options.cycles));
  {
    SqliteDriver driver(url(work).c_str());
    driver.set_foreign_key_check(check);
    driver.execute("PRAGMA synchronous = " + options.synchronous);
    for (int i = 0; i < options.cycles; ++i) {
      const std::string version =
          "m20240101_" + std::to_string(100000 + i) + "_bench_" + std::to_string(run);
      const auto start = std::chrono::steady_clock::now();
      driver.begin();
      driver.execute("CREATE TABLE bench_" + std::to_string(i) +
                     " (id integer PRIMARY KEY, a integer, b text, c real, d integer)");
      driver.record({version, run + 1, "", "2024-01-01 00:00:00", 1});
      driver.commit();
      const std::chrono::duration<double, std::milli> elapsed =
          std::chrono::steady_clock::now() - start;
      cycles.push_back(elapsed.count());
    }
  }
  remove_database(work);
  double total = 0;
  for (const double ms : cycles) total += ms;
  return RunTime{median(cycles), total / static_cast<double>(cycles.size())};
}

void summarize(const char* label, const std::vector<double>& full,
               const std::vector<double>& touched) {
  const double f = median(full);
  const double t = median(touched);
  std::printf("%-14s full %8.3f ms (runs %.3f..%.3f)   touched %8.3f ms (runs %.3f..%.3f)\n", label,
              f, *std::min_element(full.begin(), full.end()),
              *std::max_element(full.begin(), full.end()), t,
              *std::min_element(touched.begin(), touched.end()),
              *std::max_element(touched.begin(), touched.end()));
  std::printf("%-14s ratio touched/full = %.3f (%+.1f%% time per commit cycle)\n", "", t / f,
              100.0 * (t / f - 1.0));
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  const std::string stem = "kit_commit_bench_" + std::to_string(::getpid());
  const fs::path base = options.dir / (stem + "_base.db");
  const fs::path work = options.dir / (stem + "_work.db");
  try {
    std::printf(
        "SQLite %s, %d tables (5 columns, 1 index; %d with a foreign key), %d rows each, "
        "synchronous=%s, journal_mode=delete, %s\n",
        sqlite3_libversion(), options.tables, options.tables / 2, options.rows,
        options.synchronous.c_str(), options.dir.c_str());
    build_schema(base, options);
    std::printf("%d runs of %d cycles (begin, CREATE TABLE, ledger insert, commit)\n\n",
                options.runs, options.cycles);
    std::vector<double> full_median;
    std::vector<double> full_mean;
    std::vector<double> touched_median;
    std::vector<double> touched_mean;
    for (int run = 0; run < options.runs; ++run) {
      // Alternate which mode goes first, so that a drift of the machine hits both alike.
      const bool full_first = run % 2 == 0;
      for (int k = 0; k < 2; ++k) {
        const bool is_full = (k == 0) == full_first;
        const RunTime time =
            run_cycles(base, work, options, is_full ? Check::Full : Check::Touched, run);
        (is_full ? full_median : touched_median).push_back(time.median);
        (is_full ? full_mean : touched_mean).push_back(time.mean);
        std::printf("run %d  %-8s median cycle %8.3f ms, mean %8.3f ms\n", run + 1,
                    is_full ? "full" : "touched", time.median, time.mean);
        std::fflush(stdout);
      }
    }
    std::printf("\nmedians over %d runs, per commit cycle:\n", options.runs);
    summarize("median cycle", full_median, touched_median);
    summarize("mean cycle", full_mean, touched_mean);
    // Each run's two modes ran back to back: their ratio survives a drift between runs.
    std::vector<double> paired;
    for (std::size_t i = 0; i < full_median.size(); ++i) {
      paired.push_back(touched_median[i] / full_median[i]);
    }
    std::printf("%-14s median of the %d runs' touched/full ratios = %.3f (%+.1f%%)\n", "paired",
                options.runs, median(paired), 100.0 * (median(paired) - 1.0));
  } catch (const std::exception& error) {
    std::fprintf(stderr, "kit_sqlite_commit_bench: %s\n", error.what());
    remove_database(base);
    remove_database(work);
    return 1;
  }
  remove_database(base);
  return 0;
}
