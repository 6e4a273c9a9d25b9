// What each report entry shows of the facts its rule reads: bounded, so a report grows
// with the facts plus the rules, never their product. 200 rules reading one 1.3 MB list
// once copied it 200 times (3.6 GB, then bad_alloc); a 50,000-key map took a minute to
// turn into JSON (quadratic), once per rule.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>

#include "report/evidence.h"
#include "report/formats.h"
#include "report/report.h"
#include "runtime/facts/load.h"
#include "tests/report/json_schema.h"

using namespace edict;
using namespace edict::report;
using nlohmann::json;

namespace {

Facts load(const std::string& text) {
  SourceManager sources;
  DiagnosticSink sink;
  auto facts = load_facts_text("big.json", text, FactsFormat::kJson, FactSchema::core(), sources, sink);
  REQUIRE(facts);
  return std::move(*facts);
}

std::string hotfix_list_json(size_t n) {
  std::string text = R"({"host": {"name": "h"}, "windows": {"hotfixes": [)";
  for (size_t i = 0; i < n; ++i) text += (i ? ",\"KB" : "\"KB") + std::to_string(4000000 + i) + "\"";
  return text + "]}}";
}

std::string sysctl_map_json(size_t n) {
  std::string text = R"({"sysctl": {)";
  for (size_t i = 0; i < n; ++i) text += (i ? ",\"net.k" : "\"net.k") + std::to_string(100000 + i) + "\": \"1\"";
  return text + "}}";
}

Report report_of(const Facts& facts, size_t rules, const std::string& path) {
  static std::vector<PolicyInfo> policies(1);
  policies[0].id = "p";
  std::vector<RuleInfo> infos;
  std::vector<RuleResult> results;
  for (size_t i = 0; i < rules; ++i) {
    RuleInfo r;
    r.id = "p.r" + std::to_string(i);
    r.fact_paths = {path};
    infos.push_back(r);
    RuleResult result;
    result.rule_index = static_cast<uint32_t>(i);
    result.outcome = Outcome::kPass;
    results.push_back(result);
  }
  BuildInput input;
  input.policies = &policies;
  input.rules = &infos;
  input.results = &results;
  input.facts = &facts;
  return build_report(input);  // copies what it keeps
}

testing::JsonSchemaValidator& validator() {
  static testing::JsonSchemaValidator v = [] {
    std::ifstream in(std::string(EDICT_SOURCE_DIR) + "/docs/report.schema.json");
    return testing::JsonSchemaValidator(json::parse(in));
  }();
  return v;
}

}  // namespace

TEST_CASE("evidence: a huge list read by many rules shows a bounded start in each entry, and says so") {
  Facts facts = load(hotfix_list_json(20000));
  Report report = report_of(facts, 50, "windows.hotfixes");
  REQUIRE(report.rules.size() == 50);
  for (const RuleEntry& entry : report.rules) {
    REQUIRE(entry.evidence.size() == 1);
    const FactEvidence& ev = entry.evidence[0];
    CHECK(ev.truncated);
    REQUIRE(ev.value);
    CHECK(ev.value->size() <= kMaxEvidenceBytes + 64);
    CHECK(ev.value->rfind("[\"KB4000000\", \"KB4000001\", ", 0) == 0);
    std::string note = "... (20000 items in all)";
    REQUIRE(ev.value->size() > note.size());
    CHECK(ev.value->compare(ev.value->size() - note.size(), note.size(), note) == 0);
    auto value = evidence_value_to_json(ev.data);
    REQUIRE(value.is_array());
    CHECK(value.size() > 100);  // a useful start, not nothing
    CHECK(value.size() < 20000);
    CHECK(value[0] == "KB4000000");
    CHECK(value.dump().size() <= kMaxEvidenceBytes + 64);
  }
  std::string text = render_json(report);
  // 50 entries of about 4 KiB of display and 4 KiB of value each (more once the report
  // is indented), not 50 copies of 240 KB.
  CHECK(text.size() < 50 * 4 * (kMaxEvidenceBytes + 1024));
  json doc = json::parse(text);
  CHECK(doc["rules"][0]["facts"][0]["truncated"] == true);
  CHECK(validator().validate(doc).empty());
}

TEST_CASE("evidence: a 20,000-key map becomes a bounded, sorted prefix of its entries") {
  Facts facts = load(sysctl_map_json(20000));
  Report report = report_of(facts, 3, "sysctl");
  const FactEvidence& ev = report.rules[2].evidence[0];
  CHECK(ev.truncated);
  auto value = evidence_value_to_json(ev.data);
  REQUIRE(value.is_object());
  CHECK(value.size() > 50);
  CHECK(value.size() < 20000);
  CHECK(value.begin().key() == "net.k100000");
  CHECK(value["net.k100001"] == "1");
  REQUIRE(ev.value);
  CHECK(ev.value->find("... (20000 entries in all)") != std::string::npos);
  CHECK(ev.value->size() <= kMaxEvidenceBytes + 64);
}

TEST_CASE("evidence: a long string is cut on a character boundary, small values stay whole") {
  std::string big(300000, 'a');
  big[kMaxEvidenceBytes - 3] = '\xC3';  // a two-byte character across the cut
  big[kMaxEvidenceBytes - 2] = '\xA9';
  big[kMaxEvidenceBytes - 1] = '\xC3';
  big[kMaxEvidenceBytes] = '\xA9';
  Facts facts = load(R"({"host": {"name": ")" + big + R"("}, "os": {"build": 6002, "version": "6.0.6002"}})");
  FactEvidence name = evidence_of(facts, "host.name");
  CHECK(name.truncated);
  REQUIRE(name.value);
  CHECK(name.value->find("... (300000 bytes in all)") != std::string::npos);
  CHECK(name.data.kind == EvidenceValue::Kind::kString);
  CHECK(name.data.text.size() < kMaxEvidenceBytes);
  CHECK(json(name.data.text).dump().size() > 0);  // valid UTF-8, or dump would throw

  FactEvidence build = evidence_of(facts, "os.build");
  CHECK_FALSE(build.truncated);
  CHECK(build.value == std::optional<std::string>("6002"));
  CHECK(evidence_value_to_json(build.data) == 6002);
  FactEvidence version = evidence_of(facts, "os.version");
  CHECK(evidence_value_to_json(version.data) == "6.0.6002");
  FactEvidence missing = evidence_of(facts, "os.family");
  CHECK_FALSE(missing.value);
  CHECK(missing.data.kind == EvidenceValue::Kind::kNull);
  CHECK_FALSE(missing.truncated);
}

TEST_CASE("evidence: a value just under the bound is shown whole") {
  Facts facts = load(hotfix_list_json(100));  // about 1.3 KB
  FactEvidence ev = evidence_of(facts, "windows.hotfixes");
  CHECK_FALSE(ev.truncated);
  CHECK(ev.data.items.size() == 100);
  REQUIRE(ev.value);
  CHECK(ev.value->back() == ']');
}
