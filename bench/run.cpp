// kit_bench_run: times kit-host against its floor (sqlite3 and psql running the SQL that
// kit-host executes, written by kit_bench_generate) and the build of the migrations, and writes
// the results as Markdown. scripts/bench prepares everything and runs it.
//
//   kit_bench_run --kit-host bin/kit-host --kit-dir <kit build tree> --work DIR --n 1000
//                 [--small 10] [--runs 5] [--build-runs 1] [--skip-build]
//                 [--tmpfs DIR] [--postgres-url URL] [--note TEXT]... [--out results.md]
//
// DIR/n<N>/ and DIR/n<small>/ hold what kit_bench_generate wrote (project/, sql/); the projects
// are built into DIR/n<N>/build. Every kit-host/floor pair runs back to back, the order
// alternating from run to run, so that a drift of the machine hits both alike; ratios are
// computed per pair. Not a test: the figures depend on the machine.
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <iostream>

#include "process_timer.hpp"
#include "sample_summary.hpp"

namespace {

namespace fs = std::filesystem;
using kit::bench::Command;
using kit::bench::ProcessTimer;
using kit::bench::SampleSummary;
using Timing = ProcessTimer::Timing;

struct Options {
  fs::path kit_host;
  fs::path design_floor;  // kit_bench_design_floor; empty: not measured
  fs::path kit_dir;
  fs::path work;
  int n = 1000;
  int small = 10;
  int runs = 5;
  int build_runs = 1;
  bool skip_build = false;
  std::string postgres_url;
  fs::path tmpfs;  // a directory on tmpfs for the SQLite runs without fsync cost; empty: none
  std::vector<std::string> notes;
  fs::path out;
};

Options parse(int argc, char** argv) {
  namespace po = boost::program_options;
  Options options;
  std::string kit_host, design_floor, kit_dir, work, tmpfs, out;
  po::options_description described("kit_bench_run (scripts/bench runs it)");
  described.add_options()("kit-host", po::value(&kit_host)->required(), "the kit-host to measure")(
      "kit-dir", po::value(&kit_dir)->required(), "the build tree find_package(Kit) uses")(
      "design-floor", po::value(&design_floor),
      "kit_bench_design_floor, to measure what the design itself costs on SQLite")(
      "work", po::value(&work)->required(), "where kit_bench_generate wrote n<N>/")(
      "n", po::value(&options.n)->default_value(options.n), "migrations")(
      "small", po::value(&options.small)->default_value(options.small),
      "migrations for the memory comparison")(
      "runs", po::value(&options.runs)->default_value(options.runs), "paired runs")(
      "build-runs", po::value(&options.build_runs)->default_value(options.build_runs),
      "clean builds of all N")("skip-build", po::bool_switch(&options.skip_build),
                               "reuse the built migrations")(
      "tmpfs", po::value(&tmpfs), "a directory on tmpfs to repeat the SQLite writes in")(
      "postgres-url", po::value(&options.postgres_url), "a server to measure on")(
      "note", po::value(&options.notes)->composing(), "a line for the results' header")(
      "out", po::value(&out), "the results file (default <work>/results.md)");
  try {
    po::variables_map values;
    po::store(po::parse_command_line(argc, argv, described), values);
    po::notify(values);
    if (options.n < 1 || options.small < 1 || options.runs < 1 || options.build_runs < 1) {
      throw po::error("--n, --small, --runs and --build-runs take a number of at least 1");
    }
  } catch (const po::error& error) {
    std::cerr << argv[0] << ": " << error.what() << "\n" << described;
    std::exit(2);
  }
  options.kit_host = fs::absolute(kit_host);
  options.kit_dir = fs::absolute(kit_dir);
  if (!design_floor.empty()) options.design_floor = fs::absolute(design_floor);
  options.work = fs::absolute(work);
  if (!tmpfs.empty()) options.tmpfs = fs::absolute(tmpfs);
  options.out = out.empty() ? options.work / "results.md" : fs::absolute(out);
  return options;
}

// --- Formatting ----------------------------------------------------------------------------

std::string format(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof(text), pattern, value);
  return text;
}

std::string ms(double value) {
  if (value < 10) return format("%.2f", value);
  if (value < 100) return format("%.1f", value);
  return format("%.0f", value);
}

std::string ms_range(const SampleSummary& s) {
  return ms(s.median) + " ms (" + ms(s.min) + ".." + ms(s.max) + ")";
}

std::string ratio_range(const SampleSummary& s) {
  return format("%.3f", s.median) + " (" + format("%.3f", s.min) + ".." + format("%.3f", s.max) +
         ")";
}

std::string mib(double kib) { return format("%.1f MiB", kib / 1024.0); }

std::string trim(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// White space runs and line breaks become one space (or "; " for a line break).
std::string squeeze(const std::string& text) {
  std::string out;
  for (const char c : trim(text)) {
    if (c == '\n') {
      while (!out.empty() && out.back() == ' ') out.pop_back();
      out += "; ";
    } else if (c != ' ' || (!out.empty() && out.back() != ' ')) {
      out += c;
    }
  }
  return out;
}

std::string first_line(const std::string& text) { return trim(text.substr(0, text.find('\n'))); }

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

double load_average() {
  std::ifstream in("/proc/loadavg");
  double one = 0;
  in >> one;
  return one;
}

// --- Measurements --------------------------------------------------------------------------

/// Repeated runs of one command.
struct Series {
  std::vector<double> wall;
  std::vector<double> cpu;
  std::vector<double> rss;

  void add(const Timing& t) {
    wall.push_back(t.wall_ms);
    cpu.push_back(t.cpu_ms);
    rss.push_back(static_cast<double>(t.max_rss_kib));
  }
};

/// kit-host and its floor, run in pairs.
struct Pair {
  Series kit;
  Series floor;
  std::vector<double> ratio;      // kit.wall[i] / floor.wall[i]
  std::vector<double> extra_cpu;  // kit.cpu[i] - floor.cpu[i]
};

/// Runs kit-host and the floor `runs` times each, back to back, alternating which goes first;
/// each is preceded by its (untimed) preparation.
Pair paired(int runs, const std::function<void()>& prepare_kit, const Command& kit,
            const std::function<void()>& prepare_floor, const Command& floor) {
  Pair pair;
  for (int run = 0; run < runs; ++run) {
    Timing k;
    Timing f;
    for (int step = 0; step < 2; ++step) {
      if ((step == 0) == (run % 2 == 0)) {
        prepare_kit();
        k = ProcessTimer::checked(kit);
      } else {
        prepare_floor();
        f = ProcessTimer::checked(floor);
      }
    }
    pair.kit.add(k);
    pair.floor.add(f);
    pair.ratio.push_back(k.wall_ms / f.wall_ms);
    pair.extra_cpu.push_back(k.cpu_ms - f.cpu_ms);
    std::printf("    run %d: kit-host %s ms, floor %s ms, ratio %.3f\n", run + 1,
                ms(k.wall_ms).c_str(), ms(f.wall_ms).c_str(), k.wall_ms / f.wall_ms);
    std::fflush(stdout);
  }
  return pair;
}

Series repeated(int runs, const std::function<void()>& prepare, const Command& command) {
  Series series;
  for (int run = 0; run < runs; ++run) {
    prepare();
    series.add(ProcessTimer::checked(command));
  }
  return series;
}

/// Latency of a 4 KiB write and fdatasync() in `dir`, the cost that dominates a SQLite commit.
SampleSummary fsync_probe(const fs::path& dir) {
  const fs::path file = dir / "fsync_probe";
  const int fd = ::open(file.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + file.string());
  std::vector<char> block(4096, 'x');
  std::vector<double> times;
  for (int i = 0; i < 50; ++i) {
    const auto start = std::chrono::steady_clock::now();
    if (::pwrite(fd, block.data(), block.size(), 0) != static_cast<ssize_t>(block.size()) ||
        ::fdatasync(fd) != 0) {
      ::close(fd);
      throw std::runtime_error("write/fdatasync failed on " + file.string());
    }
    times.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
  }
  ::close(fd);
  fs::remove(file);
  return SampleSummary::of(times);
}

// --- Targets -------------------------------------------------------------------------------

struct Target {
  std::string what;
  std::string figure;
  std::optional<bool> met;  // nullopt: not measured
  bool straddles = false;   // some runs were on the other side of the limit
};

// --- The benchmark -------------------------------------------------------------------------

class Bench {
 public:
  explicit Bench(Options options) : o_(std::move(options)) {
    big_ = o_.work / ("n" + std::to_string(o_.n));
    small_ = o_.work / ("n" + std::to_string(o_.small));
    db_dir_ = o_.work / "db";
    fs::create_directories(db_dir_);
  }

  void run() {
    header();
    build();
    const std::string help =
        ProcessTimer::checked({{o_.kit_host.string(), "migrate", "--help"}, {}, {}}, true).out;
    has_atomic_ = help.find("--atomic") != std::string::npos;
    sqlite();
    if (!o_.postgres_url.empty()) {
      postgres();
    } else {
      section("PostgreSQL");
      md_ += "Not measured: no --postgres-url.\n\n";
    }
    memory();
    loading();
    targets();
    noise();
    write();
  }

 private:
  // --- Report pieces ---
  void section(const std::string& title) {
    section_ = title;
    md_ += "## " + title + "\n\n";
    std::printf("==> %s\n", title.c_str());
    std::fflush(stdout);
  }

  void phase(const std::string& name) {
    std::printf("  -- %s\n", name.c_str());
    std::fflush(stdout);
    std::string line = "| " + name + " | " + format("%.2f", load_average()) + " | ";
    if (name.rfind("SQLite", 0) == 0) {
      const auto probe = fsync_probe(db_dir_);
      line += ms(probe.median) + " ms (" + ms(probe.min) + ".." + ms(probe.max) + ")";
    } else {
      line += "-";
    }
    noise_ += line + " |\n";
  }

  /// One row; `migrations` > 0 also shows the extra CPU per migration.
  /// `migrate:status` and a no-op `migrate` on a database with every migration applied, each
  /// paired with the floor reading the ledger; checks first that the no-op does nothing.
  std::pair<Pair, Pair> status_and_noop(const std::string& dir, const std::string& url,
                                        const Command& ledger, const std::string& floor_name) {
    const auto status = paired(
        o_.runs, [] {}, kit_cmd({"migrate:status", "--dir", dir, "--database-url", url}), [] {},
        ledger);
    pair_row("`migrate:status`, " + std::to_string(o_.n) + " applied", status, floor_name);
    const auto noop_cmd = kit_cmd({"migrate", "--dir", dir, "--database-url", url});
    const auto noop_out = ProcessTimer::checked(noop_cmd, true).out;
    if (noop_out.find("Nothing to migrate") == std::string::npos) {
      throw std::runtime_error("the no-op migrate did something:\n" + noop_out);
    }
    const auto noop = paired(
        o_.runs, [] {}, noop_cmd, [] {}, ledger);
    pair_row("no-op `migrate`, " + std::to_string(o_.n) + " applied", noop, floor_name);
    return {status, noop};
  }

  void pair_row(const std::string& what, const Pair& p, const std::string& floor_name,
                int migrations = 0) {
    const auto ratio = SampleSummary::of(p.ratio);
    const double extra = SampleSummary::of(p.extra_cpu).median;
    std::string extra_text = ms(extra) + " ms";
    if (migrations > 0)
      extra_text += " (" + format("%.0f", extra * 1000 / migrations) + " us each)";
    md_ += "| " + what + " | " + ms_range(SampleSummary::of(p.kit.wall)) + " | " + floor_name +
           ": " + ms_range(SampleSummary::of(p.floor.wall)) + " | " + ratio_range(ratio) + " | " +
           ms(SampleSummary::of(p.kit.cpu).median) + " / " +
           ms(SampleSummary::of(p.floor.cpu).median) + " ms | " + extra_text + " | " +
           mib(SampleSummary::of(p.kit.rss).median) + " / " +
           mib(SampleSummary::of(p.floor.rss).median) + " |\n";
    spreads_.push_back(
        {section_ + ": " + what, std::max(SampleSummary::of(p.kit.wall).spread(),
                                          SampleSummary::of(p.floor.wall).spread())});
  }

  void pair_table_header() {
    md_ +=
        "| measurement | kit-host, median (min..max) | floor, median (min..max) | "
        "kit-host/floor, paired | CPU kit-host / floor | kit-host's extra CPU, paired | "
        "peak RSS kit-host / floor |\n"
        "| --- | --- | --- | --- | --- | --- | --- |\n";
  }

  void header() {
    md_ += "# kit-host benchmark results\n\n";
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    char date[64];
    std::strftime(date, sizeof(date), "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
    md_ += "- Date: " + std::string(date) + "\n";
    md_ += "- Machine: " + machine() + "\n";
    md_ += "- Build: " + build_type() + "; " + tool_line("g++", {"g++", "--version"}) + "\n";
    md_ += "- Tools: sqlite3 " + tool_line("sqlite3", {"sqlite3", "--version"}) + "; " +
           tool_line("psql", {"psql", "--version"}) + "\n";
    md_ += "- N = " + std::to_string(o_.n) + " migrations (and " + std::to_string(o_.small) +
           " for memory); " + std::to_string(o_.runs) +
           " paired runs per measurement; times are wall-clock, from fork() to wait4()\n";
    for (const auto& note : o_.notes) md_ += "- " + note + "\n";
    md_ += "\n";
  }

  std::string machine() {
    std::string model;
    std::ifstream cpuinfo("/proc/cpuinfo");
    for (std::string line; std::getline(cpuinfo, line);) {
      if (line.rfind("model name", 0) == 0) {
        model = trim(line.substr(line.find(':') + 2));
        break;
      }
    }
    long mem_kib = 0;
    std::ifstream meminfo("/proc/meminfo");
    for (std::string line; std::getline(meminfo, line);) {
      if (line.rfind("MemTotal:", 0) == 0) mem_kib = std::atol(line.c_str() + 9);
    }
    utsname uts{};
    ::uname(&uts);
    const auto df =
        ProcessTimer::run({{"df", "-h", "--output=source,fstype,size", db_dir_.string()}, {}, {}},
                          true)
            .out;
    std::string disk = squeeze(df.substr(df.find('\n') + 1));
    const auto lsblk = ProcessTimer::run({{"lsblk", "-dno", "NAME,ROTA,MODEL"}, {}, {}}, true).out;
    return std::to_string(::sysconf(_SC_NPROCESSORS_ONLN)) + " CPUs (" + model + "), " +
           format("%.1f", static_cast<double>(mem_kib) / 1024 / 1024) + " GiB RAM, Linux " +
           uts.release + "; database directory on " + disk +
           " (lsblk NAME ROTA MODEL: " + squeeze(lsblk) + ")";
  }

  std::string build_type() {
    const std::string cache = read_file(o_.kit_dir / "CMakeCache.txt");
    const auto at = cache.find("CMAKE_BUILD_TYPE:STRING=");
    if (at == std::string::npos) return "build type unknown";
    return "kit-host, drivers and migrations built " +
           first_line(cache.substr(at + std::string("CMAKE_BUILD_TYPE:STRING=").size()));
  }

  static std::string tool_line(const std::string& name, const std::vector<std::string>& argv) {
    const auto t = ProcessTimer::run({argv, {}, {}}, true);
    return t.exit_code == 0 ? first_line(t.out) : name + " missing";
  }

  // --- Build ---
  Command kit_cmd(const std::vector<std::string>& args) const {
    Command c{{o_.kit_host.string()}, {}, {}};
    for (const auto& a : args) c.argv.push_back(a);
    return c;
  }

  void configure(const fs::path& project, const fs::path& build_dir, bool timed) {
    const Command cmd{
        {"cmake", "-S", (project / "project").string(), "-B", build_dir.string(), "-G", "Ninja",
         "-DKit_DIR=" + o_.kit_dir.string(), "-DCMAKE_BUILD_TYPE=" + kit_build_type()},
        {},
        {}};
    const auto t = ProcessTimer::checked(cmd);
    if (timed) configure_ms_ = t.wall_ms;
  }

  std::string kit_build_type() {
    const std::string cache = read_file(o_.kit_dir / "CMakeCache.txt");
    const auto at = cache.find("CMAKE_BUILD_TYPE:STRING=");
    if (at == std::string::npos) return "RelWithDebInfo";
    return first_line(cache.substr(at + std::string("CMAKE_BUILD_TYPE:STRING=").size()));
  }

  void build() {
    section("Build");
    const fs::path big_build = big_ / "build";
    const fs::path small_build = small_ / "build";
    configure(small_, small_build, false);
    ProcessTimer::checked({{"cmake", "--build", small_build.string(), "-j2"}, {}, {}});
    if (o_.skip_build) {
      configure(big_, big_build, false);
      std::printf("  building the %d migrations (untimed: --skip-build)\n", o_.n);
      std::fflush(stdout);
      ProcessTimer::checked({{"cmake", "--build", big_build.string(), "-j2"}, {}, {}});
      md_ += "Not measured in this run (--skip-build).\n\n";
      return;
    }
    fs::remove_all(big_build);
    phase("Build: configure");
    configure(big_, big_build, true);
    Series all;
    for (int run = 0; run < o_.build_runs; ++run) {
      phase("Build: all " + std::to_string(o_.n) + " with -j2");
      if (run > 0) {
        ProcessTimer::checked(
            {{"cmake", "--build", big_build.string(), "--target", "clean"}, {}, {}});
      }
      const auto t =
          ProcessTimer::checked({{"cmake", "--build", big_build.string(), "-j2"}, {}, {}});
      all.add(t);
      std::printf("    all %d: %s ms\n", o_.n, ms(t.wall_ms).c_str());
      std::fflush(stdout);
    }

    // One migration, from the middle: the commands ninja runs for it, each timed.
    phase("Build: one migration");
    const auto sources = sorted_sources(big_);
    const fs::path source = sources[sources.size() / 2];
    const std::string target = source.stem().string();
    const std::string commands =
        ProcessTimer::checked(
            {{"ninja", "-C", big_build.string(), "-t", "commands", target}, {}, {}}, true)
            .out;
    std::vector<std::pair<std::string, std::string>> steps;  // label, command
    std::istringstream lines(commands);
    for (std::string line; std::getline(lines, line);) {
      if (trim(line).empty()) continue;
      std::string label = "other";
      if (line.find("KitManifest.cmake") != std::string::npos) {
        label = "write the manifest (cmake -P, SHA-256 of the source)";
      } else if (line.find(" -c ") != std::string::npos &&
                 line.find(".manifest.cpp") != std::string::npos) {
        label = "compile the generated manifest TU";
      } else if (line.find(" -c ") != std::string::npos) {
        label = "compile the migration TU";
      } else if (line.find("-shared") != std::string::npos) {
        label = "link the .so";
      }
      steps.emplace_back(label, line);
    }
    std::vector<Series> step_series(steps.size());
    Series sum;
    Series ninja;
    for (int run = 0; run < o_.runs; ++run) {
      double total = 0;
      double cpu = 0;
      for (std::size_t i = 0; i < steps.size(); ++i) {
        const auto t = ProcessTimer::checked({{"/bin/sh", "-c", steps[i].second}, {}, big_build});
        step_series[i].add(t);
        total += t.wall_ms;
        cpu += t.cpu_ms;
      }
      sum.wall.push_back(total);
      sum.cpu.push_back(cpu);
      // As a developer sees it: edit one migration, rebuild.
      fs::last_write_time(source, fs::file_time_type::clock::now());
      ninja.add(ProcessTimer::checked({{"ninja", "-C", big_build.string(), target}, {}, {}}));
    }
    md_ += "| what | wall, median (min..max) | CPU, median |\n| --- | --- | --- |\n";
    for (std::size_t i = 0; i < steps.size(); ++i) {
      md_ += "| one migration: " + steps[i].first + " | " +
             ms_range(SampleSummary::of(step_series[i].wall)) + " | " +
             ms(SampleSummary::of(step_series[i].cpu).median) + " ms |\n";
    }
    one_tu_ = SampleSummary::of(sum.wall);
    md_ += "| **one migration: compile + link, every step above** | **" + ms_range(*one_tu_) +
           "** | " + ms(SampleSummary::of(sum.cpu).median) + " ms |\n";
    md_ += "| one migration: `ninja <target>` after touching its source | " +
           ms_range(SampleSummary::of(ninja.wall)) + " | " +
           ms(SampleSummary::of(ninja.cpu).median) + " ms |\n";
    md_ += "| configure the project of " + std::to_string(o_.n) + " (cmake, Ninja) | " +
           ms(configure_ms_) + " ms (1 run) | |\n";
    all_build_ = SampleSummary::of(all.wall);
    md_ += "| **all " + std::to_string(o_.n) + " migrations, clean build, -j2** | **" +
           ms_range(*all_build_) + "** (" + std::to_string(o_.build_runs) + " run" +
           (o_.build_runs == 1 ? "" : "s") + ") | " + ms(SampleSummary::of(all.cpu).median) +
           " ms |\n\n";
  }

  static std::vector<fs::path> sorted_sources(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(dir / "project" / "migrations")) {
      if (entry.path().extension() == ".cpp") out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
    if (out.empty()) throw std::runtime_error("no migrations under " + dir.string());
    return out;
  }

  fs::path artifacts(const fs::path& dir) const { return dir / "build" / "migrations"; }

  // --- SQLite ---
  static void remove_database(const fs::path& db) {
    for (const char* suffix : {"", "-journal", "-wal", "-shm", "-kitlock"}) {
      fs::remove(db.string() + suffix);
    }
  }

  static void copy_database(const fs::path& from, const fs::path& to) {
    remove_database(to);
    fs::copy_file(from, to);
  }

  static std::string sqlite_url(const fs::path& db) { return "sqlite://" + db.string(); }

  static std::string sqlite_query(const fs::path& db, const std::string& sql) {
    return ProcessTimer::checked({{"sqlite3", db.string(), sql}, {}, {}}, true).out;
  }

  /// Checks that `measured` (written by `who`) and the floor's database hold the same schema
  /// and the same `rows` ledger rows.
  void check_same_sqlite(const fs::path& measured, const fs::path& floor, const std::string& who,
                         long rows) {
    static const std::string schema =
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name";
    static const std::string ledger =
        "SELECT version, batch, state FROM kit_migrations ORDER BY version";
    if (sqlite_query(measured, schema) != sqlite_query(floor, schema)) {
      throw std::runtime_error("the floor's SQLite schema differs from " + who + "'s: compare " +
                               measured.string() + " and " + floor.string());
    }
    const auto found = sqlite_query(measured, ledger);
    if (found != sqlite_query(floor, ledger) ||
        std::count(found.begin(), found.end(), '\n') != rows) {
      throw std::runtime_error("the floor's ledger differs from " + who + "'s: compare " +
                               measured.string() + " and " + floor.string());
    }
  }

  /// The SQLite runs that write (migrate, --atomic, reset) with the databases in `dir`;
  /// `label` ("" or " on tmpfs") names the rows and phases. Leaves `dir`/applied.db behind.
  struct SqliteWrites {
    std::optional<Pair> migrate;
    std::optional<Pair> atomic;
    std::optional<Pair> reset;
    // kit_bench_design_floor against the same floor: what the design alone costs
    std::optional<Pair> design_migrate;
    std::optional<Pair> design_atomic;
    std::optional<Pair> design_reset;
  };

  /// With --design-floor: the floor script `script` run by kit_bench_design_floor (the same
  /// SQL through SQLite's C API, each artifact loaded twice) against sqlite3 running it, each
  /// on a database `prepare` makes; a row for the table. Checks it left the same database.
  /// `reverse` is for migrate:reset's script: artifacts newest first, no ledger row left.
  std::optional<Pair> design_floor(const std::string& what, const fs::path& db_dir,
                                   const std::string& script, const std::string& floor_name,
                                   const std::function<void(const fs::path&)>& prepare,
                                   bool reverse) {
    if (o_.design_floor.empty()) return std::nullopt;
    const fs::path design_db = db_dir / "design.db";
    const fs::path floor_db = db_dir / "floor.db";
    const fs::path sql = big_ / "sql" / script;
    std::vector<std::string> args{o_.design_floor.string(), design_db.string(), sql.string(),
                                  artifacts(big_).string()};
    if (reverse) args.emplace_back("--reverse");
    auto pair = paired(
        o_.runs, [&] { prepare(design_db); }, Command{args, {}, {}}, [&] { prepare(floor_db); },
        Command{{"sqlite3", floor_db.string()}, sql, {}});
    check_same_sqlite(design_db, floor_db, "kit_bench_design_floor", reverse ? 0 : o_.n);
    pair_row(what +
                 ": the design alone (each artifact loaded twice, the SQL through "
                 "SQLite's API)",
             pair, floor_name, o_.n);
    remove_database(design_db);
    return pair;
  }

  SqliteWrites sqlite_writes(const fs::path& db_dir, const std::string& label) {
    SqliteWrites out;
    const fs::path kit_db = db_dir / "kit.db";
    const fs::path floor_db = db_dir / "floor.db";
    const fs::path golden = db_dir / "applied.db";
    const fs::path sql = big_ / "sql";
    const std::string dir = artifacts(big_).string();
    const std::string n = std::to_string(o_.n);

    phase("SQLite: migrate" + label);
    out.migrate = paired(
        o_.runs, [&] { remove_database(kit_db); },
        kit_cmd({"migrate", "--dir", dir, "--database-url", sqlite_url(kit_db)}),
        [&] { remove_database(floor_db); },
        Command{{"sqlite3", floor_db.string()}, sql / "sqlite_migrate.sql", {}});
    check_same_sqlite(kit_db, floor_db, "kit-host", o_.n);
    copy_database(kit_db, golden);
    pair_row("`migrate`, " + n + " on an empty database" + label, *out.migrate,
             "sqlite3, a transaction each", o_.n);
    const auto empty = [](const fs::path& db) { remove_database(db); };
    out.design_migrate = design_floor("`migrate`" + label, db_dir, "sqlite_migrate.sql",
                                      "sqlite3, a transaction each", empty, false);

    if (has_atomic_) {
      phase("SQLite: migrate --atomic" + label);
      out.atomic = paired(
          o_.runs, [&] { remove_database(kit_db); },
          kit_cmd({"migrate", "--atomic", "--dir", dir, "--database-url", sqlite_url(kit_db)}),
          [&] { remove_database(floor_db); },
          Command{{"sqlite3", floor_db.string()}, sql / "sqlite_atomic.sql", {}});
      check_same_sqlite(kit_db, floor_db, "kit-host", o_.n);
      pair_row("`migrate --atomic`, " + n + label, *out.atomic, "sqlite3, one transaction", o_.n);
      out.design_atomic = design_floor("`migrate --atomic`" + label, db_dir, "sqlite_atomic.sql",
                                       "sqlite3, one transaction", empty, false);
    }

    phase("SQLite: migrate:reset" + label);
    out.reset = paired(
        o_.runs, [&] { copy_database(golden, kit_db); },
        kit_cmd({"migrate:reset", "--dir", dir, "--database-url", sqlite_url(kit_db)}),
        [&] { copy_database(golden, floor_db); },
        Command{{"sqlite3", floor_db.string()}, sql / "sqlite_reset.sql", {}});
    if (sqlite_query(kit_db, "SELECT count(*) FROM kit_migrations") != "0\n" ||
        sqlite_query(kit_db, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'bench%'") !=
            "0\n") {
      throw std::runtime_error("migrate:reset left tables or ledger rows in " + kit_db.string());
    }
    pair_row("`migrate:reset`, " + n + label, *out.reset, "sqlite3, a transaction each", o_.n);
    out.design_reset = design_floor(
        "`migrate:reset`" + label, db_dir, "sqlite_reset.sql", "sqlite3, a transaction each",
        [&](const fs::path& db) { copy_database(golden, db); }, true);
    remove_database(kit_db);
    remove_database(floor_db);
    return out;
  }

  void sqlite() {
    section("SQLite");
    md_ +=
        "A database file with SQLite's defaults (journal_mode=delete, synchronous=FULL): every "
        "commit waits for fsync (4 fdatasync() per migration, the same for kit-host and "
        "sqlite3). The floor is `sqlite3 <file> < <db>_<what>.sql`. The rows \"on tmpfs\" "
        "repeat the writes with the database in " +
        (o_.tmpfs.empty() ? std::string("(not measured: no --tmpfs)") : o_.tmpfs.string()) +
        ", where fsync costs nothing: their ratio is kit-host's CPU overhead over sqlite3's, "
        "free of the disk's noise.\n\n";
    const fs::path golden = db_dir_ / "applied.db";
    const fs::path sql = big_ / "sql";
    const std::string dir = artifacts(big_).string();
    pair_table_header();

    const auto disk = sqlite_writes(db_dir_, "");
    sqlite_migrate_ = disk.migrate;
    sqlite_atomic_ = disk.atomic;
    sqlite_reset_ = disk.reset;
    design_migrate_ = disk.design_migrate;
    design_atomic_ = disk.design_atomic;
    design_reset_ = disk.design_reset;
    if (!o_.tmpfs.empty()) {
      fs::create_directories(o_.tmpfs);
      const auto tmpfs = sqlite_writes(o_.tmpfs, " on tmpfs");
      tmpfs_migrate_ = tmpfs.migrate;
      tmpfs_atomic_ = tmpfs.atomic;
      tmpfs_reset_ = tmpfs.reset;
      tmpfs_design_migrate_ = tmpfs.design_migrate;
      tmpfs_design_atomic_ = tmpfs.design_atomic;
      tmpfs_design_reset_ = tmpfs.design_reset;
      fs::remove_all(o_.tmpfs);
    }
    const fs::path kit_db = db_dir_ / "kit.db";

    phase("SQLite: status and no-op migrate");
    const fs::path applied = db_dir_ / "status.db";
    copy_database(golden, applied);
    const Command ledger{{"sqlite3", applied.string()}, sql / "sqlite_ledger.sql", {}};
    const auto [status, noop] =
        status_and_noop(dir, sqlite_url(applied), ledger, "sqlite3 reading the ledger");
    const auto version = paired(
        o_.runs, [] {}, kit_cmd({"--version"}), [] {},
        Command{{"sqlite3", ":memory:", "SELECT 1"}, {}, {}});
    pair_row("process start: `kit-host --version`", version, "`sqlite3 :memory: 'SELECT 1'`");
    md_ += "\n";
    sqlite_status_ = status;
    sqlite_noop_ = noop;
    checksum_check(applied, dir);

    // Every write and the status at the small N, beside the floors', for their own growth.
    phase("SQLite: " + std::to_string(o_.small) + " migrations (memory)");
    const std::string small_dir = artifacts(small_).string();
    const fs::path small_sql = small_ / "sql";
    const fs::path floor_db = db_dir_ / "floor.db";
    const fs::path small_applied = db_dir_ / "small_applied.db";
    const auto kit_small = [&](std::vector<std::string> args, const fs::path& db) {
      args.insert(args.end(), {"--dir", small_dir, "--database-url", sqlite_url(db)});
      return kit_cmd(args);
    };
    const auto sqlite3_small = [&](const fs::path& db, const char* script) {
      return Command{{"sqlite3", db.string()}, small_sql / script, {}};
    };
    const auto empty = [&](const fs::path& db) { return [db] { remove_database(db); }; };
    const auto applied_copy = [&](const fs::path& db) {
      return [db, &small_applied] { copy_database(small_applied, db); };
    };
    const auto small_migrate = repeated(o_.runs, empty(kit_db), kit_small({"migrate"}, kit_db));
    copy_database(kit_db, small_applied);
    memory_row("SQLite `migrate`", sqlite_migrate_, small_migrate,
               repeated(o_.runs, empty(floor_db), sqlite3_small(floor_db, "sqlite_migrate.sql")),
               "sqlite3, a transaction each");
    if (has_atomic_) {
      memory_row("SQLite `migrate --atomic`", sqlite_atomic_,
                 repeated(o_.runs, empty(kit_db), kit_small({"migrate", "--atomic"}, kit_db)),
                 repeated(o_.runs, empty(floor_db), sqlite3_small(floor_db, "sqlite_atomic.sql")),
                 "sqlite3, one transaction");
    }
    memory_row(
        "SQLite `migrate:reset`", sqlite_reset_,
        repeated(o_.runs, applied_copy(kit_db), kit_small({"migrate:reset"}, kit_db)),
        repeated(o_.runs, applied_copy(floor_db), sqlite3_small(floor_db, "sqlite_reset.sql")),
        "sqlite3, a transaction each");
    memory_row("SQLite `migrate:status`", sqlite_status_,
               repeated(
                   o_.runs, [] {}, kit_small({"migrate:status"}, small_applied)),
               repeated(
                   o_.runs, [] {}, sqlite3_small(small_applied, "sqlite_ledger.sql")),
               "sqlite3 reading the ledger");
    remove_database(small_applied);
    remove_database(floor_db);
    remove_database(kit_db);
    remove_database(applied);
    remove_database(golden);
  }

  /// Whether migrate:status notices an artifact whose checksum differs from its ledger row's.
  void checksum_check(const fs::path& applied, const std::string& dir) {
    const fs::path tampered = db_dir_ / "tampered.db";
    copy_database(applied, tampered);
    (void)sqlite_query(tampered,
                       "UPDATE kit_migrations SET checksum = 'ffff' WHERE version = "
                       "(SELECT min(version) FROM kit_migrations)");
    const auto before = ProcessTimer::run(
        kit_cmd({"migrate:status", "--dir", dir, "--database-url", sqlite_url(applied)}), true);
    const auto after = ProcessTimer::run(
        kit_cmd({"migrate:status", "--dir", dir, "--database-url", sqlite_url(tampered)}), true);
    checksums_verified_ = before.out != after.out || before.exit_code != after.exit_code;
    md_ += std::string(
               "Does `migrate:status` verify checksums? With one ledger row's checksum "
               "changed, its output or exit code ") +
           (*checksums_verified_ ? "changes: **yes**, it compares every artifact's embedded "
                                   "checksum with the ledger."
                                 : "stays the same: **no**, it does not compare checksums.") +
           "\n\n";
    remove_database(tampered);
  }

  // --- PostgreSQL ---
  std::string database_url(const std::string& database) const {
    const auto scheme = o_.postgres_url.find("://");
    const auto slash = o_.postgres_url.find('/', scheme + 3);
    const auto query = o_.postgres_url.find('?', scheme + 3);
    std::string url = o_.postgres_url.substr(0, slash == std::string::npos ? query : slash);
    url += "/" + database;
    if (query != std::string::npos) url += o_.postgres_url.substr(query);
    return url;
  }

  Command psql(const std::string& database, const std::vector<std::string>& args,
               const fs::path& input = {}) const {
    Command c{
        {"psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", database_url(database)}, input, {}};
    for (const auto& a : args) c.argv.push_back(a);
    return c;
  }

  std::string pg_query(const std::string& database, const std::string& sql) const {
    return ProcessTimer::checked(psql(database, {"-At", "-c", sql}), true).out;
  }

  void recreate(const std::string& database, const std::string& from = "") const {
    (void)pg_query("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    (void)pg_query("postgres",
                   "CREATE DATABASE " + database + (from.empty() ? "" : " TEMPLATE " + from));
    // Creating and dropping a database writes WAL; a checkpoint now rather than in the
    // timed run that follows.
    (void)pg_query("postgres", "CHECKPOINT");
  }

  void check_same_postgres(const std::string& kit, const std::string& floor) const {
    static const std::string schema =
        "SELECT c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), "
        "a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attidentity "
        "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
        "WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped "
        "ORDER BY c.relname COLLATE \"C\", a.attnum";
    static const std::string indexes =
        "SELECT indexdef FROM pg_catalog.pg_indexes WHERE schemaname = 'public' "
        "ORDER BY indexname COLLATE \"C\"";
    static const std::string ledger =
        "SELECT version, batch, state FROM public.kit_migrations ORDER BY version COLLATE \"C\"";
    if (pg_query(kit, schema) != pg_query(floor, schema) ||
        pg_query(kit, indexes) != pg_query(floor, indexes)) {
      throw std::runtime_error(
          "the floor's PostgreSQL schema differs from kit-host's: compare "
          "the databases " +
          kit + " and " + floor);
    }
    const auto rows = pg_query(kit, ledger);
    if (rows != pg_query(floor, ledger) || std::count(rows.begin(), rows.end(), '\n') != o_.n) {
      throw std::runtime_error("the floor's PostgreSQL ledger differs from kit-host's");
    }
  }

  void postgres() {
    section("PostgreSQL");
    // The server is the benchmark's own: autovacuum, which the 1000 tables of a run wake
    // up, would otherwise land in whichever timed run follows.
    (void)pg_query("postgres", "ALTER SYSTEM SET autovacuum = off");
    (void)pg_query("postgres", "SELECT pg_catalog.pg_reload_conf()");
    const std::string version = trim(pg_query("postgres", "SHOW server_version"));
    const std::string fsync = trim(pg_query("postgres", "SHOW fsync"));
    const std::string sync = trim(pg_query("postgres", "SHOW synchronous_commit"));
    const std::string data = trim(pg_query("postgres", "SHOW data_directory"));
    md_ += "A throwaway PostgreSQL " + version +
           " server on 127.0.0.1 (scripts/throwaway-postgres: "
           "fsync=" +
           fsync + ", synchronous_commit=" + sync +
           ", so commits do not wait for the disk and the comparison is of CPU and round "
           "trips), its data directory in " +
           data +
           ", autovacuum turned off for the benchmark. kit-host connects over TCP with "
           "a password, like psql. A fresh database (CREATE DATABASE, then CHECKPOINT, "
           "untimed) for each run. The floor is `psql -X -q -v "
           "ON_ERROR_STOP=1 -d <url> -f <db>_<what>.sql`.\n\n";
    const fs::path sql = big_ / "sql";
    const std::string dir = artifacts(big_).string();
    const std::string kit = "kit_bench_kit";
    const std::string floor = "kit_bench_floor";
    const std::string golden = "kit_bench_applied";
    pair_table_header();

    phase("PostgreSQL: migrate");
    const auto migrate = paired(
        o_.runs, [&] { recreate(kit); },
        kit_cmd({"migrate", "--dir", dir, "--database-url", database_url(kit)}),
        [&] { recreate(floor); }, psql(floor, {"-f", (sql / "postgres_migrate.sql").string()}));
    check_same_postgres(kit, floor);
    recreate(golden, kit);
    pair_row("`migrate`, " + std::to_string(o_.n) + " on an empty database", migrate,
             "psql, a transaction each", o_.n);
    pg_migrate_ = migrate;

    if (has_atomic_) {
      phase("PostgreSQL: migrate --atomic");
      const auto atomic = paired(
          o_.runs, [&] { recreate(kit); },
          kit_cmd({"migrate", "--atomic", "--dir", dir, "--database-url", database_url(kit)}),
          [&] { recreate(floor); }, psql(floor, {"-f", (sql / "postgres_atomic.sql").string()}));
      check_same_postgres(kit, floor);
      pair_row("`migrate --atomic`, " + std::to_string(o_.n), atomic, "psql, one transaction",
               o_.n);
      pg_atomic_ = atomic;
    }

    phase("PostgreSQL: migrate:reset");
    const auto reset = paired(
        o_.runs, [&] { recreate(kit, golden); },
        kit_cmd({"migrate:reset", "--dir", dir, "--database-url", database_url(kit)}),
        [&] { recreate(floor, golden); },
        psql(floor, {"-f", (sql / "postgres_reset.sql").string()}));
    if (trim(pg_query(kit, "SELECT count(*) FROM public.kit_migrations")) != "0" ||
        trim(pg_query(kit,
                      "SELECT count(*) FROM pg_catalog.pg_tables WHERE tablename LIKE "
                      "'bench%'")) != "0") {
      throw std::runtime_error("migrate:reset left tables or ledger rows in " + kit);
    }
    pair_row("`migrate:reset`, " + std::to_string(o_.n), reset, "psql, a transaction each", o_.n);
    pg_reset_ = reset;

    phase("PostgreSQL: status and no-op migrate");
    const Command ledger = psql(golden, {"-f", (sql / "postgres_ledger.sql").string()});
    const auto [status, noop] =
        status_and_noop(dir, database_url(golden), ledger, "psql reading the ledger");
    md_ += "\n";
    pg_status_ = status;
    pg_noop_ = noop;

    phase("PostgreSQL: " + std::to_string(o_.small) + " migrations (memory)");
    const std::string small_dir = artifacts(small_).string();
    const fs::path small_sql = small_ / "sql";
    const auto kit_small = [&](std::vector<std::string> args) {
      args.insert(args.end(), {"--dir", small_dir, "--database-url", database_url(kit)});
      return kit_cmd(args);
    };
    const auto psql_small = [&](const std::string& database, const char* script) {
      return psql(database, {"-f", (small_sql / script).string()});
    };
    const auto empty = [&](const std::string& database) {
      return [this, database] { recreate(database); };
    };
    const auto applied_copy = [&](const std::string& database) {
      return [this, database, &golden] { recreate(database, golden); };
    };
    const auto small_migrate = repeated(o_.runs, empty(kit), kit_small({"migrate"}));
    recreate(golden, kit);  // the small N applied, for the status and the reset
    memory_row("PostgreSQL `migrate`", pg_migrate_, small_migrate,
               repeated(o_.runs, empty(floor), psql_small(floor, "postgres_migrate.sql")),
               "psql, a transaction each");
    if (has_atomic_) {
      memory_row("PostgreSQL `migrate --atomic`", pg_atomic_,
                 repeated(o_.runs, empty(kit), kit_small({"migrate", "--atomic"})),
                 repeated(o_.runs, empty(floor), psql_small(floor, "postgres_atomic.sql")),
                 "psql, one transaction");
    }
    memory_row("PostgreSQL `migrate:reset`", pg_reset_,
               repeated(o_.runs, applied_copy(kit), kit_small({"migrate:reset"})),
               repeated(o_.runs, applied_copy(floor), psql_small(floor, "postgres_reset.sql")),
               "psql, a transaction each");
    recreate(kit, golden);
    memory_row("PostgreSQL `migrate:status`", pg_status_,
               repeated(
                   o_.runs, [] {}, kit_small({"migrate:status"})),
               repeated(
                   o_.runs, [] {}, psql_small(kit, "postgres_ledger.sql")),
               "psql reading the ledger");
    for (const auto& database : {kit, floor, golden}) {
      (void)pg_query("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  // --- Memory ---
  /// Peak memory of one command at both N, beside its floor's: `big` is the pair measured at
  /// the large N, `small` and `small_floor` the same commands run at the small N.
  void memory_row(const std::string& what, const std::optional<Pair>& big, const Series& small,
                  const Series& small_floor, const std::string& floor_name) {
    if (!big) return;
    memory_.push_back({what, SampleSummary::of(big->kit.rss).median,
                       SampleSummary::of(small.rss).median, floor_name,
                       SampleSummary::of(big->floor.rss).median,
                       SampleSummary::of(small_floor.rss).median});
  }

  void memory() {
    section("Peak memory of kit-host");
    md_ +=
        "ru_maxrss of the kit-host process (wait4), median of the runs above; beside it the "
        "floor's, running the same SQL for both N.\n\n| command | N=" +
        std::to_string(o_.n) + " | N=" + std::to_string(o_.small) +
        " | ratio | floor | floor N=" + std::to_string(o_.n) +
        " | floor N=" + std::to_string(o_.small) +
        " | floor ratio |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n";
    for (const auto& m : memory_) {
      md_ += "| " + m.what + " | " + mib(m.big) + " | " + mib(m.small) + " | " +
             format("%.2f", m.big / m.small) + " | " + m.floor_name + " | " + mib(m.floor_big) +
             " | " + mib(m.floor_small) + " | " + format("%.2f", m.floor_big / m.floor_small) +
             " |\n";
    }
    md_ += "\n";
  }

  // --- Loading ---
  /// What loading every artifact once costs by itself: dlopen (RTLD_NOW | RTLD_LOCAL, as
  /// kit-host loads them), dlsym of the manifest, dlclose, in this process with libkit_sdk
  /// already loaded, as it is in kit-host.
  void loading() {
    section("Reference: loading every artifact once");
    const fs::path sdk = o_.kit_dir / "lib" / "libkit_sdk.so";
    void* sdk_handle = ::dlopen(sdk.c_str(), RTLD_NOW | RTLD_GLOBAL);
    if (sdk_handle == nullptr) throw std::runtime_error("cannot load " + sdk.string());
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(artifacts(big_))) {
      if (entry.path().extension() == ".so") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<double> times;
    for (int run = 0; run < o_.runs; ++run) {
      const auto start = std::chrono::steady_clock::now();
      for (const auto& file : files) {
        void* handle = ::dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr || ::dlsym(handle, "kit_plugin_info") == nullptr) {
          throw std::runtime_error("cannot load " + file.string());
        }
        ::dlclose(handle);
      }
      times.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count());
    }
    ::dlclose(sdk_handle);
    const auto s = SampleSummary::of(times);
    md_ += "dlopen + dlsym + dlclose of each of the " + std::to_string(files.size()) +
           " artifacts, in one process: " + ms_range(s) + ", " +
           format("%.0f", s.median * 1000 / static_cast<double>(files.size())) +
           " us per artifact. kit-host loads each pending artifact twice in a `migrate` (once "
           "to check it before anything is applied, once to run it) and each applied one twice "
           "in a `migrate:reset`.\n\n";
  }

  // --- Targets ---
  /// A ratio target, judged on the median of the paired ratios; `tmpfs`, when measured, is
  /// shown beside it, and so is what the design alone costs (`design`, `tmpfs_design`).
  static Target ratio_target(const std::string& what, const std::optional<Pair>& p, double limit,
                             const std::optional<Pair>& tmpfs = std::nullopt,
                             const std::optional<Pair>& design = std::nullopt,
                             const std::optional<Pair>& tmpfs_design = std::nullopt) {
    if (!p) return {what, "not measured", std::nullopt};
    const auto median = [](const std::optional<Pair>& pair) {
      return format("%.3f", SampleSummary::of(pair->ratio).median) + "x";
    };
    const auto r = SampleSummary::of(p->ratio);
    std::string figure = format("%.3f", r.median) + "x (runs " + format("%.2f", r.min) + ".." +
                         format("%.2f", r.max) + ")";
    if (tmpfs) figure += "; on tmpfs " + median(tmpfs);
    if (design) {
      figure += "; the design alone " + median(design);
      if (tmpfs_design) figure += ", on tmpfs " + median(tmpfs_design);
    }
    return {what, figure, r.median <= limit, r.min <= limit && r.max > limit};
  }

  static Target time_target(const std::string& what, const std::optional<Pair>& p,
                            double limit_ms) {
    if (!p) return {what, "not measured", std::nullopt};
    const auto t = SampleSummary::of(p->kit.wall);
    return {what, ms(t.median) + " ms (runs " + ms(t.min) + ".." + ms(t.max) + ")",
            t.median < limit_ms, t.min < limit_ms && t.max >= limit_ms};
  }

  void targets() {
    section("Targets (issue 8)");
    std::vector<Target> list;
    const std::string n = std::to_string(o_.n);
    list.push_back(ratio_target("SQLite `migrate` of " + n + " <= 1.10x floor", sqlite_migrate_,
                                1.10, tmpfs_migrate_, design_migrate_, tmpfs_design_migrate_));
    list.push_back(
        ratio_target("PostgreSQL `migrate` of " + n + " <= 1.10x floor", pg_migrate_, 1.10));
    if (has_atomic_) {
      list.push_back(ratio_target("SQLite `migrate --atomic` <= 1.15x floor", sqlite_atomic_, 1.15,
                                  tmpfs_atomic_, design_atomic_, tmpfs_design_atomic_));
      list.push_back(
          ratio_target("PostgreSQL `migrate --atomic` <= 1.15x floor", pg_atomic_, 1.15));
    } else {
      list.push_back({"`migrate --atomic` <= 1.15x floor",
                      "not measured: this kit-host has no --atomic", std::nullopt});
    }
    list.push_back(ratio_target("SQLite `migrate:reset` of " + n + " <= 1.10x floor", sqlite_reset_,
                                1.10, tmpfs_reset_, design_reset_, tmpfs_design_reset_));
    list.push_back(
        ratio_target("PostgreSQL `migrate:reset` of " + n + " <= 1.10x floor", pg_reset_, 1.10));
    const std::string verified =
        checksums_verified_
            ? (*checksums_verified_ ? ", checksums verified" : ", checksums NOT verified")
            : "";
    for (auto [what, p] : {std::pair{"SQLite `migrate:status`", &sqlite_status_},
                           std::pair{"SQLite no-op `migrate`", &sqlite_noop_},
                           std::pair{"PostgreSQL `migrate:status`", &pg_status_},
                           std::pair{"PostgreSQL no-op `migrate`", &pg_noop_}}) {
      auto t = time_target(std::string(what) + ", " + n + " applied, < 40 ms", *p, 40);
      if (t.met && checksums_verified_ && !*checksums_verified_) t.met = false;
      t.figure += verified;
      list.push_back(t);
    }
    for (const auto& m : memory_) {
      list.push_back(
          {"peak RSS, " + m.what + " at N=" + n + ", < 10 MiB", mib(m.big), m.big < 10 * 1024});
      list.push_back(
          {"peak RSS, " + m.what + ", N=" + n + " within 1.25x of N=" + std::to_string(o_.small),
           format("%.2f", m.big / m.small) +
               "x (the floor's own: " + format("%.2f", m.floor_big / m.floor_small) + "x)",
           m.big <= 1.25 * m.small});
    }
    if (one_tu_) {
      list.push_back({"one migration compiles and links in < 0.5 s", ms(one_tu_->median) + " ms",
                      one_tu_->median < 500});
    } else {
      list.push_back({"one migration compiles and links in < 0.5 s", "not measured", std::nullopt});
    }
    md_ += "| target | figure | met |\n| --- | --- | --- |\n";
    for (const auto& t : list) {
      md_ += "| " + t.what + " | " + t.figure + " | " +
             (t.met ? (*t.met ? "met" : "**missed**") : "-") +
             (t.straddles ? " (runs on both sides: within the noise)" : "") + " |\n";
    }
    md_ += "\n";
  }

  void noise() {
    section("Noise");
    md_ +=
        "Load average (1 min) when each phase began, and for the SQLite phases the latency of "
        "a 4 KiB write + fdatasync() in the database directory on disk (50 samples: median, "
        "min..max), "
        "measured just before. A phase whose fsync latency differs from another's has "
        "different SQLite floors too; the paired ratios cancel most of it.\n\n"
        "| phase | load | fsync |\n| --- | --- | --- |\n" +
        noise_ +
        "\nSpread of the runs, (max - min) / median, the larger of kit-host's and the "
        "floor's:\n\n| measurement | spread |\n| --- | --- |\n";
    for (const auto& [what, spread] : spreads_) {
      md_ += "| " + what + " | " + format("%.0f%%", spread * 100) + " |\n";
    }
    md_ += "\n";
  }

  void write() {
    fs::create_directories(o_.out.parent_path());
    std::ofstream out(o_.out, std::ios::binary | std::ios::trunc);
    out << md_;
    if (!out.flush()) throw std::runtime_error("cannot write " + o_.out.string());
    std::cout << "\n" << md_ << "Written to " << o_.out.string() << "\n";
  }

  struct Memory {
    std::string what;
    double big;  // peak RSS in KiB, median, at the large N
    double small;
    std::string floor_name;
    double floor_big;
    double floor_small;
  };

  Options o_;
  fs::path big_;
  fs::path small_;
  fs::path db_dir_;
  bool has_atomic_ = false;
  std::string md_;
  std::string section_;
  std::string noise_;
  std::vector<std::pair<std::string, double>> spreads_;
  double configure_ms_ = 0;
  std::optional<SampleSummary> one_tu_;
  std::optional<SampleSummary> all_build_;
  std::optional<Pair> sqlite_migrate_, sqlite_atomic_, sqlite_reset_, sqlite_status_, sqlite_noop_;
  std::optional<Pair> pg_migrate_, pg_atomic_, pg_reset_, pg_status_, pg_noop_;
  std::optional<Pair> tmpfs_migrate_, tmpfs_atomic_, tmpfs_reset_;
  std::optional<Pair> design_migrate_, design_atomic_, design_reset_;
  std::optional<Pair> tmpfs_design_migrate_, tmpfs_design_atomic_, tmpfs_design_reset_;
  std::optional<bool> checksums_verified_;
  std::vector<Memory> memory_;
};

}  // namespace

int main(int argc, char** argv) {
  try {
    Bench(parse(argc, argv)).run();
  } catch (const std::exception& error) {
    std::fprintf(stderr, "kit_bench_run: %s\n", error.what());
    return 1;
  }
  return 0;
}
