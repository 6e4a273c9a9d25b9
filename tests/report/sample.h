// Hand-built rule tables and result sets for the report tests: the same shapes the
// compiler and the VM produce, so the formats are tested before (and apart from) them.
#pragma once

#include <string>
#include <vector>

#include "report/report.h"
#include "runtime/facts/load.h"

namespace edict::testing {

enum class Scenario { kFailing, kPassing, kUnknown };

struct Sample {
  std::vector<PolicyInfo> policies;
  std::vector<RuleInfo> rules;
  std::vector<RuleResult> results;
  Facts facts;
};

inline RuleInfo make_rule(std::string id, uint32_t policy, std::string title, Level severity,
                          Enforcement enforcement, std::string require, std::vector<std::string> facts,
                          uint32_t line) {
  RuleInfo r;
  r.id = std::move(id);
  r.policy_index = policy;
  r.name = r.id.substr(r.id.rfind('.') + 1);
  r.title = std::move(title);
  r.severity = severity;
  r.enforcement = enforcement;
  r.require_texts = {std::move(require)};
  r.require_locations = {SourceLocation{"policies/ws2008.edict", line + 1, 13}};
  r.fact_paths = std::move(facts);
  r.location = SourceLocation{"policies/ws2008.edict", line, 3};
  r.refs = {"KB4493471"};
  r.tags = {"windows"};
  return r;
}

// Two policies: windows.server2008.esu (build: critical, air_gapped: high, license:
// high) and windows.hygiene (smb1: low advisory).
inline Sample make_sample(Scenario scenario) {
  Sample s;
  PolicyInfo esu;
  esu.id = "windows.server2008.esu";
  esu.name = "esu";
  esu.title = "Windows Server 2008 stays on Extended Security Updates";
  esu.description = "Microsoft moved ESU-serviced hosts\nfrom build 6002 to 6003.\n\nSee KB4493471.";
  esu.severity = Level::kCritical;
  esu.when_text = "os.family == \"windows\"";
  esu.location = {"policies/ws2008.edict", 10, 1};
  esu.refs = {"KB4493471"};
  PolicyInfo hygiene;
  hygiene.id = "windows.hygiene";
  hygiene.name = "hygiene";
  hygiene.title = "Windows hygiene";
  hygiene.enforcement = Enforcement::kAdvisory;
  hygiene.location = {"policies/ws2008.edict", 40, 1};
  s.policies = {esu, hygiene};

  s.rules.push_back(make_rule("windows.server2008.esu.build", 0, "The OS build is 6003 or later", Level::kCritical,
                              Enforcement::kMandatory, "os.build >= 6003", {"os.family", "os.build"}, 12));
  s.rules.back().remediation = "Install KB4493471 or any later monthly rollup.";
  s.rules.push_back(make_rule("windows.server2008.esu.air_gapped", 0, "There is no route to the internet",
                              Level::kHigh, Enforcement::kMandatory, "not net.has_internet_route(network.routes)",
                              {"os.family", "network.routes"}, 17));
  s.rules.push_back(make_rule("windows.server2008.esu.esu_license", 0, "An ESU license is activated", Level::kHigh,
                              Enforcement::kMandatory, "windows.esu.licensed", {"os.family", "windows.esu.licensed"},
                              21));
  s.rules.push_back(make_rule("windows.hygiene.smb1_disabled", 1, "SMBv1 is disabled <&\"'>", Level::kLow,
                              Enforcement::kAdvisory, "not windows.smb.v1_enabled", {"windows.smb.v1_enabled"}, 42));

  std::string facts_json;
  auto result = [&](uint32_t i, Outcome o) {
    RuleResult r;
    r.rule_index = i;
    r.outcome = o;
    return r;
  };
  switch (scenario) {
    case Scenario::kFailing: {
      facts_json = R"({"host": {"name": "legacy-db-01"}, "os": {"family": "windows", "build": 6002},
                      "network": {"routes": [{"destination": "0.0.0.0/0", "gateway": "10.0.0.1", "interface": "eth0",
                      "metric": 1, "family": "ipv4"}]}, "windows": {"esu": {"licensed": true}, "smb": {"v1_enabled": true}}})";
      RuleResult build = result(0, Outcome::kFail);
      Explanation e;
      e.require_text = "os.build >= 6003";
      e.location = {"policies/ws2008.edict", 13, 13};
      // Field by field, not `{TracedValue{{"...", 13, 13}, ...}}`: GCC 12 at -O3 calls the
      // braced temporary's SourceLocation::path "maybe uninitialized" (a false positive).
      TracedValue traced;
      traced.location.path = "policies/ws2008.edict";
      traced.location.line = 13;
      traced.location.column = 13;
      traced.length = 8;
      traced.source = "os.build";
      traced.value = "6002";
      e.values.push_back(std::move(traced));
      build.explanation = e;
      RuleResult air = result(1, Outcome::kFail);
      Explanation a;
      a.require_text = "not net.has_internet_route(network.routes)";
      a.location = {"policies/ws2008.edict", 18, 13};
      a.notes = {"route 0.0.0.0/0 via 10.0.0.1 is an internet route"};
      air.explanation = a;
      s.results = {build, air, result(2, Outcome::kPass), result(3, Outcome::kFail)};
      break;
    }
    case Scenario::kPassing:
      facts_json = R"({"host": {"name": "ws-02"}, "os": {"family": "windows", "build": 6003}, "network": {"routes": []},
                      "windows": {"esu": {"licensed": true}, "smb": {"v1_enabled": false}}})";
      s.results = {result(0, Outcome::kPass), result(1, Outcome::kPass), result(2, Outcome::kPass),
                   result(3, Outcome::kPass)};
      break;
    case Scenario::kUnknown: {
      facts_json = R"({"host": {"name": "ws-03"}, "os": {"family": "windows", "build": 6003}, "network": {"routes": []}})";
      RuleResult license = result(2, Outcome::kUnknown);
      license.missing_facts = {"windows.esu.licensed"};
      RuleResult smb = result(3, Outcome::kUnknown);
      smb.missing_facts = {"windows.smb.v1_enabled"};
      s.results = {result(0, Outcome::kPass), result(1, Outcome::kPass), license, smb};
      break;
    }
  }
  SourceManager sources;
  DiagnosticSink sink;
  auto facts = load_facts_text("sample.json", facts_json, FactsFormat::kJson, FactSchema::core(), sources, sink);
  if (facts) s.facts = std::move(*facts);
  return s;
}

}  // namespace edict::testing
