// The exit-code contract of `edict check` (docs/exit-codes.md), row by row, through the
// real binary on tests/data/cli/gate: pass, fail, unknown, error, advisory, below
// fail_on, every waiver state, and each kind of exit 2. Catches: a change in gating
// that CI pipelines would silently inherit.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "run_edict.h"
#include "tests/report/json_schema.h"

using edict::testing::read_file;
using edict::testing::run_edict;
using edict::testing::RunResult;
using edict::testing::scratch_dir;

namespace {

const char* kDir = "tests/data/cli/gate";

RunResult check(const std::string& facts, const std::string& config = "defaults", const std::string& extra = "") {
  return run_edict("check policies --facts facts/" + facts + ".json --config config/" + config +
                       ".toml --now 2026-11-21 " + extra,
                   kDir);
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("check: exit 0 when every rule passes") {
  RunResult r = check("pass");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "4 rules: 4 pass, 0 fail, 0 unknown, 0 error, 0 skip, 0 waived - gate pass (exit 0)\n");
  CHECK(r.err.empty());
}

TEST_CASE("check: exit 1 when a mandatory rule fails, with the failing rule named") {
  RunResult r = check("fail", "defaults", "--explain");
  CHECK(r.exit_code == 1);
  CHECK(has(r.out, "FAIL    ci.gate.build  The OS build is 6003 or later   [critical]  gating\n"
                   "  require os.build >= 6003\n"
                   "          |\n"
                   "          6002\n"));
  CHECK(has(r.out, "gate fail (exit 1)"));
}

TEST_CASE("check: exit 3 when a gating rule is unknown, 0 under unknown = warn") {
  RunResult r = check("unknown");
  CHECK(r.exit_code == 3);
  CHECK(has(r.out, "UNKNOWN ci.gate.license  An ESU license is activated   [high]  gating\n  missing facts: windows.esu.licensed"));
  CHECK(check("unknown", "unknown_warn").exit_code == 0);
  CHECK(check("unknown", "defaults", "--unknown warn").exit_code == 0);
  CHECK(check("unknown", "unknown_warn", "--unknown fail").exit_code == 3);
}

TEST_CASE("check: exit 3 when a gating rule is error (a fact of the wrong type), even under unknown = warn") {
  RunResult r = check("error");
  CHECK(r.exit_code == 3);
  CHECK(has(r.out, "ERROR   ci.gate.build"));
  CHECK(check("error", "unknown_warn").exit_code == 3);
}

TEST_CASE("check: fail wins over unknown") {
  CHECK(check("fail_and_unknown").exit_code == 1);
}

TEST_CASE("check: an advisory rule never gates") {
  RunResult r = check("advisory_fail");
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, "FAIL    ci.hygiene.smb1  SMBv1 is disabled   [high, advisory]"));
}

TEST_CASE("check: below fail_on a rule neither fails nor blocks") {
  CHECK(check("low_fail").exit_code == 1);
  CHECK(check("low_fail", "fail_on_medium").exit_code == 0);
  CHECK(check("low_fail", "defaults", "--fail-on medium").exit_code == 0);
  CHECK(check("low_unknown").exit_code == 3);
  CHECK(check("low_unknown", "fail_on_medium").exit_code == 0);
}

TEST_CASE("check: skipped rules (the policy's when is false) do not gate") {
  RunResult r = check("skip");
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, "2 skip"));
}

TEST_CASE("check: an active waiver turns the fail into waived and the gate passes") {
  RunResult r = check("fail", "waiver_active");
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, "WAIVED  ci.gate.build"));
  CHECK(has(r.out, "waived: vendor link until change 4411 (until 2030-01-01), approved by ciso@example.com"));
  CHECK(r.err.empty());
  CHECK(check("fail", "waiver_glob").exit_code == 0);
}

TEST_CASE("check: a waiver expiring within 14 days applies and warns W0601 on stderr and in the report") {
  RunResult r = check("fail", "waiver_expiring", "--format json");
  CHECK(r.exit_code == 0);
  CHECK(has(r.err, "warning[W0601]: waiver for `ci.gate.build` expires on 2026-11-30 (in 9 days)"));
  auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["warnings"][0]["code"] == "W0601");
  CHECK(doc["rules"][0]["waiver"]["state"] == "expiring");
  CHECK(doc["rules"][0]["outcome"] == "waived");
}

TEST_CASE("check: an expired waiver no longer applies, the fail gates and the expiry is reported") {
  RunResult r = check("fail", "waiver_expired");
  CHECK(r.exit_code == 1);
  CHECK(has(r.err, "warning[W0602]: waiver for `ci.gate.build` expired on 2026-11-01 and no longer applies"));
  CHECK(has(r.out, "FAIL    ci.gate.build"));
  CHECK(has(r.out, "waiver expired on 2026-11-01"));
  // The same waiver, checked before its expiry date, still applies: --now makes runs reproducible.
  CHECK(run_edict("check policies --facts facts/fail.json --config config/waiver_expired.toml --now 2026-10-01", kDir)
            .exit_code == 0);
}

TEST_CASE("check: a waiver that matches no rule is a warning and changes nothing") {
  RunResult r = check("fail", "waiver_unmatched");
  CHECK(r.exit_code == 1);
  CHECK(has(r.err, "warning[W0603]: waiver for `ci.gate.biuld` matches no rule"));
}

TEST_CASE("check: host globs scope a waiver to host.name") {
  CHECK(check("fail", "waiver_other_host").exit_code == 1);
  CHECK(check("fail", "waiver_this_host").exit_code == 0);
}

TEST_CASE("check: --quiet prints the summary only and drops warnings") {
  RunResult r = check("fail", "waiver_expired", "--quiet");
  CHECK(r.exit_code == 1);
  CHECK(r.out == "4 rules: 3 pass, 1 fail, 0 unknown, 0 error, 0 skip, 0 waived - gate fail (exit 1)\n");
  CHECK(r.err.empty());
}

TEST_CASE("check: exit 2 on usage, config, compile and input errors, with nothing evaluated") {
  struct Row {
    std::string args;
    std::string code;
  };
  for (const Row& row : {
           Row{"check policies --facts facts/fail.json --config config/bad_key.toml", "E0602"},
           Row{"check policies --facts facts/fail.json --config config/missing.toml", "E0607"},
           Row{"check policies --facts facts/fail.json --config config/defaults.toml --now yesterday", "E0802"},
           Row{"check policies --facts facts/fail.json --config config/defaults.toml --format pdf", "E0803"},
           Row{"check policies --facts facts/fail.json --config config/defaults.toml --output pdf=x", "E0803"},
           Row{"check policies --facts facts/fail.json --config config/defaults.toml --fail-on severe", "E0803"},
           Row{"check policies --facts facts/fail.json --config config/defaults.toml --unknown maybe", "E0803"},
           Row{"check policies --facts facts/fail.json --collect --config config/defaults.toml", "E0805"},
           Row{"check nowhere --facts facts/fail.json --config config/defaults.toml", "E0804"},
           Row{"check policies --facts facts/missing.json --config config/defaults.toml", "error[E0"},
           Row{"check policies --facts facts/malformed.json --config config/defaults.toml", "error[E05"},
           Row{"check ../broken --facts facts/fail.json --config config/defaults.toml", "error[E02"},
           Row{"check policies --root /nonexistent-root --config config/defaults.toml", "E0806"},
       }) {
    INFO(row.args);
    RunResult r = run_edict(row.args, kDir);
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(has(r.err, row.code));
    CHECK(r.out.empty());  // nothing evaluated, nothing reported
  }
  CHECK(run_edict("check --no-such-flag", kDir).exit_code == 2);
}

TEST_CASE("check: the policies of edict.toml are the default paths") {
  RunResult r = run_edict("check --facts facts/fail.json --config config/policies_key.toml --now 2026-11-21", kDir);
  CHECK(r.exit_code == 1);
  CHECK(has(r.out, "ci.gate.build"));
}

TEST_CASE("check: facts from stdin") {
  RunResult r = run_edict("check policies --facts - --config config/defaults.toml", kDir,
                          std::string(EDICT_SOURCE_DIR) + "/" + kDir + "/facts/fail.json");
  CHECK(r.exit_code == 1);
}

TEST_CASE("check: --output writes several formats at once, each whole, stdout keeps --format") {
  std::string dir = scratch_dir("outputs");
  RunResult r = check("fail", "waiver_expired",
                      "--format json --output junit=" + dir + "/r.xml --output sarif=" + dir +
                          "/r.sarif --output html=" + dir + "/r.html --output markdown=" + dir + "/r.md");
  CHECK(r.exit_code == 1);
  auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["summary"]["exit_code"] == 1);
  CHECK(has(read_file(dir + "/r.xml"), "<testsuites name=\"edict\" tests=\"4\" failures=\"1\""));
  CHECK(nlohmann::json::parse(read_file(dir + "/r.sarif"))["version"] == "2.1.0");
  CHECK(has(read_file(dir + "/r.html"), "id=\"count-fail\">1<"));
  CHECK(has(read_file(dir + "/r.md"), "# Edict audit report"));
  CHECK(std::system(("xmllint --noout '" + dir + "/r.xml'").c_str()) == 0);
}

TEST_CASE("check: a bare --output PATH takes --format, and stdout shows the text report") {
  std::string dir = scratch_dir("bare");
  RunResult r = check("fail", "defaults", "--format junit --output " + dir + "/j.xml");
  CHECK(r.exit_code == 1);
  CHECK(has(read_file(dir + "/j.xml"), "<testsuites"));
  CHECK(has(r.out, "gate fail (exit 1)"));
}

TEST_CASE("check: an output that cannot be written is exit 2, and no partial file is left") {
  std::string dir = scratch_dir("unwritable");
  RunResult r = check("fail", "defaults", "--output json=" + dir + "/missing/r.json");
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "error[E0801]: cannot write `" + dir + "/missing/r.json`"));
  CHECK_FALSE(std::filesystem::exists(dir + "/missing"));
  RunResult d = check("fail", "defaults", "--output json=" + dir);
  CHECK(d.exit_code == 2);
  CHECK(has(d.err, "it is a directory"));
}

TEST_CASE("check: json is byte-identical for the same input and --now, and schema-shaped") {
  RunResult a = check("fail", "waiver_expiring", "--format json");
  RunResult b = check("fail", "waiver_expiring", "--format json");
  CHECK(a.out == b.out);
  auto doc = nlohmann::json::parse(a.out);
  CHECK(doc["time"] == "2026-11-21T00:00:00Z");
  CHECK(doc["host"] == "web-01");
  CHECK(doc["config"]["path"] == "config/waiver_expiring.toml");
  CHECK(doc["summary"]["gate"] == "pass");
  CHECK(doc["rules"].size() == 4);
  const auto& build = doc["rules"][0];
  CHECK(build["id"] == "ci.gate.build");
  CHECK(build["policy"] == "ci.gate");
  CHECK(build["location"]["path"].get<std::string>().find("gate.edict") != std::string::npos);
  CHECK(build["location"]["line"].get<int>() > 0);
  bool found_build_fact = false;
  for (const auto& f : build["facts"]) {
    if (f["path"] != "os.build") continue;
    found_build_fact = true;
    CHECK(f["value"] == 6002);
    CHECK(f["source"] == "file:facts/fail.json");
  }
  CHECK(found_build_fact);
}

TEST_CASE("check: hostile host text stays inert in every format") {
  std::string dir = scratch_dir("hostile");
  RunResult r = check("hostile", "defaults",
                      "--explain --output junit=" + dir + "/h.xml --output html=" + dir + "/h.html --output json=" + dir +
                          "/h.json");
  CHECK(r.exit_code == 1);
  CHECK(r.out.find('\033') == std::string::npos);
  CHECK(std::system(("xmllint --noout '" + dir + "/h.xml'").c_str()) == 0);
  CHECK_FALSE(has(read_file(dir + "/h.html"), "<db>"));
  CHECK(nlohmann::json::parse(read_file(dir + "/h.json"))["host"] == "<db>&\"01\x1b[2J");
}

TEST_CASE("check --help documents the exit codes") {
  RunResult r = run_edict("check --help", kDir);
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, "0  the gate passed"));
  CHECK(has(r.out, "3  no failure, but a gating rule is `error`"));
}

TEST_CASE("check: the real pipeline's JSON is valid against docs/report.schema.json for every row") {
  std::ifstream in(std::string(EDICT_SOURCE_DIR) + "/docs/report.schema.json");
  edict::testing::JsonSchemaValidator validator(nlohmann::json::parse(in));
  for (const char* facts : {"pass", "fail", "unknown", "error", "skip", "advisory_fail", "hostile"}) {
    for (const char* config : {"defaults", "waiver_expiring", "waiver_expired", "waiver_unmatched"}) {
      INFO(facts << " with " << config);
      RunResult r = check(facts, config, "--format json");
      auto errors = validator.validate(nlohmann::json::parse(r.out));
      INFO((errors.empty() ? std::string() : errors[0]));
      CHECK(errors.empty());
    }
  }
}
