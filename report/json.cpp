// The json format: the machine-readable report, schema docs/report.schema.json.
// Keys are emitted in a fixed order and nothing depends on the clock but `time`
// (pinned by --now), so the same input gives byte-identical output.
#include "report/escape.h"
#include "report/formats.h"

namespace edict::report {

using Json = nlohmann::ordered_json;

// Bumped when a field is removed or changes meaning; adding fields keeps it.
constexpr int kJsonReportVersion = 1;

namespace {

Json location_json(const SourceLocation& loc) {
  return Json{{"path", valid_utf8(loc.path)}, {"line", loc.line}, {"column", loc.column}};
}

Json nullable(const std::string& s) { return s.empty() ? Json(nullptr) : Json(valid_utf8(s)); }

Json strings(const std::vector<std::string>& list) {
  Json out = Json::array();
  for (const auto& s : list) out.push_back(valid_utf8(s));
  return out;
}

Json explanation_json(const Explanation& e) {
  Json values = Json::array();
  for (const auto& v : e.values) {
    Json value{{"source", valid_utf8(v.source)}, {"value", valid_utf8(v.value)}, {"location", location_json(v.location)}};
    if (!v.within.empty()) value["within"] = valid_utf8(v.within);
    values.push_back(std::move(value));
  }
  // `clause` says which clause decided: a `when` (the rule's or its policy's, unknown
  // or an error) or a `require`, whose index `require_index` gives (0 for a `when`).
  return Json{{"clause", e.keyword.empty() ? "require" : e.keyword},
              {"require_index", e.require_index},
              {"requirement", valid_utf8(e.require_text)},
              {"location", location_json(e.location)},
              {"values", values},
              {"notes", strings(e.notes)},
              {"text", valid_utf8(render_explanation_text(e, 0))}};
}

Json waiver_json(const WaiverUse& w) {
  return Json{{"rule", valid_utf8(w.pattern)},
              {"reason", valid_utf8(w.reason)},
              {"approved_by", nullable(w.approved_by)},
              {"expires", nullable(w.expires)},
              {"state", waiver_state_name(w.state)},
              {"days_left", w.expires.empty() ? Json(nullptr) : Json(w.days_left)},
              {"location", location_json(w.location)}};
}

}  // namespace

Json evidence_value_to_json(const EvidenceValue& v) {
  switch (v.kind) {
    case EvidenceValue::Kind::kNull: return nullptr;
    case EvidenceValue::Kind::kBool: return v.boolean;
    case EvidenceValue::Kind::kInt: return v.integer;
    case EvidenceValue::Kind::kFloat: return v.number;
    case EvidenceValue::Kind::kString: return v.text;
    case EvidenceValue::Kind::kList: {
      Json out = Json::array();
      for (const auto& item : v.items) out.push_back(evidence_value_to_json(item));
      return out;
    }
    case EvidenceValue::Kind::kMap: {
      Json out = Json::object();
      // Entries go straight into ordered_json's vector: its operator[] searches the keys
      // linearly, which made a 50,000-key sysctl map take a minute (quadratic). The keys
      // are already unique.
      auto& entries = static_cast<Json::object_t::Container&>(out.get_ref<Json::object_t&>());
      entries.reserve(v.keys.size());
      for (size_t i = 0; i < v.keys.size() && i < v.items.size(); ++i)
        entries.emplace_back(v.keys[i], evidence_value_to_json(v.items[i]));
      return out;
    }
  }
  return nullptr;
}

Json report_to_json(const Report& report) {
  Json summary = Json::object();
  summary["total"] = report.summary.total;
  for (Outcome o : {Outcome::kPass, Outcome::kFail, Outcome::kUnknown, Outcome::kError, Outcome::kSkip,
                    Outcome::kWaived})
    summary[outcome_name(o)] = report.summary.count(o);
  summary["gate"] = gate_name(report.summary.gate);
  summary["exit_code"] = report.summary.exit_code;

  Json warnings = Json::array();
  for (const auto& w : report.warnings) warnings.push_back(Json{{"code", w.code}, {"message", valid_utf8(w.message)}});

  Json policies = Json::array();
  for (size_t i = 0; i < report.policies.size(); ++i) {
    const auto& p = report.policies[i];
    Outcome worst = Outcome::kSkip;
    bool any = false;
    for (const auto& r : report.rules)
      if (r.info.policy_index == i) {
        worst = any ? worst_outcome(worst, r.outcome) : r.outcome;
        any = true;
      }
    policies.push_back(Json{{"id", valid_utf8(p.id)},
                            {"title", valid_utf8(p.title)},
                            {"outcome", outcome_name(worst)},
                            {"severity", level_name(p.severity)},
                            {"enforcement", enforcement_name(p.enforcement)},
                            {"when", nullable(p.when_text)},
                            {"location", location_json(p.location)}});
  }

  Json rules = Json::array();
  for (const auto& r : report.rules) {
    Json facts = Json::array();
    for (const auto& ev : r.evidence)
      facts.push_back(Json{{"path", valid_utf8(ev.path)},
                           {"known", ev.value.has_value()},
                           {"value", evidence_value_to_json(ev.data)},
                           {"display", ev.value ? Json(valid_utf8(*ev.value)) : Json(nullptr)},
                           {"source", nullable(ev.source)},
                           {"collected_at", nullable(ev.collected_at)},
                           {"truncated", ev.truncated}});
    rules.push_back(Json{{"id", valid_utf8(r.info.id)},
                         {"policy", valid_utf8(r.policy_id)},
                         {"title", valid_utf8(r.info.title)},
                         {"outcome", outcome_name(r.outcome)},
                         {"severity", level_name(r.info.severity)},
                         {"enforcement", enforcement_name(r.info.enforcement)},
                         {"gating", r.gating},
                         {"blocks", r.blocks},
                         {"location", location_json(r.info.location)},
                         {"requirements", strings(r.info.require_texts)},
                         {"missing_facts", strings(r.missing_facts)},
                         {"error", nullable(r.error)},
                         {"explanation", r.explanation ? explanation_json(*r.explanation) : Json(nullptr)},
                         {"waiver", r.waiver ? waiver_json(*r.waiver) : Json(nullptr)},
                         {"facts", facts}});
  }

  Json doc{{"report_version", kJsonReportVersion},
           {"tool", Json{{"name", "edict"}, {"version", report.tool_version}}},
           {"host", report.host ? Json(valid_utf8(*report.host)) : Json(nullptr)},
           {"time", report.generated_at},
           {"config", Json{{"path", nullable(report.config_path)},
                           {"fail_on", level_name(report.settings.fail_on)},
                           {"unknown", unknown_mode_name(report.settings.unknown)}}},
           {"summary", summary},
           {"warnings", warnings},
           {"policies", policies},
           {"rules", rules}};
  return doc;
}

std::string render_json(const Report& report) {
  return report_to_json(report).dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string render_ndjson(const Report& report) {
  return report_to_json(report).dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace edict::report
