// The air-gap check against the running kernel's routing, in fresh network
// namespaces (`unshare -n`, as root): the real `edict check policies/network`
// collects routes and rules over rtnetlink and judges them. Only loopback and
// namespace-local veth pairs are configured; nothing is ever sent anywhere.
// Label `netns`; CI runs as root. The tests stop with a message (not a pass) only
// when `ip` or `unshare` is not installed; a namespace that cannot be created fails.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <iostream>
#include <string>

#include "tests/cli/run_edict.h"

using namespace edict::testing;

namespace {

bool have_tools() {
  bool ok = std::system("command -v ip >/dev/null 2>&1 && command -v unshare >/dev/null 2>&1") == 0;
  if (!ok) std::cout << "netns tests not run: `ip` (iproute2) or `unshare` (util-linux) is not installed\n";
  return ok;
}

struct NamespaceRun {
  int setup_status = -1;  // exit status of the setup commands
  int edict_status = -1;
  std::string out;
  std::string err;
};

// Runs `setup` then `edict <edict_args>` inside one new network namespace.
NamespaceRun in_namespace(const std::string& setup, const std::string& edict_args) {
  std::string dir = scratch_dir("netns");
  static int counter = 0;
  std::string n = std::to_string(counter++);
  std::string script = dir + "/setup" + n + ".sh", out = dir + "/out" + n, err = dir + "/err" + n,
              status = dir + "/status" + n;
  {
    std::ofstream s(script);
    s << "set -e\nip link set lo up\n" << setup << "\necho $? >'" << status << "'\nset +e\n"
      << "cd '" << EDICT_SOURCE_DIR << "'\n"
      << "NO_COLOR=1 https_proxy= http_proxy= all_proxy= ftp_proxy= HTTPS_PROXY= HTTP_PROXY= ALL_PROXY= FTP_PROXY= '"
      << EDICT_BINARY << "' " << edict_args << " >'" << out << "' 2>'" << err << "'\n";
  }
  int rc = std::system(("unshare -n sh '" + script + "' >'" + err + ".setup' 2>&1").c_str());
  NamespaceRun r;
  r.edict_status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  std::string s = read_file(status);
  r.setup_status = s.empty() ? -1 : std::atoi(s.c_str());
  r.out = read_file(out);
  r.err = read_file(err) + read_file(err + ".setup");
  return r;
}

// The outcome of network.air_gap.no_internet_route in a namespace set up by `setup`,
// from `edict check <packs>` (all bundled packs by default, as the done-when).
std::string no_internet_route(const std::string& setup, const std::string& packs = "policies/network") {
  NamespaceRun r = in_namespace(setup, "check " + packs + " --collect --format json");
  INFO("setup:\n" << setup << "\nstderr:\n" << r.err);
  REQUIRE(r.setup_status == 0);
  auto report = nlohmann::json::parse(r.out, nullptr, false);
  REQUIRE_FALSE(report.is_discarded());
  for (const auto& rule : report["rules"]) {
    if (rule["id"] == "network.air_gap.no_internet_route") return rule["outcome"].get<std::string>();
  }
  FAIL("no_internet_route is not in the report");
  return "";
}

nlohmann::json network_facts(const std::string& setup) {
  NamespaceRun r = in_namespace(setup, "facts --only network");
  INFO("stderr:\n" << r.err);
  REQUIRE(r.setup_status == 0);
  auto facts = nlohmann::json::parse(r.out, nullptr, false);
  REQUIRE_FALSE(facts.is_discarded());
  return facts["network"];
}

// A veth pair inside the namespace, up, with a private address: the link a
// gateway hangs off. Both ends stay in the namespace.
const char* kVeth =
    "ip link add v0 type veth peer name v1\n"
    "ip link set v0 up\nip link set v1 up\n"
    "ip addr add 10.0.0.2/24 dev v0\n";

}  // namespace

TEST_CASE("only a policy-routed default (table 100 + ip rule) fails no_internet_route") {
  if (!have_tools()) return;
  std::string setup = std::string(kVeth) +
                      "ip route add default via 10.0.0.1 dev v0 table 100\n"
                      "ip rule add pref 100 lookup 100\n";
  CHECK(no_internet_route(setup, "policies") == "fail");
  auto network = network_facts(setup);
  bool seen = false;
  for (const auto& r : network["routes"]) {
    if (r["destination"] == "0.0.0.0/0" && r["table"] == "100" && r["type"] == "unicast") seen = true;
  }
  CHECK(seen);
  bool rule = false;
  for (const auto& q : network["rules"]) {
    if (q["priority"] == 100 && q["table"] == "100" && q["action"] == "lookup") rule = true;
  }
  CHECK(rule);
}

TEST_CASE("a default in a table no rule reaches passes") {
  if (!have_tools()) return;
  CHECK(no_internet_route(std::string(kVeth) + "ip route add default via 10.0.0.1 dev v0 table 100\n") == "pass");
}

TEST_CASE("only an unreachable default passes no_internet_route for IPv4 and IPv6") {
  if (!have_tools()) return;
  CHECK(no_internet_route("ip route add unreachable default\nip -6 route add unreachable default\n", "policies") ==
        "pass");
  auto network = network_facts("ip route add unreachable default\n");
  bool seen = false;
  for (const auto& r : network["routes"]) {
    if (r["destination"] == "0.0.0.0/0") seen = r["type"] == "unreachable";
  }
  CHECK(seen);
}

TEST_CASE("blackhole and prohibit defaults pass") {
  if (!have_tools()) return;
  CHECK(no_internet_route("ip route add blackhole default\nip -6 route add prohibit default\n") == "pass");
}

TEST_CASE("an IPv6 default via a link-local gateway fails") {
  if (!have_tools()) return;
  CHECK(no_internet_route(std::string(kVeth) + "ip -6 route add default via fe80::1 dev v0\n") == "fail");
}

TEST_CASE("an IPv6 default in table 100 behind an IPv6 rule fails") {
  if (!have_tools()) return;
  CHECK(no_internet_route(std::string(kVeth) +
                          "ip -6 route add default via fe80::1 dev v0 table 100\n"
                          "ip -6 rule add pref 100 lookup 100\n") == "fail");
}

TEST_CASE("split defaults 0.0.0.0/1 + 128.0.0.0/1 fail") {
  if (!have_tools()) return;
  CHECK(no_internet_route(std::string(kVeth) +
                          "ip route add 0.0.0.0/1 via 10.0.0.1 dev v0\n"
                          "ip route add 128.0.0.0/1 via 10.0.0.1 dev v0\n") == "fail");
}

TEST_CASE("a default in a VRF table fails (l3mdev rule)") {
  if (!have_tools()) return;
  // A VRF device needs the vrf module; without it the kernel still accepts the
  // l3mdev rule the VRF would add, and its tables count all the same.
  bool vrf = std::system("unshare -n ip link add vrf-t type vrf table 10 >/dev/null 2>&1") == 0;
  std::string setup = std::string(kVeth);
  if (vrf) {
    setup += "ip link add vrf-blue type vrf table 10\nip link set vrf-blue up\nip link set v0 master vrf-blue\n"
             "ip route add default via 10.0.0.1 dev v0 table 10\n";
  } else {
    std::cout << "netns: this kernel has no vrf module; testing the l3mdev rule without a VRF device\n";
    setup += "ip rule add l3mdev pref 1000\nip route add default via 10.0.0.1 dev v0 table 10\n";
  }
  CHECK(no_internet_route(setup) == "fail");
}

TEST_CASE("loopback only passes") {
  if (!have_tools()) return;
  CHECK(no_internet_route("true\n") == "pass");
}
