// Byte encodings the evidence format needs: SHA-256 (hex) and strict base64. Strict
// means one text per byte string: the standard alphabet, `=` padding, no whitespace and
// no stray bits in the last character, so a changed character is never "the same".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace edict::evidence {

std::string sha256_hex(std::string_view bytes);  // 64 lowercase hex digits
std::string base64_encode(std::string_view bytes);
// nullopt unless `text` is exactly what base64_encode gives for some bytes.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace edict::evidence
