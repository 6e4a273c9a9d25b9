// Fuzz target: an evidence file from an untrusted place -> verify_evidence against a
// fixed public key. The bytes are tried as they are (envelope parsing, canonical form,
// signature) and, since a random change almost always breaks the signature first, once
// more "re-signed": the envelope's payload (or the raw bytes, when they are no
// envelope) signed with the fixed key, so the statement parser, the facts codec, the
// bundle loader and the replay behind the signature get fuzzed too. The signed-bundle
// container is tried on the same bytes. Invariants: no crash, no exception; anything
// not verified carries an E-code and a message; a verified file is exactly the
// canonical envelope of its parts, and its replay reproduced the signed report; a
// refused signed bundle says why.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "evidence/dsse.h"
#include "evidence/replay.h"
#include "evidence/signed_bundle.h"
#include "evidence/verify.h"
#include "fuzz/fuzz_support.h"

namespace {

using namespace edict;
namespace ev = edict::evidence;

// A throwaway Ed25519 key for this target only: it signs fuzz inputs, nothing else.
constexpr const char* kFuzzPrivateKey =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIDjKvIb6pavgS5bZEv08kIZNIxznrCMkpwOzew+MtEAE\n"
    "-----END PRIVATE KEY-----\n";

const ev::Key& private_key() {
  static const ev::Key key = [] {
    DiagnosticSink sink;
    auto k = ev::parse_private_key(kFuzzPrivateKey, "fuzz.key", sink);
    if (!k) fuzz::fail("the fuzz key does not load", "", "");
    return *k;
  }();
  return key;
}

const ev::Key& public_key() {
  static const ev::Key key = [] {
    DiagnosticSink sink;
    auto k = ev::parse_public_key(private_key().public_pem(), "fuzz.pub", sink);
    if (!k) fuzz::fail("the fuzz public key does not load", "", "");
    return *k;
  }();
  return key;
}

void check(const std::string& bytes, const std::string& input) {
  ev::Verification v = ev::verify_evidence(bytes, public_key());
  if (v.verdict != ev::Verdict::kVerified) {
    if (v.code.empty() || v.message.empty()) fuzz::fail("a refusal without a code or message", input, v.message);
    return;
  }
  std::string why;
  auto envelope = ev::parse_envelope(bytes, &why);
  if (!envelope || ev::envelope_json(*envelope) != bytes) fuzz::fail("verified a non-canonical envelope", input, why);
  // Byte for byte, except for a report signed before explanations had `clause`, whose
  // explanations are compared by presence (evidence/replay.h): then the rest must agree.
  if (!v.replayed ||
      (v.replayed->json != v.statement->parts.report_json &&
       (v.statement->parts.report_json.find("\"clause\"") != std::string::npos ||
        !ev::first_difference(v.statement->parts.report_json, v.replayed->json).empty())))
    fuzz::fail("verified without reproducing the report", input, "");
}

// The payload with the replay's step budget capped, so one input cannot run for minutes.
std::string capped(const std::string& payload) {
  auto doc = nlohmann::ordered_json::parse(payload, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return payload;
  auto pred = doc.find("predicate");
  if (pred == doc.end() || !pred->is_object()) return payload;
  auto eval = pred->find("evaluation");
  if (eval == pred->end() || !eval->is_object()) return payload;
  auto steps = eval->find("max_steps");
  if (steps == eval->end() || !steps->is_number_unsigned() || steps->get<uint64_t>() <= fuzz::kFuzzMaxSteps)
    return payload;
  *steps = fuzz::kFuzzMaxSteps;
  return doc.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  check(input, input);

  std::string why;
  auto envelope = ev::parse_envelope(input, &why);
  std::string payload = envelope ? envelope->payload : input;
  std::string type = envelope ? envelope->payload_type : std::string(ev::kInTotoPayloadType);
  check(ev::sign_envelope(type, capped(payload), private_key()), input);

  // The signed-bundle layer: split, then check against the key.
  if (auto file = ev::split_bundle_file(input, &why)) {
    ev::BundleTrust trust = ev::check_bundle_signature(*file, public_key(), &why);
    if (trust != ev::BundleTrust::kTrusted && why.empty()) fuzz::fail("a bundle refusal without a reason", input, "");
    if (file->bundle.size() > input.size()) fuzz::fail("a bundle view past the input", input, "");
  }
  return 0;
}
