#!/usr/bin/env bash
# Setup that fits each user (issue 18): scripts/bootstrap installs what building and
# running edict needs by default, and the test-only packages (Catch2, Benchmark,
# Chromium, the test tools) and Wine only for the groups that ask for them; scripts/run
# builds the checker without tests or benchmarks, which configures with neither Catch2
# nor Benchmark findable. Installs nothing (bootstrap --list).
#   tests/packaging/bootstrap_test.sh
# CTest label: packaging.
set -euo pipefail
src="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d /var/tmp/edict-bootstrap-XXXXXX)"
trap 'rm -rf "$work"' EXIT

failures=0
expect() {  # expect WHAT COMMAND...
  local what="$1"; shift
  if "$@"; then echo "ok: $what"; else echo "FAILED: $what" >&2; failures=$((failures + 1)); fi
}
has() { grep -qx -- "$2" "$1"; }

"$src/scripts/bootstrap" --list >"$work/base" || true
"$src/scripts/bootstrap" --list test >"$work/test" || true
"$src/scripts/bootstrap" --list windows >"$work/windows" || true
for p in g++ cmake antlr4 libre2-dev libtomlplusplus-dev libssl-dev; do
  expect "the default set builds edict: $p" has "$work/base" "$p"
done
for p in catch2 libbenchmark-dev chromium wine64 wine32:i386 lintian; do
  expect "the default set (scripts/run) leaves out the test-only $p" sh -c "! grep -qx -- '$p' '$work/base'"
done
for p in catch2 libbenchmark-dev chromium lintian; do
  expect "the test group installs $p" has "$work/test" "$p"
done
expect "the test group leaves Wine to the windows group" sh -c "! grep -q wine '$work/test'"
for p in g++-mingw-w64-x86-64 g++-mingw-w64-i686-posix wine64 wine32:i386; do
  expect "the windows group installs $p" has "$work/windows" "$p"
done
set +e
"$src/scripts/bootstrap" --list nosuch >/dev/null 2>"$work/nosuch.err"; rc=$?
set -e
expect "an unknown group is refused (exit 2) naming the groups" sh -c "test $rc = 2 && grep -q 'test, package' '$work/nosuch.err'"

expect "scripts/run builds without the tests and benchmarks" \
  grep -q 'scripts/build" -DEDICT_BUILD_TESTS=OFF -DEDICT_BUILD_BENCH=OFF' "$src/scripts/run"
expect "scripts/test asks bootstrap for the test group" grep -q 'EDICT_BOOTSTRAP="test' "$src/scripts/test"
# What scripts/run configures must not need Catch2 or Benchmark.
if cmake -S "$src" -B "$work/build" -G Ninja -DEDICT_BUILD_TESTS=OFF -DEDICT_BUILD_BENCH=OFF \
     -DCMAKE_DISABLE_FIND_PACKAGE_Catch2=ON -DCMAKE_DISABLE_FIND_PACKAGE_benchmark=ON >"$work/configure.log" 2>&1; then
  configured=1
else
  configured=0; cat "$work/configure.log" >&2
fi
expect "the checker configures with Catch2 and Benchmark unfindable" test "$configured" = 1
expect "  ... and has no test target" sh -c "! grep -q 'edict_cli_tests' '$work/build/build.ninja'"

[ "$failures" = 0 ] || { echo "bootstrap_test: $failures check(s) failed" >&2; exit 1; }
echo "bootstrap_test: all checks passed"
