#include "evidence/replay.h"

#include <nlohmann/json.hpp>

#include "report/formats.h"
#include "runtime/bundle.h"
#include "runtime/vm.h"

namespace edict::evidence {

namespace {

using Json = nlohmann::ordered_json;

// A shown value is cut here: a difference names where, and a glimpse is enough.
constexpr size_t kMaxShownValueBytes = 120;

std::string shown(const Json& j) {
  std::string s = j.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (s.size() > kMaxShownValueBytes) s = s.substr(0, kMaxShownValueBytes) + "...";
  return s;
}

std::string diff(const Json& a, const Json& b, const std::string& path) {
  if (a.type() == b.type() && a.is_object()) {
    for (auto it = a.begin(); it != a.end(); ++it) {
      std::string sub = path.empty() ? it.key() : path + "." + it.key();
      if (!b.contains(it.key())) return "`" + sub + "`: in the signed report, not in the replayed one";
      std::string d = diff(it.value(), b[it.key()], sub);
      if (!d.empty()) return d;
    }
    for (auto it = b.begin(); it != b.end(); ++it)
      if (!a.contains(it.key()))
        return "`" + (path.empty() ? it.key() : path + "." + it.key()) + "`: in the replayed report, not in the signed one";
    return {};
  }
  if (a.type() == b.type() && a.is_array()) {
    for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
      std::string d = diff(a[i], b[i], path + "[" + std::to_string(i) + "]");
      if (!d.empty()) return d;
    }
    if (a.size() != b.size())
      return "`" + path + "`: " + std::to_string(a.size()) + " items signed, " + std::to_string(b.size()) + " replayed";
    return {};
  }
  if (a == b) return {};
  return "`" + (path.empty() ? std::string("(the report)") : path) + "`: signed " + shown(a) + ", replayed " + shown(b);
}

// Reports signed before explanations said which clause decided (issue 17: `clause`,
// `within`, the value used under each caret, a `def`'s values, one error message) hold
// explanations this edict no longer writes. Such a report is one whose explanations
// lack `clause`; for it, each rule's explanation is compared by presence alone, and
// everything else (gate, outcomes, errors, missing facts, facts, waivers) byte for byte.
// A report this edict signs always has `clause`, so its replay compares everything.
bool explanations_before_clause(const Json& report) {
  if (!report.is_object() || !report.contains("rules") || !report["rules"].is_array()) return false;
  for (const Json& rule : report["rules"]) {
    if (!rule.is_object() || !rule.contains("explanation")) continue;
    const Json& e = rule["explanation"];
    if (e.is_object() && !e.contains("clause")) return true;
  }
  return false;
}

void explanations_to_presence(Json* report) {
  for (Json& rule : (*report)["rules"]) {
    if (rule.is_object() && rule.contains("explanation")) rule["explanation"] = !rule["explanation"].is_null();
  }
}

}  // namespace

std::optional<Replayed> replay(const EvidenceParts& parts, const Facts& facts, std::string* why) {
  SourceManager sources;
  DiagnosticSink sink;
  auto first_error = [&](const std::string& what) {
    std::string message = what;
    for (const auto& d : sink.diagnostics())
      if (d.severity == Severity::kError) {
        message += ": " + d.code + " " + d.message;
        break;
      }
    *why = message;
  };
  auto program = load_bundle(parts.bundle, "evidence bundle", sink);
  if (!program) {
    first_error("the embedded bundle does not load in this edict");
    return std::nullopt;
  }
  report::Config config;
  if (parts.config_text) {
    auto parsed = report::parse_config(parts.config_path, *parts.config_text, sources, sink);
    if (!parsed) {
      first_error("the embedded edict.toml does not parse in this edict");
      return std::nullopt;
    }
    config = std::move(*parsed);
  }
  config.path = parts.config_path;
  config.gate = parts.gate;

  // As `edict check` evaluates: explanations for every non-passing rule.
  EvalOptions eval;
  eval.explain = true;
  eval.now = parts.now;
  eval.max_steps = parts.max_steps;
  std::vector<RuleResult> results = evaluate(*program, facts, eval);

  report::BuildInput input;
  input.policies = &program->policies;
  input.rules = &program->rules;
  input.results = &results;
  input.facts = &facts;
  input.config = &config;
  input.now = parts.now;
  input.tool_version = parts.edict_version;
  Replayed out;
  out.report = report::build_report(input, nullptr);
  out.report.warnings.insert(out.report.warnings.begin(), parts.collector_warnings.begin(),
                             parts.collector_warnings.end());
  out.json = report::render_json(out.report);
  return out;
}

std::string first_difference(const std::string& signed_json, const std::string& replayed_json) {
  if (signed_json == replayed_json) return {};
  Json a = Json::parse(signed_json, nullptr, false);
  Json b = Json::parse(replayed_json, nullptr, false);
  if (!a.is_discarded() && !b.is_discarded()) {
    if (explanations_before_clause(a) && b.is_object() && b.contains("rules") && b["rules"].is_array()) {
      explanations_to_presence(&a);
      explanations_to_presence(&b);
      std::string d = diff(a, b, "");
      return d.empty() ? std::string() : d + " (explanations signed before `clause` are compared by presence only)";
    }
    std::string d = diff(a, b, "");
    if (!d.empty()) return d;
    return "the same JSON, written with different bytes (spacing or escapes)";
  }
  size_t line = 1;
  for (size_t i = 0; i < signed_json.size() && i < replayed_json.size(); ++i) {
    if (signed_json[i] != replayed_json[i]) break;
    if (signed_json[i] == '\n') ++line;
  }
  return "line " + std::to_string(line) + " differs";
}

}  // namespace edict::evidence
