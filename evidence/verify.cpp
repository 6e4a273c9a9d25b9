#include "evidence/verify.h"

#include "evidence/codes.h"
#include "evidence/dsse.h"

namespace edict::evidence {

namespace {

Verification fail(Verdict verdict, const char* code, std::string message) {
  Verification v;
  v.verdict = verdict;
  v.code = code;
  v.message = std::move(message);
  return v;
}

Verification verify_unguarded(std::string_view bytes, const Key& key);

}  // namespace

Verification verify_evidence(std::string_view bytes, const Key& key) {
  // Nothing below should throw; if a JSON accessor ever does, the file is refused, not
  // trusted and not a crash.
  try {
    return verify_unguarded(bytes, key);
  } catch (const std::exception& e) {
    return fail(Verdict::kUnreadable, codes::kStatementFormat, std::string("not an evidence file: ") + e.what());
  }
}

namespace {

Verification verify_unguarded(std::string_view bytes, const Key& key) {
  std::string why;
  auto envelope = parse_envelope(bytes, &why);
  if (!envelope) return fail(Verdict::kUnreadable, codes::kEvidenceFormat, "not an evidence file (DSSE envelope): " + why);

  if (!verify_envelope(*envelope, key, &why)) {
    Verification v = fail(Verdict::kSignatureMismatch, codes::kSignature, "signature mismatch: " + why);
    // The payload is not trusted now, but its own digests can still say which part was
    // edited (facts, report, bundle, config) when the editor did not update them.
    std::string ignored;
    if (envelope->payload_type == kInTotoPayloadType)
      if (auto s = parse_statement(envelope->payload, &ignored)) {
        std::string part = mismatched_part(*s);
        if (!part.empty()) v.message += "; the `" + part + "` part no longer matches its digest in the statement (edited after signing)";
      }
    return v;
  }
  if (envelope->payload_type != kInTotoPayloadType)
    return fail(Verdict::kUnreadable, codes::kStatementFormat,
                "the payload type is `" + envelope->payload_type + "`, not " + kInTotoPayloadType);
  auto statement = parse_statement(envelope->payload, &why);
  if (!statement) return fail(Verdict::kUnreadable, codes::kStatementFormat, "not an Edict evidence statement: " + why);

  Verification v;
  std::string part = mismatched_part(*statement);
  if (!part.empty()) {
    v = fail(Verdict::kReplayMismatch, codes::kSubject,
             "digest mismatch: the signed statement's `" + part + "` part does not match the digest it records");
    v.statement = std::move(statement);
    return v;
  }
  auto replayed = replay(statement->parts, statement->facts, &why);
  if (!replayed) {
    v = fail(Verdict::kReplayMismatch, codes::kReplayFailed, "replay failed: " + why);
    v.statement = std::move(statement);
    return v;
  }
  std::string difference = first_difference(statement->parts.report_json, replayed->json);
  if (!difference.empty()) {
    v = fail(Verdict::kReplayMismatch, codes::kReplay,
             "replay mismatch: the report this edict computes differs from the signed one at " + difference);
    v.statement = std::move(statement);
    return v;
  }
  v.verdict = Verdict::kVerified;
  v.statement = std::move(statement);
  v.replayed = std::move(replayed);
  return v;
}

}  // namespace

}  // namespace edict::evidence
