// Time parsing, globs, escaping and atomic writes: the small pieces every report and
// waiver decision rests on. Catches: a --now that silently parses wrong, a waiver glob
// that matches too much, a report file left half-written.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "report/escape.h"
#include "report/glob.h"
#include "report/output.h"
#include "report/time_util.h"

using namespace edict;
using namespace edict::report;

TEST_CASE("parse_timestamp reads dates and RFC 3339 instants in UTC") {
  CHECK(parse_timestamp("1970-01-01") == 0);
  CHECK(parse_timestamp("2026-11-21") == 1795219200);
  CHECK(parse_timestamp("2026-11-21T10:00:00Z") == 1795219200 + 36000);
  CHECK(parse_timestamp("2026-11-21t10:00:00z") == 1795219200 + 36000);
  CHECK(parse_timestamp("2026-11-21T11:30:00+01:30") == 1795219200 + 36000);
  CHECK(parse_timestamp("2026-11-21T08:00:00.123-02:00") == 1795219200 + 36000);
  CHECK(parse_timestamp("2024-02-29") == days_from_civil(2024, 2, 29) * 86400);
}

TEST_CASE("parse_timestamp refuses what is not a date") {
  for (const char* bad : {"", "2026", "2026-13-01", "2026-02-30", "2025-02-29", "2026-11-21T10:00:00",
                          "2026-11-21T25:00:00Z", "21/11/2026", "2026-11-21Tnoon", "2026-11-21T10:00:00+1"}) {
    INFO(bad);
    CHECK_FALSE(parse_timestamp(bad).has_value());
  }
}

TEST_CASE("format_rfc3339 and format_date round-trip") {
  CHECK(format_rfc3339(1795219200 + 36000 + 61) == "2026-11-21T10:01:01Z");
  CHECK(format_date(days_from_civil(2027, 3, 31)) == "2027-03-31");
  CHECK(format_rfc3339(-1) == "1969-12-31T23:59:59Z");
}

TEST_CASE("glob_match: * ? and classes, anchored at both ends") {
  CHECK(glob_match("windows.server2008.esu.air_gapped", "windows.server2008.esu.air_gapped"));
  CHECK(glob_match("windows.*", "windows.server2008.esu.build"));
  CHECK(glob_match("*.build", "windows.server2008.esu.build"));
  CHECK_FALSE(glob_match("windows.*", "linux.baseline.aslr"));
  CHECK_FALSE(glob_match("windows.server2008.esu", "windows.server2008.esu.build"));
  CHECK(glob_match("legacy-db-*", "legacy-db-01"));
  CHECK(glob_match("web-0?", "web-07"));
  CHECK_FALSE(glob_match("web-0?", "web-007"));
  CHECK(glob_match("web-[0-4]", "web-3"));
  CHECK_FALSE(glob_match("web-[!0-4]", "web-3"));
  CHECK(glob_match("a[", "a["));
  CHECK(glob_match("*", ""));
  CHECK_FALSE(glob_match("", "x"));
  // Many stars over a long text stay fast (no exponential backtracking).
  CHECK_FALSE(glob_match("*a*a*a*a*a*a*a*a*b", std::string(5000, 'a')));
}

TEST_CASE("escaping keeps host text inert in XML, HTML and Markdown") {
  CHECK(xml_escape("<b>&\"'") == "&lt;b&gt;&amp;&quot;&#39;");
  CHECK(xml_escape(std::string("a\x01" "b", 3)) == "a\xEF\xBF\xBD" "b");
  CHECK(valid_utf8("ok \xC3\xA9 \xFF") == "ok \xC3\xA9 \xEF\xBF\xBD");
  CHECK(valid_utf8("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
  CHECK(md_escape("a|b *c* [x](y)") == "a\\|b \\*c\\* \\[x\\](y)");
  CHECK(md_escape("# not a heading") == "\\# not a heading");
  CHECK(md_code("a`b") == "``a`b``");
  CHECK(md_fence("x ``` y") == "````");
}

TEST_CASE("write_file_atomic replaces a file whole, and fails cleanly where it cannot write") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("edict-report-out-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string target = (dir / "report.json").string();
  DiagnosticSink sink;
  REQUIRE(write_file_atomic(target, "first", sink));
  REQUIRE(write_file_atomic(target, "second, longer", sink));
  std::ifstream in(target);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  CHECK(text == "second, longer");
  // No temp files are left behind.
  size_t files = 0;
  for (auto& e : fs::directory_iterator(dir)) files += e.is_regular_file();
  CHECK(files == 1);

  CHECK_FALSE(write_file_atomic((dir / "missing" / "r.json").string(), "x", sink));
  REQUIRE(sink.diagnostics().size() == 1);
  CHECK(sink.diagnostics()[0].code == "E0801");
  CHECK(sink.diagnostics()[0].message.find("missing/r.json") != std::string::npos);
  CHECK_FALSE(write_file_atomic(dir.string(), "x", sink));
  CHECK(sink.diagnostics().back().message.find("directory") != std::string::npos);
  fs::remove_all(dir);
}
