// The fused fast-path instructions (SCAN_FIELD_EQ) give exactly what the unfused
// code of the traced entry gives, on good and bad facts; and the text of a `require`
// keeps its parentheses.
#include <catch2/catch.hpp>

#include "runtime/disasm.h"
#include "runtime/explain.h"
#include "test_support.h"

using namespace edict;
using namespace edict::testing;

namespace {

bool uses(const Program& p, uint32_t entry, Op op) {
  const Entry& e = p.entries[entry];
  for (uint32_t pc = e.start; pc < e.end; ++pc) {
    if (p.code[pc].op == op) return true;
  }
  return false;
}

// "ok: <value>" or "error: <message>" from running one entry on the facts.
std::string run(const Program& p, uint32_t entry, const BoundProgram& bound, uint64_t max_steps = kDefaultMaxSteps) {
  EvalScratch scratch;
  EvalOptions options;
  options.now = kTestNow;
  options.max_steps = max_steps;
  Value v;
  std::string error;
  if (!evaluate_entry(p, entry, bound.slots().data(), scratch, options, &v, &error)) return "error: " + error;
  return "ok: " + to_display(v);
}

}  // namespace

TEST_CASE("fused: a route scan runs as one SCAN_FIELD_EQ with the loop's results, unknowns and errors") {
  const char* quantifiers[] = {"none", "any", "all"};
  const char* facts[] = {
      R"({"network": {"routes": [{"destination": "10.0.0.0/8"}, {"destination": "0.0.0.0/0"}]}})",
      R"({"network": {"routes": [{"destination": "10.0.0.0/8"}, {"destination": "10.1.0.0/16"}]}})",
      R"({"network": {"routes": [{"destination": "0.0.0.0/0"}, {"destination": "0.0.0.0/0"}]}})",
      R"({"network": {"routes": []}})",
      R"({"network": {}})",                                                          // the list is unknown
      R"({"network": {"routes": [{"gateway": "10.0.0.1"}, {"destination": "x"}]}})",  // a missing field
      R"({"network": {"routes": [{"destination": null}]}})",                          // a null field
      R"({"network": {"routes": ["0.0.0.0/0"]}})",                                    // not a record
      R"({"network": {"routes": [{"destination": 7}]}})",                             // a field of another type
      R"({"network": {"routes": {"a": {"destination": "0.0.0.0/0"}}}})",              // a map
      R"({"network": {"routes": "0.0.0.0/0"}})",                                      // not a collection
  };
  for (const char* q : quantifiers) {
    auto c = compile_text(std::string("policy p \"P\" {\n  rule r \"R\" { require ") + q +
                          " r in network.routes : r.destination == \"0.0.0.0/0\" }\n}\n");
    REQUIRE(c->program);
    const Program& p = *c->program;
    uint32_t fast = p.rule_code[0].require_entries[0];
    uint32_t traced = p.rule_code[0].traced_require_entries[0];
    CHECK(uses(p, fast, Op::SCAN_FIELD_EQ));
    CHECK_FALSE(uses(p, fast, Op::ITER_INIT));
    CHECK_FALSE(uses(p, traced, Op::SCAN_FIELD_EQ));  // explanations need the loop's locals
    for (const char* f : facts) {
      Facts host = facts_from_json(f);
      BoundProgram bound(p, host);
      INFO(q << " over " << f);
      CHECK(run(p, fast, bound) == run(p, traced, bound));
      // The step budget runs out at the same element.
      CHECK(run(p, fast, bound, 1) == run(p, traced, bound, 1));
    }
  }
}

TEST_CASE("fused: the scan's outcomes, and a non-record element is an error as before") {
  auto c = compile_text(R"(policy p "P" {
  rule r "R" { require none r in network.routes : r.destination == "0.0.0.0/0" }
})");
  REQUIRE(c->program);
  auto outcome = [&](const char* json) { return evaluate(*c->program, facts_from_json(json))[0].outcome; };
  CHECK(outcome(R"({"network": {"routes": [{"destination": "10.0.0.0/8"}]}})") == Outcome::kPass);
  CHECK(outcome(R"({"network": {"routes": [{"destination": "0.0.0.0/0"}]}})") == Outcome::kFail);
  CHECK(outcome(R"({"network": {"routes": [{"gateway": "10.0.0.1"}]}})") == Outcome::kUnknown);
  CHECK(outcome(R"({"network": {}})") == Outcome::kUnknown);
  CHECK(outcome(R"({"network": {"routes": ["0.0.0.0/0"]}})") == Outcome::kError);
}

TEST_CASE("fused: other quantifier bodies keep the loop") {
  auto c = compile_text(R"(policy p "P" {
  rule a "count" { require (count r in network.routes : r.destination == "0.0.0.0/0") == 0 }
  rule b "two fields" { require none r in network.routes : r.destination == r.gateway }
  rule c "not the element" { require none r in network.routes : os.family == "windows" }
})");
  REQUIRE(c->program);
  for (size_t r = 0; r < 3; ++r) {
    INFO("rule " << r);
    CHECK_FALSE(uses(*c->program, c->program->rule_code[r].require_entries[0], Op::SCAN_FIELD_EQ));
  }
}

TEST_CASE("rules: a require that starts with a parenthesis keeps it in its text") {
  auto c = compile_text(R"(policy p "P" {
  rule r "R" {
    require (os.build ?? 0) >= 6003
    require os.build >= (6000 + 3)
    require -(os.build) < 0
  }
})");
  REQUIRE(c->program);
  const RuleInfo& info = c->program->rules[0];
  REQUIRE(info.require_texts.size() == 3);
  CHECK(info.require_texts[0] == "(os.build ?? 0) >= 6003");
  CHECK(info.require_texts[1] == "os.build >= (6000 + 3)");
  CHECK(info.require_texts[2] == "-(os.build) < 0");
  EvalOptions options;
  options.explain = true;
  auto results = evaluate(*c->program, facts_from_json(R"({"os": {"build": 6002}})"), options);
  REQUIRE(results[0].explanation);
  std::string shown = render_explanation(*results[0].explanation);
  CHECK(shown.rfind("  require (os.build ?? 0) >= 6003\n", 0) == 0);
}
