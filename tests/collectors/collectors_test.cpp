// The Linux collectors against fixture trees (tests/data/facts/roots/), their parsers
// on edge cases, and lazy collection through the registry's reports. Catches wrong
// byte order, routes that should be skipped, packages that are not installed, and a
// collector that runs when the program never reads its facts.
#include <catch2/catch.hpp>

#include "tests/support/files.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "collectors/linux.h"
#include "collectors/registry.h"
#include "collectors/root_fs.h"
#include "runtime/facts/load.h"
#include "tests/collectors/collector_reports.h"

using namespace edict;
using edict::testing::report_of;
using edict::testing::show;
using namespace edict::collectors;

namespace {

std::string fixture_root(const std::string& name) { return std::string(EDICT_SOURCE_DIR) + "/tests/data/facts/roots/" + name; }

// Compares with tests/data/facts/expected/<name>; EDICT_UPDATE_GOLDEN=1 rewrites it.
void check_golden(const std::string& name, const std::string& actual) {
  test_support::check_golden(std::string(EDICT_SOURCE_DIR) + "/tests/data/facts/expected/" + name, actual);
}

}  // namespace

TEST_CASE("each fixture tree gives the expected facts (golden JSON)") {
  auto registry = CollectorRegistry::with_builtin_host();
  for (const char* name : {"debian12", "ubuntu2204", "rhel9"}) {
    CollectOptions options;
    options.root = fixture_root(name);
    options.sysctl_keys = {"net.ipv4.tcp_rmem"};
    std::vector<CollectorReport> reports;
    Facts facts = collect_facts(registry, {}, options, &reports, true);
    check_golden(std::string(name) + ".json", facts_to_json(facts));
    // Every collected fact names its collector.
    const Provenance* p = facts.provenance("os.family");
    REQUIRE(p);
    CHECK(p->source == "collector:os");
  }
}

TEST_CASE("debian12: routes, interfaces, packages and sysctl as the files say") {
  CollectOptions options;
  options.root = fixture_root("debian12");
  options.sysctl_keys = {"net.ipv4.tcp_rmem", "no.such.key"};
  std::vector<CollectorReport> reports;
  Facts facts = collect_facts(CollectorRegistry::with_builtin_host(), {}, options, &reports, true);
  CHECK(show(facts, "os.version") == "v\"12\"");
  CHECK(show(facts, "os.kernel.version") == "v\"6.1.0\"");
  CHECK(show(facts, "host.name") == "\"deb-web-01\"");
  const Value* routes = facts.find("network.routes");
  REQUIRE(routes);
  // The eth1 route without RTF_UP and the IPv6 reject route are gone.
  REQUIRE(routes->size == 6);
  CHECK(to_display(routes->items[0]) ==
        "{\"destination\": \"0.0.0.0/0\", \"family\": \"ipv4\", \"gateway\": \"10.0.0.1\", \"interface\": \"eth0\", "
        "\"metric\": 100, \"table\": \"main\", \"type\": \"unicast\"}");
  CHECK(to_display(*map_find(routes->items[1], "destination")) == "\"10.0.0.0/24\"");
  CHECK(to_display(*map_find(routes->items[2], "destination")) == "\"2001:db8::/64\"");
  CHECK(to_display(routes->items[5]) ==
        "{\"destination\": \"::1/128\", \"family\": \"ipv6\", \"gateway\": \"::\", \"interface\": \"lo\", \"metric\": 0, "
        "\"type\": \"local\"}");
  CHECK(to_display(*map_find(routes->items[4], "destination")) == "\"::/0\"");
  CHECK(to_display(*map_find(routes->items[4], "gateway")) == "\"fe80::1\"");
  // Interfaces under a root: up from flags; addresses unknown, never a partial list.
  CHECK(show(facts, "network.interfaces") ==
        "[{\"name\": \"eth0\", \"up\": true}, {\"name\": \"eth1\", \"up\": false}, {\"name\": \"lo\", \"up\": true}]");
  CHECK(show(facts, "network.proxy") == "\"http://proxy.corp.example:3128\"");
  const Value* packages = facts.find("packages");
  REQUIRE(packages);
  CHECK(packages->size == 5);  // dpkg, openssl, libc6, libc6:i386, tzdata (held)
  CHECK(map_find(*packages, "telnet") == nullptr);      // deinstall ok config-files
  CHECK(map_find(*packages, "rsh-client") == nullptr);  // half-installed
  CHECK(map_find(*packages, "nis") == nullptr);
  CHECK(to_display(*map_find(*packages, "libc6")) ==
        "{\"arch\": \"amd64\", \"manager\": \"dpkg\", \"version\": \"2.36-9+deb12u4\", \"versions\": [\"2.36-9+deb12u4\"]}");
  CHECK(map_find(*packages, "libc6:i386") != nullptr);
  CHECK(show(facts, "sysctl") ==
        "{\"fs.protected_symlinks\": \"1\", \"kernel.randomize_va_space\": \"2\", \"net.ipv4.conf.all.rp_filter\": \"1\", "
        "\"net.ipv4.conf.all.send_redirects\": \"0\", \"net.ipv4.ip_forward\": \"0\", "
        "\"net.ipv4.tcp_rmem\": \"4096 87380 6291456\", \"net.ipv6.conf.all.forwarding\": \"0\"}");
  const CollectorReport* sysctl = report_of(reports, "sysctl");
  REQUIRE(sysctl);
  CHECK(sysctl->paths_left_unknown == std::vector<std::string>{"sysctl[\"no.such.key\"]"});
  // Linux has no build number: asked for, left unknown, and said so.
  const CollectorReport* os = report_of(reports, "os");
  REQUIRE(os);
  CHECK(os->ok);
  CHECK(std::find(os->paths_left_unknown.begin(), os->paths_left_unknown.end(), "os.build") !=
        os->paths_left_unknown.end());
}

TEST_CASE("ubuntu2204: an absolute os-release symlink resolves inside the root, split defaults are kept") {
  CollectOptions options;
  options.root = fixture_root("ubuntu2204");
  std::vector<CollectorReport> reports;
  Facts facts = collect_facts(CollectorRegistry::with_builtin_host(), {}, options, &reports, true);
  CHECK(show(facts, "os.name") == "\"Ubuntu\"");
  // Versions compare by numbers per component (v"22.04" == v"22.4") but print as the
  // host wrote them (issue 17: Ubuntu `22.04`, not `22.4`).
  CHECK(show(facts, "os.version") == "v\"22.04\"");
  CHECK(show(facts, "os.arch") == "\"aarch64\"");
  const Value* routes = facts.find("network.routes");
  REQUIRE(routes);
  REQUIRE(routes->size == 3);  // no IPv6 table: IPv4 only
  CHECK(to_display(*map_find(routes->items[0], "destination")) == "\"0.0.0.0/1\"");
  CHECK(to_display(*map_find(routes->items[1], "destination")) == "\"128.0.0.0/1\"");
  CHECK(to_display(*map_find(routes->items[1], "gateway")) == "\"10.8.0.1\"");
  CHECK(facts.find("network.proxy") == nullptr);  // no etc/environment: unknown
  CHECK(show(facts, "packages") ==
        "{\"dpkg\": {\"arch\": \"arm64\", \"manager\": \"dpkg\", \"version\": \"1.21.1ubuntu2.3\", "
        "\"versions\": [\"1.21.1ubuntu2.3\"]}, "
        "\"openssh-server\": {\"arch\": \"arm64\", \"manager\": \"dpkg\", \"version\": \"1:8.9p1-3ubuntu0.6\", "
        "\"versions\": [\"1:8.9p1-3ubuntu0.6\"]}}");
}

TEST_CASE("rhel9: usr/lib/os-release fallback, missing dpkg and machine-id are reported, facts left unknown") {
  CollectOptions options;
  options.root = fixture_root("rhel9");
  std::vector<CollectorReport> reports;
  Facts facts = collect_facts(CollectorRegistry::with_builtin_host(), {}, options, &reports, true);
  CHECK(show(facts, "os.distro") == "\"rhel\"");
  CHECK(show(facts, "os.version") == "v\"9.3\"");
  CHECK(facts.find("os.arch") == nullptr);
  CHECK(facts.find("packages") == nullptr);  // unknown, not an empty map
  CHECK(facts.find("host.id") == nullptr);
  const CollectorReport* packages = report_of(reports, "packages");
  REQUIRE(packages);
  CHECK_FALSE(packages->ok);
  CHECK(packages->message ==
        "var/lib/dpkg/status: No such file or directory; and no rpmdb under usr/lib/sysimage/rpm or var/lib/rpm");
  CHECK(packages->paths_left_unknown == std::vector<std::string>{"packages"});
  const CollectorReport* host = report_of(reports, "host");
  REQUIRE(host);
  CHECK_FALSE(host->ok);
  CHECK(host->paths_left_unknown == std::vector<std::string>{"host.id"});
  const CollectorReport* sysctl = report_of(reports, "sysctl");
  REQUIRE(sysctl);
  CHECK_FALSE(sysctl->ok);
  // The run went on: the route without a default is there.
  CHECK(show(facts, "network.routes") ==
        "[{\"destination\": \"192.168.1.0/24\", \"family\": \"ipv4\", \"gateway\": \"0.0.0.0\", \"interface\": "
        "\"ens192\", \"metric\": 100, \"table\": \"main\", \"type\": \"unicast\"}]");
}

TEST_CASE("asking only for os.build runs only the os collector") {
  CollectOptions options;
  options.root = fixture_root("debian12");
  std::vector<CollectorReport> reports;
  Facts facts = collect_facts(CollectorRegistry::with_builtin_host(), {"os.build"}, options, &reports);
  REQUIRE(reports.size() == 1);
  CHECK(reports[0].collector == "os");
  CHECK(reports[0].paths_left_unknown == std::vector<std::string>{"os.build"});
  CHECK(facts.find("packages") == nullptr);
  CHECK(facts.find("network") == nullptr);

  // A namespace asks every collector under it; a sub-path of a map fact asks its collector.
  reports.clear();
  collect_facts(CollectorRegistry::with_builtin_host(), {"network", "sysctl.net.ipv4.ip_forward"}, options, &reports);
  REQUIRE(reports.size() == 2);
  CHECK(reports[0].collector == "network");
  CHECK(reports[1].collector == "sysctl");

  // --only narrows a collect-all run.
  reports.clear();
  options.only = {"host"};
  Facts only = collect_facts(CollectorRegistry::with_builtin_host(), {}, options, &reports, true);
  REQUIRE(reports.size() == 1);
  CHECK(show(only, "host.name") == "\"deb-web-01\"");
  CHECK(only.find("os") == nullptr);
}

TEST_CASE("a root that does not exist fails every collector without a crash") {
  CollectOptions options;
  options.root = "/nonexistent/root";
  std::string error;
  CHECK_FALSE(RootFs(options.root).ok(&error));
  CHECK(error.find("cannot open root `/nonexistent/root`") == 0);
  std::vector<CollectorReport> reports;
  Facts facts = collect_facts(CollectorRegistry::with_builtin_host(), {"packages", "network.routes"}, options, &reports);
  CHECK(facts.find("packages") == nullptr);
  REQUIRE(reports.size() == 2);
  CHECK_FALSE(reports[0].ok);
  CHECK_FALSE(reports[1].ok);
}

TEST_CASE("route parsing: byte order, masks, skipped rows, malformed rows") {
  std::string v4 =
      "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
      "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
      "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
      "eth9\t000200C0\t00000000\t0000\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
      "garbage row\n";
  size_t bad = 0;
  auto routes = parse_ipv4_routes(v4, &bad);
  REQUIRE(routes.size() == 2);
  CHECK(routes[0].destination == "0.0.0.0/0");
  CHECK(routes[0].gateway == "192.0.2.1");
  CHECK(routes[1].destination == "192.0.2.0/24");
  CHECK(bad == 1);

  std::string v6 =
      "00000000000000000000000000000000 00 00000000000000000000000000000000 00 fd000000000000000000000000000001 "
      "00000400 00000002 00000000 00000003     eth0\n"
      "00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 "
      "ffffffff 00000001 00000000 00200200       lo\n"
      "ff000000000000000000000000000000 08 00000000000000000000000000000000 00 00000000000000000000000000000000 "
      "00000100 00000003 00000000 00000001     eth0\n";
  auto six = parse_ipv6_routes(v6);
  REQUIRE(six.size() == 2);
  CHECK(six[0].destination == "::/0");
  CHECK(six[0].gateway == "fd00::1");
  CHECK(six[0].metric == 1024);
  CHECK(six[1].destination == "ff00::/8");
}

TEST_CASE("os-release quoting, arch names and kernel versions") {
  auto f = parse_os_release("NAME=\"Foo \\\"Bar\\\" Linux\"\nID=foo\nVERSION_ID='1.2'\n# x\nBROKEN=\"open\n");
  CHECK(f["NAME"] == "Foo \"Bar\" Linux");
  CHECK(f["ID"] == "foo");
  CHECK(f["VERSION_ID"] == "1.2");
  CHECK(f.count("BROKEN") == 0);
  CHECK(normalize_arch("amd64") == "x86_64");
  CHECK(normalize_arch("i686") == "x86");
  CHECK(normalize_arch("arm64") == "aarch64");
  CHECK(normalize_arch("riscv64") == "riscv64");
  CHECK(kernel_version_text("6.1.0-18-amd64") == "6.1.0");
  CHECK(kernel_version_text("5.15.0-91-generic") == "5.15.0");
  CHECK(kernel_version_text("4.19.") == "4.19");
  CHECK(kernel_version_text("rc-1") == "");
}

TEST_CASE("the registry's schema is the core schema plus declarations") {
  auto registry = CollectorRegistry::with_builtin_host();
  FactSchema declared;
  declared.add(FactDecl{"esu.vendor_link", Type::string(), "declared", ""});
  registry.declare(declared);
  FactSchema schema = registry.schema();
  CHECK(schema.find("os.build"));
  CHECK(schema.find("esu.vendor_link"));
  // Every core Linux path has a collector of that name.
  for (const auto& [path, decl] : FactSchema::core().all()) {
    if (path.rfind("windows.", 0) == 0) continue;
    CHECK(registry.find(decl.provider) != nullptr);
  }
}
