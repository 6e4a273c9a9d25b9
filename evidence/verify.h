// `edict verify`'s core: an evidence file and a public key in, a verdict out. In order:
// the envelope's form, the signature, the statement's form, its digests, then the
// replay. Each failure names what does not match; nothing here writes or prints.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "evidence/keys.h"
#include "evidence/replay.h"
#include "evidence/statement.h"

namespace edict::evidence {

// Facts (64 MiB loaded), a bundle (64 MiB) and a report, each base64-wrapped once
// more inside the envelope: 512 MiB holds the largest run `check` accepts, and
// refuses a runaway file before it is read. `check --evidence` refuses to write larger.
inline constexpr size_t kMaxEvidenceFileBytes = size_t{512} << 20;

enum class Verdict {
  kVerified,           // exit 0
  kSignatureMismatch,  // exit 1: no valid signature by the key
  kReplayMismatch,     // exit 1: signed, but the digests or the replay disagree
  kUnreadable,         // exit 2: not an evidence file
};

struct Verification {
  Verdict verdict = Verdict::kUnreadable;
  std::string code;     // E09xx when not verified
  std::string message;  // what does not match
  std::optional<DecodedStatement> statement;  // when the statement parsed (verified or not)
  std::optional<Replayed> replayed;           // when verified
};

Verification verify_evidence(std::string_view file_bytes, const Key& public_key);

}  // namespace edict::evidence
