#!/usr/bin/env bash
# The Debian package, as an operator meets it: CPack builds it from this build tree,
# lintian finds no error or warning, dpkg installs it, the installed edict runs from
# another directory with its packs found by name, its man pages and completions are
# where man and the shells look, and `dpkg --purge` leaves nothing behind.
#   tests/packaging/deb_test.sh BUILD_DIR
# Needs root (dpkg -i), dpkg-dev (dpkg-shlibdeps) and lintian: scripts/bootstrap
# installs them for the tests. CTest label: packaging.
set -euo pipefail
build="$(realpath "${1:?usage: deb_test.sh BUILD_DIR}")"
src="$(cd "$(dirname "$0")/../.." && pwd)"
[ "$(id -u)" = 0 ] || { echo "deb_test: needs root (dpkg -i)" >&2; exit 1; }
for tool in cpack lintian dpkg-shlibdeps man; do
  command -v "$tool" >/dev/null || { echo "deb_test: $tool is missing (scripts/bootstrap installs it)" >&2; exit 1; }
done
if dpkg-query -W -f='${Status}' edict 2>/dev/null | grep -q "installed"; then
  echo "deb_test: an edict package is already installed here; not touching it" >&2
  exit 1
fi

work="$(mktemp -d /var/tmp/edict-deb-XXXXXX)"
installed=0
cleanup() {
  [ "$installed" = 1 ] && dpkg --purge edict >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

failures=0
expect() {  # expect WHAT COMMAND...
  local what="$1"; shift
  if "$@"; then echo "ok: $what"; else echo "FAILED: $what" >&2; failures=$((failures + 1)); fi
}

cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/dist" >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log" >&2; exit 1; }
deb="$(ls "$work"/dist/edict_*.deb)"
echo "package: $(basename "$deb"), $(stat -c %s "$deb") bytes"

lintian --fail-on error,warning "$deb" >"$work/lintian.log" 2>&1 && lint=0 || lint=$?
grep -v "running with root privileges" "$work/lintian.log" || true
expect "lintian: no error or warning" test "$lint" = 0

dpkg -i "$deb" >"$work/dpkg.log" 2>&1 && installed=1 || { cat "$work/dpkg.log" >&2; exit 1; }
cd /
expect "edict is on PATH as /usr/bin/edict" test "$(command -v edict)" = /usr/bin/edict
expect "edict --version names the version" sh -c 'edict --version | grep -q "^edict [0-9]"'
set +e
edict check --pack linux --root "$src/tests/data/facts/roots/debian12" >"$work/check.txt" 2>&1; check_rc=$?
edict test --pack windows >"$work/test-windows.txt" 2>&1; test_rc=$?
edict check --pack nosuch >"$work/nosuch.txt" 2>&1; nosuch_rc=$?
set -e
expect "check --pack linux from / evaluates the installed pack (the fixture fails its gate: exit 1)" test "$check_rc" = 1
expect "  ... and its report names the pack's rules" grep -q "linux.baseline.usb_storage_blocked" "$work/check.txt"
expect "test --pack windows: the installed pack's decision cases pass" test "$test_rc" = 0
expect "  ... and say so on the last line" sh -c "tail -1 '$work/test-windows.txt' | grep -Eq '^[1-9][0-9]* passed, 0 failed$'"
expect "an unknown pack is E0851 (exit 2) naming the installed ones" sh -c \
  "test $nosuch_rc = 2 && grep -q 'E0851' '$work/nosuch.txt' && grep -q '\`linux\`, \`network\`, \`windows\`' '$work/nosuch.txt'"
expect "man finds edict(1) and edict-check(1)" sh -c 'man -w edict >/dev/null && man -w edict-check >/dev/null'
expect "edict-check(1) documents --pack" sh -c 'MANWIDTH=100 man edict-check 2>/dev/null | grep -q -- "--pack"'
expect "bash completion is where bash-completion looks" test -s /usr/share/bash-completion/completions/edict
expect "zsh completion is where Debian's zsh looks" test -s /usr/share/zsh/vendor-completions/_edict
expect "fish completion is where fish looks" test -s /usr/share/fish/vendor_completions.d/edict.fish
expect "the copyright file is installed" test -s /usr/share/doc/edict/copyright

dpkg-query -L edict >"$work/files.txt"
dpkg --purge edict >"$work/purge.log" 2>&1 && installed=0
left=""
while read -r path; do
  # Directories shared with other packages (/usr/share/man/man1) stay; our files may not.
  if [ -e "$path" ] && [ ! -d "$path" ]; then left="$left $path"; fi
done <"$work/files.txt"
expect "dpkg --purge leaves none of the package's files behind" test -z "$left"
expect "  ... nor its own directories" sh -c 'test ! -e /usr/share/edict && test ! -e /usr/share/doc/edict && test ! -e /usr/bin/edict'

[ "$failures" = 0 ] || { echo "deb_test: $failures check(s) failed" >&2; exit 1; }
echo "deb_test: all checks passed"
