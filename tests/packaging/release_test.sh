#!/usr/bin/env bash
# Reproducible releases: scripts/release run twice on the same commit, in two checkouts at
# different paths (different lengths, so no path can hide in fixed-width fields), must make
# byte-identical files: the .deb, the static binary and both edict.exe's (x64 and i686).
# The first build may take objects from the machine's ccache; the second starts from an
# empty ccache of its own (CCACHE_DIR in the test's temp dir, no config file read), so
# every object it links was compiled in that run: a cache cannot make them agree by reuse.
# The test checks that from ccache's log of the second run: every compile of the .deb's
# build and of both Windows builds was a miss. (Within the second run the static build
# reuses the .deb build's objects, which halves its cost; EDICT_RELEASE_TEST_NO_CCACHE=1
# disables ccache for it altogether.)
#   tests/packaging/release_test.sh [ARTIFACTS]     default: deb,static,win64,win32
# CI compares all four: two full compiles of Edict for Linux without tests (about 5
# CPU-minutes each, the static one mostly from the .deb's objects) and one per edict.exe,
# plus links and cpack, with a warm machine cache for the first run.
# The Windows builds link the cross-built dependencies in EDICT_CROSS_PREFIX (.ci/run:
# /var/cache/edict/cross-deps, built once per machine; default: build-windows/deps of the
# checkout under test), shared by both runs; it must be an absolute path.
# It also checks the clean-tree rule: a dirty checkout is refused (exit 2) unless
# --allow-dirty, and bad arguments are refused before anything is built. Tests the
# committed HEAD, not uncommitted edits. CTest label: packaging.
set -euo pipefail
artifacts="${1:-deb,static,win64,win32}"
src="$(cd "$(dirname "$0")/../.." && pwd)"
case ",$artifacts," in
  *,win64,*|*,win32,*) export EDICT_CROSS_PREFIX="${EDICT_CROSS_PREFIX:-$src/build-windows/deps}" ;;
esac
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
set +e
EDICT_CROSS_PREFIX=cross-deps "$work/a/scripts/release" --only deb,win64 >"$work/relative.log" 2>&1; relative_rc=$?
set -e
expect "a relative EDICT_CROSS_PREFIX is refused (exit 2) naming it" \
  sh -c "test $relative_rc = 2 && grep -q 'EDICT_CROSS_PREFIX \`cross-deps\` is not an absolute path' '$work/relative.log'"
expect "  ... before anything was built" sh -c "test ! -e '$work/a/dist' && test ! -e '$work/a/build-release'"

t0=$(date +%s)
"$work/a/scripts/release" --only "$artifacts" 2>"$work/first.log" || { cat "$work/first.log" >&2; exit 1; }
t1=$(date +%s)
stats_log=""
if [ "${EDICT_RELEASE_TEST_NO_CCACHE:-}" = 1 ]; then
  second_env=(CCACHE_DISABLE=1)
else
  # CCACHE_CONFIGPATH: an empty config file, read instead of the machine's and the user's,
  # and no remote storage, so no other cache reaches the second run; CCACHE_STATSLOG: one
  # record per compile, in order (checked below).
  : >"$work/ccache-of-the-second-build.conf"
  stats_log="$work/ccache-of-the-second-build.log"
  second_env=(CCACHE_DIR="$work/ccache-of-the-second-build" CCACHE_REMOTE_STORAGE=
              CCACHE_CONFIGPATH="$work/ccache-of-the-second-build.conf" CCACHE_STATSLOG="$stats_log")
fi
env "${second_env[@]}" "$work/second-checkout/scripts/release" --only "$artifacts" 2>"$work/second.log" \
  || { cat "$work/second.log" >&2; exit 1; }
t2=$(date +%s)
echo "first build $((t1 - t0))s (machine ccache), second $((t2 - t1))s (${second_env[*]})"
cat "$work/first.log" | tail -6

# The second run compiled afresh: scripts/release builds the .deb, the static binary, then
# both edict.exe's (side by side), so ccache's log lists their compiles in that order. Only
# the static build may take objects from the cache (the .deb build's, made in this run).
objects() {  # objects DIR: the compiled objects of a build tree (not CMake's own checks)
  find "$1" -path '*.dir/*' \( -name '*.o' -o -name '*.obj' \) 2>/dev/null | wc -l
}
if [ -n "$stats_log" ]; then
  built="$work/second-checkout/build-release"
  sections=()   # NAME:COUNT:MAY-HIT, in build order
  case ",$artifacts," in *,deb,*) sections+=("deb:$(objects "$built/deb"):no") ;; esac
  case ",$artifacts," in *,static,*) sections+=("static:$(objects "$built/static"):yes") ;; esac
  windows=0
  case ",$artifacts," in *,win64,*) windows=$((windows + $(objects "$built/windows-x64/edict"))) ;; esac
  case ",$artifacts," in *,win32,*) windows=$((windows + $(objects "$built/windows-i686/edict"))) ;; esac
  [ "$windows" -gt 0 ] && sections+=("edict.exe's:$windows:no")
  # One record per compile: its result lines, joined (a hit is *_cache_hit).
  awk '/^# /{ if (r != "") print r; r = "-" ; next } { r = r " " $0 } END { if (r != "") print r }' \
    "$stats_log" >"$work/second-compiles.txt"
  total=0
  for section in "${sections[@]}"; do total=$((total + $(echo "$section" | cut -d: -f2))); done
  expect "the second run's ccache log has one record per object ($total)" \
    test "$(wc -l <"$work/second-compiles.txt")" = "$total"
  from=1
  for section in "${sections[@]}"; do
    IFS=: read -r name count may_hit <<<"$section"
    to=$((from + count - 1))
    hits="$(sed -n "${from},${to}p" "$work/second-compiles.txt" | grep -c '_cache_hit' || true)"
    if [ "$may_hit" = no ]; then
      expect "second run: all $count objects of the $name build were compiled afresh (hits: $hits)" test "$hits" = 0
    else
      echo "info: second run: the $name build took $hits of its $count objects from the run's own cache"
    fi
    from=$((to + 1))
  done
fi

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
expect "every artifact asked for is in it" sh -c \
  "case ',$artifacts,' in *,deb,*) ls '$a' | grep -q '^edict_.*_amd64.deb$' ;; *) true ;; esac && \
   case ',$artifacts,' in *,static,*) ls '$a' | grep -q 'linux-x86_64$' ;; *) true ;; esac && \
   case ',$artifacts,' in *,win64,*) ls '$a' | grep -q 'windows-x64.exe$' ;; *) true ;; esac && \
   case ',$artifacts,' in *,win32,*) ls '$a' | grep -q 'windows-x86.exe$' ;; *) true ;; esac"
if ls "$a" | grep -q 'windows-x86.exe$'; then
  expect "the x86 edict.exe is a 32-bit PE (i386)" sh -c "objdump -f '$a'/edict-*-windows-x86.exe | grep -q 'file format pei-i386'"
fi
if ls "$a" | grep -q 'windows-x64.exe$'; then
  expect "the x64 edict.exe is a 64-bit PE (x86-64)" sh -c "objdump -f '$a'/edict-*-windows-x64.exe | grep -q 'file format pei-x86-64'"
fi
if ls "$a" | grep -q 'linux-x86_64$'; then
  expect "the released binary's version line names the commit and the commit's date" sh -c \
    "'$a'/edict-*-linux-x86_64 --version | grep -q \"commit ${commit:0:12}, built $(date -u -d @"$(git -C "$src" log -1 --format=%ct "$commit")" +%Y-%m-%d)\""
fi

[ "$failures" = 0 ] || { echo "release_test: $failures check(s) failed" >&2; exit 1; }
echo "release_test: all checks passed"
