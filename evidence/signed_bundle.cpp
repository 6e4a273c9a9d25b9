#include "evidence/signed_bundle.h"

#include <cstring>

#include <nlohmann/json.hpp>

#include "evidence/dsse.h"
#include "evidence/encoding.h"
#include "evidence/statement.h"

namespace edict::evidence {

namespace {

using Json = nlohmann::ordered_json;

uint32_t read_u32(std::string_view b, size_t at) {
  return uint32_t(uint8_t(b[at])) | uint32_t(uint8_t(b[at + 1])) << 8 | uint32_t(uint8_t(b[at + 2])) << 16 |
         uint32_t(uint8_t(b[at + 3])) << 24;
}

void put_u32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(char((v >> (8 * i)) & 0xFF));
}

std::string bundle_statement(std::string_view bundle) {
  Json statement{{"_type", kStatementType},
                 {"subject", Json::array({Json{{"name", kBundleSubjectName},
                                               {"digest", Json{{"sha256", sha256_hex(bundle)}}}}})},
                 {"predicateType", kBundlePredicateType},
                 {"predicate", Json{{"size", bundle.size()}}}};
  return statement.dump();
}

}  // namespace

std::optional<BundleFile> split_bundle_file(std::string_view bytes, std::string* why) {
  BundleFile file;
  if (bytes.size() < sizeof kSignedBundleMagic || std::memcmp(bytes.data(), kSignedBundleMagic, 8) != 0) {
    file.bundle = bytes;
    return file;
  }
  if (bytes.size() < kSignedBundleHeaderSize) {
    *why = "the signed bundle's header is truncated";
    return std::nullopt;
  }
  uint32_t version = read_u32(bytes, 8);
  if (version != kSignedBundleVersion) {
    *why = "signed-bundle format version " + std::to_string(version) + " (this edict reads " +
           std::to_string(kSignedBundleVersion) + ")";
    return std::nullopt;
  }
  uint32_t length = read_u32(bytes, 12);
  if (length == 0 || length > kMaxBundleEnvelopeBytes || length > bytes.size() - kSignedBundleHeaderSize) {
    *why = "the signature block's length (" + std::to_string(length) + " bytes) is empty, too large or past the end";
    return std::nullopt;
  }
  file.envelope = bytes.substr(kSignedBundleHeaderSize, length);
  file.bundle = bytes.substr(kSignedBundleHeaderSize + length);
  return file;
}

std::string sign_bundle(std::string_view bundle, const Key& key) {
  std::string envelope = sign_envelope(kInTotoPayloadType, bundle_statement(bundle), key);
  if (envelope.empty() || envelope.size() > kMaxBundleEnvelopeBytes) return {};
  std::string out(kSignedBundleMagic, sizeof kSignedBundleMagic);
  put_u32(&out, kSignedBundleVersion);
  put_u32(&out, static_cast<uint32_t>(envelope.size()));
  out += envelope;
  out += bundle;
  return out;
}

BundleTrust check_bundle_signature(const BundleFile& file, const Key& trusted, std::string* why) {
  if (!file.is_signed()) {
    *why = "the bundle is not signed";
    return BundleTrust::kUnsigned;
  }
  auto envelope = parse_envelope(file.envelope, why);
  if (!envelope) {
    *why = "its signature block is not a DSSE envelope: " + *why;
    return BundleTrust::kMalformed;
  }
  bool keyid_known = false;
  for (const auto& s : envelope->signatures) keyid_known = keyid_known || s.keyid == trusted.keyid();
  if (!keyid_known) {
    *why = "it is signed by key " + (envelope->signatures.front().keyid.substr(0, 16)) + "..., not by the trusted key " +
           trusted.keyid().substr(0, 16) + "...";
    return BundleTrust::kOtherKey;
  }
  if (!verify_envelope(*envelope, trusted, why)) return BundleTrust::kAltered;
  // Signed by the trusted key: now the statement must name exactly these bundle bytes.
  if (envelope->payload_type != kInTotoPayloadType || envelope->payload != bundle_statement(file.bundle)) {
    *why = "the signature covers another bundle: its SHA-256 or size differs from the bytes in this file";
    return BundleTrust::kAltered;
  }
  return BundleTrust::kTrusted;
}

std::string bundle_signer(const BundleFile& file) {
  std::string why;
  auto envelope = file.is_signed() ? parse_envelope(file.envelope, &why) : std::nullopt;
  return envelope ? envelope->signatures.front().keyid : std::string();
}

}  // namespace edict::evidence
