#!/usr/bin/env bash
# EDICT_HOMEPAGE_URL (top-level CMakeLists.txt) is the one place the tool's home page is
# set: it reaches report/sarif.cpp's generated header (SARIF informationUri) and CPack's
# Debian `Homepage:`; empty (the default) leaves both out; a URL that would break the
# C++ literal or the control file stops the configure with a message.
#   homepage_option_test.sh WORKDIR
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$1"
rm -rf "$work"
export EDICT_BUILD_DIR="$work" EDICT_CONFIGURE_ONLY=1
header="$work/report/generated/report/homepage.h"
fail() { echo "FAIL: $*"; exit 1; }

"$root/scripts/build" -DEDICT_BUILD_TESTS=OFF -DEDICT_BUILD_BENCH=OFF
grep -q 'kHomepageUrl\[\] = "";' "$header" || fail "the default header is not empty: $(grep kHomepageUrl "$header")"
grep -q 'CPACK_DEBIAN_PACKAGE_HOMEPAGE' "$work/CPackConfig.cmake" && fail "a Homepage: without a URL"
echo "ok: no URL by default"

url="https://example.org/edict"
"$root/scripts/build" "-DEDICT_HOMEPAGE_URL=$url"
grep -q "kHomepageUrl\[\] = \"$url\";" "$header" || fail "the header lacks $url: $(grep kHomepageUrl "$header")"
grep -q "CPACK_DEBIAN_PACKAGE_HOMEPAGE \"$url\"" "$work/CPackConfig.cmake" || fail "CPack has no Homepage $url"
echo "ok: $url in the header and the package"

for bad in 'https://example.org/"x' 'ftp://example.org/' 'https://example.org/a b'; do
  if out=$("$root/scripts/build" "-DEDICT_HOMEPAGE_URL=$bad" 2>&1); then fail "configure accepted \`$bad\`"; fi
  grep -q "EDICT_HOMEPAGE_URL .* is not an http(s) URL" <<<"$out" || fail "no message for \`$bad\`: $out"
done
echo "ok: bad URLs stop the configure"
rm -rf "$work"
