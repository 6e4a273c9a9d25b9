#!/usr/bin/env bash
# edict.exe under Wine, one case per call (tests/windows/CMakeLists.txt registers them):
#   wine_test.sh prepare   make the run's fresh template prefix (a CTest fixture)
#   wine_test.sh CASE      copy it, import .reg fixtures, run edict.exe, check the result
# The same cases run for both edict.exe's: EDICT_EXE names the exe, EDICT_WINE_RUN the
# loader that runs it (wine64 for x64, Debian's 32-bit /usr/lib/wine/wine for i686). The
# prefix is always made, and the fixtures always imported, by wine64: a 64-bit Windows
# whose 64-bit registry view holds the facts, which a 32-bit exe reaches only through
# KEY_WOW64_64KEY (and its kernel image only through Sysnative).
# Every Wine process runs inside a network namespace this script makes (`unshare -n`):
# loopback, plus for routes-default a veth pair with a default route. No traffic is sent.
# Exit 77 (CTest: skipped) when namespaces cannot be made here.
set -euo pipefail
case_name="${1:?usage: wine_test.sh prepare|CASE}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
exe="${EDICT_EXE:-$root/build-windows/edict.exe}"
wine="${EDICT_WINE64:-/usr/lib/wine/wine64}"
run="${EDICT_WINE_RUN:-$wine}"
work="${EDICT_WINE_WORK:-/tmp/edict-wine}"
data="$root/tests/data/windows"

# Inside the namespace from here on (re-exec once).
if [ -z "${EDICT_IN_NETNS:-}" ]; then
  if ! unshare -n true 2>/dev/null; then
    echo "wine_test: cannot create a network namespace (needs root or user namespaces); skipped" >&2
    exit 77
  fi
  exec env EDICT_IN_NETNS=1 unshare -n "$0" "$@"
fi

export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" LC_ALL=C.UTF-8
unset DISPLAY WAYLAND_DISPLAY http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY
ip link set lo up

wineserver="$(dirname "$wine")/wineserver"
[ -x "$wineserver" ] || wineserver="$(command -v wineserver || true)"
# A case's prefix is a ~650 MB copy of the template: it is removed when the case passes (nine
# of them would hold 6 GB of a CI machine's disk) and kept when it fails, to be looked into.
cleanup() {
  local status=$?
  if [ -n "${WINEPREFIX:-}" ] && [ -n "$wineserver" ]; then
    "$wineserver" -k 2>/dev/null || true
    "$wineserver" -w 2>/dev/null || true
    if [ "$status" -eq 0 ] && [ "$case_name" != prepare ]; then rm -rf "$WINEPREFIX"; fi
  fi
}
trap cleanup EXIT

if [ "$case_name" = prepare ]; then
  rm -rf "$work"
  mkdir -p "$work"
  export WINEPREFIX="$work/template"
  start=$(date +%s)
  "$wine" wineboot -i >/dev/null 2>&1
  "$wineserver" -w
  echo "wine_test: fresh prefix in $(( $(date +%s) - start ))s" >&2
  exit 0
fi

[ -f "$exe" ] || { echo "wine_test: $exe is missing; run scripts/build-windows" >&2; exit 1; }
[ -d "$work/template" ] || { echo "wine_test: no template prefix; run \`wine_test.sh prepare\` first" >&2; exit 1; }
rm -rf "$work/$case_name"
mkdir -p "$work/$case_name"
cp -a "$work/template" "$work/$case_name/prefix"
export WINEPREFIX="$work/$case_name/prefix"
out="$work/$case_name"

winpath() { echo "Z:${1//\//\\}"; }
# regedit only sets the stage; edict.exe is what is tested. A loaded CI machine once saw
# `regedit /S` exit non-zero on a fixture every other run imports (the output was thrown away
# then), so a failed import is shown and retried once after the prefix's processes have ended;
# a second failure fails the case. The facts each case expects check that the import landed.
import() {
  local f log rc attempt
  for f in "$@"; do
    for attempt in 1 2; do
      log="$out/regedit-$f.$attempt.log" rc=0
      WINEDEBUG=fixme-all "$wine" regedit /S "$(winpath "$data/$f")" >"$log" 2>&1 || rc=$?
      [ "$rc" -eq 0 ] && break
      echo "wine_test: regedit failed on $f (attempt $attempt, exit $rc); its output:" >&2
      sed 's/^/  | /' "$log" >&2
      [ "$attempt" -eq 2 ] && exit 1
      "$wineserver" -w
    done
  done
}
facts() { "$run" "$exe" facts --format json >"$out/facts.json" 2>"$out/facts.stderr"; }
# expect PATH=JSON ...: each dotted path of facts.json equals the JSON value (`unknown`: absent).
expect() {
  python3 - "$out/facts.json" "$@" <<'PY'
import json, sys
facts = json.load(open(sys.argv[1]))
bad = 0
for arg in sys.argv[2:]:
    path, want = arg.split("=", 1)
    node = facts
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            break
    got = "unknown" if node is None else json.dumps(node, sort_keys=True)
    want_text = "unknown" if want == "unknown" else json.dumps(json.loads(want), sort_keys=True)
    if got != want_text:
        print(f"FAIL {path}: got {got}, want {want_text}")
        bad += 1
    else:
        print(f"ok   {path} = {got}")
sys.exit(1 if bad else 0)
PY
}
# check_policies EXIT RULE=OUTCOME ...: `edict check policies/windows` as JSON.
check_policies() {
  local want_exit="$1"; shift
  local rc=0
  (cd "$root" && "$run" "$exe" check "$(winpath "$root/policies/windows")" --format json) \
    >"$out/check.json" 2>"$out/check.stderr" || rc=$?
  python3 - "$out/check.json" "$rc" "$want_exit" "$@" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
rc, want_rc = int(sys.argv[2]), int(sys.argv[3])
outcomes = {r["id"]: r["outcome"] for r in report["rules"]}
bad = 0
for arg in sys.argv[4:]:
    rule, want = arg.split("=")
    # `build=pass` names windows.server2008.esu.build; `lifecycle.supported=fail` another policy's rule.
    full = "windows.server2008." + rule if "." in rule else "windows.server2008.esu." + rule
    got = outcomes.get(full, "missing")
    print(("ok  " if got == want else "FAIL"), rule, "=", got, "" if got == want else f"(want {want})")
    bad += got != want
print(("ok  " if rc == want_rc else "FAIL"), "exit code", rc, "" if rc == want_rc else f"(want {want_rc})")
sys.exit(1 if bad or rc != want_rc else 0)
PY
}

case "$case_name" in
  os-6002)
    import server2008-sp2-6002.reg
    facts
    # Wine derives RtlGetVersion from CurrentVersion + CurrentBuildNumber: the kernel path is exercised.
    expect os.family='"windows"' os.name='"Windows Server (R) 2008 Standard"' os.version='"6.0.6002"' \
      os.build=6002 os.service_pack=2 os.product_type='"server"' os.arch='"x86_64"' \
      host.id='"5d2c1f0e-7a44-4a3b-9d2e-0c6f1b8a9e31"'
    ;;
  wow64-view)
    # A 64-bit Windows keeps a second, 32-bit registry view (SOFTWARE\Wow6432Node) that a
    # 32-bit process reads by default. Decoys there must not be what edict.exe reports.
    import server2008-sp2-6002.reg wow64-decoys.reg
    facts
    expect host.id='"5d2c1f0e-7a44-4a3b-9d2e-0c6f1b8a9e31"' \
      windows.hotfixes='["KB1234567","KB4474419","KB4538484"]' os.arch='"x86_64"'
    ;;
  os-6003)
    import server2008-sp2-6002.reg server2008-sp2-6003-hardened.reg
    facts
    expect os.version='"6.0.6003"' os.build=6003 os.kernel.version='"6.0.6003"' os.service_pack=2
    # The three builds build_genuine compares, through the real APIs. Wine's RtlGetVersion
    # follows the registry, but its ntoskrnl.exe is Wine's own (file version 6.1.7601.x on
    # Debian 12's Wine 8): GetFileVersionInfoW reads the real image.
    expect windows.build.registry=6003 windows.build.kernel=6003 windows.build.ntoskrnl=7601
    ;;
  security-local)
    import server2008-sp2-6002.reg
    facts
    expect windows.firewall.domain.enabled=true windows.firewall.private.enabled=true \
      windows.firewall.public.enabled=false windows.rdp.enabled=true windows.rdp.nla_required=false \
      windows.smb.v1_enabled=true
    ;;
  security-policy)
    import server2008-sp2-6002.reg server2008-sp2-6003-hardened.reg
    facts
    expect windows.firewall.public.enabled=true windows.rdp.enabled=true windows.rdp.nla_required=true \
      windows.smb.v1_enabled=false
    import policy-overrides.reg
    facts
    expect windows.firewall.domain.enabled=false windows.firewall.private.enabled=true \
      windows.firewall.public.enabled=true windows.rdp.enabled=false windows.rdp.nla_required=false \
      windows.smb.v1_enabled=true
    ;;
  software)
    # Uninstall entries in both views: a 32-bit edict.exe reads Wow6432Node through the
    # 64-bit view like the 64-bit one does, so both list the same programs with their arch.
    import server2008-sp2-6002.reg software.reg
    facts
    python3 - "$out/facts.json" <<'PY'
import json, sys
software = json.load(open(sys.argv[1]))["windows"]["software"]
mine = {(e["name"], e["arch"]): e for e in software if "Edict Test" in e["name"]}
print(json.dumps(sorted(mine), indent=None))
want = {("Edict Test Agent (x64)", "x86_64"), ("Edict Test Agent", "x86"), ("Edict Test Runtime", "x86_64"),
        ("Update for Edict Test Agent (KB9999998)", "x86")}
assert set(mine) == want, f"FAIL entries {sorted(mine)}"
agent = mine[("Edict Test Agent (x64)", "x86_64")]
assert agent["version"] == "2.4.1" and agent["publisher"] == "Edict Test Vendor" and agent["install_date"] == "20230110", agent
assert agent["key"] == "{7D2F1C5E-0000-4000-8000-00000000ED01}", agent
assert mine[("Edict Test Runtime", "x86_64")]["system_component"] is True
assert mine[("Edict Test Runtime", "x86_64")]["version"] == "9.0.30729"
assert mine[("Update for Edict Test Agent (KB9999998)", "x86")]["update"] is True
assert not any(e["key"] == "EdictTestLeftover" for e in software), "an entry without DisplayName was listed"
names = [e["name"] for e in software]
assert names == sorted(names), "not sorted by name"
print("ok   windows.software")
PY
    ;;
  services)
    # Wine's own service control manager: the SCM calls, not a fixture, are what is tested.
    # Wine starts RpcSs on demand, so whether it runs when edict.exe asks was a race (this
    # case failed about one run in two on a loaded machine): it is started first, in a
    # wineserver kept alive (-p; the cleanup kills it) so it still runs for edict.exe
    # (`net start` exits non-zero when something had started it already: that is fine).
    "$wineserver" -p
    "$wine" net start rpcss >"$out/net-start.log" 2>&1 || grep -q 'already running' "$out/net-start.log" \
      || { echo "wine_test: \`net start rpcss\` failed:" >&2; sed 's/^/  | /' "$out/net-start.log" >&2; exit 1; }
    facts
    python3 - "$out/facts.json" <<'PY'
import json, sys
services = json.load(open(sys.argv[1]))["windows"]["services"]
assert isinstance(services, dict) and len(services) >= 5, f"FAIL too few services: {services}"
for key, s in services.items():
    assert key == s["name"].lower(), f"FAIL key {key} for {s['name']}"
    assert s.get("state") in {"stopped", "start_pending", "stop_pending", "running", "continue_pending",
                              "pause_pending", "paused"}, f"FAIL state of {key}: {s}"
    assert s.get("start") in {"auto", "manual", "disabled", "boot", "system"}, f"FAIL start of {key}: {s}"
rpcss = services.get("rpcss")
print("rpcss:", rpcss)
assert rpcss and rpcss["name"] == "RpcSs" and rpcss["state"] == "running", "FAIL RpcSs is not listed as running"
print(f"ok   windows.services ({len(services)} services)")
PY
    ;;
  administrators)
    # Wine's netapi32 answers for the Administrators group (looked up by its SID) with the
    # Unix user running it, without a domain part: what this shows is the SID lookup, the
    # level-3 call and the buffer handling, not a real group's contents.
    facts
    expect windows.administrators="[\"$(id -un)\"]"
    ;;
  ports)
    # Listeners made here, inside the case's network namespace: a TCP one on 127.0.0.1 and
    # a UDP one on ::1. Wine's IP helper reads the namespace's socket tables, so edict.exe
    # must list both through GetExtendedTcpTable / GetExtendedUdpTable. (Their owner is a
    # Unix process Wine gives no Windows process id, so owners are not checked here.)
    python3 -c '
import socket, time
t = socket.socket(socket.AF_INET, socket.SOCK_STREAM); t.bind(("127.0.0.1", 47001)); t.listen()
u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); u.bind(("::1", 47002))
time.sleep(120)' &
    listener=$!
    sleep 1
    facts || true
    kill "$listener" 2>/dev/null || true
    python3 - "$out/facts.json" <<'PY'
import json, sys
ports = json.load(open(sys.argv[1])).get("ports")
print(json.dumps(ports))
assert isinstance(ports, list), "FAIL ports is unknown"
got = {(p["protocol"], p["family"], p["address"], p["port"]) for p in ports}
for want in [("tcp", "ipv4", "127.0.0.1", 47001), ("udp", "ipv6", "::1", 47002)]:
    assert want in got, f"FAIL {want} not listed"
print("ok   ports")
PY
    ;;
  files)
    # Wine's own files: its builtin DLLs and ntoskrnl.exe carry version resources (the
    # os-6003 case reads the same one for windows.build.ntoskrnl), win.ini has none. The
    # 32-bit edict.exe names System32 through Sysnative: the size it reports for
    # kernel32.dll is the 64-bit file's, not SysWOW64's.
    rc=0
    "$run" "$exe" facts --only files --format json --key 'C:\windows\system32\ntoskrnl.exe' \
      --key 'C:\windows\system32\kernel32.dll' --key 'c:/windows/win.ini' --key 'C:\windows' \
      --key 'C:\windows\no-such-file.exe' --key '/etc/passwd' >"$out/facts.json" 2>"$out/facts.stderr" || rc=$?
    cat "$out/facts.stderr"
    python3 - "$out/facts.json" "$WINEPREFIX/drive_c/windows" "$rc" <<'PY'
import json, os, re, sys
files = json.load(open(sys.argv[1]))["files"]
windows, rc = sys.argv[2], int(sys.argv[3])
print(json.dumps(files, indent=1))
version = re.compile(r"^\d+\.\d+\.\d+\.\d+$")
kernel = files["C:\\windows\\system32\\ntoskrnl.exe"]
assert kernel["exists"] is True and kernel["type"] == "file", kernel
assert version.match(kernel["version"]) and kernel["version"].startswith("6.1.7601."), kernel  # as os-6003 reads it
assert kernel["size"] == os.path.getsize(os.path.join(windows, "system32", "ntoskrnl.exe")), kernel
k32 = files["C:\\windows\\system32\\kernel32.dll"]
assert version.match(k32["version"]) and version.match(k32["product_version"]), k32
native = os.path.getsize(os.path.join(windows, "system32", "kernel32.dll"))
wow = os.path.join(windows, "syswow64", "kernel32.dll")
if os.path.exists(wow):
    assert native != os.path.getsize(wow), "the two kernel32.dll have one size: the case cannot tell them apart"
assert k32["size"] == native, f"FAIL kernel32.dll size {k32['size']}, the 64-bit file has {native} (SysWOW64 read?)"
ini = files["c:/windows/win.ini"]
assert ini["exists"] is True and "version" not in ini and "product_version" not in ini, ini  # no resource: unknown
assert files["C:\\windows"]["type"] == "dir", files["C:\\windows"]
assert files["C:\\windows\\no-such-file.exe"] == {"exists": False}, files["C:\\windows\\no-such-file.exe"]
assert "/etc/passwd" not in files, "a POSIX key got a value on Windows"
for posix in ("mode", "owner", "uid", "target"):
    assert posix not in kernel, f"FAIL {posix} on Windows"
print("ok   files")
PY
    grep -q 'E0537' "$out/facts.stderr" || { echo "FAIL no E0537 for the POSIX key"; exit 1; }
    ;;
  security-defaults)
    # UserAuthentication deleted: Microsoft's default, NLA not required; no USBSTOR Start 4
    # and no Deny_All policy: removable storage is not blocked.
    import server2008-sp2-6002.reg defaults-absent.reg
    facts
    expect windows.rdp.enabled=true windows.rdp.nla_required=false \
      windows.removable.usb_storage_disabled=false windows.removable.deny_all=false
    ;;
  hotfixes)
    import server2008-sp2-6002.reg server2008-sp2-6003-hardened.reg
    facts
    # KB1234567 is the one fixed row of Wine's Win32_QuickFixEngineering; the staged
    # KB4499180 (CurrentState 0x20) is not installed. Wine's SoftwareLicensingProduct
    # has no ID column, so the ESU query fails and the license facts stay unknown.
    expect windows.hotfixes='["KB1234567","KB4474419","KB4493471","KB4499149","KB4538484","KB5022340"]' \
      windows.esu.licensed=unknown windows.esu.products=unknown
    grep -q "collector \`windows.license\`" "$out/facts.stderr" || { echo "FAIL no windows.license warning"; exit 1; }
    ;;
  routes-none)
    facts
    python3 - "$out/facts.json" <<'PY'
import json, sys
# Known (a list, even empty: Wine lists no loopback routes) and without a default route.
routes = json.load(open(sys.argv[1]))["network"].get("routes")
print(json.dumps(routes))
defaults = [r for r in routes or [] if r["destination"] in ("0.0.0.0/0", "::/0")]
sys.exit(1 if defaults or routes is None else 0)
PY
    expect network.proxy='""'
    ;;
  routes-default)
    ip link add edict-veth0 type veth peer name edict-veth1
    ip addr add 10.99.0.2/24 dev edict-veth0
    ip link set edict-veth0 up
    ip link set edict-veth1 up
    ip route add default via 10.99.0.1 dev edict-veth0
    facts
    python3 - "$out/facts.json" <<'PY'
import json, sys
routes = json.load(open(sys.argv[1]))["network"]["routes"]
print(json.dumps(routes))
want = {"destination": "0.0.0.0/0", "gateway": "10.99.0.1", "interface": "edict-veth0", "family": "ipv4"}
ok = any(all(r.get(k) == v for k, v in want.items()) for r in routes)
sys.exit(0 if ok else 1)
PY
    import server2008-sp2-6002.reg server2008-sp2-6003-hardened.reg
    check_policies 1 air_gapped=fail build=pass
    ;;
  check-6002)
    import server2008-sp2-6002.reg
    check_policies 1 build=fail esu_license=unknown air_gapped=pass bluekeep=fail firewall=fail \
      smb1_disabled=fail rdp_nla=fail final_rollup=fail build_genuine=fail usb_storage_blocked=fail \
      autorun_off=fail lifecycle.supported=fail
    ;;
  check-6003)
    import server2008-sp2-6002.reg server2008-sp2-6003-hardened.reg
    # Everything passes but the ESU license, which Wine's WMI cannot show (unknown), and
    # build_genuine: the registry and RtlGetVersion say 6003 while Wine's ntoskrnl.exe is
    # 6.1.7601, exactly the disagreement the rule exists to catch. Fail wins: exit 1. The
    # lifecycle advisory fails too, without gating.
    check_policies 1 build=pass esu_license=unknown air_gapped=pass bluekeep=pass firewall=pass \
      smb1_disabled=pass rdp_nla=pass final_rollup=pass build_genuine=fail usb_storage_blocked=pass \
      autorun_off=pass lifecycle.supported=fail
    ;;
  *) echo "wine_test: unknown case $case_name" >&2; exit 2 ;;
esac
