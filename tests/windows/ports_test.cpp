// `ports` on Windows over fake listener tables: the Linux record shape, addresses as
// FormatAddress writes them, owners by process id. Catches: a failed table read turned
// into "nothing listens", an owner guessed for a process that is gone, an unsorted or
// duplicated list, IPv6 written in another form than the Linux collector's.
#include <catch2/catch.hpp>

#include "collectors/registry.h"
#include "collectors/windows/windows_facts.h"
#include "tests/windows/fakes.h"

using namespace edict;
using namespace edict::collectors::windows;
using namespace edict::collectors::windows::testing;

namespace {

RawSocket Socket(const char* protocol, const char* address, uint16_t port, uint32_t pid) {
  RawSocket s;
  s.protocol = protocol;
  REQUIRE(ParseAddress(address, &s.address));
  s.port = port;
  s.pid = pid;
  return s;
}

std::shared_ptr<FakePorts> Host() {
  auto ports = std::make_shared<FakePorts>();
  ports->sockets = {Socket("tcp", "0.0.0.0", 3389, 1040), Socket("tcp", "0.0.0.0", 445, 4),
                    Socket("udp", "0.0.0.0", 123, 900),   Socket("tcp", "::", 3389, 1040),
                    Socket("tcp", "127.0.0.1", 8080, 777), Socket("tcp", "0.0.0.0", 445, 4)};
  ports->names = {{4, "System"}, {900, "svchost.exe"}, {1040, "svchost.exe"}};
  return ports;
}

Facts CollectPorts(std::shared_ptr<FakePorts> ports, std::vector<CollectorReport>* reports) {
  Sources sources;
  sources.ports = std::move(ports);
  return Collect(sources, reports);
}

}  // namespace

TEST_CASE("windows ports: sorted, each once, owners by process id, an ended process's owner unknown") {
  auto facts = PortsFromSockets(Host()->sockets, &Host()->names);
  std::vector<std::string> rows;
  for (const auto& p : facts) {
    std::string owners = p.processes ? (p.processes->empty() ? "[]" : (*p.processes)[0]) : "?";
    rows.push_back(p.protocol + " " + p.family + " " + p.address + ":" + std::to_string(p.port) + " " + owners);
  }
  CHECK(rows == std::vector<std::string>{"tcp ipv4 0.0.0.0:445 System", "tcp ipv4 0.0.0.0:3389 svchost.exe",
                                         "tcp ipv4 127.0.0.1:8080 ?", "tcp ipv6 :::3389 svchost.exe",
                                         "udp ipv4 0.0.0.0:123 svchost.exe"});
}

TEST_CASE("windows ports through the collector: the Linux record shape") {
  std::vector<CollectorReport> reports;
  Facts facts = CollectPorts(Host(), &reports);
  const Value* ports = facts.find("ports");
  REQUIRE(ports);
  std::string shown = to_display(*ports);
  INFO(shown);
  CHECK(shown.find(R"x({"address": "::", "family": "ipv6", "port": 3389, "processes": ["svchost.exe"], "protocol": "tcp"})x") !=
        std::string::npos);
  // The owner of 8080 ended before the snapshot: `processes` left out, not [].
  CHECK(shown.find(R"x({"address": "127.0.0.1", "family": "ipv4", "port": 8080, "protocol": "tcp"})x") !=
        std::string::npos);
  REQUIRE(ReportOf(reports, "ports"));
  CHECK(ReportOf(reports, "ports")->ok);
}

TEST_CASE("windows ports: unknown, never empty, when a table cannot be read") {
  auto ports = Host();
  ports->fail_tables = "GetExtendedTcpTable(AF_INET6): Access is denied. (5)";
  std::vector<CollectorReport> reports;
  Facts facts = CollectPorts(ports, &reports);
  CHECK(facts.find("ports") == nullptr);
  const CollectorReport* r = ReportOf(reports, "ports");
  REQUIRE(r);
  CHECK_FALSE(r->ok);
  CHECK(r->message == "GetExtendedTcpTable(AF_INET6): Access is denied. (5); ports left unknown");
}

TEST_CASE("windows ports: without a process snapshot the sockets are listed, every owner unknown") {
  auto ports = Host();
  ports->fail_snapshot = "Not enough memory resources are available. (8)";
  std::vector<CollectorReport> reports;
  Facts facts = CollectPorts(ports, &reports);
  const Value* list = facts.find("ports");
  REQUIRE(list);
  std::string shown = to_display(*list);
  INFO(shown);
  CHECK(shown.find("processes") == std::string::npos);
  CHECK(shown.find(R"x("port": 445)x") != std::string::npos);
  const CollectorReport* r = ReportOf(reports, "ports");
  REQUIRE(r);
  CHECK(r->message.find("every socket's owner is unknown") != std::string::npos);
}
