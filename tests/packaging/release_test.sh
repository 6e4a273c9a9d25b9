#!/usr/bin/env bash
# Reproducible releases: scripts/release run twice on the same commit, in two checkouts at
# different paths (different lengths, so no path can hide in fixed-width fields), must make
# byte-identical files. The first build may take objects from the machine's ccache; the
# second starts from an empty ccache of its own (CCACHE_DIR in the test's temp dir), so
# every object it links was compiled in that run: a cache cannot make them agree by reuse.
# (Within the second run the static build reuses the .deb build's objects, which halves
# its cost; EDICT_RELEASE_TEST_NO_CCACHE=1 disables ccache for it altogether.)
#   tests/packaging/release_test.sh [ARTIFACTS]     default: deb,static
# CI compares the .deb and the static binary: one full compile of Edict without tests (about
# 5 CPU-minutes) plus links and cpack, with a warm machine cache for the first run. The two
# edict.exe's are compared by hand the same way (`release_test.sh deb,static,win64,win32`).
# It also checks the clean-tree rule: a dirty checkout is refused (exit 2) unless
# --allow-dirty. Tests the committed HEAD, not uncommitted edits. CTest label: packaging.
set -euo pipefail
artifacts="${1:-deb,static}"
src="$(cd "$(dirname "$0")/../.." && pwd)"
commit="$(git -C "$src" rev-parse HEAD)"
work="$(mktemp -d /var/tmp/edict-release-XXXXXX)"
trap 'rm -rf "$work"' EXIT

failures=0
expect() {  # expect WHAT COMMAND...
  local what="$1"; shift
  if "$@"; then echo "ok: $what"; else echo "FAILED: $what" >&2; failures=$((failures + 1)); fi
}

checkout() {  # checkout DIR: a fresh clone of the commit under test
  git clone -q --shared --no-checkout "$src" "$1"
  git -C "$1" checkout -q --detach "$commit"
}
checkout "$work/a"
checkout "$work/second-checkout"

# The clean-tree rule, before anything is built.
echo "// stray" > "$work/a/runtime/stray.cpp"
set +e
"$work/a/scripts/release" --only static >"$work/dirty.log" 2>&1; dirty_rc=$?
set -e
expect "a tree with an untracked source file is refused (exit 2)" test "$dirty_rc" = 2
expect "  ... and the refusal names the file" grep -q "runtime/stray.cpp" "$work/dirty.log"
expect "  ... before anything was built" test ! -e "$work/a/dist"
rm "$work/a/runtime/stray.cpp"
set +e
"$work/a/scripts/release" --only deb,nosuch >"$work/badarg.log" 2>&1; badarg_rc=$?
"$work/a/scripts/release" --only "" >"$work/empty.log" 2>&1; empty_rc=$?
set -e
expect "an unknown artifact is refused (exit 2) naming the known ones" \
  sh -c "test $badarg_rc = 2 && grep -q 'deb, static, win64, win32' '$work/badarg.log'"
expect "an empty --only is refused (exit 2)" test "$empty_rc" = 2

t0=$(date +%s)
"$work/a/scripts/release" --only "$artifacts" 2>"$work/first.log" || { cat "$work/first.log" >&2; exit 1; }
t1=$(date +%s)
if [ "${EDICT_RELEASE_TEST_NO_CCACHE:-}" = 1 ]; then
  second_env=(CCACHE_DISABLE=1)
else
  second_env=(CCACHE_DIR="$work/ccache-of-the-second-build")
fi
env "${second_env[@]}" "$work/second-checkout/scripts/release" --only "$artifacts" 2>"$work/second.log" \
  || { cat "$work/second.log" >&2; exit 1; }
t2=$(date +%s)
echo "first build $((t1 - t0))s (machine ccache), second $((t2 - t1))s (${second_env[*]})"
cat "$work/first.log" | tail -6

a="$work/a/dist" b="$work/second-checkout/dist"
expect "both releases list the same files" diff <(ls "$a") <(ls "$b")
expect "SHA256SUMS checks in the first release" sh -c "cd '$a' && sha256sum --quiet -c SHA256SUMS"
for f in $(ls "$a"); do
  if cmp -s "$a/$f" "$b/$f"; then
    echo "ok: $f is byte-identical ($(stat -c %s "$a/$f") bytes)"
  else
    echo "FAILED: $f differs between the two builds; first differing bytes:" >&2
    cmp -l "$a/$f" "$b/$f" | head -5 >&2 || true
    failures=$((failures + 1))
  fi
done
expect "the .deb and the static binary are both in it" sh -c \
  "case ',$artifacts,' in *,deb,*) ls '$a' | grep -q '^edict_.*_amd64.deb$' ;; *) true ;; esac && \
   case ',$artifacts,' in *,static,*) ls '$a' | grep -q 'linux-x86_64$' ;; *) true ;; esac"
if ls "$a" | grep -q 'linux-x86_64$'; then
  expect "the released binary's version line names the commit and the commit's date" sh -c \
    "'$a'/edict-*-linux-x86_64 --version | grep -q \"commit ${commit:0:12}, built $(date -u -d @"$(git -C "$src" log -1 --format=%ct "$commit")" +%Y-%m-%d)\""
fi

[ "$failures" = 0 ] || { echo "release_test: $failures check(s) failed" >&2; exit 1; }
echo "release_test: all checks passed"
