#!/usr/bin/env bash
# How many hosts one Ansible controller handles (docs/fleet.md): the collection's play
# (integrations/ansible, check mode: copy edict and the bundle, run it, fetch the report,
# `edict report` on the controller) against N hosts on this machine, each a network
# namespace with its own sshd (as tests/ansible/fleet_test.sh builds them), timed with
# forks=1 and forks=N. Needs root, sshd and ansible-playbook.
#
#   bench/ansible_forks.sh EDICT_BINARY [N=6]
set -euo pipefail
edict="$(realpath "${1:?usage: ansible_forks.sh EDICT_BINARY [N]}")"
n="${2:-6}"
src="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=tests/ansible/ssh_host.sh
. "$src/tests/ansible/ssh_host.sh"
[ "$(id -u)" = 0 ] || { echo "ansible_forks: needs root (network namespaces)" >&2; exit 1; }

work="$(mktemp -d /var/tmp/edict-forks-XXXXXX)"
tag="ef$(( $$ % 10000 ))"
net=$(( 100 + $$ % 100 ))
cleanup() {
  for i in $(seq 1 "$n"); do
    ssh_host_down "$tag" "$i" "$work"
  done
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p /run/sshd "$work/roots/pass/etc"
printf 'ID=debian\nVERSION_ID="12"\n' >"$work/roots/pass/etc/os-release"
ssh-keygen -q -t ed25519 -N "" -f "$work/client_key"
ssh-keygen -q -t ed25519 -N "" -f "$work/host_key"
cp "$work/client_key.pub" "$work/authorized_keys"
for i in $(seq 1 "$n"); do
  ssh_host_up "$tag" "$i" "10.232.$net" "$work"
done
"$edict" compile "$src/tests/ansible/policy" -o "$work/fleet.edictc"
{
  echo "[edict_hosts]"
  for i in $(seq 1 "$n"); do
    echo "h$i ansible_host=10.232.$net.$((i * 4 + 2)) edict_root=$work/roots/pass edict_remote_dir=$work/remote-h$i"
  done
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

for forks in 1 "$n"; do
  start=$(date +%s.%N)
  set +e
  (cd "$work" && ansible-playbook -f "$forks" -i inventory edict.compliance.fleet \
     -e edict_hosts=edict_hosts -e edict_mode=check -e edict_binary="$edict" \
     -e edict_bundle="$work/fleet.edictc" -e edict_controller_binary="$edict" \
     -e edict_output_dir="$work/out-$forks" \
     -e "{\"edict_fleet_outputs\": [\"json=$work/fleet-$forks.json\"]}" >"$work/play-$forks.log" 2>&1)
  rc=$?
  set -e
  end=$(date +%s.%N)
  hosts=$(python3 -c "import json; print(len(json.load(open('$work/fleet-$forks.json'))['hosts']))" 2>/dev/null || echo 0)
  python3 -c "w=$end-$start; print(f'forks=$forks hosts=$n in report=$hosts play rc=$rc wall={w:.1f} s, {w/$n:.2f} s per host')"
  [ "$hosts" = "$n" ] || { echo "ansible_forks: the fleet report lacks hosts; the log:" >&2; cat "$work/play-$forks.log" >&2; exit 1; }
done
