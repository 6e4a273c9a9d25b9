// `edict report` (docs/fleet.md): per-host json reports made by `edict check --format
// json` merged into one fleet report with the fleet exit code; a file that is not a
// report is E0833 and an error host; reports of another policy set are refused (E0834)
// and the report says so; the gate is decided again, not read from the file.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "run_edict.h"

using edict::testing::read_file;
using edict::testing::run_edict;
using edict::testing::RunResult;
using edict::testing::scratch_dir;

namespace {

const char* kDir = "tests/data/cli/gate";

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The json report of one gate fixture, written to `dir/name.json`.
std::string host_report(const std::string& dir, const std::string& facts, const std::string& name) {
  RunResult r = run_edict("check policies --facts facts/" + facts + ".json --config config/defaults.toml --now 2026-11-21 "
                          "--format json",
                          kDir);
  std::string path = dir + "/" + name + ".json";
  std::ofstream(path, std::ios::binary) << r.out;
  return path;
}

std::string write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

}  // namespace

TEST_CASE("report: per-host json reports merge into one fleet report with the fleet exit code") {
  std::string dir = scratch_dir("report/merge");
  host_report(dir, "pass", "a");
  host_report(dir, "fail", "b");
  host_report(dir, "unknown", "c");
  RunResult r = run_edict("report " + dir + " --now 2026-11-21", ".");
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(has(r.out, "fleet: 3 hosts: 1 pass, 1 fail, 1 blocked, 0 error - gate fail (exit 1)"));
  CHECK(r.out.find("/a.json") < r.out.find("/b.json"));

  RunResult j = run_edict("report " + dir + "/a.json " + dir + "/c.json --format json --now 2026-11-21", ".");
  CHECK(j.exit_code == 3);
  auto doc = nlohmann::json::parse(j.out);
  CHECK(doc["fleet"]["hosts"]["total"] == 2);
  CHECK(doc["fleet"]["hosts"]["blocked"] == 1);
  CHECK(doc["policy_set"]["refused_other_policy_set"] == 0);

  RunResult pass = run_edict("report " + dir + "/a.json --now 2026-11-21", ".");
  CHECK(pass.exit_code == 0);
}

TEST_CASE("report: every format renders a merged fleet") {
  std::string dir = scratch_dir("report/formats");
  host_report(dir, "pass", "a");
  host_report(dir, "fail", "b");
  for (const char* format : {"text", "json", "ndjson", "junit", "sarif", "markdown", "html"}) {
    RunResult r = run_edict("report " + dir + " --now 2026-11-21 --format " + format, ".");
    INFO(format << ": " << r.err);
    CHECK(r.exit_code == 1);
    CHECK(!r.out.empty());
  }
  RunResult nd = run_edict("report " + dir + " --now 2026-11-21 --format ndjson", ".");
  std::string lines = write(dir + "/../merged.ndjson", nd.out);
  RunResult again = run_edict("report " + lines + " --now 2026-11-21", ".");  // ndjson back in: one host per line
  CHECK(again.exit_code == 1);
  CHECK(has(again.out, "fleet: 2 hosts: 1 pass, 1 fail"));
}

TEST_CASE("report: a file that is not an Edict json report is E0833 with its name, and an error host") {
  std::string dir = scratch_dir("report/bad");
  host_report(dir, "pass", "a");
  write(dir + "/b.json", "{\"report_version\": 1, \"tool\": {\"name\": \"edict\", \"version\": \"0.1.0\"}}");
  write(dir + "/c.json", "not json at all");
  RunResult r = run_edict("report " + dir + " --now 2026-11-21", ".");
  CHECK(r.exit_code == 3);
  CHECK(has(r.err, dir + "/b.json: error[E0833]: not an Edict json report: `report.host` is missing"));
  CHECK(has(r.err, dir + "/c.json: error[E0833]: not an Edict json report: it is not json"));
  CHECK(has(r.out, "fleet: 3 hosts: 1 pass, 0 fail, 0 blocked, 2 error - gate blocked (exit 3)"));

  std::string only_bad = scratch_dir("report/only_bad");
  write(only_bad + "/x.json", "[]");
  RunResult none = run_edict("report " + only_bad, ".");
  CHECK(none.exit_code == 2);
  CHECK(has(none.err, "error[E0835]"));
}

TEST_CASE("report: reports from another policy set are refused, counted and named") {
  std::string dir = scratch_dir("report/mixed");
  host_report(dir, "pass", "a");
  std::string other = read_file(host_report(dir, "fail", "b"));
  // The same host evaluated by a policy set with another requirement.
  size_t at = other.find("os.build >= 6003");
  REQUIRE(at != std::string::npos);
  other.replace(at, 16, "os.build >= 6004");
  write(dir + "/b.json", other);
  RunResult r = run_edict("report " + dir + " --now 2026-11-21 --format json", ".");
  CHECK(r.exit_code == 3);
  CHECK(has(r.err, "/b.json: error[E0834]: report comes from another policy set"));
  auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["policy_set"]["refused_other_policy_set"] == 1);
  CHECK(doc["fleet"]["hosts"]["error"] == 1);
  CHECK(doc["hosts"][1]["load_error"]["code"] == "E0834");

  // Another Edict version is another policy set too.
  std::string version = read_file(dir + "/a.json");
  at = version.find("\"version\": \"");
  REQUIRE(at != std::string::npos);
  version.insert(at + 12, "9.");
  write(dir + "/c.json", version);
  RunResult v = run_edict("report " + dir + "/a.json " + dir + "/c.json --now 2026-11-21", ".");
  CHECK(v.exit_code == 3);
  CHECK(has(v.err, "error[E0834]"));
}

TEST_CASE("report: the gate is decided from the rules, not read from the file") {
  std::string dir = scratch_dir("report/tampered");
  std::string text = read_file(host_report(dir, "fail", "a"));
  nlohmann::json doc = nlohmann::json::parse(text);
  doc["summary"]["gate"] = "pass";
  doc["summary"]["exit_code"] = 0;
  write(dir + "/a.json", doc.dump());
  RunResult r = run_edict("report " + dir + "/a.json --now 2026-11-21", ".");
  CHECK(r.exit_code == 1);
}

TEST_CASE("report: a missing input is an error before anything is merged, exit 2") {
  RunResult r = run_edict("report /nonexistent/edict-report.json", ".");
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "error[E0500]: cannot read report `/nonexistent/edict-report.json`"));
}

TEST_CASE("report: a report file over kMaxReportBytes (64 MiB) is refused unread, an error host") {
  std::string dir = scratch_dir("report/huge");
  host_report(dir, "pass", "a");
  std::string huge = dir + "/b.json";
  { std::ofstream touch(huge); }
  REQUIRE(::truncate(huge.c_str(), (64 << 20) + 1) == 0);  // sparse: nothing is written
  RunResult r = run_edict("report " + dir + " --now 2026-11-21", ".");
  CHECK(r.exit_code == 3);
  CHECK(has(r.err, "/b.json: error[E0501]: report is larger than 64 MiB"));
  CHECK(has(r.out, "1 error"));
}
