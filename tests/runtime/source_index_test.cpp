// SourceFile's line and column index, built a word at a time, against a byte-by-byte
// count: every offset of texts mixing ASCII, 2-4 byte UTF-8, stray continuation bytes
// and newlines, across the 256-byte column blocks.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "runtime/source.h"

using namespace edict;

namespace {

std::pair<uint32_t, uint32_t> naive(const std::string& text, uint32_t offset) {
  uint32_t line = 1, column = 1;
  for (uint32_t i = 0; i < offset && i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {line, column};
}

}  // namespace

TEST_CASE("the source index gives every offset the line and code-point column a byte count gives") {
  std::mt19937 rng(11);
  const std::vector<std::string> with_lines = {"a", "\n", "é", "€", "😀", "\x80", "\xbf", "\r\n", "abcdefgh", "\xc3"};
  // One line longer than a column block: its columns come from the per-block counts,
  // where short lines are counted from the line's start.
  const std::vector<std::string> one_line = {"a", "é", "€", "😀", "\x80", "\xbf", "abcdefgh", "\xc3"};
  for (const auto* pieces : {&with_lines, &one_line}) {
    for (size_t length : {0u, 1u, 7u, 8u, 9u, 255u, 256u, 257u, 700u, 2000u}) {
      std::string text;
      while (text.size() < length) text += (*pieces)[rng() % pieces->size()];
      SourceFile file("t", text);
      for (uint32_t offset = 0; offset <= text.size(); ++offset) {
        INFO("length " << text.size() << " offset " << offset);
        REQUIRE(file.line_column(offset) == naive(text, offset));
      }
    }
  }
}

TEST_CASE("count_code_point_starts counts the bytes that are not continuations") {
  CHECK(count_code_point_starts("", 0) == 0);
  CHECK(count_code_point_starts("abcdefghij", 10) == 10);
  std::string s = "é€😀x";  // 2 + 3 + 4 + 1 bytes, 4 code points
  CHECK(count_code_point_starts(s.data(), s.size()) == 4);
  std::string cont(17, '\x80');
  CHECK(count_code_point_starts(cont.data(), cont.size()) == 0);
}

TEST_CASE("a byte order mark is no column: line 1 is counted from after it") {
  SourceFile file("t", "\xEF\xBB\xBF" "ab\ncd");
  CHECK(file.line_column(0) == std::pair<uint32_t, uint32_t>{1, 1});
  CHECK(file.line_column(3) == std::pair<uint32_t, uint32_t>{1, 1});
  CHECK(file.line_column(4) == std::pair<uint32_t, uint32_t>{1, 2});
  CHECK(file.line_column(6) == std::pair<uint32_t, uint32_t>{2, 1});
  CHECK(file.line_column(7) == std::pair<uint32_t, uint32_t>{2, 2});
}
