#!/usr/bin/env bash
# shellcheck disable=SC2016  # the backquotes below are the Markdown of results.md
# Bench.CommandRunsEndToEnd: the pipeline of scripts/bench at a tiny N, so that the benchmark
# command keeps working between the runs someone makes of it. It generates 3 and 2
# migrations, builds them against this build tree, runs every measurement once against
# sqlite3, kit_bench_design_floor and psql on a throwaway PostgreSQL of its own (the
# benchmark changes its server's settings), and checks the results file has every section
# and row. kit_bench_run itself fails when kit-host and its floor leave different databases
# or the no-op migrate does something. No timing is judged: at N=3 they are noise.
#
#   smoke_test.sh <dir of the kit_bench_* programs> <kit-host> <build dir> <source dir>
set -euo pipefail
bench=$1 kit_host=$2 build=$3 source=$4

work=$(mktemp -d "${TMPDIR:-/tmp}/kit-bench-smoke.XXXXXX")
shm=
[ -d /dev/shm ] && [ "$(stat -f -c %T /dev/shm)" = tmpfs ] && shm=/dev/shm/kit-bench-smoke-$$
postgres_dir=
cleanup() {
  [ -z "$postgres_dir" ] || "$source/scripts/throwaway-postgres" stop "$postgres_dir"
  rm -rf "$work" ${shm:+"$shm"}
}
trap cleanup EXIT

"$bench/kit_bench_generate" --n 3 --out "$work/n3" >/dev/null
"$bench/kit_bench_generate" --n 2 --out "$work/n2" >/dev/null

postgres_env=$("$source/scripts/throwaway-postgres" start)
eval "$postgres_env"
postgres_dir=$KIT_TEST_POSTGRES_DIR

"$bench/kit_bench_run" --kit-host "$kit_host" --kit-dir "$build" \
  --design-floor "$bench/kit_bench_design_floor" --work "$work" --n 3 --small 2 --runs 1 \
  --build-runs 1 ${shm:+--tmpfs "$shm"} --postgres-url "$KIT_TEST_POSTGRES_URL" \
  --out "$work/results.md" --note "Source: the smoke test" >"$work/output.txt" 2>&1 || {
  cat "$work/output.txt"
  echo "kit_bench_run failed"
  exit 1
}

missing=0
expect() {
  if ! grep -qF -- "$1" "$work/results.md"; then
    echo "results.md lacks: $1"
    missing=1
  fi
}
expect "## Build"
expect "| **one migration: compile + link, every step above** |"
expect "| **all 3 migrations, clean build, -j2** |"
expect "## SQLite"
expect "## PostgreSQL"
for row in '`migrate`, 3 on an empty database' '`migrate --atomic`, 3' '`migrate:reset`, 3' \
  '`migrate:status`, 3 applied' 'no-op `migrate`, 3 applied'; do
  [ "$(grep -cF -- "| $row |" "$work/results.md")" -ge 2 ] ||
    { echo "results.md lacks a SQLite and a PostgreSQL row: $row"; missing=1; }
done
expect '`migrate`: the design alone'
[ -z "$shm" ] || expect '`migrate`, 3 on an empty database on tmpfs'
expect "Does \`migrate:status\` verify checksums? With one ledger row's checksum changed, its output or exit code changes: **yes**"
expect "## Peak memory of kit-host"
for db in SQLite PostgreSQL; do
  for command in '`migrate`' '`migrate --atomic`' '`migrate:reset`' '`migrate:status`'; do
    expect "| $db $command | "
    expect "| peak RSS, $db $command at N=3, < 10 MiB |"
  done
done
expect "## Targets (issue 8)"
expect "| one migration compiles and links in < 0.5 s |"
expect "## Noise"
expect "- Source: the smoke test"
if [ "$missing" -ne 0 ]; then
  cat "$work/results.md"
  exit 1
fi
echo "scripts/bench's pipeline ran end to end; every section and row is in results.md"
