#!/usr/bin/env bash
# The embedding API as a consumer meets it: Edict's `dev` component installed into an
# empty prefix, examples/embed copied out of the tree and built against that prefix with
# find_package(edict CONFIG), then run: its outcomes for a bundle and a facts file must be
# `edict check`'s, by bundle and by in-process compile, and bad input must be exit 2.
#   tests/packaging/embed_test.sh BUILD_DIR
# CTest label: packaging.
set -euo pipefail
build="$(realpath "${1:?usage: embed_test.sh BUILD_DIR}")"
src="$(cd "$(dirname "$0")/../.." && pwd)"
edict="$build/cli/edict"
work="$(mktemp -d /var/tmp/edict-embed-XXXXXX)"
trap 'rm -rf "$work"' EXIT

failures=0
expect() {  # expect WHAT COMMAND...
  local what="$1"; shift
  if "$@"; then echo "ok: $what"; else echo "FAILED: $what" >&2; failures=$((failures + 1)); fi
}

prefix="$work/prefix"
cmake --install "$build" --component dev --prefix "$prefix" >"$work/install.log" || { cat "$work/install.log" >&2; exit 1; }
expect "the package config is installed" test -f "$prefix/lib/cmake/edict/edictConfig.cmake"
expect "the public headers are under include/edict/edict/" test -f "$prefix/include/edict/edict/runtime.h"
expect "the dev component installs no binary, pack or doc (those are the .deb's)" \
  sh -c "cd '$prefix' && test -z \"\$(find . -type f ! -path './include/edict/*' ! -path './lib/*')\""

# Out of the tree, so nothing but the installed package can satisfy its includes.
cp -r "$src/examples/embed" "$work/embed"
# With the warnings Edict's own code builds with (errors too under scripts/test, which
# sets EDICT_WERROR=ON): the example is code users copy.
embed_flags="-Wall -Wextra"
[ "${EDICT_WERROR:-OFF}" = ON ] && embed_flags="$embed_flags -Werror"
cmake -S "$work/embed" -B "$work/embed-build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS="$embed_flags" -DCMAKE_PREFIX_PATH="$prefix" >"$work/configure.log" 2>&1 || { cat "$work/configure.log" >&2; exit 1; }
cmake --build "$work/embed-build" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
(cd "$work/embed-build" && ninja -t deps) >"$work/deps.txt"
expect "the consumer included Edict's headers from the prefix" grep -q "$prefix/include/edict/runtime/vm.h" "$work/deps.txt"
expect "  ... and none from Edict's source or build tree" sh -c "! grep -e '$src/' -e '$build/' '$work/deps.txt'"
embed="$work/embed-build/edict-embed"

facts="$src/policies/linux/fixtures/debian12-hardened.json"
"$edict" compile "$src/policies/linux" -o "$work/linux.edictc"
set +e
"$edict" check --bundle "$work/linux.edictc" --facts "$facts" --format json >"$work/check.json" 2>/dev/null
"$embed" "$work/linux.edictc" "$facts" >"$work/embed-bundle.txt" 2>"$work/embed-bundle.err"; bundle_rc=$?
"$embed" --compile "$src/policies/linux" "$facts" >"$work/embed-compile.txt" 2>"$work/embed-compile.err"; compile_rc=$?
"$embed" "$work/nosuch.edictc" "$facts" >/dev/null 2>"$work/missing.err"; missing_rc=$?
printf 'not a bundle' >"$work/bad.edictc"
"$embed" "$work/bad.edictc" "$facts" >/dev/null 2>"$work/bad.err"; bad_rc=$?
set -e
python3 -c '
import json, sys
for r in json.load(open(sys.argv[1]))["rules"]: print(r["id"], r["outcome"])' "$work/check.json" | sort >"$work/check.txt"
echo "edict check: $(wc -l <"$work/check.txt") rules; edict-embed exit $bundle_rc"
expect "the bundle evaluates: one line per rule of the pack" test "$(wc -l <"$work/embed-bundle.txt")" -gt 0
expect "  ... with edict check's outcome for every rule" diff "$work/check.txt" <(sort "$work/embed-bundle.txt")
expect "  ... and its exit code is not a read error" test "$bundle_rc" != 2
expect "compiling in-process gives the same outcomes" diff <(sort "$work/embed-bundle.txt") <(sort "$work/embed-compile.txt")
expect "a missing bundle is exit 2 with E0713" sh -c "test $missing_rc = 2 && grep -q E0713 '$work/missing.err'"
expect "a file that is not a bundle is exit 2 with E0701" sh -c "test $bad_rc = 2 && grep -q E0701 '$work/bad.err'"

[ "$failures" = 0 ] || { echo "embed_test: $failures check(s) failed" >&2; exit 1; }
echo "embed_test: all checks passed"
