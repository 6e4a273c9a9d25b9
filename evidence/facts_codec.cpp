#include "evidence/facts_codec.h"

#include <cmath>

#include "evidence/encoding.h"

namespace edict::evidence {

namespace {

using Json = nlohmann::ordered_json;

bool is_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t k = 1; k < n; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n;
  }
  return true;
}

// Bytes as a JSON string when they are UTF-8, else {"base64": ...}: JSON cannot carry
// arbitrary bytes, and a repaired string would be a different fact.
Json bytes_json(std::string_view s) {
  if (is_utf8(s)) return Json(std::string(s));
  return Json{{"base64", base64_encode(s)}};
}

std::optional<std::string> bytes_from(const Json& j) {
  if (j.is_string()) {
    std::string s = j.get<std::string>();
    // Whatever encode wrote as a string was UTF-8; a JSON string carrying bytes that
    // would have been base64 is not our output.
    if (!is_utf8(s)) return std::nullopt;
    return s;
  }
  if (j.is_object() && j.size() == 1 && j.contains("base64") && j["base64"].is_string()) {
    auto raw = base64_decode(j["base64"].get<std::string>());
    if (!raw || is_utf8(*raw)) return std::nullopt;  // UTF-8 is always written as a string
    return raw;
  }
  return std::nullopt;
}

Json encode(const Value& v) {
  switch (v.kind) {
    case ValueKind::kUnknown: return Json{{"unknown", nullptr}};
    case ValueKind::kNull: return Json{{"null", nullptr}};
    case ValueKind::kBool: return Json{{"b", v.boolean}};
    case ValueKind::kInt: return Json{{"i", v.integer}};
    case ValueKind::kFloat:
      // JSON has no inf/nan; facts never hold them (the loaders refuse them, the VM makes
      // them errors), but a lossless codec must not turn one into a number either.
      if (!std::isfinite(v.number)) return Json{{"f", std::isnan(v.number) ? "nan" : v.number > 0 ? "inf" : "-inf"}};
      return Json{{"f", v.number}};
    case ValueKind::kString: return Json{{"s", bytes_json(v.str())}};
    case ValueKind::kVersion: {
      // A version written with leading zeros keeps its text ("22.04"): reports print
      // it, so the replay must see the same.
      if (std::string_view written = version_spelling(v); !written.empty()) return Json{{"vs", std::string(written)}};
      Json parts = Json::array();
      for (uint32_t i = 0; i < v.size; ++i) parts.push_back(v.parts[i]);
      return Json{{"v", parts}};
    }
    case ValueKind::kList: {
      Json items = Json::array();
      for (uint32_t i = 0; i < v.size; ++i) items.push_back(encode(v.items[i]));
      return Json{{"l", items}};
    }
    case ValueKind::kMap: {
      Json entries = Json::array();
      for (uint32_t i = 0; i < v.size; ++i)
        entries.push_back(Json::array({bytes_json(v.entries[i].key), encode(v.entries[i].value)}));
      return Json{{"m", entries}};
    }
    case ValueKind::kError: return Json{{"e", bytes_json(v.str())}};
  }
  return Json{{"unknown", nullptr}};
}

class Decoder {
 public:
  explicit Decoder(Arena& arena) : arena_(arena) {}
  std::string why;

  bool decode(const Json& j, int depth, Value* out) {
    if (depth > kMaxFactsCodecDepth) return fail("the facts are nested too deeply");
    if (!j.is_object() || j.size() != 1) return fail("a fact value is not a one-key object");
    const std::string& tag = j.begin().key();
    const Json& body = j.begin().value();
    if (tag == "unknown" && body.is_null()) return set(out, Value::unknown());
    if (tag == "null" && body.is_null()) return set(out, Value::null());
    if (tag == "b" && body.is_boolean()) return set(out, Value::of_bool(body.get<bool>()));
    if (tag == "i" && (body.is_number_integer())) {
      if (body.is_number_unsigned() && body.get<uint64_t>() > uint64_t(INT64_MAX)) return fail("an int is out of range");
      return set(out, Value::of_int(body.get<int64_t>()));
    }
    if (tag == "f") {
      if (body.is_number_float()) return set(out, Value::of_float(body.get<double>()));
      if (body == "nan") return set(out, Value::of_float(std::nan("")));
      if (body == "inf") return set(out, Value::of_float(HUGE_VAL));
      if (body == "-inf") return set(out, Value::of_float(-HUGE_VAL));
      return fail("a float is not a number");
    }
    if (tag == "s" || tag == "e") {
      auto bytes = bytes_from(body);
      if (!bytes) return fail("a string is neither UTF-8 text nor {\"base64\": ...}");
      std::string_view stored = arena_.copy(*bytes);
      return set(out, tag == "s" ? Value::of_string(stored) : Value::of_error(stored));
    }
    if (tag == "vs" && body.is_string()) {
      Value v;
      if (!parse_version(arena_, body.get_ref<const std::string&>(), &v) || !v.spelled)
        return fail("a version's text is not a version written with leading zeros");
      return set(out, v);
    }
    if (tag == "v" && body.is_array()) {
      auto* parts = arena_.allocate_array<int64_t>(body.size());
      for (size_t i = 0; i < body.size(); ++i) {
        if (!body[i].is_number_integer() || (body[i].is_number_unsigned() && body[i].get<uint64_t>() > uint64_t(INT64_MAX)))
          return fail("a version part is not an int");
        parts[i] = body[i].get<int64_t>();
      }
      return set(out, Value::of_version(parts, static_cast<uint32_t>(body.size())));
    }
    if (tag == "l" && body.is_array()) {
      auto* items = arena_.allocate_array<Value>(body.size());
      for (size_t i = 0; i < body.size(); ++i)
        if (!decode(body[i], depth + 1, &items[i])) return false;
      return set(out, Value::of_list(items, static_cast<uint32_t>(body.size())));
    }
    if (tag == "m" && body.is_array()) {
      auto* entries = arena_.allocate_array<MapEntry>(body.size());
      for (size_t i = 0; i < body.size(); ++i) {
        const Json& e = body[i];
        if (!e.is_array() || e.size() != 2) return fail("a map entry is not [key, value]");
        auto key = bytes_from(e[0]);
        if (!key) return fail("a map key is neither UTF-8 text nor {\"base64\": ...}");
        entries[i].key = arena_.copy(*key);
        // The VM's maps are sorted by key bytes with unique keys (value.h); the encoder
        // wrote them so, and anything else would bind differently than it evaluated.
        if (i > 0 && !(entries[i - 1].key < entries[i].key)) return fail("map keys are not in strictly ascending order");
        if (!decode(e[1], depth + 1, &entries[i].value)) return false;
      }
      return set(out, Value::of_map(entries, static_cast<uint32_t>(body.size())));
    }
    return fail("a fact value has an unknown tag `" + tag + "`");
  }

 private:
  bool set(Value* out, Value v) {
    *out = v;
    return true;
  }
  bool fail(std::string message) {
    if (why.empty()) why = std::move(message);
    return false;
  }
  Arena& arena_;
};

}  // namespace

nlohmann::ordered_json encode_facts(const Facts& facts) {
  Json provenance = Json::array();
  for (const auto& [path, p] : facts.provenances())
    provenance.push_back(Json{{"path", bytes_json(path)}, {"source", bytes_json(p.source)},
                              {"collected_at", bytes_json(p.collected_at)}});
  return Json{{"tree", encode(facts.root())}, {"provenance", provenance}};
}

std::optional<Facts> decode_facts(const nlohmann::ordered_json& json, std::string* why) {
  if (!json.is_object() || json.size() != 2 || !json.contains("tree") || !json.contains("provenance") ||
      !json["provenance"].is_array()) {
    *why = "`facts` is not {tree, provenance}";
    return std::nullopt;
  }
  Facts facts;
  Decoder decoder(facts.arena());
  Value root;
  if (!decoder.decode(json["tree"], 0, &root)) {
    *why = decoder.why;
    return std::nullopt;
  }
  if (root.kind != ValueKind::kMap) {
    *why = "the facts tree is not a map";
    return std::nullopt;
  }
  facts.set_root(root);
  for (const auto& p : json["provenance"]) {
    if (!p.is_object() || p.size() != 3 || !p.contains("path") || !p.contains("source") || !p.contains("collected_at")) {
      *why = "a provenance entry is not {path, source, collected_at}";
      return std::nullopt;
    }
    auto path = bytes_from(p["path"]);
    auto source = bytes_from(p["source"]);
    auto at = bytes_from(p["collected_at"]);
    if (!path || !source || !at) {
      *why = "a provenance entry holds a value that is not text";
      return std::nullopt;
    }
    facts.set_provenance(*path, Provenance{*source, *at});
  }
  return facts;
}

}  // namespace edict::evidence
