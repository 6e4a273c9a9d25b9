// Diagnostic codes of evidence, keys and signed bundles (docs/diagnostics.md,
// "E09xx: evidence, keys and signatures" and "E07xx: bundles"). One place, so the CLI,
// the library and the tests name the same code.
#pragma once

namespace edict::evidence::codes {

// Keys (E0900-E0909).
inline constexpr const char* kKeyUnreadable = "E0900";     // the key file cannot be read (or is too large)
inline constexpr const char* kKeyFormat = "E0901";         // not a PEM key, or an encrypted one
inline constexpr const char* kKeyType = "E0902";           // a key, but not Ed25519 (RSA, EC, ...)
inline constexpr const char* kKeyExposed = "E0903";        // a private key group or others may access
inline constexpr const char* kKeyWrongHalf = "E0904";      // public where private is needed, or the reverse
inline constexpr const char* kKeyExists = "E0905";         // keygen would overwrite a key
inline constexpr const char* kKeyWrite = "E0906";          // keygen cannot write the files
inline constexpr const char* kCrypto = "E0907";            // libcrypto failed (out of memory, RNG)
inline constexpr const char* kNoCrypto = "E0908";          // this edict was built without OpenSSL

// Evidence files (E0910-E0929).
inline constexpr const char* kEvidenceUnreadable = "E0910";  // cannot be read, or too large
inline constexpr const char* kEvidenceFormat = "E0911";      // not a canonical DSSE envelope
inline constexpr const char* kStatementFormat = "E0912";     // the payload is not an Edict evidence statement
inline constexpr const char* kSignature = "E0913";           // no valid signature by the key
inline constexpr const char* kSubject = "E0914";             // the statement's digests do not match its parts
inline constexpr const char* kReplay = "E0915";              // the replayed report differs from the signed one
inline constexpr const char* kReplayFailed = "E0916";        // the embedded bundle/config/facts do not load
inline constexpr const char* kNotReplayable = "E0917";       // check: this run cannot be replayed, no evidence written
inline constexpr const char* kEvidenceTooLarge = "E0918";    // check: the evidence would exceed the limit
inline constexpr const char* kEvidenceFlags = "E0919";       // --evidence without --sign, or the reverse

}  // namespace edict::evidence::codes

namespace edict::evidence::bundle_sig_codes {

// Signed bundles (E0716-E0725, the bundles section).
inline constexpr const char* kUnsigned = "E0716";       // a trusted key is required but the bundle is unsigned
inline constexpr const char* kOtherKey = "E0717";       // signed, but not by the trusted key
inline constexpr const char* kAltered = "E0718";        // the signature does not cover these bytes
inline constexpr const char* kMalformed = "E0719";      // the signature block does not parse
inline constexpr const char* kSourcesRefused = "E0720";  // edict.toml requires a signed bundle; sources given

}  // namespace edict::evidence::bundle_sig_codes
