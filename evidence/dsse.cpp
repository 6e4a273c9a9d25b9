#include "evidence/dsse.h"

#include <nlohmann/json.hpp>

#include "evidence/encoding.h"

namespace edict::evidence {

namespace {

using Json = nlohmann::ordered_json;

// The envelope is three levels deep; anything deeper is not one, and refusing it while
// parsing keeps a hostile file from building a deep tree first.
constexpr int kMaxEnvelopeDepth = 4;

}  // namespace

std::string pae(std::string_view payload_type, std::string_view payload) {
  std::string out = "DSSEv1 ";
  out += std::to_string(payload_type.size());
  out += ' ';
  out += payload_type;
  out += ' ';
  out += std::to_string(payload.size());
  out += ' ';
  out += payload;
  return out;
}

std::string envelope_json(const Envelope& envelope) {
  Json signatures = Json::array();
  for (const auto& s : envelope.signatures)
    signatures.push_back(Json{{"keyid", s.keyid}, {"sig", base64_encode(s.sig)}});
  Json doc{{"payload", base64_encode(envelope.payload)},
           {"payloadType", envelope.payload_type},
           {"signatures", signatures}};
  return doc.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string sign_envelope(std::string_view payload_type, std::string_view payload, const Key& key) {
  std::string sig = key.sign(pae(payload_type, payload));
  if (sig.empty()) return {};
  Envelope envelope{std::string(payload_type), std::string(payload), {{key.keyid(), sig}}};
  return envelope_json(envelope);
}

std::optional<Envelope> parse_envelope(std::string_view text, std::string* why) {
  Json doc;
  try {
    bool too_deep = false;
    doc = Json::parse(text, [&](int depth, Json::parse_event_t, Json&) {
      if (depth > kMaxEnvelopeDepth) too_deep = true;
      return !too_deep;
    });
    if (too_deep) {
      *why = "it is nested deeper than a DSSE envelope";
      return std::nullopt;
    }
  } catch (const std::exception& e) {
    *why = "it is not JSON (" + std::string(e.what()) + ")";
    return std::nullopt;
  }
  auto string_field = [&](const Json& obj, const char* key, std::string* out) {
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_string()) {
      *why = std::string("`") + key + "` is missing or not a string";
      return false;
    }
    *out = it->get<std::string>();
    return true;
  };
  if (!doc.is_object()) {
    *why = "it is not a JSON object";
    return std::nullopt;
  }
  Envelope envelope;
  std::string payload_b64;
  if (!string_field(doc, "payload", &payload_b64) || !string_field(doc, "payloadType", &envelope.payload_type))
    return std::nullopt;
  auto payload = base64_decode(payload_b64);
  if (!payload) {
    *why = "`payload` is not canonical base64";
    return std::nullopt;
  }
  envelope.payload = std::move(*payload);
  auto sigs = doc.find("signatures");
  if (sigs == doc.end() || !sigs->is_array() || sigs->empty()) {
    *why = "`signatures` is missing, empty or not a list";
    return std::nullopt;
  }
  for (const auto& s : *sigs) {
    if (!s.is_object()) {
      *why = "a signature is not an object";
      return std::nullopt;
    }
    DsseSignature sig;
    std::string sig_b64;
    if (!string_field(s, "keyid", &sig.keyid) || !string_field(s, "sig", &sig_b64)) return std::nullopt;
    auto raw = base64_decode(sig_b64);
    if (!raw) {
      *why = "a signature's `sig` is not canonical base64";
      return std::nullopt;
    }
    sig.sig = std::move(*raw);
    envelope.signatures.push_back(std::move(sig));
  }
  // One text per envelope: whitespace, key order, escapes, extra keys all change the
  // canonical form, so no byte of the file is free to change.
  if (envelope_json(envelope) != text) {
    *why = "it is not in the canonical form Edict writes (compact JSON, fixed key order, one final newline)";
    return std::nullopt;
  }
  return envelope;
}

bool verify_envelope(const Envelope& envelope, const Key& key, std::string* why) {
  bool keyid_seen = false;
  for (const auto& s : envelope.signatures) {
    if (s.keyid != key.keyid()) continue;
    keyid_seen = true;
    if (key.verify(pae(envelope.payload_type, envelope.payload), s.sig)) return true;
  }
  *why = keyid_seen ? "the signature does not verify: the signed content was changed after signing, or the signature was"
                    : "no signature was made with this key (keyid " + key.keyid().substr(0, 16) + "...)";
  return false;
}

}  // namespace edict::evidence
