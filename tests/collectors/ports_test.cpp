// The `ports` collector (collectors/linux_ports.cpp): /proc/net/{tcp,tcp6,udp,udp6}
// parsed from fixtures and, on this host, compared with `ss -ltnup` / `ss -lunp` while
// the test holds its own listeners (TCP and UDP, IPv4 and IPv6). Catches: IPv6 words
// decoded in the wrong byte order, connected sockets listed as listeners, a socket whose
// owner cannot be read dropped or given "no owner", live sockets reported under --root.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <set>
#include <string>
#include <tuple>

#include "collectors/linux.h"
#include "collectors/registry.h"
#include "collectors/text_lines.h"
#include "tests/collectors/collector_reports.h"
#include "tests/collectors/temp_root.h"
#include "tests/support/run_command.h"

using namespace edict;
using edict::testing::report_of;
using edict::testing::show;
using edict::testing::TempRoot;
using namespace edict::collectors;

namespace {

const char* kTcp =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
    "   0: 0100007F:0277 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1063 1 0 100 0 0 10 0\n"
    "   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2001 1 0 100 0 0 10 0\n"
    "   2: 0100007F:0016 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 2002 1 0 20 4 30 10 -1\n";
// ::1 port 631 and :: port 22, as the kernel prints them on a little-endian host: each
// 32-bit word of the address with %08X from host order.
const char* kTcp6 =
    "  sl  local_address                         remote_address                        st tx_queue rx_queue tr "
    "tm->when retrnsmt   uid  timeout inode\n"
    "   0: 00000000000000000000000001000000:0277 00000000000000000000000000000000:0000 0A 00000000:00000000 "
    "00:00000000 00000000     0        0 3001 1 0 100 0 0 10 0\n"
    "   1: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 "
    "00:00000000 00000000     0        0 3002 1 0 100 0 0 10 0\n";
const char* kUdp =
    "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
    "  100: 00000000:0044 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4001 2 0 0\n"
    "  101: 0100007F:A000 0100007F:0035 01 00000000:00000000 00:00000000 00000000     0        0 4002 2 0 0\n";

std::string run(const std::string& cmd) { return edict::testing::run_command(cmd); }

// A listener of this test process: bound to an ephemeral port on `address`.
struct Listener {
  int fd = -1;
  int port = 0;
  Listener(int family, int type, const char* address) {
    fd = ::socket(family, type | SOCK_CLOEXEC, 0);  // not inherited by ss
    REQUIRE(fd >= 0);
    sockaddr_storage ss{};
    socklen_t len;
    if (family == AF_INET) {
      auto* a = reinterpret_cast<sockaddr_in*>(&ss);
      a->sin_family = AF_INET;
      ::inet_pton(AF_INET, address, &a->sin_addr);
      len = sizeof *a;
    } else {
      auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
      a->sin6_family = AF_INET6;
      ::inet_pton(AF_INET6, address, &a->sin6_addr);
      int only = 1;
      ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &only, sizeof only);
      len = sizeof *a;
    }
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) == 0);
    if (type == SOCK_STREAM) REQUIRE(::listen(fd, 4) == 0);
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) == 0);
    port = ntohs(family == AF_INET ? reinterpret_cast<sockaddr_in*>(&ss)->sin_port
                                   : reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
  }
  ~Listener() { ::close(fd); }
};

using Key = std::tuple<std::string, std::string, int64_t>;  // protocol, address, port

}  // namespace

TEST_CASE("/proc/net sockets: listeners only, IPv6 words in host order, header and bad rows") {
  size_t bad = 0;
  auto tcp = parse_proc_net_sockets(kTcp, "tcp", "ipv4", &bad);
  CHECK(bad == 0);
  REQUIRE(tcp.size() == 2);  // the ESTABLISHED row (01) is not a listener
  CHECK(tcp[0].address == "127.0.0.1");
  CHECK(tcp[0].port == 631);
  CHECK(tcp[0].inode == 1063);
  CHECK(tcp[1].address == "0.0.0.0");
  CHECK(tcp[1].port == 22);
  auto tcp6 = parse_proc_net_sockets(kTcp6, "tcp", "ipv6", &bad);
  REQUIRE(tcp6.size() == 2);
  CHECK(tcp6[0].address == "::1");
  CHECK(tcp6[1].address == "::");
  auto udp = parse_proc_net_sockets(kUdp, "udp", "ipv4", &bad);
  REQUIRE(udp.size() == 1);  // the connected one (01) is not listening
  CHECK(udp[0].port == 68);
  CHECK(bad == 0);
  parse_proc_net_sockets("   0: 0100007F:XYZ 00000000:0000 0A\n   1: 0100007F:0016 00000000:0000 0A 0 0 0 0 0 abc\n",
                         "tcp", "ipv4", &bad);
  CHECK(bad == 2);
  CHECK(socket_inode_of_link("socket:[1063]") == 1063);
  CHECK(socket_inode_of_link("pipe:[1063]") == 0);
  CHECK(socket_inode_of_link("socket:[]") == 0);
  CHECK(socket_inode_of_link("socket:[99999999999999999999999]") == 0);
}

TEST_CASE("ports from a fixture proc tree: owners from the fd links, a malformed row or an oversize file fails") {
  TempRoot root("ports");
  root.write("proc/net/tcp", kTcp);
  root.write("proc/net/tcp6", kTcp6);
  root.write("proc/net/udp", kUdp);
  root.write("proc/net/udp6", "  sl  local_address remote_address st\n");
  root.write("proc/42/comm", "sshd\n");
  root.write("proc/43/comm", "cupsd\n");
  std::filesystem::create_directories(root.path / "proc/42/fd");
  std::filesystem::create_directories(root.path / "proc/43/fd");
  std::filesystem::create_symlink("socket:[2001]", root.path / "proc/42/fd/3");
  std::filesystem::create_symlink("socket:[3002]", root.path / "proc/42/fd/4");
  std::filesystem::create_symlink("/dev/null", root.path / "proc/42/fd/0");
  std::filesystem::create_symlink("socket:[1063]", root.path / "proc/43/fd/7");
  PortsScan scan;
  std::string error;
  REQUIRE(scan_ports(root.path.string(), kMaxProcNetBytes, &scan, &error));
  CHECK(scan.sockets.size() == 5);
  CHECK(scan.owners_complete);
  CHECK(scan.owners[2001] == std::vector<std::string>{"sshd"});
  CHECK(scan.owners[3002] == std::vector<std::string>{"sshd"});
  CHECK(scan.owners[1063] == std::vector<std::string>{"cupsd"});
  CHECK(scan.owners.count(4001) == 0);  // a kernel socket, or one nobody holds: no owner

  PortsScan small;
  CHECK_FALSE(scan_ports(root.path.string(), 64, &small, &error));  // the limit, hit
  CHECK(error.find("proc/net/tcp") != std::string::npos);

  root.write("proc/net/udp", std::string(kUdp) + "garbage row\n");
  PortsScan broken;
  CHECK_FALSE(scan_ports(root.path.string(), kMaxProcNetBytes, &broken, &error));
  CHECK(error == "proc/net/udp: 1 malformed rows");
}

TEST_CASE("ports under --root are unknown with the reason, not the running host's sockets") {
  TempRoot root("ports-root");
  root.write("proc/net/tcp", kTcp);
  CollectOptions options;
  options.root = root.path.string();
  std::vector<CollectorReport> reports;
  Facts facts = collect_facts(CollectorRegistry::with_builtin_host(), {"ports"}, options, &reports);
  CHECK(show(facts, "ports") == "absent");
  const CollectorReport* r = report_of(reports, "ports");
  REQUIRE(r);
  CHECK_FALSE(r->ok);
  CHECK(r->message.find("running kernel") != std::string::npos);
}

TEST_CASE("ports on this host agree with ss -ltnup and ss -lunp, with this test's own listeners") {
  if (std::system("ss -V >/dev/null 2>&1") != 0) {
    std::cout << "ss (iproute2) absent: scripts/bootstrap test installs it; the comparison did not run\n";
    return;
  }
  Listener tcp4(AF_INET, SOCK_STREAM, "127.0.0.1"), tcp6(AF_INET6, SOCK_STREAM, "::1");
  Listener udp4(AF_INET, SOCK_DGRAM, "127.0.0.1"), udp6(AF_INET6, SOCK_DGRAM, "::");
  // Other tests (and other users of this machine) open and close listeners meanwhile: ss
  // runs before and after, and a socket in both runs must be ours, one in neither must not.
  std::string ss_before = run("ss -ltunpH");
  std::vector<CollectorReport> reports;
  CollectOptions options;
  Facts facts = collect_facts(CollectorRegistry::with_builtin_host(), {"ports"}, options, &reports);
  std::string ss_text = run("ss -ltunpH");
  const Value* ports = facts.find("ports");
  REQUIRE(ports);

  std::set<Key> ours;
  using PortKey = std::tuple<std::string, int64_t>;
  std::set<PortKey> our_ports;
  for (uint32_t i = 0; i < ports->size; ++i) {
    const Value& p = ports->items[i];
    Key k{std::string(map_find(p, "protocol")->str()), std::string(map_find(p, "address")->str()),
          map_find(p, "port")->integer};
    ours.insert(k);
    our_ports.insert({std::get<0>(k), std::get<2>(k)});
  }
  auto ss_ports = [](const std::string& text) {
    std::set<PortKey> out;
    for_each_line(text, [&](std::string_view line) {
      auto f = whitespace_fields(line);
      if (f.size() < 5) return;
      std::string local(f[4]);
      size_t colon = local.rfind(':');
      if (colon == std::string::npos) return;
      out.insert({std::string(f[0]), std::atoll(local.substr(colon + 1).c_str())});
    });
    return out;
  };
  auto before = ss_ports(ss_before), after = ss_ports(ss_text);
  INFO(ss_before << "---\n" << ss_text);
  for (const auto& k : before) {
    if (after.count(k)) CHECK(our_ports.count(k));  // there all along: must be seen
  }
  for (const auto& k : our_ports) CHECK((before.count(k) || after.count(k)));  // never invented
  CHECK(after.size() >= 4);
  CHECK(ours.count({"tcp", "127.0.0.1", tcp4.port}));
  CHECK(ours.count({"tcp", "::1", tcp6.port}));
  CHECK(ours.count({"udp", "127.0.0.1", udp4.port}));
  CHECK(ours.count({"udp", "::", udp6.port}));
  // This process holds them: ss names it in users:(("name",...)), and so do we.
  std::string comm = run("cat /proc/" + std::to_string(::getpid()) + "/comm");
  while (!comm.empty() && comm.back() == '\n') comm.pop_back();
  for (uint32_t i = 0; i < ports->size; ++i) {
    const Value& p = ports->items[i];
    if (map_find(p, "port")->integer != tcp4.port) continue;
    const Value* procs = map_find(p, "processes");
    REQUIRE(procs);
    REQUIRE(procs->size == 1);
    CHECK(procs->items[0].str() == comm);
  }
  CHECK(ss_text.find("((\"" + comm + "\",pid=" + std::to_string(::getpid()) + ",") != std::string::npos);
}

TEST_CASE("ports as a user who cannot read other processes' fds: owners unknown, sockets still listed") {
  if (::geteuid() != 0 || std::system("command -v setpriv >/dev/null") != 0) {
    std::cout << "not root or no setpriv: the unprivileged case did not run\n";
    return;
  }
  Listener held(AF_INET, SOCK_STREAM, "127.0.0.1");  // root's: nobody cannot read its fds
  std::string out = run("setpriv --reuid=nobody --regid=nogroup --clear-groups '" + std::string(EDICT_BINARY) +
                        "' facts --only ports --format json 2>&1");
  INFO(out);
  CHECK(out.find("\"port\": " + std::to_string(held.port)) != std::string::npos);
  CHECK(out.find("\"processes\"") == std::string::npos);
  CHECK(out.find("owners left unknown") != std::string::npos);
}
