// SHA-256 through libcrypto; base64 by hand, because EVP_DecodeBlock accepts
// whitespace and non-canonical trailing bits, and evidence must not.
#include "evidence/encoding.h"

#include <openssl/evp.h>

#include <array>

namespace edict::evidence {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int sextet(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, 32> digest{};
  unsigned int length = 0;
  // EVP_Digest cannot fail for SHA-256 short of memory exhaustion; a zero digest then
  // matches nothing real, so a comparison fails closed.
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) digest.fill(0);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (unsigned char b : digest) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t n = (uint32_t(uint8_t(bytes[i])) << 16) | (uint32_t(uint8_t(bytes[i + 1])) << 8) | uint8_t(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t n = uint32_t(uint8_t(bytes[i])) << 16;
    if (rest == 2) n |= uint32_t(uint8_t(bytes[i + 1])) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    bool last = i + 4 == text.size();
    int a = sextet(text[i]), b = sextet(text[i + 1]);
    if (a < 0 || b < 0) return std::nullopt;
    if (last && text[i + 2] == '=') {
      // One byte: the 4 low bits of b must be zero, and the group ends "==".
      if (text[i + 3] != '=' || (b & 15) != 0) return std::nullopt;
      out += char((a << 2) | (b >> 4));
      break;
    }
    int c = sextet(text[i + 2]);
    if (c < 0) return std::nullopt;
    if (last && text[i + 3] == '=') {
      if ((c & 3) != 0) return std::nullopt;  // two bytes: the 2 low bits of c must be zero
      out += char((a << 2) | (b >> 4));
      out += char(((b & 15) << 4) | (c >> 2));
      break;
    }
    int d = sextet(text[i + 3]);
    if (d < 0) return std::nullopt;
    out += char((a << 2) | (b >> 4));
    out += char(((b & 15) << 4) | (c >> 2));
    out += char(((c & 3) << 6) | d);
  }
  return out;
}

}  // namespace edict::evidence
