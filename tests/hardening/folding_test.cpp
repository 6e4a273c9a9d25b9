// Constant folding must not change what a policy computes (docs/security.md: Edict
// never reports a pass it did not compute). fuzz_differential checks this at random;
// these are the cases it found, kept as readable tests.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "compiler/compile.h"
#include "runtime/facts/load.h"
#include "runtime/vm.h"

using namespace edict;

namespace {

// Every rule's result, compiled with folding on or off, against `facts_json`.
std::vector<RuleResult> results(const std::string& source, const std::string& facts_json, bool fold) {
  SourceManager sources;
  DiagnosticSink sink;
  compiler::CompileOptions options;
  options.fold_constants = fold;
  auto program = compiler::compile_sources({{"fold.edict", source}}, options, sources, sink);
  INFO(render_all(sink, sources));
  REQUIRE(program);
  auto facts = load_facts_text("host.json", facts_json, FactsFormat::kJson, FactSchema::core(), sources, sink);
  REQUIRE(facts);
  return evaluate(*program, *facts);
}

std::vector<Outcome> outcomes(const std::string& source, const std::string& facts_json, bool fold) {
  std::vector<Outcome> out;
  for (const RuleResult& r : results(source, facts_json, fold)) out.push_back(r.outcome);
  return out;
}

}  // namespace

TEST_CASE("folding keeps [1.0] a list of floats even when [1] is already in the constant pool") {
  // The pool once merged constants that values_equal calls equal: [1.0] became [1], so
  // `b[0] / os.build` divided ints (1 / 2 = 0) only when folding was on.
  const std::string source = R"(package h
let a = [1]
let b = [1.0]
policy p "p" {
  rule ints "ints" { require a[0] / os.build == 0 }
  rule floats "floats" { require b[0] / os.build == 0.5 }
  rule map "map" { require {v: 1.0}.v / os.build == 0.5 and {v: 1}.v / os.build == 0 }
}
)";
  const std::string facts = R"({"os": {"build": 2}})";
  std::vector<Outcome> folded = outcomes(source, facts, true);
  CHECK(folded == outcomes(source, facts, false));
  CHECK(folded == std::vector<Outcome>{Outcome::kPass, Outcome::kPass, Outcome::kPass});
}

TEST_CASE("folding keeps -0.0 apart from 0.0 in the constant pool") {
  SourceManager sources;
  DiagnosticSink sink;
  auto program = compiler::compile_sources(
      {{"z.edict", "package h\nlet z = 0.0\nlet n = -0.0\npolicy p \"p\" {\n"
                   // Each zero reaches the code on its own (a condition on a fact picks
                   // one), so each must be its own pool entry; folded intermediates no
                   // longer stay in the pool, so a fully folded rule would show nothing.
                   "  rule r \"r\" { require (if os.build > 1 then z else n) == 0.0 }\n}\n"}},
      {}, sources, sink);
  REQUIRE(program);
  bool positive = false, negative = false;
  for (const Value& v : program->constants) {
    if (v.kind != ValueKind::kFloat || v.number != 0.0) continue;
    (std::signbit(v.number) ? negative : positive) = true;
  }
  CHECK(positive);
  CHECK(negative);
}

TEST_CASE("a type mismatch in == names the operands in source order, folded or not") {
  // fuzz_differential: `"s" == X` compiled to X EQ_CONST "s", so the VM said "an int with a
  // string" where folding said "a string with an int".
  const std::string source = R"(package h
policy p "p" {
  rule left "left" { require "s" == {a: 1, b: "x"}["a"] }
  rule right "right" { require {a: 1, b: "x"}["a"] == "s" }
  rule host "host" { require "s" == {a: os.build, b: "x"}["a"] }
}
)";
  for (bool fold : {true, false}) {
    INFO("fold_constants = " << fold);
    std::vector<RuleResult> r = results(source, R"({"os": {"build": 2}})", fold);
    REQUIRE(r.size() == 3);
    for (const RuleResult& each : r) CHECK(each.outcome == Outcome::kError);
    CHECK(r[0].error == "cannot compare a string with an int using `==`");
    CHECK(r[1].error == "cannot compare an int with a string using `==`");
    CHECK(r[2].error == "cannot compare a string with an int using `==`");
  }
}
