// The exit-code contract (docs/exit-codes.md) and waivers, decided on hand-built
// results. Catches: an advisory rule gating, unknown passing, an expired waiver still
// hiding a failure, a host-scoped waiver applying to every host.
#include <catch2/catch.hpp>

#include "report/formats.h"
#include "report/report.h"
#include "report/time_util.h"
#include "sample.h"

using namespace edict;
using namespace edict::report;
using edict::testing::make_sample;
using edict::testing::Scenario;

namespace {

const int64_t kNow = *parse_timestamp("2026-11-21T10:00:00Z");

Report build(const testing::Sample& s, const Config& config, DiagnosticSink* sink = nullptr) {
  BuildInput in;
  in.policies = &s.policies;
  in.rules = &s.rules;
  in.results = &s.results;
  in.facts = &s.facts;
  in.config = &config;
  in.now = kNow;
  in.tool_version = "0.1.0";
  return build_report(in, sink);
}

Waiver waiver(std::string rule, std::optional<std::string> expires = std::nullopt, std::vector<std::string> hosts = {}) {
  Waiver w;
  w.rule = std::move(rule);
  w.reason = "vendor link until change 4411";
  w.hosts = std::move(hosts);
  if (expires) w.expires = day_of(*parse_timestamp(*expires));
  w.location = {"edict.toml", 7, 1};
  return w;
}

const RuleEntry& entry(const Report& r, const std::string& id) {
  for (const auto& e : r.rules)
    if (e.info.id == id) return e;
  FAIL("no rule " << id);
  return r.rules[0];
}

}  // namespace

TEST_CASE("exit 1 when a mandatory rule at or above fail_on fails") {
  auto s = make_sample(Scenario::kFailing);
  Report r = build(s, Config{});
  CHECK(r.summary.exit_code == 1);
  CHECK(r.summary.gate == Gate::kFail);
  CHECK(r.summary.count(Outcome::kFail) == 3);
  CHECK(r.summary.count(Outcome::kPass) == 1);
  CHECK(entry(r, "windows.server2008.esu.build").blocks);
  // The advisory rule failed too, but advisory never gates.
  CHECK_FALSE(entry(r, "windows.hygiene.smb1_disabled").gating);
  CHECK_FALSE(entry(r, "windows.hygiene.smb1_disabled").blocks);
}

TEST_CASE("exit 0 when everything passes") {
  auto s = make_sample(Scenario::kPassing);
  Report r = build(s, Config{});
  CHECK(r.summary.exit_code == 0);
  CHECK(r.summary.gate == Gate::kPass);
  CHECK(r.host == "ws-02");
}

TEST_CASE("exit 3 when a gating rule is unknown and unknown = fail, 0 under warn") {
  auto s = make_sample(Scenario::kUnknown);
  Config config;
  Report r = build(s, config);
  CHECK(r.summary.exit_code == 3);
  CHECK(r.summary.gate == Gate::kBlocked);
  CHECK(entry(r, "windows.server2008.esu.esu_license").blocks);
  CHECK_FALSE(entry(r, "windows.hygiene.smb1_disabled").blocks);  // advisory unknown never blocks
  config.gate.unknown = UnknownMode::kWarn;
  CHECK(build(s, config).summary.exit_code == 0);
}

TEST_CASE("an error outcome of a gating rule blocks even under unknown = warn") {
  auto s = make_sample(Scenario::kPassing);
  s.results[1].outcome = Outcome::kError;
  s.results[1].error = "fact `network.routes` is a string, expected list";
  Config config;
  config.gate.unknown = UnknownMode::kWarn;
  Report r = build(s, config);
  CHECK(r.summary.exit_code == 3);
  CHECK(entry(r, "windows.server2008.esu.air_gapped").blocks);
}

TEST_CASE("fail wins over unknown, and only the failures are marked as blocking") {
  auto s = make_sample(Scenario::kFailing);
  s.results[2].outcome = Outcome::kUnknown;
  Report r = build(s, Config{});
  CHECK(r.summary.exit_code == 1);
  CHECK_FALSE(entry(r, "windows.server2008.esu.esu_license").blocks);
}

TEST_CASE("below fail_on a rule neither fails nor blocks the gate") {
  auto s = make_sample(Scenario::kFailing);
  Config config;
  config.gate.fail_on = Level::kCritical;
  s.results[0].outcome = Outcome::kPass;  // only the high rule fails now
  CHECK(build(s, config).summary.exit_code == 0);
  auto u = make_sample(Scenario::kUnknown);  // license (high) is unknown
  CHECK(build(u, config).summary.exit_code == 0);
  config.gate.fail_on = Level::kHigh;
  CHECK(build(s, config).summary.exit_code == 1);
  CHECK(build(u, config).summary.exit_code == 3);
}

TEST_CASE("skip never gates, a rule with no result is an error, never a pass") {
  auto s = make_sample(Scenario::kPassing);
  for (auto& r : s.results) r.outcome = Outcome::kSkip;
  CHECK(build(s, Config{}).summary.exit_code == 0);
  s.results.pop_back();
  s.results.pop_back();  // the esu_license rule (high, mandatory) got no result
  Report r = build(s, Config{});
  CHECK(entry(r, "windows.server2008.esu.esu_license").outcome == Outcome::kError);
  CHECK(r.summary.exit_code == 3);
}

TEST_CASE("an active waiver turns fail into waived, with its reason") {
  auto s = make_sample(Scenario::kFailing);
  Config config;
  config.waivers = {waiver("windows.server2008.esu.build", "2027-03-31"),
                    waiver("windows.server2008.esu.air_gapped")};
  DiagnosticSink sink;
  Report r = build(s, config, &sink);
  const auto& build_rule = entry(r, "windows.server2008.esu.build");
  CHECK(build_rule.outcome == Outcome::kWaived);
  REQUIRE(build_rule.waiver);
  CHECK(build_rule.waiver->reason == "vendor link until change 4411");
  CHECK(build_rule.waiver->state == WaiverState::kActive);
  CHECK(build_rule.waiver->expires == "2027-03-31");
  CHECK(r.summary.exit_code == 0);
  CHECK(r.summary.count(Outcome::kWaived) == 2);
  CHECK(r.warnings.empty());
  CHECK(sink.diagnostics().empty());
}

TEST_CASE("a waiver expiring within 14 days still applies and is warned about") {
  auto s = make_sample(Scenario::kFailing);
  Config config;
  config.waivers = {waiver("windows.server2008.esu.*", "2026-12-01")};
  DiagnosticSink sink;
  Report r = build(s, config, &sink);
  CHECK(entry(r, "windows.server2008.esu.build").outcome == Outcome::kWaived);
  CHECK(entry(r, "windows.server2008.esu.build").waiver->state == WaiverState::kExpiring);
  CHECK(r.summary.exit_code == 0);
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].code == "W0601");
  CHECK(r.warnings[0].message == "waiver for `windows.server2008.esu.*` expires on 2026-12-01 (in 10 days)");
  REQUIRE(sink.diagnostics().size() == 1);
  CHECK(sink.diagnostics()[0].severity == Severity::kWarning);
  CHECK_FALSE(sink.has_errors());
}

TEST_CASE("on its expiry date a waiver still applies, the day after it does not") {
  auto s = make_sample(Scenario::kFailing);
  Config config;
  config.waivers = {waiver("windows.server2008.esu.*", "2026-11-21")};
  CHECK(build(s, config).summary.exit_code == 0);
  config.waivers = {waiver("windows.server2008.esu.*", "2026-11-20")};
  CHECK(build(s, config).summary.exit_code == 1);
}

TEST_CASE("an expired waiver no longer applies: the fail stays, gates, and is reported") {
  auto s = make_sample(Scenario::kFailing);
  Config config;
  config.waivers = {waiver("windows.server2008.esu.build", "2026-01-31"),
                    waiver("windows.server2008.esu.air_gapped")};
  DiagnosticSink sink;
  Report r = build(s, config, &sink);
  const auto& rule = entry(r, "windows.server2008.esu.build");
  CHECK(rule.outcome == Outcome::kFail);
  REQUIRE(rule.waiver);
  CHECK(rule.waiver->state == WaiverState::kExpired);
  CHECK(rule.blocks);
  CHECK(r.summary.exit_code == 1);
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].code == "W0602");
}

TEST_CASE("an active waiver wins over an expired one for the same rule") {
  auto s = make_sample(Scenario::kFailing);
  Config config;
  config.waivers = {waiver("windows.*", "2025-01-01"), waiver("windows.*", "2030-01-01")};
  Report r = build(s, config);
  CHECK(entry(r, "windows.server2008.esu.build").outcome == Outcome::kWaived);
  CHECK(r.summary.exit_code == 0);
}

TEST_CASE("a waiver that matches no rule is a warning, and changes nothing") {
  auto s = make_sample(Scenario::kFailing);
  Config config;
  config.waivers = {waiver("windows.server2008.esu.biuld")};
  Report r = build(s, config);
  CHECK(r.summary.exit_code == 1);
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].code == "W0603");
  CHECK(r.warnings[0].message == "waiver for `windows.server2008.esu.biuld` matches no rule");
}

TEST_CASE("host globs scope a waiver to host.name, an unknown host name matches no host glob") {
  auto s = make_sample(Scenario::kFailing);  // host legacy-db-01
  Config config;
  config.waivers = {waiver("windows.server2008.esu.*", std::nullopt, {"web-*"}),
                    waiver("windows.hygiene.*", std::nullopt, {"legacy-db-*"})};
  Report r = build(s, config);
  CHECK(entry(r, "windows.server2008.esu.build").outcome == Outcome::kFail);
  CHECK(entry(r, "windows.hygiene.smb1_disabled").outcome == Outcome::kWaived);

  auto u = make_sample(Scenario::kFailing);
  u.facts = Facts{};  // no host.name
  config.waivers = {waiver("windows.server2008.esu.*", std::nullopt, {"*"})};
  CHECK(build(u, config).summary.exit_code == 1);
}

TEST_CASE("waivers cover only fail: an unknown stays unknown") {
  auto s = make_sample(Scenario::kUnknown);
  Config config;
  config.waivers = {waiver("windows.*")};
  Report r = build(s, config);
  CHECK(entry(r, "windows.server2008.esu.esu_license").outcome == Outcome::kUnknown);
  CHECK(r.summary.exit_code == 3);
}

TEST_CASE("evidence lists each fact the rule read, its value and provenance") {
  auto s = make_sample(Scenario::kUnknown);
  Report r = build(s, Config{});
  const auto& build_rule = entry(r, "windows.server2008.esu.build");
  REQUIRE(build_rule.evidence.size() == 2);
  CHECK(build_rule.evidence[1].path == "os.build");
  CHECK(build_rule.evidence[1].value == "6003");
  CHECK(evidence_value_to_json(build_rule.evidence[1].data) == 6003);
  CHECK(build_rule.evidence[1].source == "file:sample.json");
  const auto& license = entry(r, "windows.server2008.esu.esu_license");
  CHECK_FALSE(license.evidence[1].value.has_value());
  CHECK(license.evidence[1].data.kind == EvidenceValue::Kind::kNull);
}
