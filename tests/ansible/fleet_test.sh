#!/usr/bin/env bash
# The Ansible collection (integrations/ansible) against real SSH hosts: three network
# namespaces on this machine, each with its own sshd and address, each host checking its
# own fixture root (one passes, one fails its gate, one is blocked), plus a fourth
# inventory host at an address nobody answers. Driven by Debian's ansible-core.
#
# Checks: the play fails the documented way (the failing and blocked hosts are marked
# failed after their reports were fetched; the controller's fleet step fails with the
# fleet exit code); the fleet report has every host, the unreachable one included; the
# same in facts mode (edict facts on the hosts, evaluation on the controller).
#
#   tests/ansible/fleet_test.sh EDICT_BINARY
# Needs root (ip netns), sshd, ssh-keygen and ansible-playbook: scripts/bootstrap
# installs them for the tests. CTest label: ansible.
set -euo pipefail
edict="$(realpath "${1:?usage: fleet_test.sh EDICT_BINARY}")"
src="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=tests/ansible/ssh_host.sh
. "$src/tests/ansible/ssh_host.sh"

for tool in ip sshd ssh-keygen ansible-playbook python3; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "fleet_test: $tool is missing (scripts/bootstrap installs it)" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "fleet_test: needs root (network namespaces)" >&2; exit 1; }

work="$(mktemp -d /var/tmp/edict-ansible-XXXXXX)"
# A per-run prefix keeps two runs (Release and ASan suites) from colliding.
tag="ea$(( $$ % 10000 ))"
net=$(( 100 + $$ % 100 ))  # 10.231.$net.0/24, carved into /30s per host
hosts=(pass fail blocked)

cleanup() {
  for i in 1 2 3; do
    ssh_host_down "$tag" "$i" "$work"
  done
  rm -rf "$work"
}
trap cleanup EXIT

# ---- the hosts: a namespace, a veth pair, an sshd each ----
mkdir -p /run/sshd "$work/roots"
ssh-keygen -q -t ed25519 -N "" -f "$work/client_key"
ssh-keygen -q -t ed25519 -N "" -f "$work/host_key"
cp "$work/client_key.pub" "$work/authorized_keys"
for i in 1 2 3; do
  ssh_host_up "$tag" "$i" "10.231.$net" "$work"
done

# ---- each host's state: its own fixture root ----
mkdir -p "$work/roots/pass/etc" "$work/roots/fail/etc" "$work/roots/blocked/etc"
printf 'ID=debian\nVERSION_ID="12"\n' >"$work/roots/pass/etc/os-release"
printf 'ID=debian\nVERSION_ID="10"\n' >"$work/roots/fail/etc/os-release"
# blocked: no os-release, so os.distro and os.version are unknown

"$edict" compile "$src/tests/ansible/policy" -o "$work/fleet.edictc"

{
  echo "[edict_hosts]"
  for i in 1 2 3; do
    h=${hosts[$((i - 1))]}
    echo "$h ansible_host=10.231.$net.$((i * 4 + 2)) edict_root=$work/roots/$h edict_remote_dir=$work/remote-$h"
  done
  # An address in a /30 of this run that no namespace holds: unreachable.
  echo "gone ansible_host=10.231.$net.62 edict_remote_dir=$work/remote-gone"
  echo "[edict_hosts:vars]"
  echo "ansible_user=root"
  echo "ansible_ssh_private_key_file=$work/client_key"
  echo "ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=5'"
  echo "ansible_python_interpreter=/usr/bin/python3"
  echo "edict_become=false"
} >"$work/inventory"

mkdir -p "$work/collections/ansible_collections/edict"
ln -s "$src/integrations/ansible" "$work/collections/ansible_collections/edict/compliance"
export ANSIBLE_COLLECTIONS_PATH="$work/collections" ANSIBLE_HOST_KEY_CHECKING=False \
  ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=False ANSIBLE_LOCAL_TEMP="$work/ansible-local"

failures=0
expect() {  # expect WHAT CONDITION...
  local what="$1"; shift
  if "$@"; then echo "ok: $what"; else echo "FAILED: $what" >&2; failures=$((failures + 1)); fi
}

run_play() {  # run_play MODE: the playbook's exit code in $play_rc, its log in $work/MODE.log
  local mode="$1"
  set +e
  (cd "$work" && ansible-playbook -i inventory edict.compliance.fleet \
     -e edict_hosts=edict_hosts -e edict_mode="$mode" -e edict_binary="$edict" \
     -e edict_bundle="$work/fleet.edictc" -e edict_controller_binary="$edict" \
     -e edict_output_dir="$work/out-$mode" \
     -e "{\"edict_fleet_outputs\": [\"json=$work/fleet-$mode.json\"]}" >"$work/$mode.log" 2>&1)
  play_rc=$?
  set -e
  sed -n '/PLAY RECAP/,$p' "$work/$mode.log"
}

fleet_field() {  # fleet_field MODE PYTHON-EXPRESSION over the fleet report `r`
  python3 -c "import json,os,sys; r=json.load(open('$work/fleet-$1.json')); print($2)"
}

for mode in check facts; do
  echo "== mode $mode"
  run_play "$mode"
  expect "$mode: the play fails (a host fails its gate)" test "$play_rc" -ne 0
  expect "$mode: the fleet step ran and reported the failing gate" \
    grep -q "edict: the fleet fails its gate (exit 1)" "$work/$mode.log"
  expect "$mode: the unreachable host is named as sending nothing" grep -q "no report from: gone" "$work/$mode.log"
  expect "$mode: the recap marks gone unreachable" grep -Eq "^gone +: .*unreachable=1" "$work/$mode.log"
  expect "$mode: the fleet report exists" test -s "$work/fleet-$mode.json"
  if [ -s "$work/fleet-$mode.json" ]; then
    expect "$mode: four hosts in the fleet report" test "$(fleet_field "$mode" "len(r['hosts'])")" = 4
    expect "$mode: pass/fail/blocked/gone each with its gate" test \
      "$(fleet_field "$mode" "','.join(sorted(os.path.basename(h.get('source') or h['host']).removesuffix('.json') + '=' + h['summary']['gate'] for h in r['hosts']))")" = \
      "blocked=blocked,fail=fail,gone=blocked,pass=pass"
    expect "$mode: the missing host says why (E0836)" test \
      "$(fleet_field "$mode" "[h.get('load_error', '') for h in r['hosts'] if h.get('source') == 'gone'][0]")" != ""
  fi
  if [ "$mode" = check ]; then
    expect "check: the failing host is marked failed after its report was fetched" \
      grep -q "edict: fail fails its gate (exit 1)" "$work/$mode.log"
    expect "check: the blocked host is marked failed" grep -q "edict: blocked is blocked (unknown facts) (exit 3)" "$work/$mode.log"
    expect "check: the passing host's recap shows no failure" grep -Eq "^pass +: .*failed=0" "$work/$mode.log"
    expect "check: nothing left on the hosts" test ! -e "$work/remote-pass/edict"
  fi
done

if [ "$failures" -ne 0 ]; then
  echo "fleet_test: $failures check(s) failed; the logs:" >&2
  cat "$work/check.log" "$work/facts.log" >&2
  exit 1
fi
echo "fleet_test: all checks passed"
