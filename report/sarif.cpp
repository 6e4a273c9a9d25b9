// The sarif format (SARIF 2.1.0), for code-scanning views: one reportingDescriptor per
// rule, one result per non-passing rule at the rule's source, waivers as suppressions.
#include <filesystem>

#include "report/escape.h"
#include "report/formats.h"
#include "report/gate_view.h"
#include "report/homepage.h"

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

// GitHub code scanning ranks alerts by `properties.security-severity`, a score from 0.0
// to 10.0 it reads as low (0.1-3.9), medium (4.0-6.9), high (7.0-8.9) or critical
// (9.0-10.0) (docs/report-formats.md cites the pages). Each severity maps to a score
// inside its own band; `info` has none (GitHub then shows the result's level).
const char* security_severity(Level level) {
  switch (level) {
    case Level::kCritical: return "9.5";
    case Level::kHigh: return "8.0";
    case Level::kMedium: return "5.5";
    case Level::kLow: return "2.0";
    default: return nullptr;
  }
}

constexpr const char* kSrcRoot = "%SRCROOT%";

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

// Where a rule's source is, for code scanning: relative to the repository root
// (`uriBaseId: %SRCROOT%`) when the report has one and the file is below it; else an
// absolute file URI (a pack outside the repository) or, with no root, the path as written.
Json artifact_location(const std::string& path, const std::string& root) {
  namespace fs = std::filesystem;
  if (root.empty() || path.empty()) return Json{{"uri", to_uri(path)}};
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec).lexically_normal();
  fs::path relative = absolute.lexically_relative(fs::path(root));
  if (!relative.empty() && *relative.begin() != ".." && relative != ".")
    return Json{{"uri", to_uri(relative.generic_string())}, {"uriBaseId", kSrcRoot}};
  return Json{{"uri", to_uri(absolute.generic_string())}};
}

bool is_url(const std::string& ref) { return ref.rfind("https://", 0) == 0 || ref.rfind("http://", 0) == 0; }

// reportingDescriptor.help: the description, then the remediation, then the refs, as
// text and as Markdown (GitHub shows the Markdown under the alert).
Json help_of(const RuleInfo& rule) {
  std::string text = rule.description.empty() ? rule.title : rule.description;
  std::string markdown = text;
  if (!rule.remediation.empty()) {
    text += "\n\nRemediation: " + rule.remediation;
    markdown += "\n\n**Remediation:** " + rule.remediation;
  }
  if (!rule.refs.empty()) {
    text += "\n\nReferences:";
    markdown += "\n\n**References:**\n";
    for (const auto& ref : rule.refs) {
      text += " " + ref;
      markdown += "\n- " + (is_url(ref) ? "<" + ref + ">" : ref);
    }
  }
  return Json{{"text", valid_utf8(text)}, {"markdown", valid_utf8(markdown)}};
}

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

std::string render_sarif(const Report& report) { return render_sarif(report, kHomepageUrl); }

std::string render_sarif(const Report& report, std::string_view information_uri) {
  Json descriptors = Json::array();
  for (const auto& r : report.rules) {
    Json d{{"id", valid_utf8(r.info.id)}, {"name", valid_utf8(r.info.title)}, {"shortDescription", text(r.info.title)}};
    d["fullDescription"] = text(r.info.description.empty() ? r.info.title : r.info.description);
    d["help"] = help_of(r.info);
    for (const auto& ref : r.info.refs) {
      if (!is_url(ref)) continue;
      d["helpUri"] = valid_utf8(ref);
      break;
    }
    d["defaultConfiguration"] = Json{{"level", sarif_level(r.info.severity)}};
    Json tags = Json::array();
    for (const auto& t : r.info.tags) tags.push_back(valid_utf8(t));
    d["properties"] = Json{{"severity", level_name(r.info.severity)},
                           {"enforcement", enforcement_name(r.info.enforcement)},
                           {"tags", tags}};
    if (const char* score = security_severity(r.info.severity)) d["properties"]["security-severity"] = score;
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
                                                 Json{{"artifactLocation", artifact_location(r.info.location.path, report.source_root)},
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
  if (!information_uri.empty()) run["tool"]["driver"]["informationUri"] = std::string(information_uri);
  if (!report.source_root.empty()) {
    std::string root = report.source_root;
    if (root.back() != '/') root += '/';  // SARIF: a base URI ends in a slash
    run["originalUriBaseIds"] = Json{{kSrcRoot, Json{{"uri", to_uri(root)}}}};
  }
  Json doc{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"},
           {"runs", Json::array({run})}};
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace edict::report
