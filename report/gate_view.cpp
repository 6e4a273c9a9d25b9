// See gate_view.h.
#include "report/gate_view.h"

namespace edict::report {

namespace {

bool non_passing(Outcome o) { return o == Outcome::kFail || o == Outcome::kError || o == Outcome::kUnknown; }

}  // namespace

bool counts_against_gate(const RuleEntry& rule, const GateSettings& settings) {
  if (!rule.gating) return false;
  return rule.outcome == Outcome::kFail || rule.outcome == Outcome::kError ||
         (rule.outcome == Outcome::kUnknown && settings.unknown == UnknownMode::kFail);
}

std::string why_not_gating(const RuleEntry& rule, const GateSettings& settings) {
  if (!non_passing(rule.outcome) || counts_against_gate(rule, settings)) return {};
  if (rule.info.enforcement == Enforcement::kAdvisory) return "advisory";
  if (static_cast<int>(rule.info.severity) < static_cast<int>(settings.fail_on))
    return std::string(level_name(rule.info.severity)) + " is below fail_on = " + level_name(settings.fail_on);
  return "unknown = \"warn\"";  // the only other way a gating rule's outcome does not count
}

}  // namespace edict::report
