// Every format for a failing, a passing and an unknown result set: JSON against
// docs/report.schema.json, JUnit through xmllint and by structure, SARIF by structure,
// Markdown and HTML by content, HTML in headless Chromium. Catches: a format that
// drops a rule, miscounts, breaks its syntax on hostile text, or changes run to run.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <unistd.h>

#include "json_schema.h"
#include "report/formats.h"
#include "report/gate_view.h"
#include "report/output.h"
#include "report/time_util.h"
#include "sample.h"

using namespace edict;
using namespace edict::report;
using edict::testing::make_sample;
using edict::testing::Scenario;
using nlohmann::json;

namespace {

struct Built {
  testing::Sample sample;
  Report report;
};

Built build(Scenario scenario) {
  Built b{make_sample(scenario), {}};
  Config config;
  config.path = "edict.toml";
  Waiver w;
  w.rule = "windows.hygiene.*";
  w.reason = "SMBv1 needed by the <scanner> & \"printer\"";
  w.approved_by = "ciso";
  w.expires = days_from_civil(2027, 1, 1);
  w.location = {"edict.toml", 5, 1};
  config.waivers = {w};
  BuildInput in{&b.sample.policies, &b.sample.rules, &b.sample.results, &b.sample.facts, &config,
                *parse_timestamp("2026-11-21T10:00:00Z"), "0.1.0"};
  b.report = build_report(in);
  return b;
}

std::string run(const std::string& command, int* status = nullptr) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  int rc = ::pclose(pipe);
  if (status) *status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return out;
}

std::string temp_file(const std::string& name, const std::string& contents) {
  auto dir = std::filesystem::temp_directory_path() / ("edict-formats-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / name).string();
  DiagnosticSink sink;
  REQUIRE(write_file_atomic(path, contents, sink));
  return path;
}

testing::JsonSchemaValidator& validator() {
  static testing::JsonSchemaValidator v = [] {
    std::ifstream in(std::string(EDICT_SOURCE_DIR) + "/docs/report.schema.json");
    return testing::JsonSchemaValidator(json::parse(in));
  }();
  return v;
}

const Scenario kScenarios[] = {Scenario::kFailing, Scenario::kPassing, Scenario::kUnknown};
const char* scenario_name(Scenario s) {
  return s == Scenario::kFailing ? "failing" : s == Scenario::kPassing ? "passing" : "unknown";
}

}  // namespace

TEST_CASE("text: one line per non-passing rule, explanations, and the summary line") {
  Built b = build(Scenario::kFailing);
  std::string text = render_text(b.report, TextOptions{false, true, false});
  CHECK(text.find("FAIL    windows.server2008.esu.build  The OS build is 6003 or later   [critical]  gating\n") !=
        std::string::npos);
  CHECK(text.find("  require os.build >= 6003\n"
                  "          |\n"
                  "          6002\n") != std::string::npos);
  CHECK(text.find("note: route 0.0.0.0/0 via 10.0.0.1 is an internet route") != std::string::npos);
  CHECK(text.find("WAIVED  windows.hygiene.smb1_disabled") != std::string::npos);
  CHECK(text.find("waived: SMBv1 needed by the <scanner>") != std::string::npos);
  CHECK(text.find("remediation: Install KB4493471") != std::string::npos);
  CHECK(text.find("esu_license") == std::string::npos);  // passing rules are not listed
  CHECK(text.find("\033[") == std::string::npos);        // no colour unless asked
  CHECK(text.substr(text.rfind('\n', text.size() - 2) + 1) ==
        "4 rules: 1 pass, 2 fail, 0 unknown, 0 error, 0 skip, 1 waived - gate fail (exit 1)\n");

  std::string quiet = render_text(b.report, TextOptions{false, true, true});
  CHECK(quiet == "4 rules: 1 pass, 2 fail, 0 unknown, 0 error, 0 skip, 1 waived - gate fail (exit 1)\n");
  CHECK(render_text(b.report, TextOptions{true, false, false}).find("\033[31mFAIL") != std::string::npos);
}

TEST_CASE("text: unknown names the missing facts, passing prints only the summary") {
  Built u = build(Scenario::kUnknown);
  std::string text = render_text(u.report, {});
  CHECK(text.find("UNKNOWN windows.server2008.esu.esu_license  An ESU license is activated   [high]  gating\n"
                  "  missing facts: windows.esu.licensed\n") != std::string::npos);
  CHECK(text.find("[low, advisory]") != std::string::npos);
  CHECK(text.find("gate blocked (exit 3)") != std::string::npos);
  Built p = build(Scenario::kPassing);
  CHECK(render_text(p.report, {}) == "4 rules: 4 pass, 0 fail, 0 unknown, 0 error, 0 skip, 0 waived - gate pass (exit 0)\n");
}

TEST_CASE("text: control characters from a host cannot reach the terminal") {
  Built b = build(Scenario::kFailing);
  b.report.rules[0].explanation->values[0].value = "\033[2J6002";
  std::string text = render_text(b.report, TextOptions{false, true, false});
  CHECK(text.find('\033') == std::string::npos);
}

TEST_CASE("json: valid against docs/report.schema.json for every result set, and deterministic") {
  for (Scenario s : kScenarios) {
    INFO(scenario_name(s));
    Built b = build(s);
    std::string text = render_json(b.report);
    json doc = json::parse(text);
    auto errors = validator().validate(doc);
    INFO((errors.empty() ? std::string() : errors[0]));
    CHECK(errors.empty());
    CHECK(doc["summary"]["exit_code"] == b.report.summary.exit_code);
    CHECK(doc["rules"].size() == 4);
    CHECK(doc["time"] == "2026-11-21T10:00:00Z");
    CHECK(render_json(build(s).report) == text);  // byte-identical on a second run
  }
}

TEST_CASE("json: the fields a pipeline reads") {
  json doc = json::parse(render_json(build(Scenario::kFailing).report));
  CHECK(doc["tool"]["name"] == "edict");
  CHECK(doc["host"] == "legacy-db-01");
  CHECK(doc["config"] == json{{"path", "edict.toml"}, {"fail_on", "info"}, {"unknown", "fail"}});
  CHECK(doc["summary"]["fail"] == 2);
  CHECK(doc["summary"]["waived"] == 1);
  CHECK(doc["summary"]["gate"] == "fail");
  const json& rule = doc["rules"][0];
  CHECK(rule["id"] == "windows.server2008.esu.build");
  CHECK(rule["policy"] == "windows.server2008.esu");
  CHECK(rule["outcome"] == "fail");
  CHECK(rule["severity"] == "critical");
  CHECK(rule["enforcement"] == "mandatory");
  CHECK(rule["location"] == json{{"path", "policies/ws2008.edict"}, {"line", 12}, {"column", 3}});
  CHECK(rule["explanation"]["requirement"] == "os.build >= 6003");
  CHECK(rule["explanation"]["values"][0]["value"] == "6002");
  CHECK(rule["facts"][1] == json{{"path", "os.build"}, {"known", true}, {"value", 6002}, {"display", "6002"},
                                 {"source", "file:sample.json"}, {"collected_at", rule["facts"][1]["collected_at"]},
                                 {"truncated", false}});
  const json& waived = doc["rules"][3];
  CHECK(waived["outcome"] == "waived");
  CHECK(waived["waiver"]["reason"] == "SMBv1 needed by the <scanner> & \"printer\"");
  CHECK(waived["waiver"]["expires"] == "2027-01-01");
  CHECK(waived["waiver"]["state"] == "active");
  json unknown = json::parse(render_json(build(Scenario::kUnknown).report));
  CHECK(unknown["rules"][2]["missing_facts"] == json{"windows.esu.licensed"});
  CHECK(unknown["rules"][2]["facts"][1]["known"] == false);
}

TEST_CASE("json: the validator catches a drifted report") {
  json doc = json::parse(render_json(build(Scenario::kFailing).report));
  doc["summary"].erase("gate");
  doc["rules"][0]["outcome"] = "failed";
  doc["rules"][1]["extra"] = 1;
  CHECK(validator().validate(doc).size() == 3);
}

TEST_CASE("json: invalid UTF-8 from a host becomes U+FFFD instead of an exception") {
  Built b = build(Scenario::kFailing);
  b.report.host = std::string("bad\xFFhost");
  json doc = json::parse(render_json(b.report));
  CHECK(doc["host"] == "bad\xEF\xBF\xBDhost");
}

TEST_CASE("junit: well-formed (xmllint), one suite per policy, counts per outcome") {
  for (Scenario s : kScenarios) {
    INFO(scenario_name(s));
    Built b = build(s);
    std::string xml = render_junit(b.report);
    std::string path = temp_file(std::string("junit-") + scenario_name(s) + ".xml", xml);
    int status = -1;
    std::string lint = run("xmllint --noout '" + path + "' 2>&1", &status);
    INFO(lint);
    CHECK(status == 0);
    CHECK(std::regex_search(xml, std::regex("<testsuite name=\"windows.server2008.esu\" tests=\"3\"")));
    CHECK(std::regex_search(xml, std::regex("<testsuite name=\"windows.hygiene\" tests=\"1\"")));
    // Counts in the <testsuites> element follow the gate (issue 17): failures and errors
    // are the outcomes that count against it, every other non-pass is skipped.
    int failures = 0, errors = 0, skipped = 0;
    for (const auto& r : b.report.rules) {
      if (r.outcome == Outcome::kPass) continue;
      bool gates = counts_against_gate(r, b.report.settings);
      failures += gates && r.outcome == Outcome::kFail;
      errors += gates && r.outcome != Outcome::kFail;
      skipped += !gates;
    }
    std::string expect = "<testsuites name=\"edict\" tests=\"4\" failures=\"" + std::to_string(failures) +
                         "\" errors=\"" + std::to_string(errors) + "\" skipped=\"" + std::to_string(skipped) + "\"";
    CHECK(xml.find(expect) != std::string::npos);
  }
  std::string failing = render_junit(build(Scenario::kFailing).report);
  CHECK(failing.find("<failure message=\"The OS build is 6003 or later\" type=\"fail\">") != std::string::npos);
  CHECK(failing.find("<skipped message=\"waived: SMBv1 needed by the &lt;scanner&gt; &amp; &quot;printer&quot; (until 2027-01-01)\"/>") !=
        std::string::npos);
  CHECK(failing.find("hostname=\"legacy-db-01\"") != std::string::npos);
  std::string unknown = render_junit(build(Scenario::kUnknown).report);
  CHECK(unknown.find("<error message=\"unknown: An ESU license is activated\" type=\"unknown\">") != std::string::npos);
}

TEST_CASE("junit: hostile text stays well-formed XML") {
  Built b = build(Scenario::kFailing);
  b.report.rules[0].explanation->values[0].value = std::string("]]></failure>\x01\x02<x>&", 20);
  b.report.rules[0].info.title = "a \"quoted\" <title>";
  std::string path = temp_file("junit-hostile.xml", render_junit(b.report));
  int status = -1;
  run("xmllint --noout '" + path + "' 2>&1", &status);
  CHECK(status == 0);
}

TEST_CASE("sarif: 2.1.0, one descriptor per rule, results at the rule, waivers as suppressions") {
  for (Scenario s : kScenarios) {
    INFO(scenario_name(s));
    Built b = build(s);
    json doc = json::parse(render_sarif(b.report));
    CHECK(doc["version"] == "2.1.0");
    REQUIRE(doc["runs"].size() == 1);
    const json& run = doc["runs"][0];
    CHECK(run["tool"]["driver"]["name"] == "edict");
    CHECK(run["tool"]["driver"]["rules"].size() == 4);
    size_t non_passing = 0;
    for (const auto& r : b.report.rules) non_passing += r.outcome != Outcome::kPass && r.outcome != Outcome::kSkip;
    CHECK(run["results"].size() == non_passing);
    for (const auto& result : run["results"]) {
      CHECK(result["ruleIndex"].get<size_t>() < 4);
      CHECK(run["tool"]["driver"]["rules"][result["ruleIndex"].get<size_t>()]["id"] == result["ruleId"]);
      CHECK(result["locations"][0]["physicalLocation"]["region"]["startLine"].get<int>() >= 1);
    }
    CHECK(run["invocations"][0]["exitCode"] == b.report.summary.exit_code);
  }
  json doc = json::parse(render_sarif(build(Scenario::kFailing).report));
  const json& d = doc["runs"][0]["tool"]["driver"]["rules"][0];
  CHECK(d["id"] == "windows.server2008.esu.build");
  CHECK(d["name"] == "The OS build is 6003 or later");
  CHECK(d["shortDescription"]["text"] == "The OS build is 6003 or later");
  CHECK(d["help"]["text"] ==
        "The OS build is 6003 or later\n\nRemediation: Install KB4493471 or any later monthly rollup.\n\nReferences: KB4493471");
  CHECK(d["help"]["markdown"] == "The OS build is 6003 or later\n\n**Remediation:** Install KB4493471 or any later "
                                 "monthly rollup.\n\n**References:**\n\n- KB4493471");
  CHECK(d["properties"]["security-severity"] == "9.5");
  CHECK_FALSE(d.contains("helpUri"));  // KB4493471 is not a URL
  CHECK(d["defaultConfiguration"]["level"] == "error");
  CHECK(doc["runs"][0]["tool"]["driver"]["rules"][3]["defaultConfiguration"]["level"] == "note");
  const json& results = doc["runs"][0]["results"];
  CHECK(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "policies/ws2008.edict");
  CHECK(results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 12);
  CHECK_FALSE(results[0].contains("suppressions"));
  CHECK(results[2]["ruleId"] == "windows.hygiene.smb1_disabled");
  CHECK(results[2]["suppressions"][0]["kind"] == "external");
  CHECK(results[2]["suppressions"][0]["justification"] == "SMBv1 needed by the <scanner> & \"printer\"");
}

TEST_CASE("markdown: summary, every policy and rule, requirement, evidence, waiver") {
  Built b = build(Scenario::kFailing);
  std::string md = render_markdown(b.report);
  CHECK(md.find("# Edict audit report") == 0);
  CHECK(md.find("| 4 | 1 | 2 | 0 | 0 | 0 | 1 |") != std::string::npos);
  CHECK(md.find("| Gate | **fail** (exit 1) |") != std::string::npos);
  CHECK(md.find("## Policy `windows.server2008.esu`: Windows Server 2008 stays on Extended Security Updates") !=
        std::string::npos);
  CHECK(md.find("Microsoft moved ESU-serviced hosts from build 6002 to 6003.\n\nSee KB4493471.") != std::string::npos);
  CHECK(md.find("- Applies when: `os.family == \"windows\"`") != std::string::npos);
  CHECK(md.find("### FAIL `windows.server2008.esu.build`: The OS build is 6003 or later") != std::string::npos);
  CHECK(md.find("```text\nrequire os.build >= 6003\n```") != std::string::npos);
  CHECK(md.find("| `os.build` | `6002` | file:sample.json |") != std::string::npos);
  CHECK(md.find("SMBv1 is disabled \\<&\"'\\>") != std::string::npos);
  CHECK(md.find("Waiver: SMBv1 needed by the \\<scanner\\> & \"printer\"") != std::string::npos);
  CHECK(md.find("- References: `KB4493471`") != std::string::npos);
  std::string unknown = render_markdown(build(Scenario::kUnknown).report);
  CHECK(unknown.find("| `windows.esu.licensed` | *unknown* |") != std::string::npos);
  CHECK(unknown.find("Missing facts: `windows.esu.licensed`") != std::string::npos);
}

TEST_CASE("html: self-contained, escaped, printable") {
  Built b = build(Scenario::kFailing);
  b.report.rules[0].info.title = "<script>alert(1)</script>";
  std::string html = render_html(b.report);
  CHECK(html.find("<!DOCTYPE html>") == 0);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("@media print") != std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("src=") == std::string::npos);
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("id=\"count-fail\">2<") != std::string::npos);
}

TEST_CASE("html: headless Chromium renders the summary counts") {
  if (std::system("command -v chromium >/dev/null 2>&1") != 0) {
    WARN("chromium is not installed: skipping the browser check (scripts/bootstrap installs it)");
    return;
  }
  for (Scenario s : kScenarios) {
    INFO(scenario_name(s));
    Built b = build(s);
    std::string path = temp_file(std::string("report-") + scenario_name(s) + ".html", render_html(b.report));
    char profile[] = "/tmp/edict-chromium-XXXXXX";
    REQUIRE(::mkdtemp(profile));
    std::string dom = run(std::string("timeout 120 chromium --headless --no-sandbox --disable-gpu "
                                      "--disable-background-networking --disable-component-update --disable-sync "
                                      "--no-first-run --user-data-dir=") +
                          profile + " --dump-dom 'file://" + path + "' 2>/dev/null");
    std::filesystem::remove_all(profile);
    REQUIRE_FALSE(dom.empty());
    const auto& sum = b.report.summary;
    for (Outcome o : {Outcome::kPass, Outcome::kFail, Outcome::kUnknown, Outcome::kWaived}) {
      std::string cell = std::string("id=\"count-") + outcome_name(o) + "\">" + std::to_string(sum.count(o)) + "<";
      INFO(cell);
      CHECK(dom.find(cell) != std::string::npos);
    }
    CHECK(dom.find(std::string("class=\"gate-") + gate_name(sum.gate) + "\"") != std::string::npos);
  }
}

TEST_CASE("rulebook: every policy and rule with metadata, applicability and requirements") {
  auto s = make_sample(Scenario::kFailing);
  s.rules[1].when_text = "exists(network.routes)";
  Rulebook book{s.policies, s.rules, "0.1.0"};
  std::string md = render_rulebook_markdown(book);
  CHECK(md.find("2 policies, 4 rules.") != std::string::npos);
  CHECK(md.find("### `windows.server2008.esu.air_gapped`: There is no route to the internet") != std::string::npos);
  CHECK(md.find("- Applies when: `exists(network.routes)`") != std::string::npos);
  CHECK(md.find("require not net.has_internet_route(network.routes)") != std::string::npos);
  CHECK(md.find("Outcome") == std::string::npos);  // nothing is evaluated
  std::string html = render_rulebook_html(book);
  CHECK(html.find("<code>windows.hygiene.smb1_disabled</code>: SMBv1 is disabled &lt;&amp;&quot;&#39;&gt;") !=
        std::string::npos);
  CHECK(html.find("Outcome") == std::string::npos);
  CHECK(html.rfind("</html>\n") == html.size() - 8);
}
