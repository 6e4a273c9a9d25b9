// report_from_json (see json_read.h).
#include "report/json_read.h"

#include <cstdint>
#include <stdexcept>

namespace edict::report {

using Json = nlohmann::json;

namespace {

// A field the schema requires is missing or has the wrong type: the whole report is refused.
struct Bad : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const Json& field(const Json& obj, const char* key, const std::string& where) {
  if (!obj.is_object()) throw Bad("`" + where + "` is not an object");
  auto it = obj.find(key);
  if (it == obj.end()) throw Bad("`" + where + "." + key + "` is missing");
  return *it;
}

std::string str(const Json& obj, const char* key, const std::string& where) {
  const Json& v = field(obj, key, where);
  if (!v.is_string()) throw Bad("`" + where + "." + key + "` is not a string");
  return v.get<std::string>();
}

std::string str_or_null(const Json& obj, const char* key, const std::string& where) {
  const Json& v = field(obj, key, where);
  if (v.is_null()) return {};
  if (!v.is_string()) throw Bad("`" + where + "." + key + "` is not a string or null");
  return v.get<std::string>();
}

bool boolean(const Json& obj, const char* key, const std::string& where) {
  const Json& v = field(obj, key, where);
  if (!v.is_boolean()) throw Bad("`" + where + "." + key + "` is not a boolean");
  return v.get<bool>();
}

const Json& array(const Json& obj, const char* key, const std::string& where) {
  const Json& v = field(obj, key, where);
  if (!v.is_array()) throw Bad("`" + where + "." + key + "` is not an array");
  return v;
}

std::vector<std::string> strings(const Json& obj, const char* key, const std::string& where) {
  std::vector<std::string> out;
  for (const auto& s : array(obj, key, where)) {
    if (!s.is_string()) throw Bad("`" + where + "." + key + "` holds a non-string");
    out.push_back(s.get<std::string>());
  }
  return out;
}

uint32_t number(const Json& obj, const char* key, const std::string& where) {
  const Json& v = field(obj, key, where);
  if (!v.is_number_unsigned()) throw Bad("`" + where + "." + key + "` is not a non-negative integer");
  return static_cast<uint32_t>(std::min<uint64_t>(v.get<uint64_t>(), UINT32_MAX));
}

// A fact's `value` as report data (the json format's evidence_value_to_json, read back).
// An integer past int64 (no fact holds one) is kept as a float.
EvidenceValue evidence_value(const Json& j) {
  EvidenceValue out;
  using Kind = EvidenceValue::Kind;
  if (j.is_boolean()) {
    out.kind = Kind::kBool;
    out.boolean = j.get<bool>();
  } else if (j.is_number_integer() && (j.is_number_unsigned() ? j.get<uint64_t>() <= INT64_MAX : true)) {
    out.kind = Kind::kInt;
    out.integer = j.get<int64_t>();
  } else if (j.is_number()) {
    out.kind = Kind::kFloat;
    out.number = j.get<double>();
  } else if (j.is_string()) {
    out.kind = Kind::kString;
    out.text = j.get<std::string>();
  } else if (j.is_array()) {
    out.kind = Kind::kList;
    for (const auto& item : j) out.items.push_back(evidence_value(item));
  } else if (j.is_object()) {
    out.kind = Kind::kMap;
    for (const auto& [key, value] : j.items()) {
      out.keys.push_back(key);
      out.items.push_back(evidence_value(value));
    }
  }
  return out;
}

SourceLocation location(const Json& obj, const std::string& where) {
  const Json& l = field(obj, "location", where);
  std::string w = where + ".location";
  return SourceLocation{str(l, "path", w), number(l, "line", w), number(l, "column", w)};
}

Level level(const Json& obj, const char* key, const std::string& where) {
  auto l = parse_level(str(obj, key, where));
  if (!l) throw Bad("`" + where + "." + key + "` is not a severity");
  return *l;
}

Enforcement enforcement(const Json& obj, const std::string& where) {
  auto e = parse_enforcement(str(obj, "enforcement", where));
  if (!e) throw Bad("`" + where + ".enforcement` is not mandatory or advisory");
  return *e;
}

Report read(const Json& doc) {
  if (!doc.is_object()) throw Bad("the document is not a json object");
  const Json& version = field(doc, "report_version", "report");
  if (!version.is_number_integer() || version.get<int64_t>() != 1)
    throw Bad("`report_version` is not 1 (this edict reads version 1)");
  if (doc.contains("kind") && doc["kind"] == "fleet")
    throw Bad("it is a fleet report; give `edict report` the per-host reports (or the ndjson lines)");
  if (str(field(doc, "tool", "report"), "name", "tool") != "edict") throw Bad("`tool.name` is not `edict`");
  Report r;
  r.tool_version = str(doc["tool"], "version", "tool");
  std::string host = str_or_null(doc, "host", "report");
  if (!host.empty()) r.host = host;
  r.generated_at = str(doc, "time", "report");
  const Json& config = field(doc, "config", "report");
  r.config_path = str_or_null(config, "path", "config");
  r.settings.fail_on = level(config, "fail_on", "config");
  std::string unknown = str(config, "unknown", "config");
  if (unknown != "fail" && unknown != "warn") throw Bad("`config.unknown` is not fail or warn");
  r.settings.unknown = unknown == "warn" ? UnknownMode::kWarn : UnknownMode::kFail;
  field(doc, "summary", "report");
  for (const auto& w : array(doc, "warnings", "report")) r.warnings.push_back({str(w, "code", "warnings[]"), str(w, "message", "warnings[]")});
  for (const auto& p : array(doc, "policies", "report")) {
    PolicyInfo info;
    info.id = str(p, "id", "policies[]");
    info.title = str(p, "title", "policies[]");
    info.severity = level(p, "severity", "policies[]");
    info.enforcement = enforcement(p, "policies[]");
    info.when_text = str_or_null(p, "when", "policies[]");
    info.location = location(p, "policies[]");
    r.policies.push_back(std::move(info));
  }
  for (const auto& j : array(doc, "rules", "report")) {
    const std::string w = "rules[]";
    RuleEntry e;
    e.info.id = str(j, "id", w);
    e.policy_id = str(j, "policy", w);
    for (size_t i = 0; i < r.policies.size(); ++i)
      if (r.policies[i].id == e.policy_id) e.info.policy_index = static_cast<uint32_t>(i);
    e.info.title = str(j, "title", w);
    auto outcome = parse_outcome(str(j, "outcome", w));
    if (!outcome) throw Bad("`rules[].outcome` is not an outcome");
    e.outcome = *outcome;
    e.info.severity = level(j, "severity", w);
    e.info.enforcement = enforcement(j, w);
    e.gating = boolean(j, "gating", w);
    e.info.location = location(j, w);
    e.info.require_texts = strings(j, "requirements", w);
    e.missing_facts = strings(j, "missing_facts", w);
    e.error = str_or_null(j, "error", w);
    const Json& ex = field(j, "explanation", w);
    if (!ex.is_null()) {
      Explanation x;
      x.require_index = number(ex, "require_index", w + ".explanation");
      // `clause` is newer than report_version 1's first reports: absent means require.
      if (ex.contains("clause")) {
        x.keyword = str(ex, "clause", w + ".explanation");
        if (x.keyword != "when" && x.keyword != "require") throw Bad("`" + w + ".explanation.clause` is not when or require");
      }
      x.require_text = str(ex, "requirement", w + ".explanation");
      x.location = location(ex, w + ".explanation");
      for (const auto& v : array(ex, "values", w + ".explanation"))
        x.values.push_back(TracedValue{location(v, w + ".explanation.values[]"), 0, str(v, "source", "values[]"),
                                       str(v, "value", "values[]"),
                                       v.contains("within") ? str(v, "within", "values[]") : std::string()});
      x.notes = strings(ex, "notes", w + ".explanation");
      e.explanation = std::move(x);
    }
    const Json& wv = field(j, "waiver", w);
    if (!wv.is_null()) {
      WaiverUse u;
      u.pattern = str(wv, "rule", w + ".waiver");
      u.reason = str(wv, "reason", w + ".waiver");
      u.approved_by = str_or_null(wv, "approved_by", w + ".waiver");
      u.expires = str_or_null(wv, "expires", w + ".waiver");
      std::string state = str(wv, "state", w + ".waiver");
      u.state = state == "expired" ? WaiverState::kExpired : state == "expiring" ? WaiverState::kExpiring : WaiverState::kActive;
      const Json& days = field(wv, "days_left", w + ".waiver");
      if (days.is_number_integer()) u.days_left = days.get<int64_t>();
      u.location = location(wv, w + ".waiver");
      e.waiver = std::move(u);
    }
    for (const auto& f : array(j, "facts", w)) {
      FactEvidence ev;
      ev.path = str(f, "path", w + ".facts[]");
      e.info.fact_paths.push_back(ev.path);
      if (boolean(f, "known", w + ".facts[]")) ev.value = str(f, "display", w + ".facts[]");
      ev.data = evidence_value(field(f, "value", w + ".facts[]"));
      ev.source = str_or_null(f, "source", w + ".facts[]");
      ev.collected_at = str_or_null(f, "collected_at", w + ".facts[]");
      ev.truncated = boolean(f, "truncated", w + ".facts[]");
      e.evidence.push_back(std::move(ev));
    }
    r.rules.push_back(std::move(e));
  }
  // Decided again from the rules: the file's own summary is not trusted (json_read.h).
  r.summary = decide_gate(r.rules, r.settings);
  return r;
}

}  // namespace

std::optional<Report> report_from_json(const nlohmann::json& doc, std::string* why) {
  try {
    return read(doc);
  } catch (const Bad& bad) {
    *why = bad.what();
  } catch (const nlohmann::json::exception& e) {
    *why = e.what();
  }
  return std::nullopt;
}

}  // namespace edict::report
