// The Windows network collector's proxy sources and route fields over fakes:
// WinHTTP's default configuration, then the machine-wide WinINET proxy (in force
// only with the policy ProxySettingsPerUser = 0), with route table/type and the
// empty rule list that let std.net judge Windows hosts like Linux ones.
#include <catch2/catch.hpp>

#include "collectors/registry.h"
#include "collectors/windows/windows_facts.h"
#include "tests/windows/fakes.h"

using namespace edict;
using namespace edict::collectors;
using namespace edict::collectors::windows;
using namespace edict::collectors::windows::testing;

namespace {

const char* kPolicyKey = "SOFTWARE\\Policies\\Microsoft\\Windows\\CurrentVersion\\Internet Settings";
const char* kSettingsKey = "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings";

std::shared_ptr<FakeNetwork> Airgapped() {
  auto net = std::make_shared<FakeNetwork>();
  std::string error;
  REQUIRE(net->LoadFile(std::string(EDICT_SOURCE_DIR) + "/tests/data/windows/routes/airgapped.json", &error));
  return net;
}

Facts CollectNetwork(const Sources& sources, std::vector<CollectorReport>* reports) {
  CollectorRegistry registry;
  for (auto& c : MakeCollectors(sources)) registry.add(std::move(c));
  CollectOptions options;
  options.only = {"network"};
  return collect_facts(registry, {}, options, reports, /*collect_all=*/true);
}

}  // namespace

TEST_CASE("windows proxy: the machine-wide WinINET proxy counts when ProxySettingsPerUser is 0") {
  Sources s;
  s.network = Airgapped();
  auto reg = std::make_shared<FakeRegistry>();
  reg->SetDword(kPolicyKey, "ProxySettingsPerUser", 0);
  reg->SetDword(kSettingsKey, "ProxyEnable", 1);
  reg->SetString(kSettingsKey, "ProxyServer", "10.20.0.8:3128");
  s.registry = reg;
  std::vector<CollectorReport> reports;
  Facts f = CollectNetwork(s, &reports);
  CHECK(Str(f, "network.proxy") == R"("10.20.0.8:3128")");
}

TEST_CASE("windows proxy: a machine-wide auto-configuration URL counts") {
  Sources s;
  s.network = Airgapped();
  auto reg = std::make_shared<FakeRegistry>();
  reg->SetDword(kPolicyKey, "ProxySettingsPerUser", 0);
  reg->SetString(kSettingsKey, "AutoConfigURL", "http://wpad.corp.example/proxy.pac");
  s.registry = reg;
  std::vector<CollectorReport> reports;
  CHECK(Str(CollectNetwork(s, &reports), "network.proxy") == R"("pac: http://wpad.corp.example/proxy.pac")");
}

TEST_CASE("windows proxy: HKLM settings without the per-machine policy are not the machine's") {
  Sources s;
  s.network = Airgapped();
  auto reg = std::make_shared<FakeRegistry>();
  reg->SetDword(kSettingsKey, "ProxyEnable", 1);
  reg->SetString(kSettingsKey, "ProxyServer", "10.20.0.8:3128");
  s.registry = reg;
  std::vector<CollectorReport> reports;
  CHECK(Str(CollectNetwork(s, &reports), "network.proxy") == R"("")");
  reg->SetDword(kPolicyKey, "ProxySettingsPerUser", 1);
  CHECK(Str(CollectNetwork(s, &reports), "network.proxy") == R"("")");
}

TEST_CASE("windows proxy: ProxyEnable 0 ignores a leftover ProxyServer") {
  Sources s;
  s.network = Airgapped();
  auto reg = std::make_shared<FakeRegistry>();
  reg->SetDword(kPolicyKey, "ProxySettingsPerUser", 0);
  reg->SetDword(kSettingsKey, "ProxyEnable", 0);
  reg->SetString(kSettingsKey, "ProxyServer", "10.20.0.8:3128");
  s.registry = reg;
  std::vector<CollectorReport> reports;
  CHECK(Str(CollectNetwork(s, &reports), "network.proxy") == R"("")");
}

TEST_CASE("windows proxy: an unreadable Internet Settings key leaves the proxy unknown") {
  Sources s;
  s.network = Airgapped();
  auto reg = std::make_shared<FakeRegistry>();
  reg->SetDword(kPolicyKey, "ProxySettingsPerUser", 0);
  reg->Deny(kSettingsKey);
  s.registry = reg;
  std::vector<CollectorReport> reports;
  Facts f = CollectNetwork(s, &reports);
  CHECK(f.find("network.proxy") == nullptr);
  REQUIRE(reports.size() == 1);
  CHECK_FALSE(reports[0].ok);
}

TEST_CASE("windows proxy: WinHTTP automatic proxy mode is a way out") {
  CHECK(ProxyFact(ProxyConfig{ProxyAccess::kOther, "", ""}) == "automatic");
}

TEST_CASE("windows routes: every route is a unicast route of table main and there are no rules") {
  Sources s;
  s.network = Airgapped();
  s.registry = std::make_shared<FakeRegistry>();
  std::vector<CollectorReport> reports;
  Facts f = CollectNetwork(s, &reports);
  std::string routes = Str(f, "network.routes");
  CHECK(routes.find(R"("table": "main")") != std::string::npos);
  CHECK(routes.find(R"("type": "unicast")") != std::string::npos);
  CHECK(Str(f, "network.rules") == "[]");
}
