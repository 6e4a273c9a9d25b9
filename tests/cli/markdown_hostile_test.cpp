// Host text in the Markdown report and on the terminal stays text: a `|` from a fact
// does not split a table cell, NUL/ESC/BEL/CSI do not reach the file or the terminal.
// The Markdown is rendered by cmark-gfm (GitHub's own parser, Debian package
// cmark-gfm, installed by scripts/bootstrap) and every table row is counted.
// Catches: a host named `db|x` adding a column to the audit report, an ESC [2J in a
// fact clearing the CI log, a C1 CSI (U+009B) passing as "printable".
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <regex>

#include "run_edict.h"

using edict::testing::read_file;
using edict::testing::run_edict;
using edict::testing::RunResult;
using edict::testing::scratch_dir;

namespace {

const char* kDir = "tests/data/cli/outputs";

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Bytes no report text may carry: C0 but tab and newline, DEL, and C1 as UTF-8.
std::string control_bytes_in(const std::string& text) {
  std::string found;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    bool c1 = c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F || c1) found += std::to_string(c) + " at " + std::to_string(i) + "; ";
  }
  return found;
}

std::string run_capture(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  ::pclose(pipe);
  return out;
}

int count(const std::string& text, const std::string& part) {
  int n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("markdown: host text cannot split a table cell or carry control bytes") {
  if (std::system("command -v cmark-gfm >/dev/null 2>&1") != 0) {
    std::puts("markdown: cmark-gfm is not installed (scripts/bootstrap installs it); test not run");
    return;
  }
  std::string dir = scratch_dir("markdown-hostile");
  std::filesystem::copy_file(std::string(EDICT_SOURCE_DIR) + "/" + kDir + "/hostile.json", dir + "/ho|st.json",
                             std::filesystem::copy_options::overwrite_existing);
  std::string md = dir + "/r.md";
  RunResult r = run_edict("check policies --facts '" + dir + "/ho|st.json' --now 2026-11-21 --output markdown=" + md,
                          kDir);
  REQUIRE(r.exit_code == 1);
  std::string text = read_file(md);
  CHECK(control_bytes_in(text).empty());

  std::string html = run_capture("cmark-gfm -e table '" + md + "'");
  REQUIRE(has(html, "<table>"));
  // Every row of every table has as many cells as its header (GFM drops the cells a
  // stray `|` adds past the header's count, so the contents are checked below too).
  std::regex table_re("<table>([\\s\\S]*?)</table>");
  int tables = 0;
  for (std::sregex_iterator it(html.begin(), html.end(), table_re), end; it != end; ++it) {
    std::string table = (*it)[1];
    int columns = count(table.substr(0, table.find("</thead>")), "</th>");
    std::string body = table.substr(table.find("</thead>"));
    std::regex row_re("<tr>([\\s\\S]*?)</tr>");
    for (std::sregex_iterator row(body.begin(), body.end(), row_re); row != end; ++row) {
      INFO("table " << tables << " row: " << (*row)[1]);
      CHECK(count((*row)[1], "</td>") == columns);
    }
    ++tables;
  }
  CHECK(tables == 3);  // the header, the summary, the evidence
  // The text is there, as text: the host name's pipes inside its code span.
  CHECK(has(html, "<td><code>db|\xEF\xBF\xBD\xEF\xBF\xBD]0;owned\xEF\xBF\xBD|x</code></td>"));
  // The value as Edict spells it (runtime/string_codec.h): every control, C1 included, escaped.
  CHECK(has(html, "<td><code>&quot;a|b\\u{0}c\\u{1b}[2J\\u{7}d\\u{9b}31m\\u{d}e\\nf\\\\|g`h&quot;</code></td>"));
  CHECK(has(html, "<td>file:" + dir + "/ho|st.json</td>"));
}

TEST_CASE("text: a fact's ESC, BEL and C1 CSI never reach the terminal") {
  RunResult r = run_edict("check policies --facts hostile.json --now 2026-11-21 --explain", kDir);
  CHECK(r.exit_code == 1);
  INFO(r.out);
  CHECK(control_bytes_in(r.out).empty());
  CHECK(has(r.out, "d\\u{9b}31m"));  // U+009B escaped as Edict spells it, like the C0 controls
}
