// Golden diagnostics (tests/data/syntax/errors) and the bad-input corpus: every bad
// input must give at least one error with a valid line:col, and never crash or hang.
#include <catch2/catch.hpp>

#include <regex>

#include "compiler/syntax/parser.h"
#include "tests/syntax/test_util.h"

using namespace edict;
using namespace edict::syntax;
using namespace edict::syntax::testing;

namespace {

// Every error has a position inside the file, and the file produced at least one.
void require_positioned_errors(const Parsed& p) {
  INFO(p.rendered);
  REQUIRE(p.sink.has_errors());
  for (const Diagnostic& d : p.sink.diagnostics()) {
    if (d.severity != Severity::kError || !d.span.valid()) continue;
    const SourceFile* file = p.sources.get(d.span.file_id);
    REQUIRE(file);
    CHECK(d.span.line <= file->line_count());
    CHECK(d.span.end <= file->text().size());
    CHECK(d.code.rfind("E0", 0) == 0);
    CHECK(d.message.find("mismatched input") == std::string::npos);
    CHECK(d.message.find("extraneous") == std::string::npos);
    CHECK(d.message.find("<EOF>") == std::string::npos);
  }
}

std::string nested(const std::string& open, const std::string& inner, const std::string& close, size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += open;
  s += inner;
  for (size_t i = 0; i < n; ++i) s += close;
  return s;
}

}  // namespace

TEST_CASE("golden diagnostics for each file in tests/data/syntax/errors") {
  auto files = edict_files(data_dir() / "errors");
  REQUIRE(files.size() >= 15);
  for (const auto& file : files) {
    SECTION(file.filename().string()) {
      auto p = parse_text("errors/" + file.filename().string(), read_file(file));
      require_positioned_errors(*p);
      auto expected = file;
      expected.replace_extension(".expected");
      check_golden(expected, p->rendered);
    }
  }
}

TEST_CASE("every prefix of the language example parses without crashing and reports truncation") {
  std::string text = read_file(data_dir() / "ast/language_example.edict");
  size_t errors = 0;
  // Cut at every 7th byte (keeps the run short) and at every line end.
  for (size_t cut = 1; cut < text.size(); ++cut) {
    if (cut % 7 != 0 && text[cut - 1] != '\n') continue;
    auto p = parse_text("prefix.edict", text.substr(0, cut));
    if (p->sink.has_errors()) {
      ++errors;
      require_positioned_errors(*p);
    }
  }
  CHECK(errors > 50);
}

TEST_CASE("deep nesting is refused with a diagnostic, never a stack overflow") {
  // The larger inputs are also past ParseLimits::max_tokens (E0006, checked first):
  // raised so the nesting checks are what is tested.
  ParseLimits limits;
  limits.max_tokens = 10'000'000;
  for (size_t n : {size_t{10000}, size_t{100000}}) {
    for (auto [open, close] : {std::pair<std::string, std::string>{"(", ")"}, {"[", "]"}, {"{a: ", "}"}}) {
      auto p = parse_text("deep.edict", "let x = " + nested(open, "1", close, n) + "\n", limits);
      require_positioned_errors(*p);
      CHECK_THAT(p->rendered, Catch::Contains("error[E0109]: expression is nested too deeply (more than 200 levels)"));
    }
    std::string nots, minuses, ifs, quantifiers;
    for (size_t i = 0; i < n; ++i) {
      nots += "not ";
      minuses += "- ";
      ifs += "if a then 1 else ";
      quantifiers += "all x in xs : ";
    }
    for (const std::string& prefix : {nots, minuses, ifs, quantifiers}) {
      auto p = parse_text("deep.edict", "let x = " + prefix + "true\n", limits);
      CHECK_THAT(p->rendered, Catch::Contains("error[E0109]"));
    }
  }
}

TEST_CASE("nesting exactly at the limit parses, one more is refused") {
  ParseLimits limits;
  // `let x = ` + 200 brackets: depth 200 is allowed.
  auto ok = parse_text("ok.edict", "let x = " + nested("(", "1", ")", limits.max_nesting) + "\n", limits);
  INFO(ok->rendered);
  CHECK_FALSE(ok->sink.has_errors());
  auto bad = parse_text("bad.edict", "let x = " + nested("(", "1", ")", limits.max_nesting + 1) + "\n", limits);
  CHECK_THAT(bad->rendered, Catch::Contains("bad.edict:1:209: error[E0109]"));
}

TEST_CASE("a long flat chain past the AST depth limit is refused, not left for later passes to overflow") {
  std::string chain = "a";
  for (int i = 0; i < 5000; ++i) chain += " + a";
  auto p = parse_text("chain.edict", "let x = " + chain + "\n");
  CHECK_THAT(p->rendered, Catch::Contains("error[E0109]: expression is nested too deeply (more than 1000 levels)"));
  std::string ok = "a";
  for (uint32_t i = 1; i < kDefaultMaxExpressionDepth; ++i) ok += " + a";
  CHECK_FALSE(parse_text("ok.edict", "let x = " + ok + "\n")->sink.has_errors());
}

// One line of `count` operands joined by `op`, as a `let`.
std::string let_chain(const std::string& operand, const std::string& op, size_t count) {
  std::string chain = operand;
  for (size_t i = 1; i < count; ++i) chain += op + operand;
  return "let x = " + chain + "\n";
}

TEST_CASE("operator runs past the depth limit are refused from the tokens, before ANTLR parses them") {
  // 2 MiB of `1+1+...` (a million operators): `edict check` took 157 s and 1.28 GB on it before.
  // (Two million tokens are also past ParseLimits::max_tokens, E0006: raised here so the
  // nesting check, which runs after the token count, is what this test sees.)
  ParseLimits limits;
  limits.max_tokens = 4'000'000;
  auto huge = parse_text("huge.edict", let_chain("1", "+", 1'000'000), limits);
  CHECK(huge->sink.error_count() == 1);
  // The caret is on the operator that made the run one too long: the 1,001st `+`.
  CHECK_THAT(huge->rendered, Catch::StartsWith("huge.edict:1:" + std::to_string(8 + 2 * 1001) +
                                               ": error[E0109]: expression is nested too deeply (more than 1000 levels)"));
  // Brackets do not hide a run: `(1) + (1) + ...` is the same spine.
  CHECK_THAT(parse_text("parens.edict", let_chain("(1)", " + ", 1500))->rendered,
             Catch::Contains("error[E0109]"));
}

TEST_CASE("the operator run count never refuses what the AST depth limit accepts") {
  // 997 `+` between products: a spine 997 deep over products 3 deep is exactly the limit.
  CHECK_FALSE(parse_text("mixed.edict", let_chain("a * b * c", " + ", kDefaultMaxExpressionDepth - 2))->sink.has_errors());
  // Alternating levels: a looser operator ends the tighter run.
  std::string alternating = "a";
  for (int i = 0; i < 990; ++i) alternating += (i % 2 ? " + a" : " * a");
  CHECK_FALSE(parse_text("alt.edict", "let x = " + alternating + "\n")->sink.has_errors());
  // Commas, colons and keywords end a run: thousands of operators in one list are fine.
  std::string list = "[";
  for (int i = 0; i < 3000; ++i) list += "a + b, ";
  CHECK_FALSE(parse_text("list.edict", "let x = " + list + "]\n")->sink.has_errors());
  std::string lets;
  for (int i = 0; i < 3000; ++i) lets += "let x" + std::to_string(i) + " = a + b\n";
  CHECK_FALSE(parse_text("lets.edict", lets)->sink.has_errors());
  // `x.or`, `{and: 1}`: keywords used as names are not operators.
  CHECK_FALSE(parse_text("names.edict", let_chain("m.or", " + ", 999))->sink.has_errors());
}

TEST_CASE("a diagnostic on a very long line shows a window around the caret") {
  std::string line = "let x = " + std::string(400, 'a') + " $ " + std::string(400, 'b');
  auto p = parse_text("long.edict", line + "\n");
  REQUIRE(p->sink.error_count() >= 1);
  // The bad character is code point 410; the window starts 53 code points before it.
  std::string shown = "..." + line.substr(409 - kMaxShownLineWidth / 3, kMaxShownLineWidth) + "...";
  CHECK_THAT(p->rendered, Catch::Contains("long.edict:1:410: error[E0104]"));
  CHECK_THAT(p->rendered, Catch::Contains("1 | " + shown + "\n  | " + std::string(3 + kMaxShownLineWidth / 3, ' ') + "^\n"));
  // A long line of multi-byte characters is cut on code point boundaries.
  std::string wide;
  for (int i = 0; i < 300; ++i) wide += "é";
  auto q = parse_text("wide.edict", "let x = \"" + wide + "\" $\n");
  CHECK_THAT(q->rendered, Catch::Contains("\" $\n"));
  CHECK_THAT(q->rendered, Catch::Contains("| ...éé"));
}

TEST_CASE("files over the size limit are refused before parsing") {
  ParseLimits limits;
  limits.max_source_bytes = 1000;
  auto p = parse_text("big.edict", std::string(1001, '#'), limits);
  CHECK_THAT(p->rendered, Catch::Contains("big.edict: error[E0002]: file is too large"));
  CHECK_FALSE(parse_text("ok.edict", std::string(1000, '#'), limits)->sink.has_errors());
  // The default limit, through read_source on a real file.
  auto path = std::filesystem::temp_directory_path() / "edict_syntax_big.edict";
  write_file(path, std::string(kDefaultMaxSourceBytes + 1, ' '));
  SourceManager sources;
  DiagnosticSink sink;
  CHECK_FALSE(read_source(path.string(), sources, sink));
  CHECK(sink.diagnostics().at(0).code == "E0002");
  std::filesystem::remove(path);
}

TEST_CASE("missing files, NUL bytes and invalid UTF-8 get E00xx diagnostics at the bad byte") {
  SourceManager sources;
  DiagnosticSink sink;
  CHECK_FALSE(read_source("/nonexistent/policy.edict", sources, sink));
  CHECK_THAT(render_all(sink, sources), Catch::Contains("/nonexistent/policy.edict: error[E0001]: cannot read"));

  auto nul = parse_text("nul.edict", std::string("let a = 1\nlet b = \"x\0y\"\n", 22));
  CHECK_THAT(nul->rendered, Catch::Contains("nul.edict:2:11: error[E0004]: source file contains a NUL byte"));

  for (std::string bad : {std::string("\xff"), std::string("\xc0\x80"), std::string("\xed\xa0\x80"),
                          std::string("\xf4\x90\x80\x80"), std::string("\xe2\x82")}) {
    auto p = parse_text("utf8.edict", "let a = 1\nlet é = \"" + bad + "\"\n");
    require_positioned_errors(*p);
    CHECK_THAT(p->rendered, Catch::Contains("utf8.edict:2:10: error[E0003]: source file is not valid UTF-8"));
  }
}

TEST_CASE("many errors in one file are all reported, up to the per-file cap") {
  std::string text;
  for (int i = 0; i < 5; ++i) text += "let a" + std::to_string(i) + " = 1 +\n";
  auto p = parse_text("several.edict", text);
  CHECK(p->sink.error_count() == 5);
  std::string many;
  for (int i = 0; i < 200; ++i) many += "let a = )\n";
  auto q = parse_text("many.edict", many);
  CHECK(q->sink.error_count() == kMaxSyntaxErrorsPerFile);
  CHECK_THAT(q->rendered, Catch::Contains("stopped after 25 syntax errors in this file"));
}

TEST_CASE("random garbage never crashes the front end") {
  const std::string alphabet = "()[]{}\"\"\"#\n .,:=<>!?+-*/%abc019_v\\ \t\xc3\xa9policy rule require not in all if then else";
  uint32_t seed = 12345;
  for (int round = 0; round < 300; ++round) {
    std::string text;
    size_t length = 1 + round % 97;
    for (size_t i = 0; i < length; ++i) {
      seed = seed * 1103515245 + 12345;
      text += alphabet[(seed >> 16) % alphabet.size()];
    }
    auto p = parse_text("garbage.edict", text);
    for (const Diagnostic& d : p->sink.diagnostics()) {
      if (d.span.valid()) CHECK(d.span.end <= text.size());
    }
  }
}

TEST_CASE("the edict binary reports syntax errors as path:line:col with exit status 2") {
  for (const char* name : {"unclosed_policy.edict", "unterminated_string.edict", "stray_tokens.edict"}) {
    auto path = data_dir() / "errors" / name;
    RunResult r = run_edict("parse '" + path.string() + "'");
    CHECK(r.status == 2);
    std::regex located(std::regex_replace(path.string(), std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") +
                       R"(:\d+:\d+: error\[E01\d\d\])");
    CHECK(std::regex_search(r.err, located));
  }
  RunResult ok = run_edict("parse --ast '" + (data_dir() / "ast/precedence.edict").string() + "'");
  CHECK(ok.status == 0);
  CHECK_THAT(ok.out, Catch::StartsWith("(module"));
}
