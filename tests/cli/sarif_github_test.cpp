// Issue 17: SARIF that GitHub code scanning can map and rank. Locations are relative to
// the repository root (`uriBaseId: %SRCROOT%`, with `originalUriBaseIds`) and the same
// whatever directory `edict check` runs from; each rule has fullDescription, help (text
// and Markdown), helpUri from a URL ref and properties.security-severity in its
// severity's band. The multitool is not used (a .NET binary); these assertions follow
// GitHub's page "SARIF support for code scanning" (docs/report-formats.md).
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "run_edict.h"

using edict::testing::read_file;
using edict::testing::run_edict;
using edict::testing::RunResult;
using edict::testing::scratch_dir;
using nlohmann::json;

namespace {

const std::string kRoot = EDICT_SOURCE_DIR;
const std::string kExample = kRoot + "/examples/legacy-estate";

json sarif_from(const std::string& cwd, const std::string& args, const std::string& name) {
  std::string path = scratch_dir("sarif-github") + "/" + name + ".sarif";
  RunResult r = run_edict(args + " --now 2026-11-21 --output sarif='" + path + "'", cwd);
  INFO(r.err);
  CHECK(r.exit_code != 2);  // evaluated: the gate's exit code is the test's business
  return json::parse(read_file(path), nullptr, false);
}

std::vector<json> locations(const json& sarif) {
  std::vector<json> out;
  for (const auto& r : sarif["runs"][0]["results"]) out.push_back(r["locations"][0]["physicalLocation"]["artifactLocation"]);
  return out;
}

// GitHub: security-severity is a score 0.0-10.0, read as low 0.1-3.9, medium 4.0-6.9,
// high 7.0-8.9, critical 9.0-10.0.
bool in_band(const std::string& severity, double score) {
  if (severity == "critical") return score >= 9.0 && score <= 10.0;
  if (severity == "high") return score >= 7.0 && score < 9.0;
  if (severity == "medium") return score >= 4.0 && score < 7.0;
  if (severity == "low") return score > 0.0 && score < 4.0;
  return false;
}

}  // namespace

TEST_CASE("sarif for GitHub: locations relative to the repository root, the same from any directory") {
  REQUIRE(std::filesystem::exists(kRoot + "/.git"));  // the tests run in a git checkout (CI clones)
  json from_example = sarif_from("examples/legacy-estate", "check --facts facts/legacy-db-01.json", "example");
  json from_root = sarif_from(".", "check --config examples/legacy-estate/edict.toml --facts examples/legacy-estate/facts/legacy-db-01.json", "root");
  json from_elsewhere = sarif_from("tests/data", "check --config '" + kExample + "/edict.toml' --facts '" + kExample +
                                                     "/facts/legacy-db-01.json'", "elsewhere");
  REQUIRE(from_example.is_object());
  auto expected = locations(from_example);
  REQUIRE(expected.size() == 1);
  CHECK(expected[0] == json{{"uri", "policies/windows/server2008_esu.edict"}, {"uriBaseId", "%SRCROOT%"}});
  CHECK(locations(from_root) == expected);
  CHECK(locations(from_elsewhere) == expected);
  std::string base = from_example["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"];
  std::string root_uri = "file://" + std::filesystem::path(kRoot).lexically_normal().string();
  if (root_uri.back() != '/') root_uri += '/';
  CHECK(base == root_uri);
  CHECK(from_elsewhere["runs"][0]["originalUriBaseIds"] == from_example["runs"][0]["originalUriBaseIds"]);
}

TEST_CASE("sarif for GitHub: every rule has full description, help, security-severity in its band, helpUri from a URL") {
  json sarif = sarif_from(".", "check policies --facts policies/windows/fixtures/ws2008-sp2-6002-internet.json --unknown warn --fail-on critical",
                          "rules");
  REQUIRE(sarif.is_object());
  CHECK(sarif["version"] == "2.1.0");
  const json& rules = sarif["runs"][0]["tool"]["driver"]["rules"];
  REQUIRE(rules.size() > 10);
  std::set<std::string> ids;
  bool some_help_uri = false;
  for (const auto& rule : rules) {
    std::string id = rule["id"];
    INFO(id);
    CHECK(ids.insert(id).second);  // GitHub keys alerts by rule id: unique
    CHECK_FALSE(rule["fullDescription"]["text"].get<std::string>().empty());
    CHECK_FALSE(rule["help"]["text"].get<std::string>().empty());
    CHECK_FALSE(rule["help"]["markdown"].get<std::string>().empty());
    std::string severity = rule["properties"]["severity"];
    if (severity != "info") {
      REQUIRE(rule["properties"]["security-severity"].is_string());
      CHECK(in_band(severity, std::stod(rule["properties"]["security-severity"].get<std::string>())));
    }
    if (rule.contains("helpUri")) {
      some_help_uri = true;
      CHECK(rule["helpUri"].get<std::string>().rfind("https://", 0) == 0);
    }
  }
  CHECK(some_help_uri);  // the Windows pack cites Microsoft's lifecycle pages
  for (const auto& result : sarif["runs"][0]["results"]) {
    CHECK(ids.count(result["ruleId"].get<std::string>()) == 1);
    CHECK_FALSE(result["message"]["text"].get<std::string>().empty());
    const json& loc = result["locations"][0]["physicalLocation"];
    CHECK(loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
    CHECK(loc["artifactLocation"]["uri"].get<std::string>().find(':') == std::string::npos);  // relative
    CHECK(loc["region"]["startLine"].get<int>() >= 1);
  }
}
