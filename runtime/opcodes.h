// The Edict instruction set: ONE table (EDICT_OPCODES) from which the enum, the names,
// the operand formats, the stack effects (for the verifier and the compiler's stack
// bound) and the VM's dispatch are generated. Compiler -> Program -> VM all read it.
//
// ## The machine
//
// A stack machine evaluating one expression at a time. An expression's code starts at
// an entry point (Program::entries) and ends with RETURN; it sees
//   K[]  the program's constant pool (Values, pre-materialised; strings, versions, lists)
//   R[]  the regex pool (RE2 objects built once from pattern strings at load)
//   S[]  the bound fact slots: one Value per fact path, resolved once per host (bind.h)
//   L[]  locals of the entry (quantifier state, bound variables, inlined def arguments)
//   the value stack, whose bound (Entry::max_stack) the compiler computes from this table.
// A rule's outcome is decided in C++ (vm.cpp) from the Values its `when` and `require`
// entries return; there are no calls and no backward jumps except QUANT_STEP, so a
// program's running time is bounded by its size times the sizes of the lists it walks.
//
// ## Instruction format (8 bytes, plain data: bundles serialize it as is)
//
//   | op : 8 | a : 8 | b : 16 | c : 32 |
//
// Formats: kNone (no operand), kC (c only), kAC (a and c), kABC (a, b and c).
// Jump targets (c) are absolute instruction indices inside the same entry.
//
// ## Semantics shared by every operator
//
// - An operand that is `unknown` makes the result `unknown` (except where noted: the
//   Kleene AND_/OR_ pairs, COALESCE, and the `exists` built-in).
// - A type mismatch, an overflow, a division by zero, or reading an error fact ends
//   the rule with outcome `error` and a message; the stack is abandoned.
//
// ## Tracing
//
// Every `when` and `require` is compiled twice: the fast entry, and a traced entry with
// TRACE / TRACE_QUANT after the sub-expressions an explanation shows. Only rules that
// did not pass run the traced entry, so the fast path carries no tracing at all.
//
// ## Notes on the odd ones
//
// AND_TEST/AND_JOIN: `a and b` is  <a> AND_TEST Lend <b> AND_JOIN Lend:
//   AND_TEST leaves a false `a` as the result and jumps; otherwise (true or unknown)
//   the join combines: false if b is false, else true only if both are true, else unknown.
// OR_TEST/OR_JOIN mirror it with true.
// COALESCE: `x ?? y` is  <x> COALESCE Lend <y> Lend:  keeps x and jumps unless x is unknown.
// IF_TEST: `if c then a else b` is  <c> IF_TEST Lend JUMP_IF_FALSE Lelse <a> JUMP Lend Lelse: <b> Lend:
//   an unknown condition makes the whole `if` unknown.
// ITER_INIT/QUANT_STEP (a = quantifier kind, b = first of 4 locals: collection, cursor,
//   element, accumulator):  <xs> ITER_INIT a b Lend  Lbody: <p> QUANT_STEP a b Lbody  Lend:
//   ITER_INIT pops the collection; unknown or empty pushes the result and jumps to Lend;
//   otherwise it stores element 0 in L[b+2] and falls into the body. QUANT_STEP pops the
//   predicate, updates the accumulator, and either loads the next element and jumps back
//   (one step of the budget) or pushes the result and falls through.
// SCAN_FIELD_EQ a b c: `all/any/none x in xs : x.f == K` (f = K[b], K = K[c]) in one
//   instruction: exactly ITER_INIT, LOCAL, MEMBER K[b], EQ_CONST K[c], QUANT_STEP per
//   element (same unknowns, errors and step budget), without the dispatches. Only fast
//   entries use it; traced entries keep the loop, whose TRACE_QUANT reads its locals.
#pragma once

#include <cstdint>

namespace edict {

enum class OperandFormat : uint8_t { kNone, kC, kAC, kABC };

// X(NAME, format, stack effect (pops and pushes on the fall-through path; kVariadic when
// it depends on an operand), meaning)
#define EDICT_OPCODES(X)                                                                                  \
  X(CONST, kC, 1, "push K[c]")                                                                            \
  X(SLOT, kC, 1, "push S[c]; an error fact ends the rule with `error`")                                   \
  X(LOCAL, kC, 1, "push L[c]")                                                                            \
  X(STORE_LOCAL, kC, -1, "L[c] := pop")                                                                   \
  X(POP, kNone, -1, "drop the top")                                                                       \
  X(MEMBER, kC, 0, "top := top.K[c] (record field or map key; a missing one is unknown)")                 \
  X(INDEX, kNone, -1, "i := pop; top := top[i] (list position or map key; missing is unknown)")           \
  X(NOT, kNone, 0, "top := not top (bool)")                                                               \
  X(NEG, kNone, 0, "top := -top (int or float)")                                                          \
  X(ADD, kNone, -1, "b := pop; top := top + b (numbers; joins strings and lists)")                        \
  X(SUB, kNone, -1, "b := pop; top := top - b")                                                           \
  X(MUL, kNone, -1, "b := pop; top := top * b")                                                           \
  X(DIV, kNone, -1, "b := pop; top := top / b (ints truncate; zero divisor is an error)")                 \
  X(MOD, kNone, -1, "b := pop; top := top % b")                                                           \
  X(EQ, kNone, -1, "b := pop; top := top == b")                                                           \
  X(NE, kNone, -1, "b := pop; top := top != b")                                                           \
  X(LT, kNone, -1, "b := pop; top := top < b (numbers, strings, versions)")                               \
  X(LE, kNone, -1, "b := pop; top := top <= b")                                                           \
  X(GT, kNone, -1, "b := pop; top := top > b")                                                            \
  X(GE, kNone, -1, "b := pop; top := top >= b")                                                           \
  X(EQ_CONST, kC, 0, "top := top == K[c]")                                                                \
  X(GE_CONST, kC, 0, "top := top >= K[c]")                                                                \
  X(IN, kNone, -1, "b := pop; top := top in b (list element, map key, substring)")                        \
  X(NOT_IN, kNone, -1, "b := pop; top := top not in b")                                                   \
  X(IN_SLOT, kC, 0, "top := top in S[c] (IN fused with the load of its container)")                       \
  X(MATCHES, kNone, -1, "b := pop; top := top matches b (pattern compiled now, bounded)")                 \
  X(MATCHES_CONST, kC, 0, "top := top matches R[c]")                                                      \
  X(STARTS_WITH, kNone, -1, "b := pop; top := top startswith b")                                          \
  X(ENDS_WITH, kNone, -1, "b := pop; top := top endswith b")                                              \
  X(CONTAINS, kNone, -1, "b := pop; top := top contains b (substring, list element, map key)")            \
  X(AND_TEST, kC, 0, "if top is false: jump c (it is the result); non-bool is an error")                  \
  X(AND_JOIN, kNone, -1, "b := pop; top := top and b (Kleene)")                                           \
  X(OR_TEST, kC, 0, "if top is true: jump c (it is the result); non-bool is an error")                    \
  X(OR_JOIN, kNone, -1, "b := pop; top := top or b (Kleene)")                                             \
  X(COALESCE, kC, -1, "if top is not unknown: jump c (keep it); else pop")                                \
  X(IF_TEST, kC, 0, "if top is unknown: jump c (it is the result); non-bool is an error")                 \
  X(JUMP_IF_FALSE, kC, -1, "if pop is false: jump c")                                                     \
  X(JUMP, kC, 0, "jump c")                                                                                \
  X(CALL, kAC, kVariadic, "pop a arguments; push builtin c(args)")                                        \
  X(LIST, kC, kVariadic, "pop c values; push them as a list")                                             \
  X(MAP, kC, kVariadic, "pop c (key, value) pairs; push them as a map")                                   \
  X(ITER_INIT, kABC, -1, "xs := pop; start quantifier a over xs with locals L[b..b+3]; empty or unknown: " \
                          "push the result, jump c")                                                      \
  X(QUANT_STEP, kABC, 0, "p := pop; step quantifier a; more elements: jump c; else push the result")     \
  X(SCAN_FIELD_EQ, kABC, 0, "top := quantifier a (all, any, none) over top of x.K[b] == K[c] (fast "      \
                             "entries only: the ITER_INIT..QUANT_STEP loop of that body in one op)")      \
  X(TRACE, kC, 0, "traced code only: record top as the value of trace point c")                        \
  X(TRACE_QUANT, kABC, 0, "traced code only: note which element of quantifier a over L[b..] decided "   \
                          "it (trace point c); top is its result")                                      \
  X(RETURN, kNone, -1, "the entry's value := pop")

// Stack effect of the instructions whose effect depends on their operands.
inline constexpr int kVariadic = 1000;

enum class Op : uint8_t {
#define EDICT_OP_ENUM(name, format, effect, meaning) name,
  EDICT_OPCODES(EDICT_OP_ENUM)
#undef EDICT_OP_ENUM
};

inline constexpr int kOpCount = 0
#define EDICT_OP_COUNT(name, format, effect, meaning) +1
    EDICT_OPCODES(EDICT_OP_COUNT)
#undef EDICT_OP_COUNT
    ;

struct OpInfo {
  const char* name;
  OperandFormat format;
  int stack_effect;  // kVariadic: see stack_effect()
  const char* meaning;
};

inline constexpr OpInfo kOpInfo[] = {
#define EDICT_OP_INFO(name, format, effect, meaning) {#name, OperandFormat::format, effect, meaning},
    EDICT_OPCODES(EDICT_OP_INFO)
#undef EDICT_OP_INFO
};

inline const OpInfo& op_info(Op op) { return kOpInfo[static_cast<uint8_t>(op)]; }

struct Instruction {
  Op op;
  uint8_t a = 0;
  uint16_t b = 0;
  uint32_t c = 0;
};
static_assert(sizeof(Instruction) == 8, "instructions are 8 bytes: bundles store them as is");

// Quantifier kinds (ITER_INIT / QUANT_STEP operand a), in the order of syntax::Quantifier.
enum class QuantKind : uint8_t { kAll, kAny, kNone, kCount, kFilter };

// Net stack effect of one instruction on its fall-through path.
inline int stack_effect(const Instruction& ins) {
  switch (ins.op) {
    case Op::CALL: return 1 - static_cast<int>(ins.a);
    case Op::LIST: return 1 - static_cast<int>(ins.c);
    case Op::MAP: return 1 - 2 * static_cast<int>(ins.c);
    default: return op_info(ins.op).stack_effect;
  }
}

// True for instructions whose c operand is a jump target.
inline bool is_jump(Op op) {
  switch (op) {
    case Op::AND_TEST: case Op::OR_TEST: case Op::COALESCE: case Op::IF_TEST:
    case Op::JUMP_IF_FALSE: case Op::JUMP: case Op::ITER_INIT: case Op::QUANT_STEP:
      return true;
    default:
      return false;
  }
}

}  // namespace edict
