# Sourced by tests/ansible/fleet_test.sh and bench/ansible_forks.sh: one test host, a network
# namespace with a veth pair to this machine and its own sshd (key login as root only).
#   ssh_host_up TAG I SUBNET WORK   namespace TAG"n"I; this side SUBNET.(4I+1)/30, the host
#                                    SUBNET.(4I+2)/30; WORK holds host_key, authorized_keys,
#                                    and gets sshdI.conf, .pid, .log
ssh_host_up() {
  local tag="$1" i="$2" subnet="$3" work="$4"
  local ns="${tag}n$i"
  ip netns add "$ns"
  ip link add "${tag}h$i" type veth peer name "${tag}p$i"
  ip link set "${tag}p$i" netns "$ns"
  ip addr add "$subnet.$((i * 4 + 1))/30" dev "${tag}h$i"
  ip link set "${tag}h$i" up
  ip -n "$ns" addr add "$subnet.$((i * 4 + 2))/30" dev "${tag}p$i"
  ip -n "$ns" link set "${tag}p$i" up
  ip -n "$ns" link set lo up
  cat >"$work/sshd$i.conf" <<CONF
ListenAddress $subnet.$((i * 4 + 2))
HostKey $work/host_key
PidFile $work/sshd$i.pid
AuthorizedKeysFile $work/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
Subsystem sftp /usr/lib/openssh/sftp-server
CONF
  ip netns exec "$ns" /usr/sbin/sshd -f "$work/sshd$i.conf" -E "$work/sshd$i.log"
}

#   ssh_host_down TAG I WORK        stops that host's sshd and every process in its namespace
#                                    (Ansible's persistent `sshd: root@notty` sessions outlive
#                                    the listener), then removes the namespace and the veth
ssh_host_down() {
  local tag="$1" i="$2" work="$3"
  [ -f "$work/sshd$i.pid" ] && kill "$(cat "$work/sshd$i.pid")" 2>/dev/null || true
  for pid in $(ip netns pids "${tag}n$i" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
  ip netns del "${tag}n$i" 2>/dev/null || true
  ip link del "${tag}h$i" 2>/dev/null || true
}
