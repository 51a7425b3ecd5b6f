#!/usr/bin/env bash
# Builds the Debian package of this build (cpack -G DEB) into a temporary folder and checks
# what it holds and what it depends on.
#   package_test.sh <build dir> <with postgres: ON|OFF>
set -euo pipefail
build=$1 with_postgres=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$work" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack"; }
deb=$(ls "$work"/kit-host_*.deb)
contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
depends=$(dpkg-deb -f "$deb" Depends)

expect_file() { echo "$contents" | grep -qx "./$1" || fail "the package has no /$1"; }
expect_file usr/bin/kit-host
expect_file usr/lib/kit/drivers/kit_driver_sqlite.so
expect_file usr/lib/libkit_sdk.so.0
expect_file usr/include/kit/migration.hpp
expect_file usr/lib/cmake/Kit/KitConfig.cmake
expect_file usr/lib/cmake/Kit/KitHelpers.cmake
expect_depend() { echo "$depends" | grep -q "$1" || fail "Depends lacks $1: $depends"; }
expect_depend libstdc++6
expect_depend libboost-program-options1.74.0
expect_depend libsqlite3-0
if [ "$with_postgres" = ON ]; then
  expect_file usr/lib/kit/drivers/kit_driver_postgres.so
  expect_depend "libpqxx-6.4"
fi
# Nothing of the build's tests or examples.
if echo "$contents" | grep -E 'gtest|/migrations/|_test|\.a$'; then fail "the package holds test or build files"; fi
# Every ELF file is stripped and kit-host runs from the package's own layout.
dpkg-deb -x "$deb" "$work/root"
file "$work/root/usr/bin/kit-host" | grep -q ", stripped" || fail "kit-host is not stripped"
"$work/root/usr/bin/kit-host" --version >/dev/null || fail "the packaged kit-host does not run"
echo "package $(basename "$deb"): contents and Depends ok ($depends)"
