// The test assembler (tests/support/assembler.h) reads what the verifier tests write:
// each op's fields in table order, quantifier kinds by name, `x=` for an unused field;
// and it refuses what it cannot read rather than assemble something else.
#include <catch2/catch.hpp>

#include "tests/support/assembler.h"

using namespace edict;
using edict::testing::assemble;

namespace {

bool same(const Instruction& x, Op op, uint8_t a, uint16_t b, uint32_t c) {
  return x.op == op && x.a == a && x.b == b && x.c == c;
}

}  // namespace

TEST_CASE("assembler: operands fill the fields the opcode table gives each op") {
  auto code = assemble("CONST 2; ITER_INIT all 4 9\n LOCAL 6; CALL 1 17; SCAN_FIELD_EQ none 3 1; NOT a=3; RETURN");
  REQUIRE(code.size() == 7);
  CHECK(same(code[0], Op::CONST, 0, 0, 2));
  CHECK(same(code[1], Op::ITER_INIT, 0, 4, 9));
  CHECK(same(code[2], Op::LOCAL, 0, 0, 6));
  CHECK(same(code[3], Op::CALL, 1, 0, 17));
  CHECK(same(code[4], Op::SCAN_FIELD_EQ, static_cast<uint8_t>(QuantKind::kNone), 3, 1));
  CHECK(same(code[5], Op::NOT, 3, 0, 0));
  CHECK(same(code[6], Op::RETURN, 0, 0, 0));
}

TEST_CASE("assembler: every op of the table assembles from its name") {
  for (int i = 0; i < kOpCount; ++i) {
    const OpInfo& info = kOpInfo[i];
    std::string text = info.name;
    for (Operand kind : {info.a, info.b, info.c}) {
      if (kind != Operand::kNone) text += " 1";
    }
    INFO(text);
    auto code = assemble(text);
    REQUIRE(code.size() == 1);
    CHECK(static_cast<int>(code[0].op) == i);
  }
}

TEST_CASE("assembler: unknown ops, wrong operand counts and bad numbers throw") {
  CHECK_THROWS_WITH(assemble("CONSTANT 1"), Catch::Contains("unknown opcode `CONSTANT`"));
  CHECK_THROWS_WITH(assemble("CONST"), Catch::Contains("too few operands"));
  CHECK_THROWS_WITH(assemble("RETURN 1"), Catch::Contains("too many operands"));
  CHECK_THROWS_WITH(assemble("CONST x1"), Catch::Contains("not a number"));
  CHECK_THROWS_WITH(assemble("ITER_INIT all 70000 1"), Catch::Contains("too wide"));
}
