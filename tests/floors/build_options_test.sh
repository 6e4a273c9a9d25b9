#!/usr/bin/env bash
# scripts/build applies -D options given to an existing build dir (it used to configure
# only a fresh one, so `scripts/build -DEDICT_WERROR=ON` on a configured tree did nothing).
#   build_options_test.sh WORKDIR
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$1"
rm -rf "$work"
export EDICT_BUILD_DIR="$work" EDICT_CONFIGURE_ONLY=1
"$root/scripts/build" -DEDICT_BUILD_TESTS=OFF -DEDICT_BUILD_BENCH=OFF
grep -q '^EDICT_WERROR:BOOL=OFF$' "$work/CMakeCache.txt" || { echo "FAIL: a fresh build dir is not WERROR=OFF"; exit 1; }
"$root/scripts/build" -DEDICT_WERROR=ON
if grep -q '^EDICT_WERROR:BOOL=ON$' "$work/CMakeCache.txt"; then
  echo "ok: -DEDICT_WERROR=ON reached the existing build dir"
else
  echo "FAIL: the existing build dir kept $(grep '^EDICT_WERROR' "$work/CMakeCache.txt")"
  exit 1
fi
# Without options, an existing dir is left as configured.
"$root/scripts/build"
grep -q '^EDICT_WERROR:BOOL=ON$' "$work/CMakeCache.txt" || { echo "FAIL: a bare scripts/build reset the options"; exit 1; }
rm -rf "$work"
echo "ok: a bare scripts/build keeps them"
