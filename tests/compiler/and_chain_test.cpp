// `a and b and c` runs as <a> AND_TEST <b> AND_JOIN_TEST <c> AND_JOIN (the inner join and
// the outer test fused, runtime/opcodes.h). Catches: a fused chain whose false result
// lands in the middle of the chain, a Kleene table or an error message that differs
// from the unfused code. The reference is `a and (b and c)`, which is not fused (its
// inner `and` is on the right) and, `and` being associative in Kleene logic, gives the
// same value, the same unknowns and the same errors on every input.
#include <catch2/catch.hpp>

#include "runtime/explain.h"
#include "test_support.h"

using namespace edict;
using namespace edict::testing;

namespace {

int count(const Program& p, uint32_t entry, Op op) {
  const Entry& e = p.entries[entry];
  int n = 0;
  for (uint32_t pc = e.start; pc < e.end; ++pc) n += p.code[pc].op == op;
  return n;
}

std::string run(const Program& p, uint32_t entry, const BoundProgram& bound) {
  EvalScratch scratch;
  EvalOptions options;
  options.now = kTestNow;
  Value v;
  std::string error;
  if (!evaluate_entry(p, entry, bound.slots().data(), scratch, options, &v, &error)) return "error: " + error;
  return "ok: " + to_display(v);
}

std::unique_ptr<Compiled> rule(const std::string& require) {
  return compile_text("policy p \"P\" {\n  rule r \"R\" { require " + require + " }\n}\n");
}

}  // namespace

TEST_CASE("and chains: the fused join-and-test gives what the unfused code gives, on every input") {
  auto fused = rule("windows.esu.licensed and windows.rdp.nla_required and windows.firewall.public.enabled");
  auto plain = rule("windows.esu.licensed and (windows.rdp.nla_required and windows.firewall.public.enabled)");
  REQUIRE(fused->program);
  REQUIRE(plain->program);
  const Program& f = *fused->program;
  const Program& p = *plain->program;
  uint32_t f_fast = f.rule_code[0].require_entries[0], f_traced = f.rule_code[0].traced_require_entries[0];
  uint32_t p_fast = p.rule_code[0].require_entries[0];
  CHECK(count(f, f_fast, Op::AND_JOIN_TEST) == 1);
  CHECK(count(f, f_fast, Op::AND_TEST) == 1);
  CHECK(count(p, p_fast, Op::AND_JOIN_TEST) == 0);
  // true, false, unknown (absent), and a value that is not a bool (an error).
  const char* values[] = {"true", "false", "", "3"};
  for (const char* a : values) {
    for (const char* b : values) {
      for (const char* c : values) {
        std::string json = R"({"windows": {)";
        json += std::string(R"("esu": {)") + (*a ? std::string(R"("licensed": )") + a : "") + "}, ";
        json += std::string(R"("rdp": {)") + (*b ? std::string(R"("nla_required": )") + b : "") + "}, ";
        json += std::string(R"("firewall": {"public": {)") + (*c ? std::string(R"("enabled": )") + c : "") + "}}}}";
        Facts host = facts_from_json(json);
        BoundProgram fb(f, host), pb(p, host);
        INFO(json);
        std::string expected = run(p, p_fast, pb);
        CHECK(run(f, f_fast, fb) == expected);
        CHECK(run(f, f_traced, fb) == expected);
      }
    }
  }
}

TEST_CASE("and chains: ten conditions fuse into one test and eight join-tests, all jumping to the end") {
  std::string require = "windows.esu.licensed";
  for (int i = 0; i < 9; ++i) require += " and windows.rdp.nla_required";
  auto c = rule(require);
  REQUIRE(c->program);
  const Program& p = *c->program;
  uint32_t e = p.rule_code[0].require_entries[0];
  CHECK(count(p, e, Op::AND_TEST) == 1);
  CHECK(count(p, e, Op::AND_JOIN_TEST) == 8);
  CHECK(count(p, e, Op::AND_JOIN) == 1);
  const Entry& entry = p.entries[e];
  for (uint32_t pc = entry.start; pc < entry.end; ++pc) {
    if (p.code[pc].op == Op::AND_TEST || p.code[pc].op == Op::AND_JOIN_TEST) CHECK(p.code[pc].c == entry.end - 1);
  }
  // The first false ends it: a false first condition and the rest true is false.
  Facts host = facts_from_json(R"({"windows": {"esu": {"licensed": false}, "rdp": {"nla_required": true}}})");
  BoundProgram bound(p, host);
  CHECK(run(p, e, bound) == "ok: false");
}
