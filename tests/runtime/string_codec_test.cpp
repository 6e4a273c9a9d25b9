// The string literal codec (runtime/string_codec.h): decode_escapes(encode_string(s))
// gives back s for every string a literal can hold, over every code point, the
// characters with a meaning in a literal, and random UTF-8; and a string no literal can
// hold is never encoded as a different, decodable one.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "runtime/string_codec.h"
#include "runtime/value.h"

using namespace edict;

namespace {

std::string utf8(uint32_t cp) {
  std::string s;
  append_utf8(s, cp);
  return s;
}

// decode(encode(s)) == s, and the encoding is one line wrapped in quotes: the lexer
// rejects a raw CR or LF inside `"..."`.
void check_round_trip(const std::string& s) {
  std::string encoded = encode_string(s);
  INFO("encoded: " << encoded);
  REQUIRE(encoded.size() >= 2);
  REQUIRE(encoded.front() == '"');
  REQUIRE(encoded.back() == '"');
  CHECK(encoded.find('\r') == std::string::npos);
  CHECK(encoded.find('\n') == std::string::npos);
  EscapeError error;
  std::optional<std::string> decoded = decode_escapes(std::string_view(encoded).substr(1, encoded.size() - 2), &error);
  INFO("error: " << error.message);
  REQUIRE(decoded.has_value());
  CHECK(*decoded == s);
}

bool is_scalar(uint32_t cp) { return cp != 0 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF); }

}  // namespace

TEST_CASE("string codec: every single code point round-trips, alone and between other text") {
  size_t count = 0;
  for (uint32_t cp = 1; cp <= 0x10FFFF; ++cp) {
    if (!is_scalar(cp)) continue;
    std::string s = utf8(cp);
    std::string encoded = encode_string(s);
    std::optional<std::string> decoded = decode_escapes(std::string_view(encoded).substr(1, encoded.size() - 2), nullptr);
    if (!decoded || *decoded != s || encoded.find_first_of("\r\n") != std::string::npos) {
      FAIL("code point " << cp << " encodes as " << encoded);
    }
    ++count;
  }
  CHECK(count == 0x10FFFF - 0x800);
  // Characters that mean something in a literal, next to each other and to escapes.
  for (uint32_t cp : {0x01u, 0x09u, 0x0Au, 0x0Du, 0x1Fu, 0x22u, 0x5Cu, 0x7Bu, 0x7Du, 0x75u, 0x7Fu, 0x85u, 0x2028u,
                      0x202Eu, 0xFEFFu, 0x10FFFFu}) {
    check_round_trip("a" + utf8(cp) + "b");
    check_round_trip(utf8(cp) + utf8(cp));
    check_round_trip("\\" + utf8(cp));
    check_round_trip(utf8(cp) + "\\");
  }
}

TEST_CASE("string codec: control bytes, quotes, backslashes and braces round-trip") {
  for (const std::string& s : std::vector<std::string>{
           "", "\"", "\\", "\\\\", "\\\"", "\"\"\"", "\\n", "\\u{41}", "{", "}", "{}", "\\u{", "u{41}", "\r", "\r\n",
           "\t", "\x1b[31m", "a\rb", "\x7f", "{\"a\": 1}", "end\\"}) {
    check_round_trip(s);
  }
  for (int c = 1; c < 0x80; ++c) check_round_trip(std::string(1, static_cast<char>(c)));
}

TEST_CASE("string codec: random UTF-8 strings round-trip") {
  std::mt19937 rng(20261129);
  // Mostly the interesting ASCII, some of every UTF-8 length.
  std::vector<uint32_t> pool = {'"', '\\', '{', '}', 'u', 'n', 't', 'x', '\n', '\t', '\r', 1, 0x1F, 0x7F, ' ', 'a'};
  std::uniform_int_distribution<uint32_t> any(1, 0x10FFFF);
  std::uniform_int_distribution<size_t> length(0, 24);
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    size_t n = length(rng);
    for (size_t i = 0; i < n; ++i) {
      uint32_t cp = rng() % 2 ? pool[rng() % pool.size()] : any(rng);
      if (!is_scalar(cp)) cp = 0xFFFD;
      s += utf8(cp);
    }
    check_round_trip(s);
  }
}

TEST_CASE("string codec: the spelling is canonical and readable") {
  CHECK(encode_string("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(encode_string("line\nnext\ttab") == "\"line\\nnext\\ttab\"");
  CHECK(encode_string("a\rb") == "\"a\\u{d}b\"");
  CHECK(encode_string("\x1b[0m") == "\"\\u{1b}[0m\"");
  CHECK(encode_string("caf\xc3\xa9 \xf0\x9f\x98\x80") == "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"");
  // A bidi override would make a report line read differently from what it holds.
  CHECK(encode_string("a\xe2\x80\xae" "b") == "\"a\\u{202e}b\"");
}

TEST_CASE("string codec: a string no literal can hold is never spelled as another string") {
  // NUL and bytes that are not UTF-8 (possible in facts, never in a literal) get a
  // readable spelling that the decoder refuses.
  for (const std::string& s : {std::string("a\0b", 3), std::string("\xff"), std::string("a\xc3"),
                               std::string("\xed\xa0\x80"), std::string("\xc0\xaf")}) {
    std::string encoded = encode_string(s);
    INFO("encoded: " << encoded);
    CHECK_FALSE(decode_escapes(std::string_view(encoded).substr(1, encoded.size() - 2), nullptr).has_value());
  }
  CHECK(encode_string(std::string("a\0b", 3)) == "\"a\\u{0}b\"");
  CHECK(encode_string("\xff") == "\"\\x{ff}\"");
}

TEST_CASE("string codec: value display spells strings with the codec") {
  Value s = Value::of_string("a\rb");
  CHECK(to_display(s) == "\"a\\u{d}b\"");
}
