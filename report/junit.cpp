// The junit format: one testsuite per policy, one testcase per rule, so GitLab and
// Jenkins show each rule as a test. The counts follow the gate (gate_view.h): a
// gating fail -> <failure>, a gating error/unknown that blocks -> <error>; skip,
// waived, and a fail/error/unknown that does not gate (advisory, below fail_on,
// unknown = "warn") -> <skipped> with the reason, so a run that exits 0 shows no
// failure and no error.
#include "report/escape.h"
#include "report/formats.h"
#include "report/gate_view.h"

namespace edict::report {

namespace {

struct Counts {
  int tests = 0, failures = 0, errors = 0, skipped = 0;
  void add(const RuleEntry& r, const GateSettings& settings) {
    ++tests;
    if (r.outcome == Outcome::kPass) return;
    if (!counts_against_gate(r, settings)) ++skipped;
    else if (r.outcome == Outcome::kFail) ++failures;
    else ++errors;
  }
  std::string attrs() const {
    return " tests=\"" + std::to_string(tests) + "\" failures=\"" + std::to_string(failures) + "\" errors=\"" +
           std::to_string(errors) + "\" skipped=\"" + std::to_string(skipped) + "\" time=\"0\"";
  }
};

std::string body(const RuleEntry& r) {
  std::string text = r.info.title + " [" + level_name(r.info.severity) + ", " +
                     enforcement_name(r.info.enforcement) + "]\n" + r.info.location.path + ":" +
                     std::to_string(r.info.location.line) + ":" + std::to_string(r.info.location.column) + "\n";
  if (!r.error.empty()) text += "error: " + r.error + "\n";
  if (!r.missing_facts.empty()) {
    text += "missing facts:";
    for (const auto& m : r.missing_facts) text += " " + m;
    text += "\n";
  }
  if (r.explanation) text += render_explanation_text(*r.explanation, 0);
  if (r.waiver && r.waiver->state == WaiverState::kExpired)
    text += "waiver expired on " + r.waiver->expires + ": " + r.waiver->reason + "\n";
  if (!r.info.remediation.empty() && r.outcome == Outcome::kFail) text += "remediation: " + r.info.remediation + "\n";
  return text;
}

// Which `when` made the rule skip is not in the result; name both conditions as written.
std::string not_applicable(const PolicyInfo& policy, const RuleInfo& rule) {
  std::string conditions;
  if (!policy.when_text.empty()) conditions += "`" + policy.when_text + "`";
  if (!rule.when_text.empty()) conditions += (conditions.empty() ? "`" : " and `") + rule.when_text + "`";
  return conditions.empty() ? "not applicable" : "not applicable: requires " + conditions;
}

}  // namespace

std::string render_junit(const Report& report) {
  Counts all;
  std::vector<Counts> per_policy(report.policies.size());
  for (const auto& r : report.rules) {
    all.add(r, report.settings);
    if (r.info.policy_index < per_policy.size()) per_policy[r.info.policy_index].add(r, report.settings);
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"edict\"" + all.attrs() + ">\n";
  for (size_t i = 0; i < report.policies.size(); ++i) {
    const auto& p = report.policies[i];
    out += "  <testsuite name=\"" + xml_escape(p.id) + "\"" + per_policy[i].attrs() + " timestamp=\"" +
           xml_escape(report.generated_at.substr(0, 19)) + "\"";
    if (report.host) out += " hostname=\"" + xml_escape(*report.host) + "\"";
    out += ">\n";
    for (const auto& r : report.rules) {
      if (r.info.policy_index != i) continue;
      out += "    <testcase classname=\"" + xml_escape(p.id) + "\" name=\"" + xml_escape(r.info.id) +
             "\" file=\"" + xml_escape(r.info.location.path) + "\" line=\"" + std::to_string(r.info.location.line) +
             "\" time=\"0\"";
      std::string not_gating = why_not_gating(r, report.settings);
      if (!not_gating.empty()) {
        // Reported in full (message and body) but as skipped: it did not decide the exit code.
        out += ">\n      <skipped message=\"" +
               xml_escape(std::string(outcome_name(r.outcome)) + ", not gating (" + not_gating + "): " + r.info.title) +
               "\">" + xml_escape(body(r)) + "</skipped>\n    </testcase>\n";
        continue;
      }
      switch (r.outcome) {
        case Outcome::kPass: out += "/>\n"; continue;
        case Outcome::kFail:
          out += ">\n      <failure message=\"" + xml_escape(r.info.title) + "\" type=\"fail\">" +
                 xml_escape(body(r)) + "</failure>\n";
          break;
        case Outcome::kError:
        case Outcome::kUnknown:
          out += ">\n      <error message=\"" + xml_escape(std::string(outcome_name(r.outcome)) + ": " + r.info.title) +
                 "\" type=\"" + outcome_name(r.outcome) + "\">" + xml_escape(body(r)) + "</error>\n";
          break;
        case Outcome::kSkip:
          out += ">\n      <skipped message=\"" + xml_escape(not_applicable(p, r.info)) + "\"/>\n";
          break;
        case Outcome::kWaived:
          out += ">\n      <skipped message=\"" +
                 xml_escape("waived: " + (r.waiver ? r.waiver->reason : std::string()) +
                            (r.waiver && !r.waiver->expires.empty() ? " (until " + r.waiver->expires + ")" : "")) +
                 "\"/>\n";
          break;
      }
      out += "    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace edict::report
