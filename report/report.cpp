// build_report: results + rule table + config -> the Report every format prints.
// Waivers and the gate are decided here and nowhere else.
#include "report/report.h"

#include <algorithm>
#include <unordered_map>

#include "report/evidence.h"
#include "report/glob.h"
#include "report/time_util.h"
#include "report/waiver_scope.h"
#include "runtime/value.h"

namespace edict::report {

const char* waiver_state_name(WaiverState state) {
  switch (state) {
    case WaiverState::kActive: return "active";
    case WaiverState::kExpiring: return "expiring";
    case WaiverState::kExpired: return "expired";
  }
  return "active";
}

const char* gate_name(Gate gate) {
  switch (gate) {
    case Gate::kPass: return "pass";
    case Gate::kFail: return "fail";
    case Gate::kBlocked: return "blocked";
  }
  return "pass";
}

bool is_gating(const RuleInfo& rule, const GateSettings& settings) {
  return rule.enforcement == Enforcement::kMandatory &&
         static_cast<int>(rule.severity) >= static_cast<int>(settings.fail_on);
}

namespace {

// The gate's tally over (outcome, gating) pairs, shared by decide_gate (RuleEntry) and
// summarize_outcomes (a fleet's text path, which has outcomes only).
struct GateTally {
  Summary summary;
  bool failed = false, blocked = false;
  void add(Outcome outcome, bool gating, const GateSettings& settings) {
    ++summary.total;
    ++summary.counts[static_cast<size_t>(outcome)];
    if (!gating) return;
    if (outcome == Outcome::kFail) failed = true;
    if (outcome == Outcome::kError || (outcome == Outcome::kUnknown && settings.unknown == UnknownMode::kFail))
      blocked = true;
  }
  Summary finish() {
    summary.gate = failed ? Gate::kFail : blocked ? Gate::kBlocked : Gate::kPass;
    summary.exit_code = failed ? kExitFail : blocked ? kExitBlocked : kExitPass;
    return summary;
  }
};

}  // namespace

Summary decide_gate(std::vector<RuleEntry>& rules, const GateSettings& settings) {
  GateTally tally;
  for (auto& rule : rules) {
    rule.blocks = false;
    tally.add(rule.outcome, rule.gating, settings);
  }
  const bool failed = tally.failed, blocked = tally.blocked;
  // Fail wins over unknown: when something failed, the failures are what blocks.
  for (auto& rule : rules) {
    if (!rule.gating) continue;
    if (failed) rule.blocks = rule.outcome == Outcome::kFail;
    else if (blocked)
      rule.blocks = rule.outcome == Outcome::kError ||
                    (rule.outcome == Outcome::kUnknown && settings.unknown == UnknownMode::kFail);
  }
  return tally.finish();
}

namespace {

bool host_matches(const Waiver& waiver, const std::optional<std::string>& host) {
  if (waiver.hosts.empty()) return true;
  // A host-scoped waiver never applies to a host whose name is unknown: unknown is not pass.
  if (!host) return false;
  return std::any_of(waiver.hosts.begin(), waiver.hosts.end(),
                     [&](const std::string& glob) { return glob_match(glob, *host); });
}

WaiverUse use_of(const Waiver& waiver, int64_t today) {
  WaiverUse use;
  use.pattern = waiver.rule;
  use.reason = waiver.reason;
  use.approved_by = waiver.approved_by;
  use.location = waiver.location;
  if (waiver.expires) {
    use.expires = format_date(*waiver.expires);
    use.days_left = *waiver.expires - today;
    // The expiry date is the last day the waiver applies.
    use.state = use.days_left < 0                ? WaiverState::kExpired
                : use.days_left <= kWaiverWarnDays ? WaiverState::kExpiring
                                                   : WaiverState::kActive;
  }
  return use;
}

// The waiver of a failing rule on `host`: the first unexpired one that covers it
// (the rule is then waived), else the first expired one (it stays a failure, and the
// report says which waiver lapsed), else none.
std::optional<WaiverUse> waiver_of(const Config& config, const std::string& rule_id,
                                   const std::optional<std::string>& host, int64_t today) {
  std::optional<WaiverUse> expired;
  for (const auto& waiver : config.waivers) {
    if (!glob_match(waiver.rule, rule_id) || !host_matches(waiver, host)) continue;
    WaiverUse use = use_of(waiver, today);
    if (use.state != WaiverState::kExpired) return use;
    if (!expired) expired = std::move(use);
  }
  return expired;
}

void warn(Report& report, DiagnosticSink* sink, const Waiver& waiver, const char* code, std::string message,
          std::string help) {
  report.warnings.push_back({code, message});
  if (sink) {
    Diagnostic d = Diagnostic::warning(code, waiver.span, std::move(message), std::move(help));
    d.path = waiver.location.path;
    sink->report(std::move(d));
  }
}

}  // namespace

Report build_report(const BuildInput& input, DiagnosticSink* sink) {
  static const Config kDefaults;
  const Config& config = input.config ? *input.config : kDefaults;
  Report report;
  report.tool_version = input.tool_version;
  report.generated_at = format_rfc3339(input.now);
  report.settings = config.gate;
  report.config_path = config.path;
  if (input.policies) report.policies = *input.policies;
  if (input.facts) {
    const Value* name = input.facts->find("host.name");
    if (name && name->kind == ValueKind::kString) report.host = std::string(name->str());
  }
  const int64_t today = day_of(input.now);

  const std::vector<RuleInfo> no_rules;
  const auto& rules = input.rules ? *input.rules : no_rules;
  std::vector<const RuleResult*> by_rule(rules.size(), nullptr);
  if (input.results) {
    for (const auto& r : *input.results)
      if (r.rule_index < rules.size()) by_rule[r.rule_index] = &r;
  }

  std::unordered_map<std::string, FactEvidence> evidence_by_path;
  for (size_t i = 0; i < rules.size(); ++i) {
    RuleEntry entry;
    entry.info = rules[i];
    if (rules[i].policy_index < report.policies.size()) entry.policy_id = report.policies[rules[i].policy_index].id;
    entry.gating = is_gating(rules[i], config.gate);
    if (const RuleResult* r = by_rule[i]) {
      entry.outcome = r->outcome;
      entry.error = r->error;
      entry.missing_facts = r->missing_facts;
      entry.explanation = r->explanation;
    } else {
      // INVARIANT: the VM returns one result per rule; a missing one must not read as pass.
      entry.outcome = Outcome::kError;
      entry.error = "no result was produced for this rule";
    }
    if (entry.outcome == Outcome::kFail) {
      entry.waiver = waiver_of(config, entry.info.id, report.host, today);
      if (entry.waiver && entry.waiver->state != WaiverState::kExpired) entry.outcome = Outcome::kWaived;
    }
    if (input.facts && input.evidence) {
      for (const auto& path : entry.info.fact_paths) {
        // Rendered once per path however many rules read it (and bounded, evidence.h).
        auto it = evidence_by_path.find(path);
        if (it == evidence_by_path.end()) it = evidence_by_path.emplace(path, evidence_of(*input.facts, path)).first;
        entry.evidence.push_back(it->second);
      }
    }
    report.rules.push_back(std::move(entry));
  }

  for (const auto& waiver : config.waivers) {
    bool matches_any = std::any_of(rules.begin(), rules.end(),
                                   [&](const RuleInfo& r) { return glob_match(waiver.rule, r.id); });
    if (!matches_any) {
      // Only about packages this run loaded: a waiver for another pack is not judged here.
      if (waiver_in_loaded_packages(waiver.rule, report.policies))
        warn(report, sink, waiver, "W0603", "waiver for `" + waiver.rule + "` matches no rule",
             "check the rule id against `edict doc`, or remove the waiver");
      continue;
    }
    WaiverUse use = use_of(waiver, today);
    if (use.state == WaiverState::kExpired) {
      warn(report, sink, waiver, "W0602",
           "waiver for `" + waiver.rule + "` expired on " + use.expires + " and no longer applies",
           "fix the rule's failure, or renew the waiver with a new `expires` date");
    } else if (use.state == WaiverState::kExpiring) {
      warn(report, sink, waiver, "W0601",
           "waiver for `" + waiver.rule + "` expires on " + use.expires + " (in " + std::to_string(use.days_left) +
               (use.days_left == 1 ? " day)" : " days)"),
           "fix the rule's failure before then, or renew the waiver");
    }
  }

  report.summary = decide_gate(report.rules, config.gate);
  return report;
}

Summary summarize_outcomes(const std::vector<RuleInfo>& rules, Outcome* outcomes,
                           const std::optional<std::string>& host, const Config* config, int64_t now) {
  static const Config kDefaults;
  const Config& c = config ? *config : kDefaults;
  const int64_t today = day_of(now);
  GateTally tally;
  for (size_t i = 0; i < rules.size(); ++i) {
    if (outcomes[i] == Outcome::kFail && !c.waivers.empty()) {
      std::optional<WaiverUse> use = waiver_of(c, rules[i].id, host, today);
      if (use && use->state != WaiverState::kExpired) outcomes[i] = Outcome::kWaived;
    }
    tally.add(outcomes[i], is_gating(rules[i], c.gate), c.gate);
  }
  return tally.finish();
}

}  // namespace edict::report
