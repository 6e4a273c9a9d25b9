// The bundled policy packs and the stdlib, end to end through the built `edict`
// binary: `edict test` runs every pack's decision cases, and `edict check` against
// each Windows fixture gives the outcomes and exit code a pipeline would see.
// Catches: a pack or stdlib change that breaks a rule's pass/fail/unknown/skip
// contract, a renamed rule id, a fixture that no longer matches the fact schema.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <map>
#include <string>

namespace {

struct RunResult {
  int exit_code = -1;
  std::string out;  // stdout only; stderr goes to the test log
};

// Runs `edict ARGS` in `dir` under the source root (by default the root itself, so
// pack paths are the ones users type).
RunResult run_edict(const std::string& args, const std::string& dir = "") {
  std::string command =
      std::string("cd '") + EDICT_SOURCE_DIR + "/" + dir + "' && '" + EDICT_BINARY + "' " + args;
  RunResult result;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buffer{};
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.out.append(buffer.data(), n);
  int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// rule id -> outcome, from `edict check --format json`.
std::map<std::string, std::string> outcomes_of(const std::string& json_text) {
  std::map<std::string, std::string> outcomes;
  nlohmann::json doc = nlohmann::json::parse(json_text);
  for (const auto& rule : doc.at("rules")) outcomes[rule.at("id").get<std::string>()] = rule.at("outcome").get<std::string>();
  return outcomes;
}

// The gate settings are pinned on the command line so that an edict.toml added to
// the source tree later cannot change what these tests see.
const char kPinnedGate[] = " --fail-on info --unknown fail";

std::map<std::string, std::string> check_windows(const std::string& fixture) {
  RunResult run = run_edict("check policies/windows --facts policies/windows/fixtures/" + fixture + " --format json" +
                            kPinnedGate);
  INFO("edict check exit " << run.exit_code << ", stdout:\n" << run.out);
  REQUIRE(run.exit_code >= 0);
  return outcomes_of(run.out);
}

int check_windows_exit(const std::string& fixture) {
  return run_edict("check policies/windows --facts policies/windows/fixtures/" + fixture + " --format json" +
                   kPinnedGate)
      .exit_code;
}

const char* const kWindowsRules[] = {"build", "esu_license", "air_gapped", "bluekeep", "firewall", "smb1_disabled", "rdp_nla"};

std::string windows_rule(const std::string& name) { return "windows.server2008.esu." + name; }

}  // namespace

TEST_CASE("every bundled pack's decision cases pass", "[packs]") {
  RunResult run = run_edict("test policies/");
  INFO(run.out);
  CHECK(run.exit_code == 0);
}

TEST_CASE("the stdlib probes give the documented answers", "[packs][stdlib]") {
  RunResult run = run_edict("test tests/data/packs/stdlib");
  INFO(run.out);
  CHECK(run.exit_code == 0);
}

TEST_CASE("the packs and the stdlib are formatted", "[packs]") {
  RunResult run = run_edict("fmt --check policies stdlib/std tests/data/packs/stdlib examples");
  INFO(run.out);
  CHECK(run.exit_code == 0);
}

TEST_CASE("edict check: an unpatched internet-facing 2008 SP2 host fails every rule and the gate", "[packs][windows]") {
  auto outcomes = check_windows("ws2008-sp2-6002-internet.json");
  for (const char* rule : kWindowsRules) {
    INFO(rule);
    CHECK(outcomes[windows_rule(rule)] == "fail");
  }
  CHECK(check_windows_exit("ws2008-sp2-6002-internet.json") == 1);
}

TEST_CASE("edict check: an air-gapped 6003 host with ESU passes every rule and the gate", "[packs][windows]") {
  auto outcomes = check_windows("ws2008-esu-airgapped.json");
  for (const char* rule : kWindowsRules) {
    INFO(rule);
    CHECK(outcomes[windows_rule(rule)] == "pass");
  }
  CHECK(check_windows_exit("ws2008-esu-airgapped.json") == 0);
}

TEST_CASE("edict check: a split default, a proxy or an IPv6 default route breaks the air gap", "[packs][windows]") {
  for (const char* fixture : {"ws2008-esu-split-default.json", "ws2008-esu-proxy.json", "ws2008-esu-ipv6-default.json"}) {
    INFO(fixture);
    auto outcomes = check_windows(fixture);
    CHECK(outcomes[windows_rule("air_gapped")] == "fail");
    CHECK(outcomes[windows_rule("build")] == "pass");
    CHECK(outcomes[windows_rule("esu_license")] == "pass");
    CHECK(outcomes[windows_rule("bluekeep")] == "pass");
    CHECK(check_windows_exit(fixture) == 1);
  }
}

TEST_CASE("edict check: missing ESU facts make the license unknown, which blocks the gate", "[packs][windows]") {
  auto outcomes = check_windows("ws2008-esu-facts-missing.json");
  CHECK(outcomes[windows_rule("esu_license")] == "unknown");
  CHECK(outcomes[windows_rule("build")] == "pass");
  CHECK(outcomes[windows_rule("air_gapped")] == "pass");
  // No rule failed, but unknown never passes: exit 3 under `unknown = "fail"`.
  CHECK(check_windows_exit("ws2008-esu-facts-missing.json") == 3);
}

TEST_CASE("edict check: the ESU preparation packages without activation fail the license", "[packs][windows]") {
  auto outcomes = check_windows("ws2008-esu-prepared-unlicensed.json");
  CHECK(outcomes[windows_rule("esu_license")] == "fail");
}

TEST_CASE("edict check: Server 2008 R2 and Linux hosts are out of scope", "[packs][windows]") {
  for (const char* fixture : {"ws2008r2-sp1.json", "linux-debian12.json"}) {
    INFO(fixture);
    auto outcomes = check_windows(fixture);
    for (const char* rule : kWindowsRules) {
      INFO(rule);
      CHECK(outcomes[windows_rule(rule)] == "skip");
    }
    CHECK(check_windows_exit(fixture) == 0);
  }
}

TEST_CASE("edict check: the Linux baseline gates a host with distribution defaults", "[packs][linux]") {
  RunResult bad = run_edict("check policies/linux --facts policies/linux/fixtures/debian10-defaults.json --format json" +
                            std::string(kPinnedGate));
  INFO(bad.out);
  CHECK(bad.exit_code == 1);
  auto outcomes = outcomes_of(bad.out);
  CHECK(outcomes["linux.baseline.aslr"] == "fail");
  CHECK(outcomes["linux.baseline.no_telnet_server"] == "fail");
  CHECK(outcomes["linux.baseline.supported_release"] == "fail");

  // Pinned `now`: the release rule compares end-of-support dates with it.
  RunResult good = run_edict("check policies/linux --facts policies/linux/fixtures/debian12-hardened.json --now 2026-11-21" +
                             std::string(kPinnedGate));
  CHECK(good.exit_code == 0);
}

TEST_CASE("edict check: a facts file that does not exist is an input error, not a pass", "[packs]") {
  RunResult run = run_edict("check policies/windows --facts policies/windows/fixtures/no-such-host.json 2>/dev/null");
  CHECK(run.exit_code == 2);
}

TEST_CASE("the sample repository in examples/ tests and checks clean under its edict.toml", "[packs][examples]") {
  RunResult tests = run_edict("test policies/", "examples/legacy-estate");
  INFO(tests.out);
  CHECK(tests.exit_code == 0);

  RunResult check = run_edict("check --facts facts/legacy-db-01.json --format json", "examples/legacy-estate");
  INFO(check.out);
  REQUIRE(check.exit_code == 0);
  auto outcomes = outcomes_of(check.out);
  CHECK(outcomes["windows.server2008.esu.esu_license"] == "pass");
  CHECK(outcomes["network.air_gap.no_internet_route"] == "pass");
  CHECK(outcomes["acme.site.inventory.production_isolated"] == "pass");
}
