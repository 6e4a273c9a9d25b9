// Signed bundles: a container IN FRONT OF the bundle format, so the bundle decoder
// (runtime/bundle_read.cpp) never changes. A signed bundle file is
//
//   offset 0   magic    8 bytes  89 45 44 53 0D 0A 1A 0A  ("\x89EDS\r\n\x1a\n"; a bundle
//                                 starts "\x89EDC", so the two never look alike)
//   offset 8   version  u32 LE   kSignedBundleVersion
//   offset 12  length   u32 LE   bytes of the envelope
//   offset 16  envelope          DSSE envelope (evidence/dsse.h): an in-toto Statement
//                                 whose subject is the bundle's SHA-256
//   then       bundle            the .edictc bytes, verbatim
//
// Any other file is handed through unchanged as an unsigned bundle. The peer is OPA's
// bundle signing (a `.signatures.json` whose JWT lists each file's hash): here the one
// file's hash sits in a DSSE-signed in-toto statement. docs/bundle.md, docs/evidence.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "evidence/keys.h"

namespace edict::evidence {

inline constexpr char kSignedBundleMagic[8] = {'\x89', 'E', 'D', 'S', '\r', '\n', '\x1a', '\n'};
inline constexpr uint32_t kSignedBundleVersion = 1;
inline constexpr size_t kSignedBundleHeaderSize = 16;
// The envelope holds a digest, a key id and a signature: well under 2 KiB. 64 KiB
// bounds what a hostile header can make the loader read as JSON.
inline constexpr uint32_t kMaxBundleEnvelopeBytes = 64 * 1024;
inline constexpr const char* kBundlePredicateType = "urn:edict:bundle-signature:v1";
inline constexpr const char* kBundleSubjectName = "bundle.edictc";

struct BundleFile {
  std::string_view bundle;    // the .edictc bytes (a view into the file's bytes)
  std::string_view envelope;  // empty when the file is unsigned
  bool is_signed() const { return !envelope.empty(); }
};

// Splits a file into its bundle and signature; an unsigned file is all bundle.
// nullopt with `why` when the file starts with the signed magic but the container is
// malformed (version, length past the end).
std::optional<BundleFile> split_bundle_file(std::string_view bytes, std::string* why);

// The signed container for `bundle`; empty on a libcrypto failure.
std::string sign_bundle(std::string_view bundle, const Key& key);

enum class BundleTrust { kTrusted, kUnsigned, kOtherKey, kAltered, kMalformed };

// Whether `file` is signed by `trusted` over exactly its bundle bytes; `why` says
// what did not match otherwise.
BundleTrust check_bundle_signature(const BundleFile& file, const Key& trusted, std::string* why);

// The keyid that signed `file` (the first signature's), empty when unsigned/malformed.
std::string bundle_signer(const BundleFile& file);

}  // namespace edict::evidence
