// report/escape.h is the one place that decides what host and policy text may carry
// into a terminal or a Markdown document. Catches: raw NUL/ESC/BEL in Markdown, `|`
// inside a code span ending a table cell, C1 controls (U+0080-U+009F) counted as
// printable, a Windows line ending shown as a replacement character.
#include <catch2/catch.hpp>

#include "report/escape.h"

using namespace edict::report;

namespace {
const std::string kFFFD = "\xEF\xBF\xBD";
}

TEST_CASE("escape: replace_controls covers C0, DEL and C1, keeps tab, newline and other text") {
  std::string in = std::string("a\0b", 3) + "\x1b[2J\x07\x7f" + "\xC2\x9B" + "31m\t\n\xC3\xA9\xC2\xA0";
  CHECK(replace_controls(in, "?") == "a?b?[2J???31m\t\n\xC3\xA9\xC2\xA0");
  CHECK(replace_controls("x\ny", "?", false) == "x?y");
  CHECK(replace_controls("\xFF", "?") == kFFFD);  // invalid UTF-8 first becomes U+FFFD, which is printable
  CHECK(terminal_text("ok\r\x1b]8;;http://x\x1b\\") == "ok??]8;;http://x?\\");
}

TEST_CASE("escape: Markdown text and code drop control bytes") {
  CHECK(md_escape(std::string("a\0b\x1b[1m\x07", 8)) == "a" + kFFFD + "b" + kFFFD + "\\[1m" + kFFFD);
  CHECK(md_code("a\x1b" "b") == "`a" + kFFFD + "b`");
  CHECK(md_code("line\r\nnext") == "`line next`");
  CHECK(md_escape("line\r\nnext") == "line next");
  CHECK(md_block_text("x\r\ny\x1b\n") == "x\ny" + kFFFD + "\n");
}

TEST_CASE("escape: a code span in a table cell escapes its pipes") {
  CHECK(md_cell_code("a|b") == "`a\\|b`");
  CHECK(md_cell_code("a\\|b") == "`a\\\\|b`");  // cmark-gfm reads `\|` as `|`, so the span shows a\|b
  CHECK(md_cell_code("x`|`y") == "``x`\\|`y``");
  CHECK(md_code("a|b") == "`a|b`");  // outside a table a pipe is just a pipe
  CHECK(md_escape("a|b") == "a\\|b");
}
