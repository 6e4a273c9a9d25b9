// services[...].active on the live host: the running systemd asked over D-Bus
// (collectors/linux_systemd_bus.cpp), tested against a fake manager on a private
// dbus-daemon (systemd_bus_fake.h), pointed at through DBUS_SYSTEM_BUS_ADDRESS as
// sd_bus_open_system(3) reads it. The collector end to end runs the real binary in a
// private mount namespace whose /run has /run/systemd/system (sd_booted(3)'s test) and a
// few unit files, as root (unshare -m).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>

#include "collectors/linux_systemd_bus.h"
#include "tests/cli/run_edict.h"
#include "tests/collectors/systemd_bus_fake.h"

using edict::collectors::active_state;
using edict::collectors::kManagerTimeoutUsec;
using edict::collectors::list_manager_units;
using edict::collectors::ManagerUnit;
using edict::collectors::UnitFacts;
using edict::testing::FakeSystemd;
using edict::testing::FakeUnit;
using edict::testing::PrivateBus;

namespace {

const std::vector<FakeUnit> kUnits = {
    {"edict-test-running.service", "loaded", "active", "running"},
    {"edict-test-stopped.service", "loaded", "inactive", "dead"},
    {"edict-test-broken.service", "loaded", "failed", "failed"},
    {"edict-test-starting.service", "loaded", "activating", "start"},
    {"edict-test-gone.service", "not-found", "active", "running"},  // file deleted while it runs
};

// Sets DBUS_SYSTEM_BUS_ADDRESS for the scope.
struct BusAddress {
  explicit BusAddress(const std::string& address) { ::setenv("DBUS_SYSTEM_BUS_ADDRESS", address.c_str(), 1); }
  ~BusAddress() { ::unsetenv("DBUS_SYSTEM_BUS_ADDRESS"); }
};

}  // namespace

TEST_CASE("systemd bus: ListUnits gives each unit's active state as the manager reports it") {
  if (edict::testing::dbus_daemon_or_skip().empty()) return;
  PrivateBus bus("list");
  REQUIRE(bus.up());
  FakeSystemd manager(bus.address(), kUnits);
  REQUIRE(manager.ready());
  BusAddress env(bus.address());
  std::map<std::string, ManagerUnit> units;
  std::string error;
  REQUIRE(list_manager_units(&units, &error));
  INFO(error);
  CHECK(units.size() == kUnits.size());
  CHECK(units["edict-test-running.service"].active_state == "active");
  CHECK(units["edict-test-running.service"].sub_state == "running");
  CHECK(units["edict-test-stopped.service"].active_state == "inactive");
  CHECK(units["edict-test-broken.service"].active_state == "failed");
  CHECK(units["edict-test-starting.service"].active_state == "activating");
  CHECK(units["edict-test-gone.service"].load_state == "not-found");
  CHECK(manager.calls() == 1);  // one call for the whole map
}

TEST_CASE("systemd bus: a unit the manager has not loaded is inactive, an alias has its unit's state") {
  std::map<std::string, ManagerUnit> manager = {{"ssh.service", {"loaded", "active", "running"}},
                                                {"cron.service", {"loaded", "failed", "failed"}}};
  UnitFacts plain, alias;
  alias.alias_of = "ssh.service";
  CHECK(active_state("ssh.service", plain, manager) == "active");
  CHECK(active_state("cron.service", plain, manager) == "failed");
  CHECK(active_state("sshd.service", alias, manager) == "active");
  CHECK(active_state("telnet.service", plain, manager) == "inactive");
}

TEST_CASE("systemd bus: a manager that never answers is an error within kManagerTimeoutUsec, not inactive") {
  if (edict::testing::dbus_daemon_or_skip().empty()) return;
  PrivateBus bus("hang");
  REQUIRE(bus.up());
  FakeSystemd manager(bus.address(), kUnits, /*hang=*/true);
  REQUIRE(manager.ready());
  BusAddress env(bus.address());
  std::map<std::string, ManagerUnit> units;
  std::string error;
  auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(list_manager_units(&units, &error, 300'000));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO(error);
  CHECK(error.find("did not answer within 300 ms") != std::string::npos);
  CHECK(seconds < 2.0);
  CHECK(units.empty());
  CHECK(kManagerTimeoutUsec <= 5'000'000);  // a stuck manager costs a run seconds, not sd-bus's 25 s
}

TEST_CASE("systemd bus: a bus that is gone, or has no systemd on it, is an error with the reason") {
  if (edict::testing::dbus_daemon_or_skip().empty()) return;
  PrivateBus bus("gone");
  REQUIRE(bus.up());
  BusAddress env(bus.address());
  std::map<std::string, ManagerUnit> units;
  std::string error;
  SECTION("nobody owns org.freedesktop.systemd1") {
    CHECK_FALSE(list_manager_units(&units, &error));
    CHECK(error.find("ServiceUnknown") != std::string::npos);
  }
  SECTION("the bus is gone") {
    bus.stop();
    CHECK_FALSE(list_manager_units(&units, &error));
    CHECK(error.find("cannot connect to the system bus") != std::string::npos);
  }
  SECTION("a socket that accepts and never speaks D-Bus") {
    bus.stop();
    std::string path = std::filesystem::temp_directory_path() / ("edict-mute-" + std::to_string(::getpid()));
    std::filesystem::remove(path);
    // python3 holds a listening socket that never answers the authentication.
    std::string command = "python3 -c 'import socket,time,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); "
                          "s.listen(8); c=s.accept(); time.sleep(5)' " + path + " & sleep 0.3";
    REQUIRE(std::system(command.c_str()) == 0);
    BusAddress mute("unix:path=" + path);
    auto start = std::chrono::steady_clock::now();
    CHECK_FALSE(list_manager_units(&units, &error, 300'000));
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    INFO(error);
    CHECK(seconds < 2.0);
    CHECK(error.find("did not answer") != std::string::npos);
    std::filesystem::remove(path);
  }
  CHECK(units.empty());
}

namespace {

// `edict facts --only services` on this host in a private mount namespace: /run is a
// fresh tmpfs holding /run/systemd/system (so systemd counts as running) with the test's
// unit files, and the system bus is `address`.
nlohmann::json services_in_namespace(const std::string& address, std::string* err) {
  std::string dir = edict::testing::scratch_dir("systemd-active");
  std::string script = "set -e\nmount -t tmpfs edict-run /run\nmkdir -p /run/systemd/system\n";
  for (const char* name : {"edict-test-running", "edict-test-stopped", "edict-test-broken", "edict-test-idle"}) {
    script += "printf '[Service]\\nExecStart=/bin/true\\n' >/run/systemd/system/" + std::string(name) + ".service\n";
  }
  script += "ln -s edict-test-running.service /run/systemd/system/edict-test-alias.service\n"
            "exec \"$1\" facts --only services --format json\n";
  std::ofstream(dir + "/in-namespace.sh") << script;
  std::string command = "env DBUS_SYSTEM_BUS_ADDRESS='" + address + "' unshare --mount --propagation private sh '" +
                        dir + "/in-namespace.sh' '" + EDICT_BINARY + "' >'" + dir + "/out' 2>'" + dir +
                        "/err' </dev/null";
  int status = std::system(command.c_str());
  *err = edict::testing::read_file(dir + "/err") + "\nstatus " + std::to_string(status);
  return nlohmann::json::parse(edict::testing::read_file(dir + "/out"), nullptr, false);
}

}  // namespace

TEST_CASE("services collector: active comes from the running manager on the live host") {
  if (edict::testing::dbus_daemon_or_skip().empty()) return;
  if (::geteuid() != 0 || std::system("command -v unshare >/dev/null") != 0) {
    std::printf("not root or no unshare: the collector's live-host case did not run\n");
    return;
  }
  PrivateBus bus("collector");
  REQUIRE(bus.up());
  std::string err;
  {
    FakeSystemd manager(bus.address(), kUnits);
    REQUIRE(manager.ready());
    nlohmann::json facts = services_in_namespace(bus.address(), &err);
    INFO(err);
    REQUIRE(facts.is_object());
    const auto& s = facts["services"];
    CHECK(s["edict-test-running.service"]["active"] == "active");
    CHECK(s["edict-test-stopped.service"]["active"] == "inactive");
    CHECK(s["edict-test-broken.service"]["active"] == "failed");
    CHECK(s["edict-test-idle.service"]["active"] == "inactive");  // not loaded by the manager
    CHECK(s["edict-test-alias.service"]["active"] == "active");   // its unit's state
    CHECK(err.find("active state unknown") == std::string::npos);
  }
  // The manager gone from the bus: active is unknown (left out) with the reason, never "inactive".
  nlohmann::json facts = services_in_namespace(bus.address(), &err);
  INFO(err);
  REQUIRE(facts.is_object());
  CHECK(facts["services"]["edict-test-running.service"]["state"] == "static");
  CHECK_FALSE(facts["services"]["edict-test-running.service"].contains("active"));
  CHECK(err.find("active state unknown") != std::string::npos);
  CHECK(err.find("[E0534]") != std::string::npos);
}
