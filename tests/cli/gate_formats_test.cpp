// Issue 17: JUnit, SARIF and the text report follow the gate. A rule that did not decide
// the exit code (advisory, below fail_on, unknown under unknown = "warn") must not show
// as a JUnit failure/error or a SARIF `error`, and the text marks which lines gate.
// Before the fix, a run that exited 0 showed failures="2" errors="1" in JUnit here.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <regex>

#include "run_edict.h"

using edict::testing::read_file;
using edict::testing::run_edict;
using edict::testing::RunResult;
using edict::testing::scratch_dir;
using nlohmann::json;

namespace {

const char* kDir = "tests/data/cli/gate";

// build passes or fails (critical), license unknown (high), rdp_nla fails (low),
// smb1 fails (advisory).
std::string facts_file(bool build_fails) {
  std::string path = scratch_dir("gate-formats") + (build_fails ? "/build-fails.json" : "/build-passes.json");
  std::ofstream(path) << R"({"host": {"name": "web-01"}, "os": {"family": "windows", "build": )"
                      << (build_fails ? 6002 : 6003)
                      << R"(}, "windows": {"rdp": {"nla_required": false}, "smb": {"v1_enabled": true}}})";
  return path;
}

struct Outputs {
  RunResult run;
  std::string junit;
  json sarif;
};

Outputs check(bool build_fails, const std::string& unknown) {
  std::string dir = scratch_dir("gate-formats");
  std::string junit = dir + "/r.xml", sarif = dir + "/r.sarif";
  Outputs o;
  o.run = run_edict("check policies --facts '" + facts_file(build_fails) +
                        "' --config config/defaults.toml --now 2026-11-21 --fail-on medium --unknown " + unknown +
                        " --output junit='" + junit + "' --output sarif='" + sarif + "'",
                    kDir);
  o.junit = read_file(junit);
  o.sarif = json::parse(read_file(sarif), nullptr, false);
  return o;
}

std::string testsuites(const std::string& xml) {
  std::smatch m;
  return std::regex_search(xml, m, std::regex("<testsuites [^>]*>")) ? m.str() : "";
}

std::string level_of(const json& sarif, const std::string& rule) {
  for (const auto& r : sarif["runs"][0]["results"])
    if (r["ruleId"] == rule) return r["level"];
  return "(no result)";
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("gate formats: an exit-0 run has no JUnit failure or error, and no SARIF error") {
  Outputs o = check(false, "warn");
  INFO(o.run.out << o.run.err);
  REQUIRE(o.run.exit_code == 0);
  CHECK(testsuites(o.junit) == R"(<testsuites name="edict" tests="4" failures="0" errors="0" skipped="3" time="0">)");
  CHECK(has(o.junit, R"(<skipped message="unknown, not gating (unknown = &quot;warn&quot;): An ESU license is activated">)"));
  CHECK(has(o.junit, R"(<skipped message="fail, not gating (low is below fail_on = medium): RDP requires Network Level Authentication">)"));
  CHECK(has(o.junit, R"(<skipped message="fail, not gating (advisory): SMBv1 is disabled">)"));
  REQUIRE(o.sarif.is_object());
  CHECK(level_of(o.sarif, "ci.gate.license") == "note");
  CHECK(level_of(o.sarif, "ci.low.rdp_nla") == "warning");
  CHECK(level_of(o.sarif, "ci.hygiene.smb1") == "warning");
  for (const auto& r : o.sarif["runs"][0]["results"]) CHECK(r["level"] != "error");
}

TEST_CASE("gate formats: the gating failure is the one JUnit failure and the one SARIF error") {
  Outputs o = check(true, "warn");
  INFO(o.run.out << o.run.err);
  REQUIRE(o.run.exit_code == 1);
  CHECK(testsuites(o.junit) == R"(<testsuites name="edict" tests="4" failures="1" errors="0" skipped="3" time="0">)");
  CHECK(has(o.junit, R"(<failure message="The OS build is 6003 or later" type="fail">)"));
  CHECK(level_of(o.sarif, "ci.gate.build") == "error");
  CHECK(o.sarif["runs"][0]["results"][0]["properties"]["countsAgainstGate"] == true);
}

TEST_CASE("gate formats: under unknown = fail a gating unknown is a JUnit error and a SARIF error") {
  Outputs o = check(false, "fail");
  REQUIRE(o.run.exit_code == 3);
  CHECK(testsuites(o.junit) == R"(<testsuites name="edict" tests="4" failures="0" errors="1" skipped="2" time="0">)");
  CHECK(has(o.junit, R"(<error message="unknown: An ESU license is activated" type="unknown">)"));
  CHECK(level_of(o.sarif, "ci.gate.license") == "error");
}

TEST_CASE("gate formats: the text report marks which non-passing rules gate, and why the others do not") {
  Outputs o = check(true, "warn");
  CHECK(has(o.run.out, "FAIL    ci.gate.build  The OS build is 6003 or later   [critical]  gating\n"));
  CHECK(has(o.run.out, "UNKNOWN ci.gate.license  An ESU license is activated   [high]  not gating (unknown = \"warn\")\n"));
  CHECK(has(o.run.out, "FAIL    ci.low.rdp_nla  RDP requires Network Level Authentication   [low]  not gating (low is below fail_on = medium)\n"));
  CHECK(has(o.run.out, "FAIL    ci.hygiene.smb1  SMBv1 is disabled   [high, advisory]  not gating (advisory)\n"));
}
