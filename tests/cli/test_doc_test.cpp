// `edict test` (decision cases) and `edict doc` (the rulebook) through the real binary.
// Catches: a failing case reported as passing, a bad test file run anyway, a closing
// line CI can no longer parse, a rulebook that evaluates or drops a rule.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>

#include "run_edict.h"

using edict::testing::read_file;
using edict::testing::run_edict;
using edict::testing::RunResult;
using edict::testing::scratch_dir;

namespace {

const char* kDir = "tests/data/cli/tests";
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
std::string last_line(const std::string& text) {
  size_t end = text.size() && text.back() == '\n' ? text.size() - 1 : text.size();
  size_t start = text.rfind('\n', end ? end - 1 : 0);
  return text.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1));
}

}  // namespace

TEST_CASE("test: every case holds -> exit 0 and `N passed, 0 failed`") {
  RunResult r = run_edict("test good", kDir);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(last_line(r.out) == "3 passed, 0 failed");
  CHECK(std::regex_match(last_line(r.out), std::regex("[0-9]+ passed, [0-9]+ failed")));
}

TEST_CASE("test: a failing case -> exit 1, expected vs got and the explanation") {
  RunResult r = run_edict("test failing", kDir);
  CHECK(r.exit_code == 1);
  CHECK(has(r.out, "FAIL failing/gate_test.toml:7: build 6002 is wrongly expected to pass\n"
                   "  ci.gate.build: expected pass, got fail\n"
                   "    require os.build >= 6003\n"));
  CHECK(has(r.out, "6002"));
  CHECK_FALSE(has(r.out, "ci.gate.license: expected"));  // the license did pass
  CHECK(last_line(r.out) == "1 passed, 1 failed");
}

TEST_CASE("test: a test naming a rule that does not exist is exit 2 with did-you-mean") {
  RunResult r = run_edict("test bad_rule", kDir);
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "bad_rule/gate_test.toml:5:12: error[E0613]: case `typo in a rule id` expects rule `ci.gate.biuld`"));
  CHECK(has(r.err, "did you mean `ci.gate.build`?"));
  // Nothing ran; the closing line still says so (issue 17).
  CHECK(r.out.rfind("0 passed, ", 0) == 0);
  CHECK_FALSE(has(r.out, "0 passed, 0 failed"));
}

TEST_CASE("test: a bad test file is exit 2 with line:col") {
  RunResult r = run_edict("test bad_toml/gate_test.toml", kDir);
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "bad_toml/gate_test.toml:5:30: error[E0612]"));
  RunResult none = run_edict("test ../gate/facts", kDir);
  CHECK(none.exit_code == 2);
  CHECK(has(none.err, "E0616"));
}

TEST_CASE("test: --format junit -o writes JUnit, stdout keeps the closing line") {
  std::string dir = scratch_dir("test-junit");
  RunResult r = run_edict("test failing --format junit -o " + dir + "/t.xml", kDir);
  CHECK(r.exit_code == 1);
  CHECK(last_line(r.out) == "1 passed, 1 failed");
  std::string xml = read_file(dir + "/t.xml");
  CHECK(has(xml, "<testsuites name=\"edict test\" tests=\"2\" failures=\"1\""));
  CHECK(has(xml, "name=\"build 6002 is wrongly expected to pass\""));
  CHECK(has(xml, "ci.gate.build expected pass, got fail"));
  CHECK(std::system(("xmllint --noout '" + dir + "/t.xml'").c_str()) == 0);
  RunResult bad = run_edict("test failing --format junit -o " + dir + "/no/such/dir/t.xml", kDir);
  CHECK(bad.exit_code == 2);
  CHECK(has(bad.err, "E0801"));
}

TEST_CASE("test: the bundled policy packs' decision cases hold") {
  RunResult r = run_edict("test policies", "");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(std::regex_match(last_line(r.out), std::regex("[1-9][0-9]* passed, 0 failed")));
}

TEST_CASE("doc: the markdown rulebook lists every policy and rule without evaluating") {
  RunResult r = run_edict("doc policies --format markdown", "tests/data/cli/gate");
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, "# Edict rulebook"));
  CHECK(has(r.out, "3 policies, 4 rules."));
  CHECK(has(r.out, "## Policy `ci.gate`: Gate fixtures"));
  CHECK(has(r.out, "- Applies when: `os.family == \"windows\"`"));
  CHECK(has(r.out, "### `ci.gate.build`: The OS build is 6003 or later"));
  CHECK(has(r.out, "require os.build >= 6003"));
  CHECK(has(r.out, "Remediation: Install KB4493471."));
  CHECK(has(r.out, "enforcement: advisory"));
  CHECK_FALSE(has(r.out, "Outcome"));
}

TEST_CASE("doc: html to a file, and errors exit 2") {
  std::string dir = scratch_dir("doc");
  RunResult r = run_edict("doc policies --format html -o " + dir + "/book.html", "tests/data/cli/gate");
  CHECK(r.exit_code == 0);
  std::string html = read_file(dir + "/book.html");
  CHECK(has(html, "<code>ci.hygiene.smb1</code>: SMBv1 is disabled"));
  CHECK(has(html, "<!DOCTYPE html>"));
  CHECK(has(html, "</html>"));
  CHECK(run_edict("doc policies --format pdf", "tests/data/cli/gate").exit_code == 2);
  CHECK(run_edict("doc ../broken", "tests/data/cli/gate").exit_code == 2);
}

TEST_CASE("test: a wrong-typed fact names its line in a facts file, never in an inline table's JSON") {
  // An inline [case.facts] table is handed to the loader as JSON Edict wrote itself, so a
  // line and column there would point nowhere; a fixture file's are the user's own.
  std::string dir = scratch_dir("wrong-typed");
  std::ofstream(dir + "/gate.edict") << read_file(std::string(EDICT_SOURCE_DIR) + "/" + kDir + "/failing/gate.edict");
  std::ofstream(dir + "/host.json") << "{\"os\": {\"family\": \"windows\",\n  \"build\": \"6003\"}}";
  std::ofstream(dir + "/gate_test.toml") << R"([[case]]
name = "from a file"
facts = "host.json"
expect = { "ci.gate.build" = "pass" }

[[case]]
name = "inline"
facts = { os = { family = "windows", build = "6003" } }
expect = { "ci.gate.build" = "pass" }
)";
  RunResult r = run_edict("test '" + dir + "'", ".");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(has(r.out, "ci.gate.build: expected pass, got error"));
  CHECK(has(r.out, "fact `os.build` is a string, expected int (at " + dir + "/host.json:2:12)"));
  size_t inline_case = r.out.find("inline");
  REQUIRE(inline_case != std::string::npos);
  std::string inline_part = r.out.substr(inline_case);
  CHECK(has(inline_part, "fact `os.build` is a string, expected int"));
  CHECK_FALSE(has(inline_part, "(at "));
  CHECK(last_line(r.out) == "0 passed, 2 failed");
}
