// `edict check` on a fleet (docs/fleet.md) through the real binary, on the gate fixtures
// (tests/data/cli/gate): NDJSON, a directory and repeated --facts; every format; input
// order kept with --jobs 2; the fleet exit code; each kind of bad host named by its line
// and counted as an error host while the others are evaluated; waiver host globs per host.
#include <catch2/catch.hpp>

#include <fstream>

#include <nlohmann/json.hpp>

#include "run_edict.h"
#include "tests/report/json_schema.h"

using edict::testing::read_file;
using edict::testing::run_edict;
using edict::testing::RunResult;
using edict::testing::scratch_dir;

namespace {

const char* kDir = "tests/data/cli/gate";

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string host(const std::string& name, int build, bool licensed = true) {
  return R"({"host": {"name": ")" + name + R"("}, "os": {"family": "windows", "build": )" + std::to_string(build) +
         R"(}, "windows": {"esu": {"licensed": )" + (licensed ? "true" : "false") +
         R"(}, "rdp": {"nla_required": true}, "smb": {"v1_enabled": false}}})";
}

std::string write(const std::string& name, const std::string& text) {
  std::string path = scratch_dir("fleet") + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

RunResult fleet(const std::string& facts_args, const std::string& extra = "", const std::string& config = "defaults") {
  return run_edict("check policies " + facts_args + " --config config/" + config + ".toml --now 2026-11-21 " + extra, kDir);
}

// web-01 passes, web-02 fails (build), db-01 is unknown (license missing): exit 1.
std::string three_hosts() {
  return write("three.ndjson", host("web-01", 6003) + "\n" + host("web-02", 6002) + "\n" +
                                   R"({"host": {"name": "db-01"}, "os": {"family": "windows", "build": 6003}, "windows": {"rdp": {"nla_required": true}, "smb": {"v1_enabled": false}}})" +
                                   "\n");
}

std::vector<nlohmann::json> lines_of(const std::string& text) {
  std::vector<nlohmann::json> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    out.push_back(nlohmann::json::parse(text.substr(start, end - start)));
    start = end + 1;
  }
  return out;
}

}  // namespace

TEST_CASE("fleet: text has one line per host in input order and the fleet summary, exit 1 when one fails") {
  RunResult r = fleet("--facts " + three_hosts());
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(has(r.out, "PASS    web-01  (" ));
  size_t a = r.out.find("web-01"), b = r.out.find("web-02"), c = r.out.find("db-01");
  CHECK(a < b);
  CHECK(b < c);
  CHECK(has(r.out, "FAIL    web-02"));
  CHECK(has(r.out, "BLOCKED db-01"));
  CHECK(has(r.out, "1 host   ci.gate.build  The OS build is 6003 or later"));
  CHECK(has(r.out, "fleet: 3 hosts: 1 pass, 1 fail, 1 blocked, 0 error - gate fail (exit 1)\n"));
}

TEST_CASE("fleet: exit 0 when every host passes, 3 when one is blocked and none fails") {
  std::string pass = write("pass.ndjson", host("a", 6003) + "\n\n" + host("b", 6004) + "\n");
  CHECK(fleet("--facts " + pass).exit_code == 0);
  std::string blocked = write("blocked.ndjson", host("a", 6003) + "\n" +
                                                    R"({"host": {"name": "c"}, "os": {"family": "windows", "build": 6003}})" + "\n");
  RunResult r = fleet("--facts " + blocked);
  CHECK(r.exit_code == 3);
  CHECK(has(r.out, "gate blocked (exit 3)"));
}

TEST_CASE("fleet: ndjson is one json report per host, in order with --jobs 2, each valid against the schema") {
  std::string many;
  for (int i = 0; i < 300; ++i) many += host("h" + std::to_string(i), i % 7 == 0 ? 6002 : 6003) + "\n";
  RunResult r = fleet("--facts " + write("many.ndjson", many), "--format ndjson --jobs 2");
  INFO(r.err);
  CHECK(r.exit_code == 1);
  auto reports = lines_of(r.out);
  REQUIRE(reports.size() == 300);
  std::ifstream in(std::string(EDICT_SOURCE_DIR) + "/docs/report.schema.json");
  nlohmann::json schema = nlohmann::json::parse(in);
  for (int i = 0; i < 300; ++i) {
    CHECK(reports[i]["host"] == "h" + std::to_string(i));
    CHECK(reports[i]["summary"]["gate"] == (i % 7 == 0 ? "fail" : "pass"));
    CHECK(reports[i]["source"].get<std::string>().find("many.ndjson:" + std::to_string(i + 1)) != std::string::npos);
  }
  auto errors = edict::testing::JsonSchemaValidator(schema).validate(reports[0]);
  INFO((errors.empty() ? std::string() : errors.front()));
  CHECK(errors.empty());
}

TEST_CASE("fleet: a host without host.name is named by its file and line") {
  std::string path = write("anon.ndjson", R"({"os": {"family": "windows", "build": 6003}})" "\n");
  RunResult r = fleet("--facts " + path, "--format ndjson");
  auto reports = lines_of(r.out);
  REQUIRE(reports.size() == 1);
  CHECK(has(reports[0]["host"].get<std::string>(), "anon.ndjson:1"));
}

TEST_CASE("fleet: json is one document with the fleet summary and every host") {
  RunResult r = fleet("--facts " + three_hosts(), "--format json");
  INFO(r.err);
  CHECK(r.exit_code == 1);
  auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["kind"] == "fleet");
  CHECK(doc["fleet"]["hosts"]["total"] == 3);
  CHECK(doc["fleet"]["hosts"]["pass"] == 1);
  CHECK(doc["fleet"]["hosts"]["fail"] == 1);
  CHECK(doc["fleet"]["hosts"]["blocked"] == 1);
  CHECK(doc["fleet"]["exit_code"] == 1);
  bool build_seen = false;
  for (const auto& rule : doc["fleet"]["rules"])
    if (rule["id"] == "ci.gate.build") {
      build_seen = true;
      CHECK(rule["pass"] == 2);
      CHECK(rule["fail"] == 1);
    } else if (rule["id"] == "ci.gate.license") {
      CHECK(rule["unknown"] == 1);
    }
  CHECK(build_seen);
  REQUIRE(doc["hosts"].size() == 3);
  CHECK(doc["hosts"][1]["host"] == "web-02");
  // The json formats keep what text leaves out (explanations, evidence).
  const auto& build = doc["hosts"][1]["rules"][0];
  CHECK(build["id"] == "ci.gate.build");
  CHECK(build["explanation"]["text"] == "require os.build >= 6003\n        |\n        6002\n");
  bool evidence = false;
  for (const auto& fact : build["facts"]) evidence = evidence || (fact["path"] == "os.build" && fact["display"] == "6002");
  CHECK(evidence);
  std::ifstream in(std::string(EDICT_SOURCE_DIR) + "/docs/report.schema.json");
  nlohmann::json schema = nlohmann::json::parse(in);
  auto errors = edict::testing::JsonSchemaValidator(schema).validate_def("fleet_report", doc);
  INFO((errors.empty() ? std::string() : errors.front()));
  CHECK(errors.empty());
}

TEST_CASE("fleet: junit has one testsuite per host, sarif one run naming each result's host") {
  RunResult j = fleet("--facts " + three_hosts(), "--format junit");
  CHECK(j.exit_code == 1);
  CHECK(has(j.out, "<testsuite name=\"web-01\""));
  CHECK(has(j.out, "<testsuite name=\"web-02\" tests=\"4\" failures=\"1\""));
  CHECK(has(j.out, "<testsuite name=\"db-01\""));
  size_t suites = 0;
  for (size_t at = 0; (at = j.out.find("<testsuite ", at)) != std::string::npos; ++at) ++suites;
  CHECK(suites == 3);
  CHECK(has(j.out, "<testcase classname=\"ci.gate\" name=\"ci.gate.build\""));

  RunResult s = fleet("--facts " + three_hosts(), "--format sarif");
  auto doc = nlohmann::json::parse(s.out);
  REQUIRE(doc["runs"].size() == 1);
  bool web02 = false, db01 = false;
  for (const auto& result : doc["runs"][0]["results"]) {
    std::string h = result["properties"]["host"];
    std::string text = result["message"]["text"];
    CHECK(text.rfind("[" + h + "] ", 0) == 0);
    web02 = web02 || (h == "web-02" && result["ruleId"] == "ci.gate.build");
    db01 = db01 || (h == "db-01" && result["ruleId"] == "ci.gate.license");
  }
  CHECK(web02);
  CHECK(db01);
  CHECK(doc["runs"][0]["invocations"][0]["exitCode"] == 1);
}

TEST_CASE("fleet: markdown and html put the fleet summary first, then each host") {
  RunResult m = fleet("--facts " + three_hosts(), "--format markdown");
  CHECK(m.exit_code == 1);
  size_t summary = m.out.find("## Rules failing on most hosts"), worst = m.out.find("## Worst hosts"),
         first_host = m.out.find("## Host `web-01`");
  CHECK(summary < worst);
  CHECK(worst < first_host);
  CHECK(first_host != std::string::npos);
  CHECK(has(m.out, "| `ci.gate.build` | The OS build is 6003 or later | 1 |"));

  RunResult h = fleet("--facts " + three_hosts(), "--format html");
  CHECK(h.exit_code == 1);
  CHECK(h.out.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(has(h.out, "<td class=\"count\" id=\"hosts-fail\">1</td>"));
  CHECK(has(h.out, "data-exit-code=\"1\""));
  CHECK(h.out.find("Rules failing on most hosts") < h.out.find("<details class=\"host\""));
  CHECK(!has(h.out, "<script"));
  CHECK(!has(h.out, "http://"));
}

TEST_CASE("fleet: a directory is every json and toml file in it, by name, and --facts may repeat") {
  std::string dir = scratch_dir("fleet/dir");
  std::ofstream(dir + "/b.json") << host("bee", 6002);
  std::ofstream(dir + "/a.json") << host("ay", 6003);
  std::ofstream(dir + "/c.toml") << "[host]\nname = \"sea\"\n[os]\nfamily = \"windows\"\nbuild = 6003\n"
                                    "[windows.esu]\nlicensed = true\n[windows.rdp]\nnla_required = true\n"
                                    "[windows.smb]\nv1_enabled = false\n";
  std::ofstream(dir + "/notes.txt") << "not a host";
  RunResult r = fleet("--facts " + dir);
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("ay") < r.out.find("bee"));
  CHECK(r.out.find("bee") < r.out.find("sea"));
  CHECK(has(r.out, "fleet: 3 hosts: 2 pass, 1 fail"));

  RunResult two = fleet("--facts " + dir + "/a.json --facts " + dir + "/b.json", "--format ndjson");
  CHECK(two.exit_code == 1);
  auto reports = lines_of(two.out);
  REQUIRE(reports.size() == 2);
  CHECK(reports[0]["host"] == "ay");
  CHECK(reports[1]["host"] == "bee");
}

TEST_CASE("fleet: stdin with several json lines is a fleet, one pretty document is one host as before") {
  RunResult r = run_edict("check policies --facts - --config config/defaults.toml --now 2026-11-21", kDir, three_hosts());
  CHECK(r.exit_code == 1);
  CHECK(has(r.out, "fleet: 3 hosts"));
  CHECK(has(r.out, "<stdin>:2"));
  std::string pretty = write("pretty.json", "{\n  \"host\": {\"name\": \"p\"},\n  \"os\": {\"family\": \"windows\", \"build\": 6002}\n}\n");
  RunResult one = run_edict("check policies --facts - --config config/defaults.toml --now 2026-11-21", kDir, pretty);
  CHECK(one.exit_code == 1);
  CHECK(!has(one.out, "fleet:"));
  CHECK(has(one.out, "gate fail (exit 1)"));
  std::string single = write("single.json", host("s", 6003) + "\n");
  RunResult line = run_edict("check policies --facts - --config config/defaults.toml --now 2026-11-21", kDir, single);
  CHECK(line.exit_code == 0);
  CHECK(!has(line.out, "fleet:"));
}

TEST_CASE("fleet: each kind of bad host is an error host named by its line, the others are evaluated") {
  std::string lines = host("good-1", 6003) + "\n" +                        // 1
                      "{\"host\": {\"name\": \"broken\"\n" +                 // 2: not JSON
                      "{\"host\": {\"name\": \"bad\xff\"}}\n" +              // 3: invalid UTF-8
                      R"({"host": {"name": "dup"}, "os": {"build": 1, "build": 2}})" "\n" +  // 4: repeated key
                      "[1, 2]\n" +                                          // 5: not a map
                      std::string(300, ' ') + host("long", 6003) + "\n" +    // 6: over --max-facts-bytes
                      host("good-2", 6003) + "\n";                          // 7
  std::string path = write("bad.ndjson", lines);
  RunResult r = fleet("--facts " + path, "--max-facts-bytes 400");
  INFO(r.out);
  INFO(r.err);
  CHECK(r.exit_code == 3);
  CHECK(has(r.out, "fleet: 7 hosts: 2 pass, 0 fail, 0 blocked, 5 error - gate blocked (exit 3)"));
  CHECK(has(r.err, "bad.ndjson:2:"));
  CHECK(has(r.err, "error[E0503]"));
  CHECK(has(r.err, "bad.ndjson:3:"));
  CHECK(has(r.err, "error[E0502]"));
  CHECK(has(r.err, "bad.ndjson:4:"));
  CHECK(has(r.err, "error[E0517]"));
  CHECK(has(r.err, "error[E0508]"));
  CHECK(has(r.err, "error[E0501]"));
  CHECK(has(r.out, "ERROR   " + path + ":6  error[E0501]"));
  CHECK(r.out.find("good-1") < r.out.find("good-2"));

  // A wrong-typed fact: the host is evaluated, the rules reading it end in `error`, and
  // the error names the line.
  std::string typed = write("typed.ndjson", host("ok", 6003) + "\n" +
                                                R"({"host": {"name": "typed"}, "os": {"family": "windows", "build": "six"}})" + "\n");
  RunResult t = fleet("--facts " + typed, "--format ndjson");
  CHECK(t.exit_code == 3);
  auto reports = lines_of(t.out);
  REQUIRE(reports.size() == 2);
  CHECK(reports[1]["summary"]["gate"] == "blocked");
  bool named = false;
  for (const auto& rule : reports[1]["rules"])
    if (rule["id"] == "ci.gate.build") {
      CHECK(rule["outcome"] == "error");
      named = has(rule["error"].get<std::string>(), "typed.ndjson:2:");
    }
  CHECK(named);
}

TEST_CASE("fleet: exit 2 only when no host could be evaluated") {
  std::string bad = write("all_bad.ndjson", "nope\n{\n");
  RunResult r = fleet("--facts " + bad);
  CHECK(r.exit_code == 2);
  CHECK(has(r.out, "fleet: 2 hosts: 0 pass, 0 fail, 0 blocked, 2 error - gate error (exit 2)"));
  std::string empty = write("empty.ndjson", "\n\n");
  RunResult e = fleet("--facts " + empty);
  CHECK(e.exit_code == 2);
  CHECK(has(e.err, "error[E0831]"));
}

TEST_CASE("fleet: waivers' host globs apply host by host") {
  std::string config = write("waive_web.toml", "[[waiver]]\nrule = \"ci.gate.build\"\nreason = \"change 4411\"\n"
                                               "hosts = [\"web-*\"]\n");
  std::string path = write("waived.ndjson", host("web-07", 6002) + "\n" + host("db-07", 6002) + "\n" +
                                                R"({"os": {"family": "windows", "build": 6002}})" + "\n");
  RunResult r = run_edict("check policies --facts " + path + " --config " + config +
                              " --now 2026-11-21 --format ndjson",
                          kDir);
  CHECK(r.exit_code == 1);
  auto reports = lines_of(r.out);
  REQUIRE(reports.size() == 3);
  CHECK(reports[0]["summary"]["gate"] == "pass");    // web-07: waived
  CHECK(reports[0]["summary"]["waived"] == 1);
  CHECK(reports[1]["summary"]["gate"] == "fail");    // db-07: not covered
  CHECK(reports[2]["summary"]["gate"] == "fail");    // no host.name: a host glob never matches it
}

TEST_CASE("fleet: --jobs is checked") {
  CHECK(fleet("--facts " + three_hosts(), "--jobs 0").exit_code == 2);
  CHECK(fleet("--facts " + three_hosts(), "--jobs 1025").exit_code == 2);  // kMaxJobs
  CHECK(fleet("--facts " + three_hosts(), "--jobs 1024").exit_code == 1);
  CHECK(fleet("--facts " + three_hosts(), "--jobs 1").exit_code == 1);
}

TEST_CASE("fleet: the windows in flight share kFleetWindowBytes (64 MiB): 20 hosts of 4 MiB each span three windows, all in order") {
  std::string path = scratch_dir("fleet") + "/wide.ndjson";
  {
    std::ofstream out(path, std::ios::binary);
    const std::string pad(4 << 20, ' ');  // JSON whitespace: a 4 MiB line that parses fast
    for (int i = 0; i < 20; ++i) out << "{" << pad << host("w" + std::to_string(i), 6003).substr(1) << "\n";
  }
  RunResult r = fleet("--facts " + path, "--jobs 2");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  size_t at = 0;
  bool ordered = true;
  for (int i = 0; i < 20; ++i) {
    size_t next = r.out.find("PASS    w" + std::to_string(i) + "  (", at);
    ordered = ordered && next != std::string::npos;
    at = next == std::string::npos ? at : next;
  }
  CHECK(ordered);
  CHECK(has(r.out, "fleet: 20 hosts: 20 pass"));
  std::filesystem::remove(path);
}
