// Decoding of literal spellings (strings, triple-quoted strings, ints, floats,
// versions) into values. Pure functions on text: the parser calls them per token and
// turns a LiteralError into a diagnostic; the formatter uses the dedent helpers to
// re-indent `"""` blocks without changing their value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edict::syntax {

struct LiteralError {
  const char* code = "";  // the E01xx code to report it under
  size_t offset = 0;  // byte offset inside the raw spelling
  size_t length = 1;
  std::string message;
  std::string help;
};

// `"a\tb"` or `"""..."""` (quotes included) -> the value. Escapes: \n \t \" \\ \u{HEX}, as
// runtime/string_codec.h defines them; its encode_string is the inverse, for writing a
// string back as a literal.
// Triple-quoted: a line break right after the opening quotes and a last line holding
// only white space before the closing quotes are dropped, then the common leading
// white space of the non-blank lines is removed and blank lines become empty.
std::optional<std::string> decode_string(std::string_view raw, LiteralError* error);

// `1_000` -> 1000; nullopt with an error for misplaced `_` or a value past int64.
// `negated` accepts 9223372036854775808 (for `-9223372036854775808`).
std::optional<int64_t> decode_int(std::string_view raw, bool negated, LiteralError* error);
std::optional<double> decode_float(std::string_view raw, LiteralError* error);
// `v"6.0.6003"` -> "6.0.6003"; the text must be dot-separated decimal components.
std::optional<std::string> decode_version(std::string_view raw, LiteralError* error);

// The lines of a triple-quoted string's content (between the quotes), split for
// re-indentation by the formatter.
struct TripleQuotedLayout {
  bool leading_break = false;       // content starts with a line break (the canonical form)
  std::vector<std::string> lines;   // content lines with the common indentation removed
  bool closing_on_own_line = false; // the last line held only white space
};
TripleQuotedLayout layout_triple_quoted(std::string_view raw);

}  // namespace edict::syntax
