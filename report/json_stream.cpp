// See json_stream.h. Each function mirrors its namesake in json.cpp; a change to the
// report's JSON is made in both (json_stream_test compares them on every fixture).
#include "report/json_stream.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "report/escape.h"
#include "report/formats.h"

namespace edict::report {

namespace {

using Json = nlohmann::ordered_json;

constexpr int kJsonReportVersion = 1;  // json.cpp's

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  // A string the DOM path passed through valid_utf8 first (`sanitized`), or one it gave
  // nlohmann as is (evidence text and keys), which error_handler_t::replace then fixed.
  void str(std::string_view s, bool sanitized = true) {
    comma_ = true;
    bool ascii = true;
    for (char c : s)
      if (static_cast<unsigned char>(c) >= 0x80) {
        ascii = false;
        break;
      }
    if (ascii) return escaped(s);
    std::string valid = valid_utf8(s);
    if (sanitized) return escaped(valid);
    if (valid == s) return escaped(s);
    // Invalid UTF-8 nlohmann would repair: let it, so the bytes are its own (rare).
    out_ += Json(std::string(s)).dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  void nullable(const std::string& s) {
    if (s.empty()) null();
    else str(s);
  }
  void null() {
    out_ += "null";
    comma_ = true;
  }
  void boolean(bool b) {
    out_ += b ? "true" : "false";
    comma_ = true;
  }
  void integer(int64_t v) {
    char buf[24];
    int n = std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
    out_.append(buf, static_cast<size_t>(n));
    comma_ = true;
  }
  void number(double v) {
    out_ += Json(v).dump(-1, ' ', false, Json::error_handler_t::replace);
    comma_ = true;
  }
  // Punctuation: a comma goes before a key or an item when a value came before it at
  // the same level (comma_), never right after an opening bracket or a key.
  void open_object() {
    out_ += '{';
    comma_ = false;
  }
  void close_object() {
    out_ += '}';
    comma_ = true;
  }
  void open_array() {
    out_ += '[';
    comma_ = false;
  }
  void close_array() {
    out_ += ']';
    comma_ = true;
  }
  void key(std::string_view k, bool sanitized = true) {
    if (comma_) out_ += ',';
    str(k, sanitized);
    out_ += ':';
    comma_ = false;
  }
  // Before an array element.
  void item() {
    if (comma_) out_ += ',';
    comma_ = false;
  }

 private:
  // Whether any of 8 bytes needs an escape: a control (< 0x20), '"' or '\\'. The
  // "has a zero byte" / "has a byte less than n" word tests: exact about whether some
  // byte matches, which is all this asks. A report is mostly plain text, so most words
  // pass in a dozen instructions instead of three compares per byte.
  static bool word_needs_escape(uint64_t x) {
    constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
    auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHighs; };
    uint64_t control = (x - kOnes * 0x20) & ~x & kHighs;
    return (control | has_zero(x ^ (kOnes * '"')) | has_zero(x ^ (kOnes * '\\'))) != 0;
  }
  // nlohmann's serializer::dump_escaped with ensure_ascii = false, for valid UTF-8.
  void escaped(std::string_view s) {
    out_ += '"';
    size_t run = 0, i = 0;
    while (i < s.size()) {
      if (i + 8 <= s.size()) {
        uint64_t word;
        std::memcpy(&word, s.data() + i, 8);
        if (!word_needs_escape(word)) {
          i += 8;
          continue;
        }
      }
      for (size_t end = std::min(i + 8, s.size()); i < end; ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out_.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
          case '\b': out_ += "\\b"; break;
          case '\t': out_ += "\\t"; break;
          case '\n': out_ += "\\n"; break;
          case '\f': out_ += "\\f"; break;
          case '\r': out_ += "\\r"; break;
          case '"': out_ += "\\\""; break;
          case '\\': out_ += "\\\\"; break;
          default: {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out_ += buf;
          }
        }
      }
    }
    out_.append(s.data() + run, s.size() - run);
    out_ += '"';
  }

  std::string& out_;
  bool comma_ = false;
};

void location(Writer& w, const SourceLocation& loc) {
  w.open_object();
  w.key("path");
  w.str(loc.path);
  w.key("line");
  w.integer(loc.line);
  w.key("column");
  w.integer(loc.column);
  w.close_object();
}

void strings(Writer& w, const std::vector<std::string>& list) {
  w.open_array();
  for (const auto& s : list) {
    w.item();
    w.str(s);
  }
  w.close_array();
}

void explanation(Writer& w, const Explanation& e) {
  w.open_object();
  w.key("clause");
  w.str(e.keyword.empty() ? std::string_view("require") : std::string_view(e.keyword), false);
  w.key("require_index");
  w.integer(e.require_index);
  w.key("requirement");
  w.str(e.require_text);
  w.key("location");
  location(w, e.location);
  w.key("values");
  w.open_array();
  for (const auto& v : e.values) {
    w.item();
    w.open_object();
    w.key("source");
    w.str(v.source);
    w.key("value");
    w.str(v.value);
    w.key("location");
    location(w, v.location);
    if (!v.within.empty()) {
      w.key("within");
      w.str(v.within);
    }
    w.close_object();
  }
  w.close_array();
  w.key("notes");
  strings(w, e.notes);
  w.key("text");
  w.str(render_explanation_text(e, 0));
  w.close_object();
}

void waiver(Writer& w, const WaiverUse& u) {
  w.open_object();
  w.key("rule");
  w.str(u.pattern);
  w.key("reason");
  w.str(u.reason);
  w.key("approved_by");
  w.nullable(u.approved_by);
  w.key("expires");
  w.nullable(u.expires);
  w.key("state");
  w.str(waiver_state_name(u.state), false);
  w.key("days_left");
  if (u.expires.empty()) w.null();
  else w.integer(u.days_left);
  w.key("location");
  location(w, u.location);
  w.close_object();
}

void evidence_value(Writer& w, const EvidenceValue& v) {
  switch (v.kind) {
    case EvidenceValue::Kind::kNull: return w.null();
    case EvidenceValue::Kind::kBool: return w.boolean(v.boolean);
    case EvidenceValue::Kind::kInt: return w.integer(v.integer);
    case EvidenceValue::Kind::kFloat: return w.number(v.number);
    case EvidenceValue::Kind::kString: return w.str(v.text, false);
    case EvidenceValue::Kind::kList:
      w.open_array();
      for (const auto& item : v.items) {
        w.item();
        evidence_value(w, item);
      }
      return w.close_array();
    case EvidenceValue::Kind::kMap:
      w.open_object();
      for (size_t i = 0; i < v.keys.size() && i < v.items.size(); ++i) {
        w.key(v.keys[i], false);
        evidence_value(w, v.items[i]);
      }
      return w.close_object();
  }
  w.null();
}

}  // namespace

void append_host_json(const Report& report, const std::string& source, const std::optional<HostError>& error,
                      std::string& out) {
  Writer w(out);
  w.open_object();
  w.key("report_version");
  w.integer(kJsonReportVersion);
  w.key("tool");
  w.open_object();
  w.key("name");
  w.str("edict", false);
  w.key("version");
  w.str(report.tool_version, false);
  w.close_object();
  w.key("host");
  if (report.host) w.str(*report.host);
  else w.null();
  w.key("time");
  w.str(report.generated_at, false);
  w.key("config");
  w.open_object();
  w.key("path");
  w.nullable(report.config_path);
  w.key("fail_on");
  w.str(level_name(report.settings.fail_on), false);
  w.key("unknown");
  w.str(unknown_mode_name(report.settings.unknown), false);
  w.close_object();

  w.key("summary");
  w.open_object();
  w.key("total");
  w.integer(report.summary.total);
  for (Outcome o : {Outcome::kPass, Outcome::kFail, Outcome::kUnknown, Outcome::kError, Outcome::kSkip,
                    Outcome::kWaived}) {
    w.key(outcome_name(o), false);
    w.integer(report.summary.count(o));
  }
  w.key("gate");
  w.str(gate_name(report.summary.gate), false);
  w.key("exit_code");
  w.integer(report.summary.exit_code);
  w.close_object();

  w.key("warnings");
  w.open_array();
  for (const auto& warning : report.warnings) {
    w.item();
    w.open_object();
    w.key("code");
    w.str(warning.code, false);
    w.key("message");
    w.str(warning.message);
    w.close_object();
  }
  w.close_array();

  w.key("policies");
  w.open_array();
  for (size_t i = 0; i < report.policies.size(); ++i) {
    const auto& p = report.policies[i];
    Outcome worst = Outcome::kSkip;
    bool any = false;
    for (const auto& r : report.rules)
      if (r.info.policy_index == i) {
        worst = any ? worst_outcome(worst, r.outcome) : r.outcome;
        any = true;
      }
    w.item();
    w.open_object();
    w.key("id");
    w.str(p.id);
    w.key("title");
    w.str(p.title);
    w.key("outcome");
    w.str(outcome_name(worst), false);
    w.key("severity");
    w.str(level_name(p.severity), false);
    w.key("enforcement");
    w.str(enforcement_name(p.enforcement), false);
    w.key("when");
    w.nullable(p.when_text);
    w.key("location");
    location(w, p.location);
    w.close_object();
  }
  w.close_array();

  w.key("rules");
  w.open_array();
  for (const auto& r : report.rules) {
    w.item();
    w.open_object();
    w.key("id");
    w.str(r.info.id);
    w.key("policy");
    w.str(r.policy_id);
    w.key("title");
    w.str(r.info.title);
    w.key("outcome");
    w.str(outcome_name(r.outcome), false);
    w.key("severity");
    w.str(level_name(r.info.severity), false);
    w.key("enforcement");
    w.str(enforcement_name(r.info.enforcement), false);
    w.key("gating");
    w.boolean(r.gating);
    w.key("blocks");
    w.boolean(r.blocks);
    w.key("location");
    location(w, r.info.location);
    w.key("requirements");
    strings(w, r.info.require_texts);
    w.key("missing_facts");
    strings(w, r.missing_facts);
    w.key("error");
    w.nullable(r.error);
    w.key("explanation");
    if (r.explanation) explanation(w, *r.explanation);
    else w.null();
    w.key("waiver");
    if (r.waiver) waiver(w, *r.waiver);
    else w.null();
    w.key("facts");
    w.open_array();
    for (const auto& ev : r.evidence) {
      w.item();
      w.open_object();
      w.key("path");
      w.str(ev.path);
      w.key("known");
      w.boolean(ev.value.has_value());
      w.key("value");
      evidence_value(w, ev.data);
      w.key("display");
      if (ev.value) w.str(*ev.value);
      else w.null();
      w.key("source");
      w.nullable(ev.source);
      w.key("collected_at");
      w.nullable(ev.collected_at);
      w.key("truncated");
      w.boolean(ev.truncated);
      w.close_object();
    }
    w.close_array();
    w.close_object();
  }
  w.close_array();

  w.key("source");
  w.str(source);
  if (error) {
    w.key("load_error");
    w.open_object();
    w.key("code");
    w.str(error->code, false);
    w.key("message");
    w.str(error->message);
    w.close_object();
  }
  w.close_object();
}

}  // namespace edict::report
