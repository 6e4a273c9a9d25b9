// report::summarize_outcomes decides a text fleet's host from the VM's outcomes alone;
// it must give build_report's summary and post-waiver outcomes exactly, for every
// scenario, waiver state (active, expired, never expiring, host-scoped) and gate setting.
#include <catch2/catch.hpp>

#include "report/report.h"
#include "sample.h"

using namespace edict;
using namespace edict::report;
using edict::testing::make_sample;
using edict::testing::Scenario;

namespace {

constexpr int64_t kNow = 1795000000;  // 2026-11-19

void check_same(Scenario scenario, const Config& config) {
  auto s = make_sample(scenario);
  BuildInput in;
  in.policies = &s.policies;
  in.rules = &s.rules;
  in.results = &s.results;
  in.facts = &s.facts;
  in.config = &config;
  in.now = kNow;
  in.evidence = false;
  Report full = build_report(in);

  std::vector<Outcome> outcomes(s.rules.size(), Outcome::kError);
  for (const auto& r : s.results) outcomes[r.rule_index] = r.outcome;
  Summary summary = summarize_outcomes(s.rules, outcomes.data(), full.host, &config, kNow);
  CHECK(summary.total == full.summary.total);
  CHECK(summary.counts == full.summary.counts);
  CHECK(summary.gate == full.summary.gate);
  CHECK(summary.exit_code == full.summary.exit_code);
  for (size_t i = 0; i < outcomes.size(); ++i) CHECK(outcomes[i] == full.rules[i].outcome);
}

Waiver waiver(std::string rule, std::optional<int64_t> expires, std::vector<std::string> hosts = {}) {
  Waiver w;
  w.rule = std::move(rule);
  w.reason = "change 4411";
  w.expires = expires;
  w.hosts = std::move(hosts);
  return w;
}

}  // namespace

TEST_CASE("summarize_outcomes: the same summary and outcomes as build_report") {
  const int64_t today = kNow / 86400;
  std::vector<Config> configs(7);
  configs[1].waivers = {waiver("windows.server2008.*", std::nullopt)};
  configs[2].waivers = {waiver("windows.server2008.esu.build", today - 1)};  // expired
  configs[3].waivers = {waiver("windows.server2008.esu.build", today - 1), waiver("*", today + 3)};
  configs[4].waivers = {waiver("*", std::nullopt, {"legacy-*"})};
  configs[5].waivers = {waiver("*", std::nullopt, {"web-*"})};
  configs[6].gate.unknown = UnknownMode::kWarn;
  configs[6].gate.fail_on = Level::kCritical;
  for (Scenario scenario : {Scenario::kFailing, Scenario::kPassing, Scenario::kUnknown})
    for (const Config& config : configs) check_same(scenario, config);
}
