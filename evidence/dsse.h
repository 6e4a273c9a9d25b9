// DSSE (Dead Simple Signing Envelope, secure-systems-lab/dsse protocol.md): a payload,
// its type, and signatures over the pre-authentication encoding
//   PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body
// (LEN: ASCII decimal byte count), so a signature for one payload type never verifies
// as another. Edict writes one canonical JSON form and reads only that form: an
// evidence file is an exact artefact, and any changed byte must make it fail.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evidence/keys.h"

namespace edict::evidence {

inline constexpr const char* kInTotoPayloadType = "application/vnd.in-toto+json";

std::string pae(std::string_view payload_type, std::string_view payload);

struct DsseSignature {
  std::string keyid;
  std::string sig;  // raw signature bytes (base64 in the JSON)
};

struct Envelope {
  std::string payload_type;
  std::string payload;  // raw bytes (base64 in the JSON)
  std::vector<DsseSignature> signatures;
};

// Signs `payload` with `key`; the canonical JSON (compact, keys payload, payloadType,
// signatures; one trailing newline). Empty on a libcrypto failure.
std::string sign_envelope(std::string_view payload_type, std::string_view payload, const Key& key);
std::string envelope_json(const Envelope& envelope);

// Parses an envelope; nullopt with `why` unless `text` is valid JSON of that shape AND
// exactly the canonical form envelope_json() writes for it.
std::optional<Envelope> parse_envelope(std::string_view text, std::string* why);

// The signature of `key` (matched by keyid) verifies over PAE. False with `why`: no
// signature with this key's keyid, or one that does not verify.
bool verify_envelope(const Envelope& envelope, const Key& key, std::string* why);

}  // namespace edict::evidence
