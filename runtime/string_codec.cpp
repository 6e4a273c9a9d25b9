// String literal encoding and decoding; see string_codec.h for the rules.
#include "runtime/string_codec.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace edict {
namespace {

constexpr const char* kUnicodeEscapeHelp = "write it as `\\u{1F600}`: 1 to 6 hex digits in braces";

int hex_digit(char h) {
  if (h >= '0' && h <= '9') return h - '0';
  if (h >= 'a' && h <= 'f') return h - 'a' + 10;
  if (h >= 'A' && h <= 'F') return h - 'A' + 10;
  return -1;
}

// The scalar value of the valid `length`-byte sequence at text[i].
uint32_t code_point_at(std::string_view text, size_t i, size_t length) {
  auto byte = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(text[i + k])); };
  switch (length) {
    case 1: return byte(0);
    case 2: return ((byte(0) & 0x1F) << 6) | (byte(1) & 0x3F);
    case 3: return ((byte(0) & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
    default: return ((byte(0) & 0x07) << 18) | ((byte(1) & 0x3F) << 12) | ((byte(2) & 0x3F) << 6) | (byte(3) & 0x3F);
  }
}

// Characters written as \u{..} although a literal may hold them raw: they are
// invisible or move text around, so a reader (or a terminal) would not see what the
// string holds. Controls (C0, DEL, C1), U+2028/2029 (line breaks to some editors) and
// the bidirectional controls ("Trojan Source", CVE-2021-42574).
bool shown_escaped(uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x200E || cp == 0x200F || cp == 0x2028 ||
         cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

void append_hex_escape(std::string& out, char kind, uint32_t value) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "\\%c{%x}", kind, static_cast<unsigned>(value));
  out += buf;
}

}  // namespace

size_t plain_ascii_length(std::string_view text, size_t from) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  size_t i = from;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, text.data() + i, 8);
    // A byte with bit 7 set is not ASCII; (w - 1s) & ~w has bit 7 set in the first zero byte.
    if ((w & kHigh) != 0 || ((w - kOnes) & ~w & kHigh) != 0) break;
  }
  while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80 && text[i] != '\0') ++i;
  return i - from;
}

size_t utf8_sequence_length(std::string_view text, size_t i) {
  auto byte = [&](size_t k) -> unsigned { return k < text.size() ? static_cast<unsigned char>(text[k]) : 0u; };
  unsigned c = byte(i);
  auto cont = [&](size_t k) { return (byte(k) & 0xC0) == 0x80; };
  if (i >= text.size()) return 0;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    unsigned c1 = byte(i + 1);
    if (c == 0xE0 && c1 < 0xA0) return 0;   // overlong
    if (c == 0xED && c1 >= 0xA0) return 0;  // UTF-16 surrogates
    return cont(i + 1) && cont(i + 2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    unsigned c1 = byte(i + 1);
    if (c == 0xF0 && c1 < 0x90) return 0;   // overlong
    if (c == 0xF4 && c1 >= 0x90) return 0;  // past U+10FFFF
    return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::optional<std::string> decode_escapes(std::string_view body, EscapeError* error) {
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\') {
      // The run up to the next backslash, in one piece: most strings have none.
      size_t end = std::min(body.find('\\', i), body.size());
      out.append(body.data() + i, end - i);
      i = end - 1;
      continue;
    }
    auto fail = [&](size_t length, std::string message, std::string help) -> std::optional<std::string> {
      if (error) *error = EscapeError{i, length, std::move(message), std::move(help)};
      return std::nullopt;
    };
    if (i + 1 >= body.size()) return fail(1, "a string cannot end with a lone `\\`", "write `\\\\` for a backslash");
    char e = body[i + 1];
    switch (e) {
      case 'n': out += '\n'; ++i; continue;
      case 't': out += '\t'; ++i; continue;
      case '"': out += '"'; ++i; continue;
      case '\\': out += '\\'; ++i; continue;
      case 'u': {
        size_t close = body.find('}', i);
        if (i + 2 >= body.size() || body[i + 2] != '{' || close == std::string_view::npos) {
          return fail(2, "invalid unicode escape", kUnicodeEscapeHelp);
        }
        std::string_view hex = body.substr(i + 3, close - (i + 3));
        bool ok = !hex.empty() && hex.size() <= 6;
        uint32_t cp = 0;
        for (char h : hex) {
          int v = hex_digit(h);
          if (v < 0) ok = false;
          cp = cp * 16 + static_cast<uint32_t>(v < 0 ? 0 : v);
        }
        if (!ok) return fail(close - i + 1, "invalid unicode escape", kUnicodeEscapeHelp);
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0) {
          return fail(close - i + 1, "`\\u{" + std::string(hex) + "}` is not a valid unicode scalar value",
                      "use a code point from 1 to 10FFFF, outside D800-DFFF");
        }
        append_utf8(out, cp);
        i = close;
        continue;
      }
      default: {
        // A multi-byte character after the backslash is named whole, keeping the message UTF-8.
        size_t len = 1;
        while (i + 1 + len < body.size() && (static_cast<unsigned char>(body[i + 1 + len]) & 0xC0) == 0x80) ++len;
        return fail(1 + len, "unknown escape `\\" + std::string(body.substr(i + 1, len)) + "`",
                    "the escapes are \\n \\t \\\" \\\\ and \\u{...}; write `\\\\` for a backslash");
      }
    }
  }
  return out;
}

void append_encoded_string(std::string& out, std::string_view value) {
  out += '"';
  for (size_t i = 0; i < value.size();) {
    char c = value[i];
    size_t length = utf8_sequence_length(value, i);
    if (length == 0) {
      append_hex_escape(out, 'x', static_cast<unsigned char>(c));
      ++i;
      continue;
    }
    uint32_t cp = code_point_at(value, i, length);
    if (c == '"') {
      out += "\\\"";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (shown_escaped(cp)) {
      append_hex_escape(out, 'u', cp);
    } else {
      out.append(value.substr(i, length));
    }
    i += length;
  }
  out += '"';
}

std::string encode_string(std::string_view value) {
  std::string out;
  out.reserve(value.size() + 2);
  append_encoded_string(out, value);
  return out;
}

}  // namespace edict
