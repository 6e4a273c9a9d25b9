// append_host_json (report/json_stream.h) writes a fleet host's JSON without nlohmann's
// DOM; its bytes must be exactly the DOM path's (report_to_json + source + load_error,
// dumped compactly with error_handler_t::replace), which the ndjson and json fleets
// wrote before. Each case renders both and compares them byte for byte.
#include <catch2/catch.hpp>

#include "report/escape.h"
#include "report/formats.h"
#include "report/json_stream.h"
#include "sample.h"

using namespace edict;
using namespace edict::report;
using edict::testing::make_sample;
using edict::testing::Scenario;

namespace {

using Json = nlohmann::ordered_json;

std::string dom_path(const Report& report, const std::string& source, const std::optional<HostError>& error) {
  Json j = report_to_json(report);
  j["source"] = valid_utf8(source);
  if (error) j["load_error"] = Json{{"code", error->code}, {"message", valid_utf8(error->message)}};
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string streamed(const Report& report, const std::string& source, const std::optional<HostError>& error) {
  std::string out = "x";  // appends: what is there stays
  append_host_json(report, source, error, out);
  REQUIRE(out[0] == 'x');
  return out.substr(1);
}

Report sample_report(Scenario scenario, const Config* config = nullptr) {
  auto s = make_sample(scenario);
  BuildInput in;
  in.policies = &s.policies;
  in.rules = &s.rules;
  in.results = &s.results;
  in.facts = &s.facts;
  in.config = config;
  in.now = 1795000000;
  in.tool_version = "0.9.0";
  return build_report(in);
}

EvidenceValue text_value(std::string text) {
  EvidenceValue v;
  v.kind = EvidenceValue::Kind::kString;
  v.text = std::move(text);
  return v;
}

}  // namespace

TEST_CASE("json_stream: a host's JSON is the DOM path's bytes for every sample scenario") {
  for (Scenario scenario : {Scenario::kFailing, Scenario::kPassing, Scenario::kUnknown}) {
    Report report = sample_report(scenario);
    REQUIRE(!report.rules.empty());
    CHECK(streamed(report, "hosts.ndjson:3", std::nullopt) == dom_path(report, "hosts.ndjson:3", std::nullopt));
  }
}

TEST_CASE("json_stream: waivers (active, expired, no expiry), warnings and an error host match the DOM path") {
  Config config;
  config.path = "edict.toml";
  Waiver active;
  active.rule = "windows.server2008.*";
  active.reason = "change \"4411\"";
  active.approved_by = "ciso";
  active.expires = 20600;  // a day number in 2026
  active.location = {"edict.toml", 3, 1};
  Waiver forever = active;
  forever.expires.reset();
  forever.approved_by.clear();
  config.waivers = {active, forever};
  Report report = sample_report(Scenario::kFailing, &config);
  report.warnings.push_back({"W0601", "waiver for `x` expires on 2026-05-27 (in 3 days)"});
  CHECK(streamed(report, "facts/a.json", std::nullopt) == dom_path(report, "facts/a.json", std::nullopt));
  HostError error{"E0503", "hosts.ndjson:7:3: invalid JSON: \"quoted\"\tand\x01 tab"};
  CHECK(streamed(report, "hosts.ndjson:7", error) == dom_path(report, "hosts.ndjson:7", error));
}

TEST_CASE("json_stream: escapes, non-ASCII, invalid UTF-8 and every evidence kind match the DOM path") {
  Report report = sample_report(Scenario::kFailing);
  REQUIRE(!report.rules.empty());
  report.host = std::string("web\x7f-\xc3\xa9\x01\"\\/\b\f\n\r\t\x1f-\xff\xfe");
  report.config_path = "C:\\edict\\edict.toml";
  RuleEntry& rule = report.rules[0];
  rule.error = "bad \xc0\xaf overlong, \xed\xa0\x80 surrogate, \xf4\x90\x80\x80 past U+10FFFF";
  rule.missing_facts = {"a.b", "\xe2\x82", ""};
  FactEvidence ev;
  ev.path = "sysctl";
  ev.value = "{...}";
  ev.data.kind = EvidenceValue::Kind::kMap;
  ev.data.keys = {"plain", "bad\xff key", "n\xc3\xa9", "list", "float", "big", "neg", "null", "bool"};
  EvidenceValue list;
  list.kind = EvidenceValue::Kind::kList;
  list.items = {text_value("\xe2\x82\xac ok"), text_value("cut \xe2\x82"), text_value(""), EvidenceValue{}};
  EvidenceValue f;
  f.kind = EvidenceValue::Kind::kFloat;
  f.number = 0.1;
  EvidenceValue big;
  big.kind = EvidenceValue::Kind::kInt;
  big.integer = INT64_MAX;
  EvidenceValue neg;
  neg.kind = EvidenceValue::Kind::kInt;
  neg.integer = INT64_MIN;
  EvidenceValue yes;
  yes.kind = EvidenceValue::Kind::kBool;
  yes.boolean = true;
  ev.data.items = {text_value("v\x02"), text_value("\xff\xfe raw"), text_value("caf\xc3\xa9"), list, f, big, neg,
                   EvidenceValue{}, yes};
  ev.source = "file:/etc/\xff";
  ev.collected_at = "2026-11-21T00:00:00Z";
  ev.truncated = true;
  rule.evidence.push_back(ev);
  FactEvidence unknown;
  unknown.path = "windows.esu.licensed";
  rule.evidence.push_back(unknown);
  Explanation e;
  e.keyword = "when";
  e.require_index = 2;
  e.require_text = "os.build >= 6003 \xff";
  e.location = {"p.edict", 12, 3};
  TracedValue v;
  v.source = "os.build";
  v.value = "6002";
  v.within = "is_prod()";
  e.values = {v, TracedValue{}};
  e.notes = {"route 0.0.0.0/0 \xe2\x86\x92 10.0.0.1"};
  rule.explanation = e;
  for (double x : {1e300, -0.0, 3.0, 1.5e-7}) {
    ev.data.items[4].number = x;
    rule.evidence[0] = ev;
    CHECK(streamed(report, "h\xffost.json", std::nullopt) == dom_path(report, "h\xffost.json", std::nullopt));
  }
  Report empty;  // no policies, no rules, no host
  CHECK(streamed(empty, "", std::nullopt) == dom_path(empty, "", std::nullopt));
}

TEST_CASE("json_stream: an escape at every offset of the 8-byte scan matches the DOM path") {
  Report report = sample_report(Scenario::kFailing);
  REQUIRE(!report.rules.empty());
  for (size_t k = 0; k < 20; ++k)
    for (const char* special : {"\"", "\\", "\x01", "\x1f", "\n", "\x7f", "\xc3\xa9", " "}) {
      report.rules[0].error = std::string(k, 'a') + special + std::string(k % 9, 'b');
      report.rules[0].missing_facts = {std::string(k, 'c') + special, special + std::string(k, 'd')};
      INFO("offset " << k << ", byte " << static_cast<int>(static_cast<unsigned char>(special[0])));
      CHECK(streamed(report, "s", std::nullopt) == dom_path(report, "s", std::nullopt));
    }
}
