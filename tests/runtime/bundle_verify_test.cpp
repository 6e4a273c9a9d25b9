// The verifier on hand-made programs: each case is one way a crafted bundle could make
// the VM read or write out of bounds, and must be refused with its code; plus the named
// limits (stack depth, locals, constant nesting, regex length) hit exactly.
// Catches: a verifier check that is missing or off by one.
#include <catch2/catch.hpp>

#include "runtime/bundle.h"
#include "runtime/verify.h"
#include "runtime/vm.h"
#include "tests/support/assembler.h"

namespace {

using namespace edict;
using testing::assemble;

// Which role entry 0 plays: the fast `require`, its traced twin, or both (the other
// role, if any, is entry 1: `true`).
enum class Role { kBoth, kFast, kTraced };

// One policy, one rule whose single `require` is entry 0 (in the roles `role` says).
Program program_of(std::vector<Instruction> code, uint32_t max_stack, uint32_t locals = 0, Role role = Role::kBoth) {
  Program p;
  PolicyInfo policy;
  policy.id = "t.p";
  policy.name = "p";
  p.policies.push_back(policy);
  p.policy_code.emplace_back();
  RuleInfo info;
  info.id = "t.p.r";
  info.require_texts = {"x"};
  info.require_locations = {SourceLocation{}};
  p.rules.push_back(info);
  RuleCode rc;
  rc.require_entries = {role == Role::kTraced ? 1u : 0u};
  rc.traced_require_entries = {role == Role::kFast ? 1u : 0u};
  p.rule_code.push_back(rc);
  auto size = static_cast<uint32_t>(code.size());
  p.entries.push_back(Entry{0, size, max_stack, locals});
  p.code = std::move(code);
  if (role != Role::kBoth) {
    for (const Instruction& ins : assemble("CONST 0; RETURN")) p.code.push_back(ins);
    p.entries.push_back(Entry{size, size + 2, 1, 0});
  }
  p.add_constant(Value::of_bool(true));  // K0
  p.add_constant(Value::of_int(3));      // K1
  Value items[2] = {Value::of_int(1), Value::of_int(2)};
  p.add_constant(Value::of_list(items, 2));  // K2
  p.slots.push_back(FactSlot{"os.build", Type::integer()});
  p.trace_points.emplace_back();
  return p;
}

// "" when the program verifies, else "E07xx: message".
std::string verdict(const Program& p) {
  DiagnosticSink sink;
  if (verify_program(p, "t.edictc", sink)) return "";
  return sink.diagnostics().front().code + ": " + sink.diagnostics().front().message;
}

bool refused_with(const Program& p, const char* code, const char* words) {
  std::string v = verdict(p);
  INFO(v);
  return v.rfind(code, 0) == 0 && v.find(words) != std::string::npos;
}

}  // namespace

TEST_CASE("well-formed hand-made programs verify and run") {
  // `all x in [1, 2] : x >= 3`, then `count`, exercising the quantifier structure.
  Program p = program_of(assemble("CONST 2; ITER_INIT 0 0 5; LOCAL 2; GE_CONST 1; QUANT_STEP 0 0 2; RETURN"),
                         1, 4);
  CHECK(verdict(p) == "");
  // Its traced twin, with the quantifier's trace.
  CHECK(verdict(program_of(assemble("CONST 2; ITER_INIT 0 0 5; LOCAL 2; GE_CONST 1; QUANT_STEP 0 0 2; TRACE_QUANT 0 0 0; RETURN"),
                           1, 4, Role::kTraced)) == "");
  REQUIRE(p.build_regexes());
  Facts facts;
  auto results = evaluate(p, facts);
  CHECK(results[0].outcome == Outcome::kFail);
}

TEST_CASE("the verifier refuses stack misuse") {
  CHECK(refused_with(program_of(assemble("NOT; RETURN"), 1), "E0710", "underflow"));
  CHECK(refused_with(program_of(assemble("CONST 0; CONST 0; RETURN"), 2), "E0710",
                     "returns with 2 values"));
  CHECK(refused_with(program_of(assemble("CONST 0; RETURN"), 2), "E0710", "stack bound of 2 but needs 1"));
  CHECK(refused_with(program_of(assemble("CONST 0; CONST 0; AND_JOIN; RETURN"), 1),
                     "E0710", "grows past"));
  CHECK(refused_with(program_of(assemble("CONST 0"), 1), "E0710", "past the end"));
  // Paths that join with different depths: OR_TEST keeps the top, POP then drops it.
  CHECK(refused_with(program_of(assemble("CONST 0; CONST 0; OR_TEST 4; POP; RETURN"),
                                2),
                     "E0710", "different stack depths"));
  // CALL pops its arguments: len() of nothing underflows.
  CHECK(refused_with(program_of(assemble("CALL 1 0; RETURN"), 1), "E0710", "underflow"));
  CHECK(refused_with(program_of(assemble("LIST 3; RETURN"), 1), "E0710", "underflow"));
}

TEST_CASE("the verifier refuses operands out of range") {
  CHECK(refused_with(program_of(assemble("CONST 99; RETURN"), 1), "E0709", "constant 99"));
  CHECK(refused_with(program_of(assemble("SLOT 1; RETURN"), 1), "E0709", "slot 1"));
  CHECK(refused_with(program_of(assemble("CONST 0; MATCHES_CONST 0; RETURN"), 1), "E0709",
                     "regex 0"));
  CHECK(refused_with(program_of(assemble("CONST 0; TRACE 1; RETURN"), 1), "E0709",
                     "trace point 1"));
  CHECK(refused_with(program_of(assemble("CONST 0; MEMBER 1; RETURN"), 1), "E0709",
                     "member name is not a string"));
  CHECK(refused_with(program_of(assemble("CONST 0; CALL 1 200; RETURN"), 1), "E0709",
                     "builtin 200"));
  CHECK(refused_with(program_of(assemble("CONST 0; CONST 0; CALL 2 0; RETURN"), 2),
                     "E0709", "argument count for `len`"));
  CHECK(refused_with(program_of(assemble("CONST a=7 0; RETURN"), 1), "E0709", "unused operand"));
  CHECK(refused_with(program_of(assemble("LOCAL 0; RETURN"), 1, 0), "E0709", "local 0"));
  CHECK(refused_with(program_of(assemble("CONST 0; JUMP 9; RETURN"), 1), "E0709",
                     "outside the entry"));
  CHECK(refused_with(program_of(assemble("CONST 0; JUMP 1; RETURN"), 1), "E0709",
                     "must go forward"));
  // JUMP_IF_FALSE trusts IF_TEST to have left a bool.
  CHECK(refused_with(program_of(assemble("CONST 1; JUMP_IF_FALSE 3; CONST 0; RETURN"),
                                1),
                     "E0709", "does not follow `IF_TEST`"));
  CHECK(refused_with(program_of(assemble("CONST 0; OR_TEST 3; IF_TEST 5; JUMP_IF_FALSE 5; POP; RETURN"),
                                1),
                     "E0709", "into the middle of an `if`"));
  CHECK(refused_with(program_of(assemble("CONST 2; ITER_INIT 9 0 2; RETURN"), 1, 4), "E0709",
                     "quantifier kind"));
  CHECK(refused_with(program_of(assemble("CONST 2; ITER_INIT 0 1 2; RETURN"), 1, 4), "E0709",
                     "quantifier locals"));
}

TEST_CASE("the verifier refuses locals and quantifiers used out of order") {
  // A local read before this run wrote it would read the previous run's stale value.
  CHECK(refused_with(program_of(assemble("LOCAL 0; RETURN"), 1, 1), "E0710", "read before it is written"));
  // A step with no quantifier open would walk uninitialised locals.
  CHECK(refused_with(program_of(assemble("CONST 0; CONST 0; QUANT_STEP 0 0 0; RETURN"),
                                2, 4),
                     "E0710", "without its matching start"));
  // Overwriting the collection of an open quantifier would let its cursor run past the end.
  CHECK(refused_with(program_of(assemble("CONST 2; ITER_INIT 4 0 7; CONST 1; STORE_LOCAL 0; LOCAL 2; EQ_CONST 1; QUANT_STEP 4 0 2; RETURN"),
                                1, 4),
                     "E0710", "open quantifier"));
  // A trace of a quantifier that never ran.
  CHECK(refused_with(program_of(assemble("CONST 0; TRACE_QUANT 0 0 0; RETURN"), 1, 4, Role::kTraced), "E0710",
                     "before its quantifier ran"));
  // A jump from outside into a quantifier's body.
  CHECK(refused_with(program_of(assemble("CONST 2; CONST 0; OR_TEST 5; POP; ITER_INIT 0 0 8; LOCAL 2; GE_CONST 1; QUANT_STEP 0 0 5; RETURN"),
                                2, 4),
                     "E0710", ""));
}

TEST_CASE("the verifier refuses broken tables") {
  Program p = program_of(assemble("CONST 0; RETURN"), 1);
  p.rule_code[0].require_entries = {5};
  CHECK(refused_with(p, "E0708", "`require` entry out of range"));
  p = program_of(assemble("CONST 0; RETURN"), 1);
  p.rules[0].policy_index = 3;
  CHECK(refused_with(p, "E0708", "policy out of range"));
  p = program_of(assemble("CONST 0; RETURN"), 1);
  p.rules[0].require_texts.clear();
  CHECK(refused_with(p, "E0708", "different lengths"));
  p = program_of(assemble("CONST 0; RETURN"), 1);
  p.rule_code[0].slots = {4};
  CHECK(refused_with(p, "E0708", "slot out of range"));
  p = program_of(assemble("CONST 0; RETURN"), 1);
  p.entries[0].end = 3;
  CHECK(refused_with(p, "E0708", "outside the code"));
  p = program_of(assemble("CONST 0; RETURN"), 1);
  p.rule_code[0].when_entry = 0;  // without its traced twin
  CHECK(refused_with(p, "E0708", "`when` entry"));
  p = program_of(assemble("CONST 0; RETURN"), 1);
  p.rules.push_back(p.rules[0]);
  p.rule_code.push_back(p.rule_code[0]);
  CHECK(refused_with(p, "E0708", "appears twice"));
}

TEST_CASE("the verifier's limits: stack depth, locals, regex length") {
  Program p = program_of(assemble("CONST 0; RETURN"), kMaxStackDepth + 1);
  CHECK(refused_with(p, "E0710", "stack bound of 1025, outside 1..1024"));
  p = program_of(assemble("CONST 0; RETURN"), 1, kMaxLocals + 1);
  CHECK(refused_with(p, "E0710", "more than 4096 locals"));
  p = program_of(assemble("CONST 0; RETURN"), 1, kMaxLocals);
  CHECK(verdict(p) == "");
  // kMaxStackDepth values pushed and folded into one list: exactly at the bound.
  std::vector<Instruction> deep(kMaxStackDepth, assemble("CONST 1")[0]);
  for (const Instruction& ins : assemble("LIST " + std::to_string(kMaxStackDepth) + "; RETURN")) deep.push_back(ins);
  CHECK(verdict(program_of(deep, kMaxStackDepth)) == "");
  p = program_of(assemble("CONST 0; RETURN"), 1);
  p.regex_patterns.push_back(std::string(kMaxRegexLength + 1, 'a'));
  CHECK(refused_with(p, "E0711", "longer than"));
}

TEST_CASE("bundle constants nest at most kMaxConstantDepth levels") {
  auto nested = [](uint32_t depth, Arena& arena) {
    Value v = Value::of_int(1);
    for (uint32_t i = 0; i < depth; ++i) {
      Value* item = arena.allocate_array<Value>(1);
      *item = v;
      v = Value::of_list(item, 1);
    }
    return v;
  };
  for (uint32_t depth : {kMaxConstantDepth, kMaxConstantDepth + 1}) {
    Program p = program_of(assemble("CONST 0; RETURN"), 1);
    Arena arena;
    p.add_constant(nested(depth, arena));
    std::string bytes;
    INFO(depth);
    // The writer refuses what the reader would (bundle_constants_test.cpp crafts the
    // over-deep bytes for the reader).
    REQUIRE(save_bundle(p, &bytes) == (depth == kMaxConstantDepth));
    if (depth > kMaxConstantDepth) continue;
    DiagnosticSink sink;
    CHECK(load_bundle(bytes, "deep.edictc", sink).has_value());
  }
}

TEST_CASE("bundle strings must be UTF-8 and enums in range") {
  Program p = program_of(assemble("CONST 0; RETURN"), 1);
  p.rules[0].title = "caf\xc3\xa9";  // valid
  std::string good;
  REQUIRE(save_bundle(p, &good));
  DiagnosticSink ok_sink;
  CHECK(load_bundle(good, "u.edictc", ok_sink));
  for (std::string bad : {std::string("caf\xc3"), std::string("\xed\xa0\x80x"), std::string("\xc0\xafx"),
                          std::string("\xf4\x90\x80\x80")}) {
    p.rules[0].title = bad;
    std::string bytes;
    REQUIRE(save_bundle(p, &bytes));
    DiagnosticSink sink;
    CHECK_FALSE(load_bundle(bytes, "u.edictc", sink));
    CHECK(sink.diagnostics().front().code == "E0707");
  }
  p.rules[0].title = "ok";
  p.rules[0].severity = static_cast<Level>(7);
  std::string bytes;
  REQUIRE(save_bundle(p, &bytes));
  DiagnosticSink sink;
  CHECK_FALSE(load_bundle(bytes, "e.edictc", sink));
  CHECK(sink.diagnostics().front().code == "E0706");
  CHECK(sink.diagnostics().front().message.find("a severity 7, out of range") != std::string::npos);
}

TEST_CASE("the verifier checks SCAN_FIELD_EQ as strictly as the loop it replaces") {
  auto with_name = [](std::vector<Instruction> code) {
    Program p = program_of(std::move(code), 1, 0, Role::kFast);
    p.add_constant(Value::of_string("destination"));  // K3
    return p;
  };
  CHECK(verdict(with_name(assemble("CONST 2; SCAN_FIELD_EQ 2 3 1; RETURN"))).empty());
  // count and filter do not give a bool: only all, any and none are fused.
  CHECK(refused_with(with_name(assemble("CONST 2; SCAN_FIELD_EQ 3 3 1; RETURN")), "E07",
                     "quantifier kind out of range"));
  // MEMBER's check: the field name is a string constant.
  CHECK(refused_with(with_name(assemble("CONST 2; SCAN_FIELD_EQ 2 1 1; RETURN")), "E07",
                     "member name is not a string"));
  CHECK(refused_with(with_name(assemble("CONST 2; SCAN_FIELD_EQ 2 9 1; RETURN")), "E07",
                     "constant 9 out of range"));
  // EQ_CONST's check: the compared constant is in range.
  CHECK(refused_with(with_name(assemble("CONST 2; SCAN_FIELD_EQ 2 3 99; RETURN")), "E07",
                     "constant 99 out of range"));
  // It pops the collection: not on an empty stack.
  CHECK(refused_with(with_name(assemble("SCAN_FIELD_EQ 2 3 1; CONST 0; RETURN")), "E07",
                     "underflow"));
}

TEST_CASE("the verifier keeps trace-only ops out of fast entries and fast-only ops out of traced ones") {
  // The opcode table's flags, per entry, from the roles the rule table gives it.
  const std::vector<Instruction> traced = assemble("CONST 0; TRACE 0; RETURN");
  CHECK(verdict(program_of(traced, 1, 0, Role::kTraced)).empty());
  CHECK(refused_with(program_of(traced, 1, 0, Role::kFast), "E0709", "a trace-only instruction in a fast entry"));
  CHECK(refused_with(program_of(traced, 1, 0, Role::kBoth), "E0709", "a trace-only instruction in a fast entry"));

  auto scan = [](Role role) {
    Program p = program_of(assemble("CONST 2; SCAN_FIELD_EQ 2 3 1; RETURN"), 1, 0, role);
    p.add_constant(Value::of_string("destination"));  // K3
    return p;
  };
  CHECK(verdict(scan(Role::kFast)).empty());
  CHECK(refused_with(scan(Role::kTraced), "E0709", "a fast-only instruction in a traced entry"));
  CHECK(refused_with(scan(Role::kBoth), "E0709", "a fast-only instruction in a traced entry"));

  // A policy `when` has the same two roles.
  Program p = program_of(assemble("CONST 0; RETURN"), 1, 0, Role::kBoth);
  p.code.insert(p.code.end(), traced.begin(), traced.end());
  p.entries.push_back(Entry{2, 5, 1, 0});
  p.policy_code[0].when_entry = 1;
  p.policy_code[0].traced_when_entry = 1;
  CHECK(refused_with(p, "E0709", "a trace-only instruction in a fast entry"));
  p.policy_code[0].when_entry = 0;
  CHECK(verdict(p).empty());
}
