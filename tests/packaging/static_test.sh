#!/usr/bin/env bash
# The portable binary (scripts/build-static) in an empty chroot: nothing in it but the
# binary, a bundle compiled by the normal build, fixture roots and /proc. It must
# evaluate the bundle against a RHEL 9 and a Debian 12 root and a facts file exactly as
# the normal build does, and carry no dynamic loader.
#   tests/packaging/static_test.sh NORMAL_EDICT
# Needs root (chroot, mounting /proc). CTest labels: packaging, static.
set -euo pipefail
normal="$(realpath "${1:?usage: static_test.sh NORMAL_EDICT}")"
src="$(cd "$(dirname "$0")/../.." && pwd)"
[ "$(id -u)" = 0 ] || { echo "static_test: needs root (chroot)" >&2; exit 1; }

static="$("$src/scripts/build-static" | tail -1)"
work="$(mktemp -d /var/tmp/edict-static-XXXXXX)"
jail="$work/jail"
cleanup() {
  umount "$jail/proc" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

failures=0
expect() {  # expect WHAT COMMAND...
  local what="$1"; shift
  if "$@"; then echo "ok: $what"; else echo "FAILED: $what" >&2; failures=$((failures + 1)); fi
}

expect "the binary has no program interpreter (no dynamic loader)" sh -c "! readelf -l '$static' | grep -q INTERP"
expect "the binary needs no shared library" sh -c "! readelf -d '$static' 2>/dev/null | grep -q NEEDED"

mkdir -p "$jail/proc"
cp "$static" "$jail/edict"
"$normal" compile "$src/policies/linux" -o "$jail/linux.edictc"
cp -r "$src/tests/data/facts/roots/rhel9" "$jail/rhel9"
cp -r "$src/tests/data/facts/roots/debian12" "$jail/debian12"
cp "$src/policies/linux/fixtures/debian12-hardened.json" "$jail/host.json"
mount -t proc proc "$jail/proc"
echo "the jail holds: $(cd "$jail" && ls | tr '\n' ' ')"

now="--now 2026-11-29T00:00:00Z"
compare() {  # compare NAME ARGS-IN-JAIL: the static binary in the jail against the normal one outside
  local name="$1"; shift
  local in_jail="$*"
  local outside="${in_jail//\/rhel9/$jail/rhel9}"
  outside="${outside//\/debian12/$jail/debian12}"
  outside="${outside//\/host.json/$jail/host.json}"
  outside="${outside//\/linux.edictc/$jail/linux.edictc}"
  set +e
  chroot "$jail" /edict $in_jail $now --format json >"$work/$name.static.json" 2>"$work/$name.static.err"
  local static_rc=$?
  "$normal" $outside $now --format json >"$work/$name.normal.json" 2>"$work/$name.normal.err"
  local normal_rc=$?
  set -e
  expect "$name: the same exit code ($static_rc, normal $normal_rc)" test "$static_rc" = "$normal_rc"
  expect "$name: the static binary wrote a report" test -s "$work/$name.static.json"
  # Everything but the paths the run was given (the jail's /rhel9 is $jail/rhel9 outside).
  local verdicts
  verdicts='import json,sys
r=json.load(open(sys.argv[1]))
print(r["summary"])
for x in r["rules"]: print(x["id"], x["outcome"])'
  expect "$name: the same summary and the same outcome for every rule" \
    bash -c "diff <(python3 -c '$verdicts' '$work/$name.static.json') <(python3 -c '$verdicts' '$work/$name.normal.json')"
}

compare rhel9 check --bundle /linux.edictc --root /rhel9
compare debian12 check --bundle /linux.edictc --root /debian12
compare facts check --bundle /linux.edictc --facts /host.json
chroot "$jail" /edict facts --root /rhel9 --only os --format json >"$work/rhel9.facts.json"
expect "facts --root /rhel9 in the jail reads the RHEL tree (os.distro rhel, version 9.x)" python3 -c "
import json, sys
os_ = json.load(open('$work/rhel9.facts.json'))['os']
sys.exit(0 if os_['distro'] == 'rhel' and str(os_['version']).startswith('9') else 1)"

[ "$failures" = 0 ] || { echo "static_test: $failures check(s) failed"; cat "$work"/*.err >&2; exit 1; }
echo "static_test: all checks passed"
