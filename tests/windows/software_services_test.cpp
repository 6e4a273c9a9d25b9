// windows.software, windows.services and windows.administrators on Linux, over the fake registry (the same .reg
// fixture the `software` Wine case imports) and a fake service control manager.
// Catches: the 32-bit view missed or read on 32-bit Windows, entries without a
// DisplayName listed, an unreadable view turned into a short list, an SCM failure
// turned into "no services", unknown start types or states guessed, keys that
// depend on the SCM's capitalisation.
#include <catch2/catch.hpp>

#include "collectors/registry.h"
#include "collectors/windows/windows_facts.h"
#include "tests/windows/fakes.h"

using namespace edict;
using namespace edict::collectors::windows;
using namespace edict::collectors::windows::testing;

namespace {

const std::string kData = std::string(EDICT_SOURCE_DIR) + "/tests/data/windows/";

std::shared_ptr<FakeRegistry> SoftwareRegistry() {
  auto reg = std::make_shared<FakeRegistry>();
  std::string error;
  REQUIRE(reg->ImportFile(kData + "server2008-sp2-6002.reg", &error));
  REQUIRE(reg->ImportFile(kData + "software.reg", &error));
  return reg;
}

RawService Service(const char* name, const char* display, std::optional<uint32_t> start, uint32_t state,
                   std::optional<bool> delayed = std::nullopt) {
  RawService s;
  s.name = name;
  s.display_name = display;
  s.start_type = start;
  s.state = state;
  s.delayed_auto_start = delayed;
  return s;
}

}  // namespace

TEST_CASE("windows.software lists the programs of both registry views of a 64-bit host, by name") {
  auto reg = SoftwareRegistry();
  Notes notes;
  auto entries = ReadInstalledSoftware(*reg, "x86_64", &notes);
  REQUIRE(entries);
  CHECK_FALSE(notes.failed);
  std::vector<std::string> names;
  for (const auto& e : *entries) names.push_back(e.name + "|" + e.arch);
  // Sorted by name; the entry without a DisplayName is not listed.
  CHECK(names == std::vector<std::string>{"Edict Test Agent|x86", "Edict Test Agent (x64)|x86_64",
                                          "Edict Test Runtime|x86_64", "Update for Edict Test Agent (KB9999998)|x86"});
  const SoftwareEntry& agent64 = (*entries)[1];
  CHECK(agent64.version == "2.4.1");
  CHECK(agent64.publisher == "Edict Test Vendor");
  CHECK(agent64.install_date == "20230110");
  CHECK(agent64.key == "{7D2F1C5E-0000-4000-8000-00000000ED01}");
  CHECK_FALSE(agent64.system_component);
  CHECK_FALSE(agent64.update);
  const SoftwareEntry& runtime = (*entries)[2];
  CHECK(runtime.version == "9.0.30729");  // trimmed, as Programs and Features shows it
  CHECK(runtime.system_component);
  CHECK_FALSE(runtime.publisher.has_value());
  CHECK((*entries)[3].update);
}

TEST_CASE("windows.software on 32-bit Windows reads only the native view, as x86") {
  auto reg = SoftwareRegistry();
  Notes notes;
  auto entries = ReadInstalledSoftware(*reg, "x86", &notes);
  REQUIRE(entries);
  REQUIRE(entries->size() == 2);  // WOW6432Node is not a view on 32-bit Windows
  for (const auto& e : *entries) CHECK(e.arch == "x86");
}

TEST_CASE("windows.software is unknown, not short, when a view cannot be listed") {
  auto reg = SoftwareRegistry();
  reg->Deny(std::string(kUninstallWow64Key));
  std::vector<CollectorReport> reports;
  Sources sources;
  sources.registry = reg;
  sources.system = std::make_shared<FakeSystem>();
  Facts facts = Collect(sources, &reports);
  CHECK(Str(facts, "windows.software") == "<unknown>");
  const CollectorReport* r = ReportOf(reports, "windows.software");
  REQUIRE(r);
  CHECK_FALSE(r->ok);
  CHECK(r->message.find("WOW6432Node") != std::string::npos);
}

TEST_CASE("windows.software is unknown, not short, when one entry's DisplayName cannot be read") {
  auto reg = SoftwareRegistry();
  reg->Deny(std::string(kUninstallKey) + "\\EdictTestRuntime");
  Notes notes;
  auto entries = ReadInstalledSoftware(*reg, "x86_64", &notes);
  CHECK_FALSE(entries.has_value());
  CHECK(notes.failed);
}

TEST_CASE("windows.software is an empty list on a host with no Uninstall key at all") {
  auto reg = std::make_shared<FakeRegistry>();
  Notes notes;
  auto entries = ReadInstalledSoftware(*reg, "x86_64", &notes);
  REQUIRE(entries);
  CHECK(entries->empty());
  CHECK_FALSE(notes.failed);
}

TEST_CASE("windows.software through the collector: fields as the schema names them") {
  std::vector<CollectorReport> reports;
  Sources sources;
  sources.registry = SoftwareRegistry();
  sources.system = std::make_shared<FakeSystem>();
  Facts facts = Collect(sources, &reports);
  std::string shown = Str(facts, "windows.software");
  INFO(shown);
  CHECK(shown.find(R"x("name": "Edict Test Agent (x64)")x") != std::string::npos);
  CHECK(shown.find(R"x("arch": "x86")x") != std::string::npos);
  CHECK(shown.find(R"x("system_component": true)x") != std::string::npos);
  const CollectorReport* r = ReportOf(reports, "windows.software");
  REQUIRE(r);
  CHECK(r->ok);
}

TEST_CASE("windows.services: keys are lower case, states and start types named, unknown ones left out") {
  auto scm = std::make_shared<FakeServices>();
  scm->services = {Service("TermService", "Remote Desktop Services", kServiceDemandStart, kServiceRunning),
                   Service("wuauserv", "Windows Update", kServiceAutoStart, kServiceStopped, true),
                   Service("RemoteRegistry", "Remote Registry", kServiceDisabledStart, kServiceStopped, false),
                   Service("Odd", "Odd service", 9, 42),
                   Service("Locked", "Config refused", std::nullopt, kServicePaused)};
  Sources sources;
  sources.services = scm;
  std::vector<CollectorReport> reports;
  Facts facts = Collect(sources, &reports);
  const Value* services = facts.find("windows.services");
  REQUIRE(services);
  std::string shown = to_display(*services);
  INFO(shown);
  CHECK(shown.find(R"x("termservice": {"display_name": "Remote Desktop Services", "name": "TermService", "start": "manual", "state": "running"})x") !=
        std::string::npos);
  CHECK(shown.find(R"x("wuauserv": {"delayed": true, "display_name": "Windows Update", "name": "wuauserv", "start": "auto", "state": "stopped"})x") !=
        std::string::npos);
  CHECK(shown.find(R"x("start": "disabled")x") != std::string::npos);
  // Neither a start type nor a state is guessed.
  CHECK(shown.find(R"x("odd": {"display_name": "Odd service", "name": "Odd"})x") != std::string::npos);
  CHECK(shown.find(R"x("locked": {"display_name": "Config refused", "name": "Locked", "state": "paused"})x") !=
        std::string::npos);
  const CollectorReport* r = ReportOf(reports, "windows.services");
  REQUIRE(r);
  CHECK(r->message.find("`Odd` has the unknown state 42") != std::string::npos);
}

TEST_CASE("windows.services is unknown, never empty, when the service control manager refuses") {
  auto scm = std::make_shared<FakeServices>();
  scm->fail_with = "Access is denied. (5)";
  Sources sources;
  sources.services = scm;
  std::vector<CollectorReport> reports;
  Facts facts = Collect(sources, &reports);
  CHECK(facts.find("windows.services") == nullptr);
  const CollectorReport* r = ReportOf(reports, "windows.services");
  REQUIRE(r);
  CHECK_FALSE(r->ok);
  CHECK(r->message == "EnumServicesStatusExW: Access is denied. (5)");
}

TEST_CASE("the names of the SCM's numbers are the documented ones") {
  CHECK(ServiceStartName(0) == "boot");
  CHECK(ServiceStartName(1) == "system");
  CHECK(ServiceStartName(2) == "auto");
  CHECK(ServiceStartName(3) == "manual");
  CHECK(ServiceStartName(4) == "disabled");
  CHECK_FALSE(ServiceStartName(5).has_value());
  CHECK(ServiceStateName(1) == "stopped");
  CHECK(ServiceStateName(4) == "running");
  CHECK(ServiceStateName(7) == "paused");
  CHECK_FALSE(ServiceStateName(0).has_value());
  CHECK_FALSE(ServiceStateName(8).has_value());
  CHECK(ServiceKey("TermService") == "termservice");
}

TEST_CASE("windows.administrators: the group's members sorted, each once") {
  auto accounts = std::make_shared<FakeAccounts>();
  accounts->members = {"LEGACY-DB-01\\Administrator", "CORP\\Domain Admins", "", "CORP\\Domain Admins"};
  Sources sources;
  sources.accounts = accounts;
  std::vector<CollectorReport> reports;
  Facts facts = Collect(sources, &reports);
  CHECK(Str(facts, "windows.administrators") == R"x(["CORP\\Domain Admins", "LEGACY-DB-01\\Administrator"])x");
}

TEST_CASE("windows.administrators is unknown, never empty, when the group cannot be read") {
  auto accounts = std::make_shared<FakeAccounts>();
  accounts->fail_with = "Access is denied. (5)";
  Sources sources;
  sources.accounts = accounts;
  std::vector<CollectorReport> reports;
  Facts facts = Collect(sources, &reports);
  CHECK(facts.find("windows.administrators") == nullptr);
  const CollectorReport* r = ReportOf(reports, "windows.accounts");
  REQUIRE(r);
  CHECK_FALSE(r->ok);
  CHECK(r->message == "the Administrators group: Access is denied. (5)");
}
