// The one definition of how an Edict string literal spells a string, both ways.
// The runtime owns it (value display needs the encoder, and the runtime must not depend
// on the compiler); compiler/syntax/literals.cpp decodes literals with it, and the
// formatter, the AST printer and `to_display` all encode with it, so every string Edict
// writes is one the parser reads back as the same string.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace edict {

// Why a literal body could not be decoded; offsets are into the body.
struct EscapeError {
  size_t offset = 0;
  size_t length = 1;
  std::string message;
  std::string help;
};

// The text between the quotes of a literal -> its value. Escapes: \n \t \" \\ and
// \u{HEX} (1 to 6 hex digits, a Unicode scalar value other than 0); any other
// character stands for itself. nullopt with `error` set on a bad escape.
std::optional<std::string> decode_escapes(std::string_view body, EscapeError* error);

// A string -> `"..."`, quotes included, that decode_escapes maps back to the same
// string whenever a literal can hold it (valid UTF-8 without NUL). Canonical: `"` and
// `\` escaped, \n and \t by name, every other control character (C0, DEL, C1) and the
// invisible line/paragraph separators and bidirectional controls as \u{hex}, so the
// result is one line that shows what it holds. A string no literal can hold still gets
// a readable spelling the decoder refuses, never one that decodes to another string:
// NUL as \u{0}, a byte that is not UTF-8 as \x{hex}.
std::string encode_string(std::string_view value);
void append_encoded_string(std::string& out, std::string_view value);

// 3 when `text` starts with the UTF-8 byte order mark (EF BB BF), else 0. A BOM is not
// part of a source file's text: ANTLR's input stream drops it, so the parser's code
// point positions (compiler/syntax/front_end.h) and a line's columns (runtime/source.h)
// start after it.
inline size_t utf8_bom_length(std::string_view text) { return text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0; }

// How many bytes from text[from] on are ASCII other than NUL, counted eight at a time:
// most of a policy file, which the readers below then skip without decoding.
size_t plain_ascii_length(std::string_view text, size_t from);

// Length of the valid UTF-8 sequence starting at text[i], or 0 if there is none
// (overlong forms, surrogates and code points past U+10FFFF are not UTF-8).
size_t utf8_sequence_length(std::string_view text, size_t i);

// Appends the UTF-8 encoding of a code point (the caller checked it is a scalar value).
void append_utf8(std::string& out, uint32_t code_point);

}  // namespace edict
