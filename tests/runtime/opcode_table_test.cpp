// The opcode table (runtime/opcodes.h) against itself: the verifier, the disassembler,
// the VM's dispatch and the compiler's stack bound are all derived from it, so a row
// that contradicts itself (a jump without a target operand, stack counts that disagree
// with the net effect, a variadic count without its operand) would be believed by all
// of them at once. Catches: a new opcode added with a half-filled row; two names alike;
// an instruction-set hash that misses a field or counts the comments.
#include <catch2/catch.hpp>

#include <cctype>
#include <set>
#include <string>

#include "runtime/disasm.h"
#include "runtime/opcodes.h"
#include "runtime/program.h"

namespace {

using namespace edict;

bool is_target(Operand k) { return k == Operand::kForward || k == Operand::kBack; }

}  // namespace

TEST_CASE("every row of the opcode table is consistent with itself") {
  REQUIRE(kOpCount > 0);
  REQUIRE(kOpCount <= 256);
  std::set<std::string> names;
  for (int i = 0; i < kOpCount; ++i) {
    const Op op = static_cast<Op>(i);
    const OpInfo& info = op_info(op);
    const std::string name = info.name;
    INFO("opcode " << i << " " << name);
    // Names: unique, NAME_STYLE, and each with a meaning.
    CHECK(names.insert(name).second);
    CHECK(!name.empty());
    for (char ch : name) CHECK((std::isupper(static_cast<unsigned char>(ch)) || ch == '_'));
    CHECK(std::string(info.meaning).size() > 4);

    // Jumps: only c holds a target; jump_pushes is meaningful only for jumps.
    CHECK(!is_target(info.a));
    CHECK(!is_target(info.b));
    CHECK(is_jump(op) == is_target(info.c));
    if (!is_jump(op)) CHECK(info.jump_pushes == 0);
    // An op that never falls through either jumps or ends the entry.
    if (info.ends()) CHECK((is_jump(op) || op == Op::RETURN));
    if (op == Op::RETURN) CHECK(info.ends());

    // Stack counts: plain numbers (0..2 pops, 0..1 pushes), a variadic count only
    // through a kCount operand, and the net effect is pushes - pops.
    CHECK(info.pushes >= 0);
    CHECK(info.pushes <= 1);
    CHECK(info.jump_pushes >= 0);
    CHECK(info.jump_pushes <= 1);
    CHECK(info.pops.fixed >= 0);
    CHECK(info.pops.fixed <= 2);
    if (info.pops.per_a != 0) CHECK(info.a == Operand::kCount);
    if (info.pops.per_c != 0) CHECK(info.c == Operand::kCount);
    if (info.a == Operand::kCount || info.c == Operand::kCount) CHECK(info.pops.variadic());
    for (uint32_t n : {0u, 1u, 3u}) {
      Instruction ins{op, static_cast<uint8_t>(info.a == Operand::kCount ? n : 0), 0,
                      info.c == Operand::kCount ? n : 0};
      const int pops = info.pops.fixed + info.pops.per_a * static_cast<int>(ins.a) + info.pops.per_c * static_cast<int>(ins.c);
      CHECK(stack_inputs(ins) == static_cast<uint32_t>(pops));
      CHECK(stack_effect(ins) == info.pushes - pops);
      if (is_jump(op)) CHECK(jump_stack_effect(ins) == info.jump_pushes - pops);
    }

    // Operand pairs the verifier checks together.
    if (info.c == Operand::kBuiltin) CHECK(info.a == Operand::kCount);  // the arity check
    if (info.b == Operand::kLocalBlock) CHECK(info.a == Operand::kQuantKind);
    if (info.a == Operand::kQuantKind) CHECK(info.b == Operand::kLocalBlock);
    // Flags: an op is for fast entries, for traced ones, or for both; trace-only ops
    // are no-ops in fast code, so they leave the stack as it was.
    CHECK(!(info.fast_only() && info.trace_only()));
    if (info.trace_only()) CHECK(info.pops.fixed == info.pushes);
  }
  // The enum is the table: the n-th enumerator carries the n-th row's name.
  CHECK(std::string(op_info(Op::CONST).name) == "CONST");
  CHECK(std::string(op_info(Op::AND_JOIN_TEST).name) == "AND_JOIN_TEST");
  CHECK(std::string(op_info(Op::RETURN).name) == "RETURN");
  CHECK(static_cast<int>(Op::RETURN) == kOpCount - 1);
}

TEST_CASE("the disassembler prints exactly the operand fields the table gives an op") {
  Program p;
  for (int i = 0; i < kOpCount; ++i) {
    const Op op = static_cast<Op>(i);
    const OpInfo& info = op_info(op);
    INFO(info.name);
    std::string text = disassemble_instruction(p, Instruction{op, 7, 8, 9});
    std::string operands = text.substr(0, text.find(';'));
    int fields = (info.a != Operand::kNone) + (info.b != Operand::kNone) + (info.c != Operand::kNone);
    int numbers = 0;
    for (size_t k = 0; k < operands.size(); ++k) {
      if (std::isdigit(static_cast<unsigned char>(operands[k])) &&
          (k == 0 || !std::isdigit(static_cast<unsigned char>(operands[k - 1])))) {
        ++numbers;
      }
    }
    CHECK(operands.rfind(info.name, 0) == 0);
    CHECK(numbers == fields);
    // A jump's comment names its target.
    if (is_jump(op)) CHECK(text.find("-> 0009") != std::string::npos);
  }
}

TEST_CASE("the instruction-set hash covers every field of the table but the meanings") {
  static_assert(kInstructionSetHash == instruction_set_hash(kOpInfo, kOpCount));
  OpInfo copy[kOpCount];
  auto reset = [&] { for (int i = 0; i < kOpCount; ++i) copy[i] = kOpInfo[i]; };
  auto hash = [&] { return instruction_set_hash(copy, kOpCount); };
  auto row = [&](Op op) -> OpInfo& { return copy[static_cast<int>(op)]; };
  reset();
  CHECK(hash() == kInstructionSetHash);
  row(Op::STORE_LOCAL).meaning = "reworded";
  CHECK(hash() == kInstructionSetHash);  // a comment is not the machine

  reset(); row(Op::STORE_LOCAL).name = "RENAMED";              CHECK(hash() != kInstructionSetHash);
  reset(); row(Op::CONST).c = Operand::kSlot;             CHECK(hash() != kInstructionSetHash);
  reset(); row(Op::MEMBER).a = Operand::kCount;            CHECK(hash() != kInstructionSetHash);
  reset(); row(Op::MEMBER).b = Operand::kLocalBlock;       CHECK(hash() != kInstructionSetHash);
  reset(); row(Op::ADD).pops = StackCount(1);          CHECK(hash() != kInstructionSetHash);
  reset(); row(Op::ADD).pops = kPopsC;                  CHECK(hash() != kInstructionSetHash);
  reset(); row(Op::ADD).pushes = 0;                     CHECK(hash() != kInstructionSetHash);
  reset(); row(Op::AND_TEST).jump_pushes = 0;               CHECK(hash() != kInstructionSetHash);
  reset(); row(Op::LOCAL).flags = kFastOnly;              CHECK(hash() != kInstructionSetHash);
  // Two rows swapped: the same ops, other numbers.
  reset(); std::swap(row(Op::SUB), row(Op::MUL));          CHECK(hash() != kInstructionSetHash);
  // One row fewer.
  reset(); CHECK(instruction_set_hash(copy, kOpCount - 1) != kInstructionSetHash);
}
