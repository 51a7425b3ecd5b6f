#!/usr/bin/env bash
# Installs this build into a temporary prefix, then works as a team would from its own
# repositories: builds a migrations project and an out-of-tree driver with find_package(Kit),
# adds a migration with make:migration --path, and migrates with the installed kit-host.
#   install_test.sh <build dir> <source dir> <generator> <driver dir, relative to the prefix>
set -euo pipefail
build=$1 source=$2 generator=$3 driver_dir=$4

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >"$work/install.log" || { cat "$work/install.log"; fail "cmake --install"; }
host=$prefix/bin/kit-host
for f in bin/kit-host "$driver_dir/kit_driver_sqlite.so" include/kit/migration.hpp \
         include/kit/driver.hpp; do
  [ -e "$prefix/$f" ] || fail "the install has no $f"
done
ls "$prefix"/lib*/libkit_sdk.so* "$prefix"/lib*/*/libkit_sdk.so* >/dev/null 2>&1 ||
  ls "$prefix"/lib*/libkit_sdk.so* >/dev/null || fail "the install has no libkit_sdk.so"
config=$(find "$prefix" -name KitConfig.cmake)
[ -n "$config" ] || fail "the install has no KitConfig.cmake"
for f in KitHelpers.cmake KitManifest.cmake KitPlugin.map KitTargets.cmake; do
  [ -e "$(dirname "$config")/$f" ] || fail "the install has no $f beside KitConfig.cmake"
done

# A team's migrations project: its own copy, built against the install only.
cp -r "$source/tests/install/consumer" "$work/app"
cmake -S "$work/app" -B "$work/app-build" -G "$generator" -DCMAKE_PREFIX_PATH="$prefix" \
  >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; fail "configuring the consumer"; }
cmake --build "$work/app-build" >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail "building the consumer"; }

cd "$work"
out=$("$host" migrate --dir app-build/migrations --database-url "sqlite://$work/app.db")
echo "$out" | grep -q "m20250301_090000_create_invoices_table .* DONE" || fail "migrate printed: $out"
sqlite3 "$work/app.db" .tables | grep -qw invoices || fail "no invoices table"

# make:migration in the consumer project; the file compiles unchanged and migrates.
out=$("$host" make:migration create_payments_table --path app/migrations)
created=$(echo "$out" | sed -n 's/^Created migration //p')
[ -f "$created" ] || fail "make:migration printed: $out"
cmake --build "$work/app-build" >"$work/build2.log" 2>&1 || { cat "$work/build2.log"; fail "building the generated migration"; }
out=$("$host" migrate --dir app-build/migrations --database-url "sqlite://$work/app.db")
echo "$out" | grep -q "create_payments_table .* DONE" || fail "migrate printed: $out"
sqlite3 "$work/app.db" .tables | grep -qw payments || fail "no payments table"

# A migration whose source is deleted leaves the build: its artifact goes with the next
# build, and kit-host no longer lists it.
out=$("$host" make:migration add_notes_to_payments --path app/migrations)
extra=$(echo "$out" | sed -n 's/^Created migration //p')
cmake --build "$work/app-build" >"$work/build3.log" 2>&1 || { cat "$work/build3.log"; fail "building the third migration"; }
artifact=app-build/migrations/$(basename "$extra" .cpp).so
[ -f "$artifact" ] || fail "no $artifact after the build"
rm "$extra"
cmake --build "$work/app-build" >"$work/build4.log" 2>&1 || { cat "$work/build4.log"; fail "building after deleting a source"; }
[ ! -e "$artifact" ] || fail "$artifact stayed after its source was deleted: $(cat "$work/build4.log")"
out=$("$host" migrate:status --dir app-build/migrations --database-url "sqlite://$work/app.db")
echo "$out" | grep -q "2 applied, 0 pending" || fail "status after deleting a source printed: $out"

# A driver built out of tree, found through KIT_DRIVER_PATH and through --drivers.
cmake -S "$source/tests/install/driver" -B "$work/driver-build" -G "$generator" \
  -DCMAKE_PREFIX_PATH="$prefix" -DSQLITE_DRIVER="$prefix/$driver_dir/kit_driver_sqlite.so" \
  >"$work/driver-configure.log" 2>&1 || { cat "$work/driver-configure.log"; fail "configuring the driver"; }
cmake --build "$work/driver-build" >"$work/driver-build.log" 2>&1 || { cat "$work/driver-build.log"; fail "building the driver"; }
out=$(KIT_DRIVER_PATH="$work/driver-build/drivers" "$host" migrate --dir app-build/migrations \
  --database-url "wrapped://$work/wrapped.db")
echo "$out" | grep -q "Applied 2 migrations" || fail "migrate through the wrapped driver printed: $out"
out=$("$host" migrate:status --drivers "$work/driver-build/drivers" --dir app-build/migrations \
  --database-url "wrapped://$work/wrapped.db")
echo "$out" | grep -q "2 applied, 0 pending" || fail "status through --drivers printed: $out"
sqlite3 "$work/wrapped.db" .tables | grep -qw payments || fail "no payments table through the wrapped driver"

# Installed into KIT_DRIVERS_DIR (find_package(Kit) sets it), the driver is found with no
# --drivers at all, beside the built-in ones.
cmake --install "$work/driver-build" >"$work/driver-install.log" 2>&1 ||
  { cat "$work/driver-install.log"; fail "installing the driver"; }
[ -f "$prefix/$driver_dir/kit_driver_wrapped.so" ] ||
  fail "the driver was not installed into $prefix/$driver_dir: $(cat "$work/driver-install.log")"
out=$("$host" migrate:status --dir app-build/migrations --database-url "wrapped://$work/wrapped.db")
echo "$out" | grep -q "2 applied, 0 pending" || fail "status through the installed driver printed: $out"

# db:sync from the install, through the out-of-tree driver; the headers compile against the
# installed SDK headers alone.
out=$("$host" db:sync --drivers "$work/driver-build/drivers" --database-url "wrapped://$work/wrapped.db" \
  --out app/src/models)
echo "$out" | grep -q "Synced 2 tables into app/src/models: 2 created." || fail "db:sync printed: $out"
printf '#include "invoices.hpp"\n#include "payments.hpp"\nint main() {\n  models::InvoicesRow row;\n  return row.id + static_cast<int>(row.number.size());\n}\n' >"$work/models.cpp"
"${CXX:-c++}" -std=c++17 -Wall -Wextra -Wpedantic -Werror -fsyntax-only -I app/src/models \
  -I "$prefix/include" "$work/models.cpp" || fail "the generated headers do not compile against the install"
echo "install, consumer project, make:migration --path, out-of-tree driver and db:sync: ok"
