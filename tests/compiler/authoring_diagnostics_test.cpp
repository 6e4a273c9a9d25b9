// Issue 17, "Policy authors": the mistakes people bring from other languages get one
// targeted diagnostic (not a cascade), and names that are never used or that hide a
// fact root get a warning. Each case asserts the code, the position, the help, and
// that nothing else was reported.
#include <catch2/catch.hpp>

#include "tests/compiler/test_support.h"

namespace {

using namespace edict;
using edict::testing::compile_text;
using edict::testing::Compiled;

// The diagnostics of a compile as `severity code line:col`, one per line.
std::string summary(const Compiled& c) {
  std::string out;
  for (const Diagnostic& d : c.sink.diagnostics()) {
    out += d.severity == Severity::kWarning ? "warning " : "error ";
    out += d.code + " " + std::to_string(d.span.line) + ":" + std::to_string(d.span.column) + "\n";
  }
  return out;
}

const Diagnostic& only(const Compiled& c) {
  INFO(c.diagnostics());
  REQUIRE(c.sink.diagnostics().size() == 1);
  return c.sink.diagnostics()[0];
}

std::string rule_with(const std::string& require) {
  return "policy p \"t\" {\n  rule r \"t\" {\n    require " + require + "\n  }\n}\n";
}

}  // namespace

TEST_CASE("`&&` and `||` are one error each, with `and`/`or` as the help (E0118)", "[compiler][authoring]") {
  auto c = compile_text(rule_with("os.build >= 1 && os.family == \"linux\""));
  const Diagnostic& d = only(*c);
  CHECK(d.code == "E0118");
  CHECK(d.span.line == 3);
  CHECK(d.span.column == 27);
  CHECK(d.span.end - d.span.begin == 2);  // the caret covers both characters
  CHECK(d.message == "`&&` is not an operator in Edict");
  CHECK(d.help == "write `and`: `a and b`");

  auto o = compile_text(rule_with("os.build >= 1 || os.family == \"linux\""));
  CHECK(only(*o).code == "E0118");
  CHECK(only(*o).help == "write `or`: `a or b`");

  // A lone `&` is the same mistake.
  auto single = compile_text(rule_with("os.build >= 1 & os.family == \"linux\""));
  CHECK(only(*single).message == "`&` is not an operator in Edict");
}

TEST_CASE("`=` in a comparison is one error with `==` as the help (E0119)", "[compiler][authoring]") {
  auto c = compile_text(rule_with("os.family = \"linux\""));
  const Diagnostic& d = only(*c);
  CHECK(d.code == "E0119");
  CHECK(d.span.line == 3);
  CHECK(d.span.column == 23);
  CHECK(d.message == "`=` does not compare; `==` does");
  CHECK(d.help.find("`a == b`") != std::string::npos);

  // In a `let` value, after the `let`'s own `=`.
  auto let = compile_text("let x = 1 = 2\n" + rule_with("x"));
  CHECK(summary(*let) == "error E0119 1:11\n");

  // `severity = high`: a clause takes no `=`, and is not told to write `==`.
  auto clause = compile_text("policy p \"t\" {\n  severity = high\n  rule r \"t\" { require true }\n}\n");
  const Diagnostic& cd = only(*clause);
  CHECK(cd.code == "E0119");
  CHECK(cd.message == "a clause takes no `=`");

  // The `=` of `let` and `def` heads stays legal, also with default-looking params.
  auto fine = compile_text("def f(a, b) = a == b\nlet y = f(1, 1)\n" + rule_with("y"));
  CHECK(c->program == std::nullopt);
  INFO(fine->diagnostics());
  CHECK(fine->program.has_value());
  CHECK(fine->sink.diagnostics().empty());
}

TEST_CASE("a single-quoted string is one error that shows the double-quoted one (E0120)", "[compiler][authoring]") {
  auto c = compile_text(rule_with("os.family == 'linux'"));
  const Diagnostic& d = only(*c);
  CHECK(d.code == "E0120");
  CHECK(d.span.line == 3);
  CHECK(d.span.column == 26);
  CHECK(d.span.end - d.span.begin == 7);
  CHECK(d.message == "strings use double quotes, not `'`");
  CHECK(d.help == "write `\"linux\"`");

  // Quotes inside swap their escaping.
  auto q = compile_text(rule_with("os.family == 'it\\'s \"x\"'"));
  CHECK(only(*q).help == "write `\"it's \\\"x\\\"\"`");
}

TEST_CASE("a chained comparison after a quantifier suggests the parentheses that fix it", "[compiler][authoring]") {
  auto c = compile_text("let xs = [\"a\"]\nlet ys = [\"a\"]\n" + rule_with("count k in xs : k in ys >= 1"));
  const Diagnostic& d = only(*c);
  CHECK(d.code == "E0110");
  CHECK(d.help.find("`(count k in xs : k in ys) >= 1`") != std::string::npos);
  CHECK(d.help.find("`and`") == std::string::npos);

  // A chain that is not a quantifier's whole condition keeps the `and` help.
  auto plain = compile_text(rule_with("1 < 2 < 3"));
  CHECK(only(*plain).help.find("`a < b and b < c`") != std::string::npos);
}

TEST_CASE("version() of a Debian package version is refused and points at debian_version_compare (E0412)",
          "[compiler][authoring]") {
  auto c = compile_text(rule_with("version(\"3.0.15-1~deb12u1\") >= v\"3.0\""));
  const Diagnostic& d = only(*c);
  CHECK(d.code == "E0412");
  CHECK(d.span.line == 3);
  CHECK(d.span.column == 21);
  CHECK(d.message.find("`3.0.15-1~deb12u1` is not a dotted numeric version") != std::string::npos);
  CHECK(d.help.find("debian_version_compare") != std::string::npos);

  auto other = compile_text(rule_with("version(\"six\") >= v\"3.0\""));
  CHECK(only(*other).code == "E0412");
  CHECK(only(*other).help.find("debian_version_compare") == std::string::npos);

  auto good = compile_text(rule_with("version(\" 6.0.6003 \") >= v\"3.0\""));
  CHECK(good->sink.diagnostics().empty());

  // Only a literal written as the argument: what folding alone makes constant compiles
  // the same with folding on or off (it fails at run time, as before).
  for (bool fold : {true, false}) {
    compiler::CompileOptions options;
    options.fold_constants = fold;
    auto computed = compile_text(rule_with("version(lower(\"six\")) >= v\"3.0\""), options);
    CHECK(computed->sink.diagnostics().empty());
  }
}

TEST_CASE("an unused `let`, `def` or `import` is a warning (W0201, W0202)", "[compiler][authoring]") {
  auto c = compile_text(
      "package corp\nimport std.net\nimport std.windows as win\nlet unused_let = 1\nlet used = 2\n"
      "def unused_def(x) = x\ndef helper(x) = x > used\nlet _kept = 3\n" +
      rule_with("helper(os.build) and win.is_server_2008()"));
  INFO(c->diagnostics());
  REQUIRE(c->program.has_value());
  CHECK(summary(*c) ==
        "warning W0202 2:1\n"
        "warning W0201 4:5\n"
        "warning W0201 6:5\n");
  CHECK(c->sink.diagnostics()[0].message == "`import std.net` is never used in this file");
  CHECK(c->sink.diagnostics()[1].message == "`let unused_let` is never used");
  CHECK(c->sink.diagnostics()[2].message == "`def unused_def` is never used");

  // A package without policies is a library: its names are for importers.
  auto library = compile_text("package corp.lib\nlet limit = 3\ndef f(x) = x\n");
  CHECK(library->sink.diagnostics().empty());

  // A file with errors shows only its errors.
  auto broken = compile_text("let unused = 1\n" + rule_with("nope"));
  CHECK(summary(*broken) == "error E0201 4:13\n");
}

TEST_CASE("a name used only by another package's import is used", "[compiler][authoring]") {
  auto c = std::make_unique<Compiled>();
  c->program = compiler::compile_sources(
      {{"lib.edict", "package corp.lib\nlet limit = 3\npolicy q \"q\" { rule r \"r\" { require true } }\n"},
       {"main.edict", "package corp\nimport corp.lib\n" + rule_with("os.build > lib.limit")}},
      {}, c->sources, c->sink);
  INFO(c->diagnostics());
  CHECK(c->sink.diagnostics().empty());
}

TEST_CASE("a `def` parameter named like a fact root is a warning, and the error it causes names it (W0203)",
          "[compiler][authoring]") {
  auto c = compile_text("def is_new(os) = os.build > 6000\n" + rule_with("is_new(os.build)"));
  INFO(c->diagnostics());
  REQUIRE_FALSE(c->program.has_value());
  // The error comes first (a failed compile shows only errors), and says why.
  REQUIRE(c->sink.diagnostics().size() == 1);
  const Diagnostic& e = c->sink.diagnostics()[0];
  CHECK(e.code == "E0302");
  CHECK(e.help.find("the parameter of `def is_new`") != std::string::npos);

  auto w = compile_text("def newer(os, n) = os > n\n" + rule_with("newer(os.build, 6000)"));
  INFO(w->diagnostics());
  REQUIRE(w->program.has_value());
  CHECK(summary(*w) == "warning W0203 1:11\n");
  CHECK(w->sink.diagnostics()[0].message == "parameter `os` of `def newer` hides the facts `os.*`");

  // `let os = ...` stays refused outright (E0210), as before.
  auto let = compile_text("let os = 1\n" + rule_with("true"));
  CHECK(summary(*let) == "error E0210 1:5\n");
}

TEST_CASE("the bundled packs and the stdlib compile without warnings", "[compiler][authoring]") {
  SourceManager sources;
  DiagnosticSink sink;
  auto program = compiler::compile_paths({std::string(EDICT_SOURCE_DIR) + "/policies"}, {}, sources, sink);
  INFO(render_all(sink, sources));
  REQUIRE(program.has_value());
  CHECK(sink.diagnostics().empty());
}

TEST_CASE("the whole stdlib compiles without warnings", "[compiler][authoring]") {
  // Every stdlib module imported and used once, so each is checked (W0203 covers the
  // stdlib too; unused names are not reported there: it is a library).
  auto c = compile_text(
      "import std.net\nimport std.windows\nimport std.linux\n" +
      rule_with("net.has_internet_path() or windows.is_server_2008() or linux.release_supported()"));
  INFO(c->diagnostics());
  REQUIRE(c->program.has_value());
  CHECK(c->sink.diagnostics().empty());
}

TEST_CASE("constant folding ships only the constants the code uses", "[compiler][stages]") {
  // `(1000+2000)*2+3` computes 3000 and 6000 on the way to 6003; only 6003 is code's.
  auto c = compile_text(rule_with("os.build >= (1000+2000)*2+3"));
  INFO(c->diagnostics());
  REQUIRE(c->program.has_value());
  bool folded = false;
  for (const Value& v : c->program->constants) {
    if (v.kind != ValueKind::kInt) continue;
    CHECK(v.integer != 3000);
    CHECK(v.integer != 6000);
    folded = folded || v.integer == 6003;
  }
  CHECK(folded);
}
