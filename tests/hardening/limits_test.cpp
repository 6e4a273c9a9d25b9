// Every hard limit of the compiler and the VM, hit on purpose: each must end in a
// clean diagnostic or an `error` outcome (never a crash, a hang, or a pass). Limits of
// the parser and the facts loader have their own tests (tests/syntax, tests/facts);
// docs/security.md's Limits table names the test of each.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "compiler/compile.h"
#include "runtime/facts/load.h"
#include "runtime/program.h"
#include "runtime/vm.h"

using namespace edict;

namespace {

struct Compiled {
  SourceManager sources;
  DiagnosticSink sink;
  std::optional<Program> program;
  std::string rendered() const { return render_all(sink, sources); }
  bool has_code(const std::string& code) const {
    for (const auto& d : sink.diagnostics()) {
      if (d.code == code) return true;
    }
    return false;
  }
};

std::unique_ptr<Compiled> compile(const std::string& source, bool fold = true) {
  auto c = std::make_unique<Compiled>();
  compiler::CompileOptions options;
  options.fold_constants = fold;
  c->program = compiler::compile_sources({{"limits.edict", source}}, options, c->sources, c->sink);
  return c;
}

Facts load_json(const std::string& json) {
  SourceManager sources;
  DiagnosticSink sink;
  auto facts = load_facts_text("host.json", json, FactsFormat::kJson, FactSchema::core(), sources, sink);
  INFO(render_all(sink, sources));
  REQUIRE(facts);
  return std::move(*facts);
}

// The one rule of a compiled policy, evaluated against `facts_json`.
RuleResult run_one(const std::string& source, const std::string& facts_json, EvalOptions options = {}) {
  auto c = compile(source);
  INFO(c->rendered());
  REQUIRE(c->program);
  REQUIRE(c->program->rules.size() == 1);
  options.now = 1'767'225'600;
  return evaluate(*c->program, load_json(facts_json), options).at(0);
}

std::string ints(size_t n) {
  std::string s = "[";
  for (size_t i = 0; i < n; ++i) s += (i ? "," : "") + std::to_string(i);
  return s + "]";
}

constexpr const char* kNestedQuantifier = R"(package h
fact site.nums: list<int>
policy p "p" {
  rule r "r" { require all x in site.nums : all y in site.nums : x + y >= 0 }
}
)";

}  // namespace

TEST_CASE("VM steps per rule: a nested quantifier past the budget is an error, just under it passes") {
  // 1000 + 1000 * 1000 steps is just over kDefaultMaxSteps; 999 + 999 * 999 is under.
  static_assert(kDefaultMaxSteps == 1'000'000);
  RuleResult over = run_one(kNestedQuantifier, R"({"site": {"nums": )" + ints(1000) + "}}");
  CHECK(over.outcome == Outcome::kError);
  CHECK(over.error.find("step budget") != std::string::npos);
  RuleResult under = run_one(kNestedQuantifier, R"({"site": {"nums": )" + ints(999) + "}}");
  CHECK(under.outcome == Outcome::kPass);
  // The budget is per evaluation option: a host may lower it.
  EvalOptions tight;
  tight.max_steps = 50;
  RuleResult lowered = run_one(kNestedQuantifier, R"({"site": {"nums": )" + ints(10) + "}}", tight);
  CHECK(lowered.outcome == Outcome::kError);
}

TEST_CASE("scratch memory per evaluation: joining big fact strings in a quantifier is an error, not an OOM") {
  std::string big(512 * 1024, 'x');
  std::string facts = R"({"site": {"big": ")" + big + R"(", "nums": )" + ints(200) + "}}";
  RuleResult r = run_one(R"(package h
fact site.big: string
fact site.nums: list<int>
policy p "p" {
  rule r "r" { require (count i in site.nums : len(site.big + site.big) > 0) >= 0 }
}
)", facts);
  CHECK(r.outcome == Outcome::kError);
  CHECK(r.error.find("memory") != std::string::npos);
}

TEST_CASE("scratch memory: a `let` chain that doubles a string or a list stops at the limit") {
  // 2^26 * 16 bytes = 1 GiB if nothing stopped it. Folded, each `let` is computed once
  // until one passes kMaxFoldedLetBytes (32 MiB): E0411 at that `let` (issue 12: this
  // used to go on to the VM's kMaxScratchBytes, and a longer chain took 80 s to end in
  // E0407). Unfolded, each use inlines its `let`: 2^26 operations, refused as E0407
  // (kMaxNodesPerExpression) without expanding them all.
  for (const char* seed : {"\"0123456789abcdef\"", "[1, 2]"}) {
    std::string source = "package h\nlet s0 = " + std::string(seed) + "\n";
    for (int i = 1; i <= 26; ++i) {
      source += "let s" + std::to_string(i) + " = s" + std::to_string(i - 1) + " + s" + std::to_string(i - 1) + "\n";
    }
    source += "policy p \"p\" {\n  rule r \"r\" { require len(s26) > 0 }\n}\n";
    for (bool fold : {true, false}) {
      INFO("seed " << seed << ", folding " << fold);
      auto c = compile(source, fold);
      INFO(c->rendered());
      if (!fold) {
        CHECK_FALSE(c->program);
        CHECK(c->has_code("E0407"));
        continue;
      }
      CHECK_FALSE(c->program);
      CHECK(c->has_code("E0411"));
    }
  }
}

TEST_CASE("regex length: a literal pattern over kMaxRegexLength is E0402, a fact pattern an error outcome") {
  std::string long_pattern(kMaxRegexLength + 1, 'a');
  auto c = compile("package h\npolicy p \"p\" { rule r \"r\" { require os.name matches \"" + long_pattern + "\" } }\n");
  CHECK_FALSE(c->program);
  CHECK(c->has_code("E0402"));
  CHECK(c->rendered().find("longer than 4096 bytes") != std::string::npos);
  RuleResult r = run_one(R"(package h
fact site.pattern: string
policy p "p" { rule r "r" { require os.name matches site.pattern } }
)", R"({"os": {"name": "a"}, "site": {"pattern": ")" + long_pattern + "\"}}");
  CHECK(r.outcome == Outcome::kError);
}

TEST_CASE("regex program size: a pattern past RE2's max_mem is refused at compile time and at run time") {
  // Each {1000} repeats the program; three nested blow far past kRegexMaxMem (8 MiB).
  const std::string huge = "((a{1000}){1000}){1000}";
  auto c = compile("package h\npolicy p \"p\" { rule r \"r\" { require os.name matches \"" + huge + "\" } }\n");
  CHECK_FALSE(c->program);
  CHECK(c->has_code("E0402"));
  RuleResult r = run_one(R"(package h
fact site.pattern: string
policy p "p" { rule r "r" { require os.name matches site.pattern } }
)", R"({"os": {"name": "a"}, "site": {"pattern": ")" + huge + "\"}}");
  CHECK(r.outcome == Outcome::kError);
}

TEST_CASE("diagnostics per run: past kDefaultMaxErrors the rest are counted, not kept") {
  std::string source = "package h\npolicy p \"p\" {\n";
  for (int i = 0; i < 150; ++i) source += "  rule r" + std::to_string(i) + " \"r\" { require 1 + \"a\" == 2 }\n";
  source += "}\n";
  auto c = compile(source);
  CHECK_FALSE(c->program);
  CHECK(c->sink.diagnostics().size() == DiagnosticSink::kDefaultMaxErrors);
  CHECK(c->sink.error_count() >= 150);
  CHECK(c->rendered().find("more errors not shown") != std::string::npos);
}

TEST_CASE("expression size after inlining: defs that double each other are E0407, not a huge program") {
  std::string source = "package h\ndef f0(x) = x + 1\n";
  for (int i = 1; i <= 20; ++i) {
    source += "def f" + std::to_string(i) + "(x) = f" + std::to_string(i - 1) + "(x) + f" + std::to_string(i - 1) + "(x)\n";
  }
  source += "policy p \"p\" { rule r \"r\" { require f20(os.build) > 0 } }\n";
  auto c = compile(source);
  CHECK_FALSE(c->program);
  CHECK(c->has_code("E0407"));
}

TEST_CASE("stack depth: a list literal needing more than kMaxStackDepth slots is E0407") {
  std::string list = "[";
  for (uint32_t i = 0; i <= kMaxStackDepth; ++i) list += (i ? ", os.build" : "os.build");
  list += "]";
  auto c = compile("package h\npolicy p \"p\" { rule r \"r\" { require len(" + list + ") > 0 } }\n");
  CHECK_FALSE(c->program);
  CHECK(c->has_code("E0407"));
  CHECK(c->rendered().find("stack deeper than 1024") != std::string::npos);
}

TEST_CASE("locals per entry: more quantifiers in one expression than kMaxLocals allows is E0407") {
  // A balanced `and` tree keeps the parser's nesting and depth limits out of the way.
  std::vector<std::string> terms;
  for (uint32_t i = 0; i < kMaxLocals / 4 + 1; ++i) terms.push_back("(any x in site.xs : x == \"a\")");
  while (terms.size() > 1) {
    std::vector<std::string> next;
    for (size_t i = 0; i + 1 < terms.size(); i += 2) next.push_back("(" + terms[i] + " and " + terms[i + 1] + ")");
    if (terms.size() % 2) next.push_back(terms.back());
    terms = std::move(next);
  }
  auto c = compile("package h\nfact site.xs: list<string>\npolicy p \"p\" { rule r \"r\" { require " + terms[0] +
                   " } }\n");
  CHECK_FALSE(c->program);
  CHECK(c->has_code("E0407"));
}

TEST_CASE("folded constants: many big `let`s do not grow the program's constant pool without bound") {
  // s20 is a 16 MiB string; forty `let`s each fold to another 16 MiB. Folding them all
  // would keep 640 MiB in the program (and a thousand would keep 16 GiB); past the
  // pool budget the rest is left to the VM, whose memory is bounded per rule.
  std::string source = "package h\nlet s0 = \"0123456789abcdef\"\n";
  for (int i = 1; i <= 20; ++i) {
    source += "let s" + std::to_string(i) + " = s" + std::to_string(i - 1) + " + s" + std::to_string(i - 1) + "\n";
  }
  source += "policy p \"p\" {\n";
  for (int i = 0; i < 40; ++i) {
    source += "  rule r" + std::to_string(i) + " \"r\" { require len(s20 + \"" + std::to_string(i) + "\") > 0 }\n";
  }
  source += "}\n";
  auto c = compile(source);
  INFO(c->rendered());
  REQUIRE(c->program);
  CHECK(c->program->constant_arena->bytes_allocated() < (256u << 20));
  for (const RuleResult& r : evaluate(*c->program, Facts{}, {})) CHECK(r.outcome == Outcome::kPass);
}
