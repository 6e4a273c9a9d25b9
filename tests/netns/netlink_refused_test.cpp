// The route collector's fallback on the live host: when the sandbox refuses
// NETLINK_ROUTE sockets (systemd's RestrictAddressFamilies=, a container's seccomp
// profile), routes come from /proc/net/route and /proc/net/ipv6_route, which show
// the main IPv4 table only and no policy rules. The promise (docs/facts.md): the
// air-gap check can still fail on what /proc shows, and never passes, because
// `network.rules` stays unknown.
//
// Each case runs edict in a fresh network namespace (as root) under a seccomp filter
// that makes socket(AF_NETLINK, ...) fail with EAFNOSUPPORT, which is what
// RestrictAddressFamilies= returns. The namespace is set up with `ip` before the
// filter is installed. Label `netns`.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "tests/cli/run_edict.h"

using namespace edict::testing;

namespace {

#if defined(__x86_64__)
constexpr unsigned kAuditArch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
constexpr unsigned kAuditArch = AUDIT_ARCH_AARCH64;
#else
constexpr unsigned kAuditArch = 0;  // the cases say they did not run
#endif

// socket(AF_NETLINK, ...) -> EAFNOSUPPORT; every other call allowed. A call made
// under another architecture's ABI is killed rather than let through unfiltered.
bool refuse_netlink() {
  struct sock_filter filter[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kAuditArch, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socket, 0, 3),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_NETLINK, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EAFNOSUPPORT & SECCOMP_RET_DATA)),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog program = {static_cast<unsigned short>(sizeof filter / sizeof filter[0]), filter};
  return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
         prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) == 0;
}

struct Run {
  int status = -1;  // edict's exit code; 100+ = the harness failed at that step
  std::string out, err;
};

// In a child: a new network namespace, `setup` (shell, with netlink allowed), then
// edict with netlink refused.
Run run_without_netlink(const std::string& setup, const std::vector<std::string>& args) {
  static int counter = 0;
  std::string dir = scratch_dir("netlink-refused");
  std::string n = std::to_string(counter++);
  std::string out = dir + "/out" + n, err = dir + "/err" + n;
  pid_t pid = fork();
  if (pid == 0) {
    if (unshare(CLONE_NEWNET) != 0) _exit(101);
    std::string script = "set -e\nip link set lo up\n" + setup;
    if (std::system(("sh -c '" + script + "' >'" + err + ".setup' 2>&1").c_str()) != 0) _exit(102);
    int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0) _exit(103);
    if (chdir(EDICT_SOURCE_DIR) != 0) _exit(104);
    for (const char* name : {"https_proxy", "http_proxy", "all_proxy", "ftp_proxy", "HTTPS_PROXY", "HTTP_PROXY",
                             "ALL_PROXY", "FTP_PROXY"}) {
      unsetenv(name);
    }
    setenv("NO_COLOR", "1", 1);
    if (!refuse_netlink()) _exit(105);
    std::vector<char*> argv{const_cast<char*>(EDICT_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(EDICT_BINARY, argv.data());
    _exit(106);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  Run r;
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out);
  r.err = read_file(err) + read_file(err + ".setup");
  return r;
}

bool can_run() {
  if (kAuditArch == 0) {
    std::cout << "netlink-refused tests not run: no seccomp architecture constant for this CPU\n";
    return false;
  }
  bool ok = std::system("command -v ip >/dev/null 2>&1") == 0;
  if (!ok) std::cout << "netlink-refused tests not run: `ip` (iproute2) is not installed\n";
  return ok;
}

const char* kVeth =
    "ip link add v0 type veth peer name v1\n"
    "ip link set v0 up\nip link set v1 up\n"
    "ip addr add 10.0.0.2/24 dev v0\n";

nlohmann::json check_report(const std::string& setup) {
  Run r = run_without_netlink(setup, {"check", "policies/network", "--collect", "--format", "json"});
  INFO("exit " << r.status << "\nstderr:\n" << r.err);
  REQUIRE(r.status < 100);
  auto report = nlohmann::json::parse(r.out, nullptr, false);
  REQUIRE_FALSE(report.is_discarded());
  return report;
}

std::string outcome_of(const nlohmann::json& report, const std::string& id) {
  for (const auto& rule : report["rules"]) {
    if (rule["id"] == id) return rule["outcome"].get<std::string>();
  }
  return "(missing)";
}

}  // namespace

TEST_CASE("netlink refused: the filter really refuses netlink (ip fails under it)") {
  if (!can_run()) return;
  // The harness's own check: without this, a filter that did nothing would let the
  // cases below pass on netlink data.
  pid_t pid = fork();
  if (pid == 0) {
    if (!refuse_netlink()) _exit(105);
    int fd = socket(AF_NETLINK, SOCK_RAW, 0);
    _exit(fd < 0 && errno == EAFNOSUPPORT ? 0 : 1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("netlink refused: a public default in the main table still fails no_internet_route, from /proc") {
  if (!can_run()) return;
  std::string setup = std::string(kVeth) + "ip route add default via 10.0.0.1\n";
  Run facts = run_without_netlink(setup, {"facts", "--only", "network"});
  INFO("stderr:\n" << facts.err);
  REQUIRE(facts.status == 0);
  auto network = nlohmann::json::parse(facts.out)["network"];
  bool default_seen = false;
  for (const auto& r : network["routes"]) {
    if (r["destination"] == "0.0.0.0/0") {
      default_seen = true;
      CHECK(r["table"] == "main");
      CHECK(r["gateway"] == "10.0.0.1");
    }
  }
  CHECK(default_seen);
  CHECK_FALSE(network.contains("rules"));  // /proc has no policy rules: unknown, not []

  auto report = check_report(setup);
  CHECK(outcome_of(report, "network.air_gap.no_internet_route") == "fail");
}

TEST_CASE("netlink refused: a host whose /proc shows no public route is unknown, never a pass") {
  if (!can_run()) return;
  // Only the private link route: /proc cannot show the other tables or the rules,
  // so a policy-routed default could be hiding; the check must not pass.
  auto report = check_report(kVeth);
  CHECK(outcome_of(report, "network.air_gap.no_internet_route") == "unknown");
  Run r = run_without_netlink(kVeth, {"check", "policies/network", "--collect", "--explain"});
  INFO(r.out << r.err);
  CHECK(r.status != 0);  // unknown blocks the gate
  CHECK((r.out + r.err).find("network.rules") != std::string::npos);  // the missing fact is named
}

TEST_CASE("netlink refused: an unreachable default from /proc carries nothing") {
  if (!can_run()) return;
  // /proc/net/route marks it RTF_REJECT; it must not count as a way out (and the
  // check stays unknown, not pass, since the rules are not visible).
  auto report = check_report(std::string(kVeth) + "ip route add unreachable default\n");
  CHECK(outcome_of(report, "network.air_gap.no_internet_route") == "unknown");
}
