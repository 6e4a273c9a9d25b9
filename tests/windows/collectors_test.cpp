// The Windows collectors' logic on Linux, over fake sources fed by the same .reg
// fixtures the Wine tests import and by recorded WMI rows and route tables
// (tests/data/windows/). Catches: wrong registry paths or precedence (Group Policy
// copies, SMB1 absent = on), CBS states counted wrongly, an ESU row of another product
// or an unlicensed one taken as a license, routes of down interfaces kept, bad address text.
#include <catch2/catch.hpp>

#include "collectors/registry.h"
#include "collectors/windows/windows_facts.h"
#include "tests/windows/fakes.h"

using namespace edict;
using namespace edict::collectors::windows;
using namespace edict::collectors::windows::testing;

namespace {

const std::string kData = std::string(EDICT_SOURCE_DIR) + "/tests/data/windows/";

std::shared_ptr<FakeRegistry> RegistryFrom(std::initializer_list<const char*> files) {
  auto reg = std::make_shared<FakeRegistry>();
  for (const char* f : files) {
    std::string error;
    INFO(f);
    REQUIRE(reg->ImportFile(kData + f, &error));
    REQUIRE(error.empty());
  }
  return reg;
}

std::shared_ptr<FakeWmi> WmiFrom(const char* file) {
  auto wmi = std::make_shared<FakeWmi>();
  std::string error;
  REQUIRE(wmi->LoadFile(kData + file, &error));
  return wmi;
}

std::shared_ptr<FakeNetwork> NetworkFrom(const char* file) {
  auto net = std::make_shared<FakeNetwork>();
  std::string error;
  REQUIRE(net->LoadFile(kData + file, &error));
  return net;
}

}  // namespace

TEST_CASE("os facts of a Server 2008 SP2 host at build 6002 come from the registry without RtlGetVersion") {
  auto reg = RegistryFrom({"server2008-sp2-6002.reg"});
  Notes notes;
  OsFacts os = ReadOsFacts(*reg, nullptr, &notes);
  CHECK(os.name == "Windows Server (R) 2008 Standard");
  CHECK(os.version == "6.0.6002");
  CHECK(os.build == 6002);
  CHECK(os.service_pack == 2);
  CHECK(os.product_type == "server");
  CHECK_FALSE(notes.failed);
}

TEST_CASE("RtlGetVersion gives os.version and wins over a CurrentBuildNumber that disagrees, with a note") {
  auto reg = RegistryFrom({"server2008-sp2-6002.reg"});
  FakeSystem sys;
  sys.kernel = KernelVersion{6, 0, 6003, 2};
  sys.image = FileVersion{6, 0, 6003, 0};
  Notes notes;
  OsFacts os = ReadOsFacts(*reg, &sys, &notes);
  CHECK(os.version == "6.0.6003");
  CHECK(os.build == 6003);
  CHECK(os.arch == "x86_64");
  REQUIRE(notes.messages.size() == 1);
  CHECK(notes.messages[0].find("CurrentBuildNumber is 6002") != std::string::npos);
}

TEST_CASE("product types, architectures and CSDVersion decode as docs/facts.md says") {
  CHECK(ProductTypeName("ServerNT") == "server");
  CHECK(ProductTypeName("LanmanNT") == "server");
  CHECK(ProductTypeName("WinNT") == "workstation");
  CHECK_FALSE(ProductTypeName("Enterprise"));
  CHECK_FALSE(ProductTypeName(""));
  CHECK(ArchName(kArchAmd64) == "x86_64");
  CHECK(ArchName(kArchIntel) == "x86");
  CHECK(ArchName(kArchIa64) == "ia64");
  CHECK(ArchName(kArchArm64) == "aarch64");
  CHECK_FALSE(ArchName(0xffff));
  CHECK(ServicePackFromCsd(0x200) == 2);
  CHECK(ServicePackFromCsd(0x100) == 1);
  CHECK(ServicePackFromCsd(0) == 0);
}

TEST_CASE("an unknown ProductType leaves os.product_type unknown, never a guess") {
  auto reg = RegistryFrom({"server2008-sp2-6002.reg"});
  reg->SetString(std::string(kProductOptionsKey), "ProductType", "Appliance");
  Notes notes;
  OsFacts os = ReadOsFacts(*reg, nullptr, &notes);
  CHECK_FALSE(os.product_type);
  CHECK_FALSE(notes.messages.empty());
}

TEST_CASE("firewall, RDP, NLA and SMB1 from local settings, SMB1 absent counts as enabled") {
  auto reg = RegistryFrom({"server2008-sp2-6002.reg"});
  Notes notes;
  SecurityFacts s = ReadSecurityFacts(*reg, &notes);
  CHECK(s.firewall_domain == true);
  CHECK(s.firewall_private == true);
  CHECK(s.firewall_public == false);
  CHECK(s.rdp_enabled == true);
  CHECK(s.nla_required == false);
  CHECK(s.smb1_enabled == true);
  CHECK_FALSE(notes.failed);
}

TEST_CASE("Group Policy copies win over local settings, in both directions") {
  auto hardened = RegistryFrom({"server2008-sp2-6002.reg", "server2008-sp2-6003-hardened.reg"});
  Notes notes;
  SecurityFacts s = ReadSecurityFacts(*hardened, &notes);
  CHECK(s.firewall_public == true);  // local 0, policy 1
  CHECK(s.rdp_enabled == true);
  CHECK(s.nla_required == true);  // local 0, policy 1
  CHECK(s.smb1_enabled == false);

  auto overridden = RegistryFrom({"server2008-sp2-6002.reg", "server2008-sp2-6003-hardened.reg", "policy-overrides.reg"});
  s = ReadSecurityFacts(*overridden, &notes);
  CHECK(s.firewall_domain == false);  // local 1, policy 0
  CHECK(s.firewall_private == true);
  CHECK(s.rdp_enabled == false);      // local fDeny 0, policy fDeny 1
  CHECK(s.nla_required == false);     // policy 0 over nothing
  CHECK(s.smb1_enabled == true);      // SMB1 = 1
}

TEST_CASE("an unreadable key leaves its facts unknown and fails the collector, it is not 'absent'") {
  auto reg = RegistryFrom({"server2008-sp2-6002.reg"});
  reg->Deny(std::string(kLanmanServerParametersKey));
  reg->Deny(std::string(kFirewallPolicyKey) + "\\DomainProfile");
  Notes notes;
  SecurityFacts s = ReadSecurityFacts(*reg, &notes);
  CHECK_FALSE(s.smb1_enabled);  // unknown, not "absent, so enabled"
  CHECK_FALSE(s.firewall_domain);
  CHECK(s.firewall_private == true);
  CHECK(notes.failed);
}

TEST_CASE("a value of the wrong type is noted and unknown") {
  auto reg = RegistryFrom({"server2008-sp2-6002.reg"});
  reg->SetString(std::string(kTerminalServerKey), "fDenyTSConnections", "0");
  Notes notes;
  SecurityFacts s = ReadSecurityFacts(*reg, &notes);
  CHECK_FALSE(s.rdp_enabled);
  REQUIRE_FALSE(notes.messages.empty());
  CHECK(notes.messages[0].find("unexpected type") != std::string::npos);
}

TEST_CASE("CBS package names give their KB, other packages give none") {
  CHECK(KbFromCbsPackage("Package_for_KB4493471~31bf3856ad364e35~amd64~~6.0.1.2") == "KB4493471");
  CHECK(KbFromCbsPackage("Package_1_for_KB4538484~31bf3856ad364e35~amd64~~6.0.1.0") == "KB4538484");
  CHECK(KbFromCbsPackage("package_for_kb958488~31bf3856ad364e35~amd64~~6.0.1.0") == "KB958488");
  CHECK(KbFromCbsPackage("Package_for_KB4499180_RTM~31bf3856ad364e35~amd64~~6.0.1.0") == "KB4499180");
  CHECK_FALSE(KbFromCbsPackage("Microsoft-Windows-Foundation-Package~31bf3856ad364e35~amd64~~6.0.6001.18000"));
  CHECK_FALSE(KbFromCbsPackage("Package_for_RollupFix~31bf3856ad364e35~amd64~~6003.21000.1.0"));
  CHECK_FALSE(KbFromCbsPackage("Package_x_for_KB123~abc"));
  CHECK_FALSE(KbFromCbsPackage("Package_for_KB~abc"));
  CHECK_FALSE(KbFromCbsPackage(""));
}

TEST_CASE("hotfix ids normalise to KB plus digits, anything else is dropped") {
  CHECK(NormalizeKb("kb4493471") == "KB4493471");
  CHECK(NormalizeKb(" KB4493471 ") == "KB4493471");
  CHECK_FALSE(NormalizeKb("File 1"));
  CHECK_FALSE(NormalizeKb("Q147222"));
  CHECK_FALSE(NormalizeKb("KB"));
  CHECK_FALSE(NormalizeKb("KB12a"));
  CHECK_FALSE(NormalizeKb("KB1234567890"));  // past kMaxKbDigits
}

TEST_CASE("installed and permanent CBS packages count, staged ones do not") {
  auto reg = RegistryFrom({"server2008-sp2-6002.reg"});
  Notes notes;
  auto kbs = ReadCbsHotfixes(*reg, &notes);
  REQUIRE(kbs);
  CHECK(*kbs == std::vector<std::string>{"KB4474419", "KB4538484"});

  auto reg6003 = RegistryFrom({"server2008-sp2-6002.reg", "server2008-sp2-6003-hardened.reg"});
  kbs = ReadCbsHotfixes(*reg6003, &notes);
  REQUIRE(kbs);
  CHECK(*kbs == std::vector<std::string>{"KB4474419", "KB4493471", "KB4499149", "KB4538484", "KB5022340"});
}

TEST_CASE("a CBS store past kMaxCbsPackages is refused, not read") {
  FakeRegistry reg;
  for (size_t i = 0; i <= kMaxCbsPackages; ++i) {
    reg.SetDword(std::string(kCbsPackagesKey) + "\\Package_for_KB" + std::to_string(1000000 + i) + "~x", "CurrentState",
                 kCbsStateInstalled);
  }
  Notes notes;
  CHECK_FALSE(ReadCbsHotfixes(reg, &notes));
  CHECK(notes.failed);
}

TEST_CASE("hotfixes merge CBS and Win32_QuickFixEngineering, sorted by number and unique") {
  Sources s;
  s.registry = RegistryFrom({"server2008-sp2-6002.reg"});
  s.wmi = WmiFrom("wmi/esu-year2-licensed.json");
  std::vector<CollectorReport> reports;
  Facts f = Collect(s, &reports);
  CHECK(Str(f, "windows.hotfixes") == R"(["KB4474419", "KB4493471", "KB4538484", "KB4575904"])");
  CHECK(ReportOf(reports, "windows.updates")->ok);
}

TEST_CASE("with WMI down, hotfixes still come from CBS and the collector reports the failure") {
  Sources s;
  s.registry = RegistryFrom({"server2008-sp2-6002.reg"});
  auto wmi = std::make_shared<FakeWmi>();
  wmi->fail_with = "CoCreateInstance(WbemLocator): Class not registered (0x80040154)";
  s.wmi = wmi;
  std::vector<CollectorReport> reports;
  Facts f = Collect(s, &reports);
  CHECK(Str(f, "windows.hotfixes") == R"(["KB4474419", "KB4538484"])");
  const CollectorReport* r = ReportOf(reports, "windows.updates");
  CHECK_FALSE(r->ok);
  CHECK(r->message.find("Class not registered") != std::string::npos);
  // The license state is unknown, not "unlicensed".
  CHECK(f.find("windows.esu.licensed") == nullptr);
  CHECK_FALSE(ReportOf(reports, "windows.license")->ok);
}

TEST_CASE("with neither CBS nor WMI readable, windows.hotfixes is unknown, never an empty list") {
  Sources s;
  s.registry = std::make_shared<FakeRegistry>();
  auto wmi = std::make_shared<FakeWmi>();
  wmi->fail_with = "RPC server unavailable";
  s.wmi = wmi;
  std::vector<CollectorReport> reports;
  Facts f = Collect(s, &reports);
  CHECK(f.find("windows.hotfixes") == nullptr);
}

TEST_CASE("ESU: the highest licensed year among ESU activation ids, other products ignored") {
  auto wmi = WmiFrom("wmi/esu-year2-licensed.json");
  std::vector<WmiRow> rows;
  std::string error;
  REQUIRE(wmi->Query(EsuQuery(), {"ID", "Name", "LicenseStatus"}, &rows, &error));
  EsuFacts esu = EsuFromRows(rows);
  CHECK_FALSE(esu.licensed);  // Year 2 is not the last year's SKU (tests/windows/esu_test.cpp)
  CHECK(esu.year == 2);
  REQUIRE(esu.products.size() == 3);
  CHECK(esu.products[0].id == "553673ed-6ddf-419c-a153-b760283472fd");  // lower-cased
  CHECK(esu.products[2].license_status == 0);
  // The query names every ESU id, so a real WMI filters on the host.
  for (const char* id : {"553673ed-6ddf-419c-a153-b760283472fd", "04fa0286-fa74-401e-bbe9-fbfbb158010d",
                         "16c08c85-0c8b-4009-9b2b-f1f7319e45f9"}) {
    CHECK(EsuQuery().find(id) != std::string::npos);
  }
}

TEST_CASE("ESU: prepared but not activated is not licensed, and has no year") {
  Sources s;
  s.registry = RegistryFrom({"server2008-sp2-6002.reg"});
  s.wmi = WmiFrom("wmi/esu-prepared-unlicensed.json");
  std::vector<CollectorReport> reports;
  Facts f = Collect(s, &reports);
  CHECK(Str(f, "windows.esu.licensed") == "false");
  CHECK(f.find("windows.esu.year") == nullptr);
  CHECK(Str(f, "windows.esu.products") ==
        R"([{"id": "553673ed-6ddf-419c-a153-b760283472fd", "license_status": 0, "name": "Windows(R), Server-ESU-Year1 add-on for Standard,Enterprise,Datacenter"}])");
}

TEST_CASE("ESU ids are matched in any case, other ids and a licensed OS product are not ESU") {
  CHECK(EsuYear("16C08C85-0C8B-4009-9B2B-F1F7319E45F9") == 3);
  CHECK(EsuYear("68531fb9-5511-4989-97be-d11a0f55633f") == 0);
  CHECK(EsuYear("") == 0);
  std::vector<WmiRow> rows = {{{"ID", std::string("68531fb9-5511-4989-97be-d11a0f55633f")}, {"LicenseStatus", int64_t{1}}}};
  EsuFacts esu = EsuFromRows(rows);
  CHECK_FALSE(esu.licensed);
  CHECK(esu.products.empty());
}

TEST_CASE("addresses print as Windows and RFC 5952 do") {
  RawAddress a;
  REQUIRE(ParseAddress("0.0.0.0", &a));
  CHECK(FormatAddress(a) == "0.0.0.0");
  REQUIRE(ParseAddress("10.20.5.17", &a));
  CHECK(FormatAddress(a) == "10.20.5.17");
  REQUIRE(ParseAddress("::", &a));
  CHECK(FormatAddress(a) == "::");
  REQUIRE(ParseAddress("::1", &a));
  CHECK(FormatAddress(a) == "::1");
  REQUIRE(ParseAddress("FE80:0:0:0:0:0:0:1", &a));
  CHECK(FormatAddress(a) == "fe80::1");
  REQUIRE(ParseAddress("2001:db8:0:0:1:0:0:1", &a));
  CHECK(FormatAddress(a) == "2001:db8::1:0:0:1");  // first of two equal runs
  REQUIRE(ParseAddress("2001:db8:0:1:1:1:1:1", &a));
  CHECK(FormatAddress(a) == "2001:db8:0:1:1:1:1:1");  // a single zero word stays
  REQUIRE(ParseAddress("::ffff:10.0.0.1", &a));
  CHECK(FormatAddress(a) == "::ffff:10.0.0.1");
}

TEST_CASE("routes of interfaces that are down are left out, the rest keep CIDR, gateway, metric, family") {
  auto net = NetworkFrom("routes/airgapped.json");
  auto routes = RoutesFromTable(net->routes);
  REQUIRE(routes.size() == 5);
  for (const auto& r : routes) CHECK(r.destination != "0.0.0.0/0");
  CHECK(routes[1].destination == "10.30.0.0/16");
  CHECK(routes[1].gateway == "10.20.0.1");
  CHECK(routes[1].metric == 10);
  CHECK(routes[4].destination == "fd12:3456:789a::/48");
  CHECK(routes[4].gateway == "fe80::1");
  CHECK(routes[4].family == "ipv6");
  CHECK(routes[4].iface == "Local Area Connection");
}

TEST_CASE("network facts: an IPv6 default route and a WinHTTP proxy are reported as they are") {
  Sources s;
  s.network = NetworkFrom("routes/ipv6-default-and-proxy.json");
  std::vector<CollectorReport> reports;
  Facts f = Collect(s, &reports);
  std::string routes = Str(f, "network.routes");
  CHECK(routes.find(R"("destination": "::/0")") != std::string::npos);
  CHECK(routes.find(R"("destination": "2001:db8::1:0:0:1/128")") != std::string::npos);
  CHECK(Str(f, "network.proxy") == R"("proxy.corp.example:8080")");
  CHECK(ReportOf(reports, "network")->ok);
}

TEST_CASE("no proxy is the empty string, a failed route table leaves routes unknown") {
  CHECK(ProxyFact(ProxyConfig{ProxyAccess::kNoProxy, "ignored:80", ""}) == "");
  CHECK(ProxyFact(ProxyConfig{ProxyAccess::kNamedProxy, "p:3128", ""}) == "p:3128");
  Sources s;
  auto net = NetworkFrom("routes/airgapped.json");
  net->fail_routes = true;
  s.network = net;
  std::vector<CollectorReport> reports;
  Facts f = Collect(s, &reports);
  CHECK(f.find("network.routes") == nullptr);
  CHECK(Str(f, "network.proxy") == R"("")");
  CHECK(Str(f, "network.interfaces").find("10.20.5.17/16") != std::string::npos);
  CHECK_FALSE(ReportOf(reports, "network")->ok);
}

TEST_CASE("the whole host: every Windows collector through collect_facts, with provenance") {
  Sources s;
  s.registry = RegistryFrom({"server2008-sp2-6002.reg", "server2008-sp2-6003-hardened.reg"});
  s.wmi = WmiFrom("wmi/esu-year2-licensed.json");
  s.network = NetworkFrom("routes/airgapped.json");
  auto sys = std::make_shared<FakeSystem>();
  sys->kernel = KernelVersion{6, 0, 6003, 2};
  sys->image = FileVersion{6, 0, 6003, 0};
  s.system = sys;
  s.services = std::make_shared<FakeServices>();
  auto accounts = std::make_shared<FakeAccounts>();
  accounts->members = {"LEGACY-DB-01\\Administrator"};
  s.accounts = accounts;
  s.ports = std::make_shared<FakePorts>();
  std::vector<CollectorReport> reports;
  Facts f = Collect(s, &reports);
  CHECK(Str(f, "host.name") == R"("LEGACY-DB-01")");
  CHECK(Str(f, "host.id") == R"("5d2c1f0e-7a44-4a3b-9d2e-0c6f1b8a9e31")");
  CHECK(Str(f, "os.family") == R"("windows")");
  CHECK(Str(f, "os.version") == R"(v"6.0.6003")");
  CHECK(Str(f, "os.kernel.version") == R"(v"6.0.6003")");
  CHECK(Str(f, "os.build") == "6003");
  CHECK(Str(f, "os.service_pack") == "2");
  CHECK(Str(f, "windows.esu.year") == "2");
  CHECK(Str(f, "windows.smb.v1_enabled") == "false");
  REQUIRE(f.provenance("os.build"));
  CHECK(f.provenance("os.build")->source == "collector:os");
  CHECK(f.provenance("windows.rdp.enabled")->source == "collector:windows.registry");
  for (const auto& r : reports) {
    INFO(r.collector << ": " << r.message);
    CHECK(r.ok);
    // `files` is keyed: with no key asked it reads nothing and stays unset, as on Linux.
    if (r.collector != "files") CHECK(r.paths_left_unknown.empty());
  }
}

TEST_CASE("a collector without its source reports it and sets nothing") {
  std::vector<CollectorReport> reports;
  Facts f = Collect(Sources{}, &reports);
  CHECK(f.find("os.family") == nullptr);
  CHECK(ReportOf(reports, "os")->message == "no registry source");
  CHECK_FALSE(ReportOf(reports, "windows.license")->ok);
}

TEST_CASE("the fake registry refuses .reg text it cannot read") {
  FakeRegistry reg;
  std::string error;
  CHECK_FALSE(reg.Import("not a reg file\n", &error));
  CHECK(error == "line 1: not a .reg file");
  CHECK_FALSE(reg.Import("REGEDIT4\n\"x\"=dword:1\n", &error));
  CHECK(error == "line 2: value outside a key");
  CHECK_FALSE(reg.Import("REGEDIT4\n[HKEY_CURRENT_USER\\X]\n", &error));
  CHECK_FALSE(reg.Import("REGEDIT4\n[HKEY_LOCAL_MACHINE\\X]\n\"v\"=hex(7):00\n", &error));
  CHECK(error.find("unsupported value type") != std::string::npos);
}
