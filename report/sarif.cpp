// The sarif format (SARIF 2.1.0), for code-scanning views: one reportingDescriptor per
// rule, one result per non-passing rule at the rule's source, waivers as suppressions.
#include "report/escape.h"
#include "report/formats.h"
#include "report/gate_view.h"

namespace edict::report {

using Json = nlohmann::ordered_json;

namespace {

const char* sarif_level(Level level) {
  switch (level) {
    case Level::kCritical:
    case Level::kHigh: return "error";
    case Level::kMedium: return "warning";
    default: return "note";
  }
}

// A relative path as a URI reference: RFC 3986 unreserved characters and '/' stay,
// everything else is percent-encoded.
std::string to_uri(const std::string& path) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out = path.size() > 0 && path[0] == '/' ? "file://" : "";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') out += static_cast<char>(c);
    else out += std::string("%") + kHex[c >> 4] + kHex[c & 15];
  }
  return out;
}

// A result's level follows the gate, not the severity alone: `error` only when the
// outcome counts against the gate; a fail that does not gate (advisory, below
// fail_on) is a `warning`; an unknown or error that does not gate (unknown = "warn",
// advisory) and a waived fail are a `note`. A code-scanning view then shows as errors
// exactly what made the run exit non-zero.
const char* result_level(const RuleEntry& r, const GateSettings& settings) {
  if (counts_against_gate(r, settings)) return "error";
  if (r.outcome == Outcome::kFail) return "warning";
  return "note";
}

Json text(const std::string& s) { return Json{{"text", valid_utf8(s)}}; }

std::string message_for(const RuleEntry& r) {
  std::string m = std::string(outcome_name(r.outcome)) + ": " + r.info.title;
  if (r.outcome == Outcome::kError && !r.error.empty()) m += " (" + r.error + ")";
  if (r.outcome == Outcome::kUnknown && !r.missing_facts.empty()) {
    m += " (missing facts:";
    for (const auto& f : r.missing_facts) m += " " + f;
    m += ")";
  }
  if (r.explanation) m += "\n" + render_explanation_text(*r.explanation, 0);
  return m;
}

}  // namespace

std::string render_sarif(const Report& report) {
  Json descriptors = Json::array();
  for (const auto& r : report.rules) {
    Json d{{"id", valid_utf8(r.info.id)}, {"name", valid_utf8(r.info.title)}, {"shortDescription", text(r.info.title)}};
    if (!r.info.description.empty()) d["fullDescription"] = text(r.info.description);
    if (!r.info.remediation.empty()) d["help"] = text(r.info.remediation);
    d["defaultConfiguration"] = Json{{"level", sarif_level(r.info.severity)}};
    Json tags = Json::array();
    for (const auto& t : r.info.tags) tags.push_back(valid_utf8(t));
    d["properties"] = Json{{"severity", level_name(r.info.severity)},
                           {"enforcement", enforcement_name(r.info.enforcement)},
                           {"tags", tags}};
    descriptors.push_back(d);
  }
  Json results = Json::array();
  for (size_t i = 0; i < report.rules.size(); ++i) {
    const auto& r = report.rules[i];
    if (r.outcome == Outcome::kPass || r.outcome == Outcome::kSkip) continue;
    Json region{{"startLine", std::max<uint32_t>(1, r.info.location.line)},
                {"startColumn", std::max<uint32_t>(1, r.info.location.column)}};
    Json result{{"ruleId", valid_utf8(r.info.id)},
                {"ruleIndex", i},
                {"kind", "fail"},
                {"level", result_level(r, report.settings)},
                {"message", text(message_for(r))},
                {"locations", Json::array({Json{{"physicalLocation",
                                                 Json{{"artifactLocation", Json{{"uri", to_uri(r.info.location.path)}}},
                                                      {"region", region}}}}})}};
    if (r.outcome == Outcome::kWaived && r.waiver) {
      result["suppressions"] = Json::array({Json{{"kind", "external"},
                                                 {"status", "accepted"},
                                                 {"justification", valid_utf8(r.waiver->reason)}}});
    }
    result["properties"] = Json{{"outcome", outcome_name(r.outcome)}, {"gating", r.gating},
                                {"countsAgainstGate", counts_against_gate(r, report.settings)}};
    std::string not_gating = why_not_gating(r, report.settings);
    if (!not_gating.empty()) result["properties"]["notGating"] = not_gating;
    if (report.host) result["properties"]["host"] = valid_utf8(*report.host);
    results.push_back(result);
  }
  Json run{{"tool", Json{{"driver", Json{{"name", "edict"},
                                         {"version", report.tool_version},
                                         {"semanticVersion", report.tool_version},
                                         {"rules", descriptors}}}}},
           {"invocations", Json::array({Json{{"executionSuccessful", true},
                                             {"exitCode", report.summary.exit_code},
                                             {"endTimeUtc", report.generated_at}}})},
           {"results", results}};
  Json doc{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"},
           {"runs", Json::array({run})}};
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace edict::report
