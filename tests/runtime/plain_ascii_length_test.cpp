// plain_ascii_length (runtime/string_codec.h) counts eight bytes at a time; the source
// reader and the parser's decoder skip what it counts. Checked against a byte count at
// every start offset, with the non-ASCII byte or NUL at every position around the
// eight-byte words.
#include <catch2/catch.hpp>

#include <string>

#include "runtime/string_codec.h"

namespace {

size_t by_bytes(const std::string& text, size_t from) {
  size_t i = from;
  while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80 && text[i] != '\0') ++i;
  return i - from;
}

}  // namespace

TEST_CASE("plain_ascii_length stops at the first byte that is not ASCII or is NUL") {
  CHECK(edict::plain_ascii_length("", 0) == 0);
  CHECK(edict::plain_ascii_length("let a = 1", 0) == 9);
  CHECK(edict::plain_ascii_length("let a = 1", 4) == 5);
  for (const std::string& stop : {std::string("\x80"), std::string("\xC3\xA9"), std::string(1, '\0'), std::string("\x7F\xFF")}) {
    for (size_t at = 0; at < 20; ++at) {
      std::string text = std::string(at, 'a') + stop + std::string(11, 'b');
      for (size_t from = 0; from <= text.size(); ++from) {
        INFO("stop at " << at << ", from " << from);
        REQUIRE(edict::plain_ascii_length(text, from) == by_bytes(text, from));
      }
    }
  }
}
