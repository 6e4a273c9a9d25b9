// *_test.toml parsing: the decision-case format of language.md. Catches: a typo'd
// outcome read as pass, an inline facts table lost, a case with nothing to check.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "report/test_file.h"
#include "report/time_util.h"

using namespace edict;
using namespace edict::report;

namespace {

struct Parsed {
  SourceManager sources;
  DiagnosticSink sink;
  std::optional<TestFile> file;
};

std::unique_ptr<Parsed> parse(const std::string& text) {
  auto p = std::make_unique<Parsed>();
  p->file = parse_test_file("/repo/policies/x_test.toml", text, p->sources, p->sink);
  return p;
}

}  // namespace

TEST_CASE("cases with a facts file, inline facts and now") {
  auto p = parse(R"(
[[case]]
name   = "unpatched"
facts  = "fixtures/a.json"
expect = { "w.esu.build" = "fail", "w.esu.license" = "unknown" }

[[case]]
name = "inline"
now = 2026-11-21
expect = { "w.esu.build" = "pass" }
[case.facts]
os = { family = "windows", build = 6003 }
)");
  INFO(render_all(p->sink, p->sources));
  REQUIRE(p->file);
  REQUIRE(p->file->cases.size() == 2);
  const auto& a = p->file->cases[0];
  CHECK(a.name == "unpatched");
  CHECK(a.facts_file == "/repo/policies/fixtures/a.json");
  REQUIRE(a.expect.size() == 2);
  CHECK(a.expect[0].rule_id == "w.esu.build");
  CHECK(a.expect[0].outcome == Outcome::kFail);
  CHECK(a.expect[0].span.line == 5);
  const auto& b = p->file->cases[1];
  CHECK(b.now == parse_timestamp("2026-11-21"));
  REQUIRE(b.facts_json);
  INFO(*b.facts_json);
  CHECK(nlohmann::json::parse(*b.facts_json) == nlohmann::json::parse(R"({"os": {"family": "windows", "build": 6003}})"));
}

TEST_CASE("now as an RFC 3339 string or an offset date-time") {
  auto p = parse("[[case]]\nname='a'\nfacts='f.json'\nnow='2026-11-21T10:00:00Z'\nexpect={'a.b.c'='pass'}\n"
                 "[[case]]\nname='b'\nfacts='f.json'\nnow=2026-11-21T11:00:00+01:00\nexpect={'a.b.c'='pass'}\n");
  REQUIRE(p->file);
  CHECK(p->file->cases[0].now == parse_timestamp("2026-11-21T10:00:00Z"));
  CHECK(p->file->cases[1].now == parse_timestamp("2026-11-21T10:00:00Z"));
}

TEST_CASE("bad test files are located E06xx errors") {
  struct Case {
    const char* text;
    const char* code;
    uint32_t line;
  };
  for (const Case& c : {
           Case{"[[case]]\nname='a'\nfacts='f.json'\nexpect={'a.b.c'='failed'}", "E0612", 4},
           Case{"[[case]]\nname='a'\nfacts='f.json'\nexpect={'a.b.c'='waived'}", "E0612", 4},
           Case{"[[case]]\nname='a'\nfacts='f.json'\nexpect={'a.b.c'=1}", "E0612", 4},
           Case{"[[case]]\nname='a'\nexpect={'a.b.c'='pass'}", "E0611", 1},
           Case{"[[case]]\nname='a'\nfacts='f.json'", "E0604", 1},
           Case{"[[case]]\nname='a'\nfacts='f.json'\nexpect={}", "E0611", 4},
           Case{"[[case]]\nname='a'\nfacts=3\nexpect={'a.b.c'='pass'}", "E0603", 3},
           Case{"[[case]]\nname='a'\nfacts='f.json'\nnow='yesterday'\nexpect={'a.b.c'='pass'}", "E0615", 4},
           Case{"[[case]]\nname='a'\nfacts='f.json'\nexpct={'a.b.c'='pass'}", "E0602", 4},
           Case{"[[cases]]\nname='a'", "E0602", 1},
           Case{"# nothing here\n", "E0611", 1},
           Case{"[[case]]\nname = 'a\n", "E0601", 2},
       }) {
    INFO(c.text);
    auto p = parse(c.text);
    CHECK_FALSE(p->file);
    REQUIRE_FALSE(p->sink.diagnostics().empty());
    CHECK(p->sink.diagnostics()[0].code == c.code);
    CHECK(p->sink.diagnostics()[0].span.line == c.line);
  }
}

TEST_CASE("a test file past the case limit is refused") {
  std::string text;
  for (size_t i = 0; i <= kMaxCasesPerFile; ++i) text += "[[case]]\n";
  auto p = parse(text);
  CHECK_FALSE(p->file);
  CHECK(p->sink.diagnostics().at(0).code == "E0614");
}
