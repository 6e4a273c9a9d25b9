#include "evidence/statement.h"

#include <nlohmann/json.hpp>

#include "evidence/encoding.h"
#include "evidence/facts_codec.h"
#include "report/time_util.h"
#include "runtime/rule_info.h"

namespace edict::evidence {

namespace {

using Json = nlohmann::ordered_json;

// The statement is a fixed shape a few levels deep plus the facts tree, which the
// facts codec bounds itself (kMaxFactsCodecDepth); this bounds the parse as a whole.
constexpr int kMaxStatementDepth = 2 * kMaxFactsCodecDepth + 16;

std::string facts_digest(const Json& facts_json) { return sha256_hex(facts_json.dump()); }
std::string config_digest(const std::optional<std::string>& text) { return text ? sha256_hex(*text) : std::string(); }

const Json* field(const Json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

std::optional<std::string> string_at(const Json& obj, const char* key) {
  const Json* f = field(obj, key);
  if (!f || !f->is_string()) return std::nullopt;
  return f->get<std::string>();
}

}  // namespace

std::string make_statement(const EvidenceParts& p, const Facts& facts) {
  Json facts_json = encode_facts(facts);
  Json warnings = Json::array();
  for (const auto& w : p.collector_warnings) warnings.push_back(Json{{"code", w.code}, {"message", w.message}});
  Json predicate{
      {"edict", Json{{"version", p.edict_version}}},
      {"now", report::format_rfc3339(p.now)},
      {"digests", Json{{"report", sha256_hex(p.report_json)},
                       {"bundle", sha256_hex(p.bundle)},
                       {"facts", facts_digest(facts_json)},
                       {"config", p.config_text ? Json(config_digest(p.config_text)) : Json(nullptr)}}},
      {"bundle", Json{{"size", p.bundle.size()},
                      {"base64", base64_encode(p.bundle)},
                      {"signature", p.bundle_signature.empty() ? Json(nullptr) : Json(p.bundle_signature)}}},
      {"facts", facts_json},
      {"config", Json{{"path", p.config_path.empty() ? Json(nullptr) : Json(p.config_path)},
                      {"text", p.config_text ? Json(*p.config_text) : Json(nullptr)},
                      {"fail_on", level_name(p.gate.fail_on)},
                      {"unknown", report::unknown_mode_name(p.gate.unknown)}}},
      {"evaluation", Json{{"max_steps", p.max_steps}, {"explain", true}}},
      {"collector_warnings", warnings},
      {"report", Json{{"media_type", "application/json"}, {"text", p.report_json}}},
  };
  Json statement{{"_type", kStatementType},
                 {"subject", Json::array({Json{{"name", kReportSubjectName},
                                               {"digest", Json{{"sha256", sha256_hex(p.report_json)}}}}})},
                 {"predicateType", kPredicateType},
                 {"predicate", predicate}};
  return statement.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::optional<DecodedStatement> parse_statement(std::string_view payload, std::string* why) {
  Json doc;
  try {
    bool too_deep = false;
    doc = Json::parse(payload, [&](int depth, Json::parse_event_t, Json&) {
      if (depth > kMaxStatementDepth) too_deep = true;
      return !too_deep;
    });
    if (too_deep) {
      *why = "the statement is nested too deeply";
      return std::nullopt;
    }
  } catch (const std::exception& e) {
    *why = "the payload is not JSON (" + std::string(e.what()) + ")";
    return std::nullopt;
  }
  auto fail = [&](std::string message) -> std::optional<DecodedStatement> {
    *why = std::move(message);
    return std::nullopt;
  };
  if (string_at(doc, "_type") != std::string(kStatementType)) return fail("`_type` is not " + std::string(kStatementType));
  if (string_at(doc, "predicateType") != std::string(kPredicateType))
    return fail("`predicateType` is not " + std::string(kPredicateType));
  const Json* subject = field(doc, "subject");
  const Json* pred = field(doc, "predicate");
  if (!subject || !subject->is_array() || subject->size() != 1 || !pred || !pred->is_object())
    return fail("`subject` or `predicate` is not what Edict writes");
  const Json* digest = field(subject->front(), "digest");
  auto subject_digest = digest ? string_at(*digest, "sha256") : std::nullopt;
  if (!subject_digest) return fail("`subject[0].digest.sha256` is missing");

  DecodedStatement out;
  EvidenceParts& p = out.parts;
  const Json* edict = field(*pred, "edict");
  auto version = edict ? string_at(*edict, "version") : std::nullopt;
  auto now = string_at(*pred, "now");
  auto now_seconds = now ? report::parse_timestamp(*now) : std::nullopt;
  if (!version || !now_seconds) return fail("`predicate.edict.version` or `predicate.now` is missing or malformed");
  p.edict_version = *version;
  p.now = *now_seconds;

  const Json* digests = field(*pred, "digests");
  const Json* bundle = field(*pred, "bundle");
  const Json* facts = field(*pred, "facts");
  const Json* config = field(*pred, "config");
  const Json* evaluation = field(*pred, "evaluation");
  const Json* warnings = field(*pred, "collector_warnings");
  const Json* report_part = field(*pred, "report");
  if (!digests || !bundle || !facts || !config || !evaluation || !warnings || !warnings->is_array() || !report_part)
    return fail("the predicate lacks one of digests, bundle, facts, config, evaluation, collector_warnings, report");

  auto bundle_b64 = string_at(*bundle, "base64");
  auto bundle_bytes = bundle_b64 ? base64_decode(*bundle_b64) : std::nullopt;
  if (!bundle_bytes) return fail("`predicate.bundle.base64` is not canonical base64");
  p.bundle = std::move(*bundle_bytes);
  if (const Json* sig = field(*bundle, "signature"); sig && sig->is_string()) p.bundle_signature = sig->get<std::string>();

  std::string facts_why;
  auto decoded = decode_facts(*facts, &facts_why);
  if (!decoded) return fail("`predicate.facts`: " + facts_why);
  out.facts = std::move(*decoded);

  if (auto path = string_at(*config, "path")) p.config_path = *path;
  if (auto text = string_at(*config, "text")) p.config_text = *text;
  auto fail_on = string_at(*config, "fail_on");
  auto level = fail_on ? parse_level(*fail_on) : std::nullopt;
  auto unknown = string_at(*config, "unknown");
  if (!level || !unknown || (*unknown != "fail" && *unknown != "warn"))
    return fail("`predicate.config.fail_on` or `unknown` is missing or malformed");
  p.gate.fail_on = *level;
  p.gate.unknown = *unknown == "warn" ? report::UnknownMode::kWarn : report::UnknownMode::kFail;

  const Json* steps = field(*evaluation, "max_steps");
  if (!steps || !steps->is_number_unsigned() || steps->get<uint64_t>() < 1 || steps->get<uint64_t>() > kMaxReplaySteps)
    return fail("`predicate.evaluation.max_steps` is missing or outside 1..2^40");
  p.max_steps = steps->get<uint64_t>();
  for (const auto& w : *warnings) {
    auto code = string_at(w, "code");
    auto message = string_at(w, "message");
    if (!code || !message) return fail("a collector warning is not {code, message}");
    p.collector_warnings.push_back({*code, *message});
  }
  auto report_text = string_at(*report_part, "text");
  if (!report_text) return fail("`predicate.report.text` is missing");
  p.report_json = *report_text;

  auto d_report = string_at(*digests, "report");
  auto d_bundle = string_at(*digests, "bundle");
  auto d_facts = string_at(*digests, "facts");
  if (!d_report || !d_bundle || !d_facts) return fail("`predicate.digests` is incomplete");
  out.recorded = {*subject_digest, *d_bundle, *d_facts, string_at(*digests, "config").value_or("")};
  if (*d_report != *subject_digest) out.recorded.report = "subject and digests.report disagree";
  out.actual = {sha256_hex(p.report_json), sha256_hex(p.bundle), facts_digest(*facts), config_digest(p.config_text)};
  return out;
}

std::string mismatched_part(const DecodedStatement& s) {
  if (s.recorded.facts != s.actual.facts) return "facts";
  if (s.recorded.bundle != s.actual.bundle) return "bundle";
  if (s.recorded.config != s.actual.config) return "config";
  if (s.recorded.report != s.actual.report) return "report";
  return {};
}

}  // namespace edict::evidence
