// The Edict instruction set: ONE table (EDICT_OPCODES) holding, per opcode, its name,
// what each operand field means, what it pops and pushes, and its flags. Generated from
// it: the enum, the names, the stack effects (the compiler's stack bound, the
// verifier's abstract interpretation), which ops jump and in which direction, the
// verifier's operand checks (runtime/verify.cpp), the disassembler's operands and
// comments (runtime/disasm.cpp), the VM's dispatch table (runtime/vm_exec.cpp), and
// kInstructionSetHash, which every bundle carries so that a bundle written for another
// instruction set is refused (E0715). tests/runtime/opcode_table_test.cpp checks the
// table against itself.
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
// Each field holds one Operand kind (below) or nothing (kNone: it must be zero). Jump
// targets (c) are absolute instruction indices inside the same entry.
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
// AND_JOIN_TEST: `a and b and c` is  <a> AND_TEST Lend <b> AND_JOIN_TEST Lend <c> AND_JOIN Lend:
//   the join of `a and b` and the test of the outer `and` in one instruction (fast and
//   traced entries alike, whenever no TRACE sits between them).
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

#include <cstddef>
#include <cstdint>

namespace edict {

// What an operand field holds. The verifier checks each kind (in range, of the right
// kind), the disassembler prints each kind's comment.
enum class Operand : uint8_t {
  kNone,           // unused: must be zero
  kConst,          // K[] index
  kStringConst,    // K[] index of a string (a member name)
  kSlot,           // S[] index
  kLocal,          // L[] index
  kLocalBlock,     // first of a quantifier's 4 locals L[x..x+3]
  kRegex,          // R[] index
  kTracePoint,     // trace point index
  kBuiltin,        // builtin id (runtime/builtins.h)
  kCount,          // a count of values (CALL's arguments, LIST's items, MAP's pairs)
  kForward,        // jump target after this instruction, inside the entry
  kBack,           // jump target at or before this instruction (a quantifier's body)
  kQuantKind,      // QuantKind
  kBoolQuantKind,  // QuantKind all, any or none (those whose result is a bool)
};

// How many values an instruction pops: fixed + per_a * a + per_c * c.
struct StackCount {
  int fixed = 0;
  int per_a = 0;
  int per_c = 0;
  constexpr StackCount() = default;
  constexpr StackCount(int n) : fixed(n) {}  // NOLINT: the table writes plain numbers
  constexpr StackCount(int f, int a, int c) : fixed(f), per_a(a), per_c(c) {}
  constexpr bool variadic() const { return per_a != 0 || per_c != 0; }
};
inline constexpr StackCount kPopsA{0, 1, 0};   // operand a values
inline constexpr StackCount kPopsC{0, 0, 1};   // operand c values
inline constexpr StackCount kPops2C{0, 0, 2};  // operand c pairs

// Flags.
inline constexpr uint8_t kFlow = 0;           // nothing special
inline constexpr uint8_t kEnds = 1;           // never falls through (JUMP, RETURN)
// Where an op may appear, enforced by the verifier (runtime/verify.cpp) per entry from
// the rule and policy tables: the VM's fast path compiles trace-only ops to nothing (an
// explanation would lose its values), and fast-only ops drop the state a trace reads.
inline constexpr uint8_t kFastOnly = 2;       // emitted only in fast entries (a fused loop)
inline constexpr uint8_t kTraceOnly = 4;      // emitted only in traced entries (a no-op in fast ones)

// X(NAME, a, b, c, pops, pushes, jump_pushes, flags, meaning)
//   a, b, c      the Operand kind of each field (_ = kNone)
//   pops         values consumed (read) from the top, on every path
//   pushes       values pushed when falling through
//   jump_pushes  values pushed when jumping (0 for instructions that do not jump)
// Compatibility: the hash of this table (kInstructionSetHash, below) is in every
// bundle's header. Changing a row, adding one or reordering them changes it, so old
// bundles are refused with E0715; the meanings are not hashed (a comment's wording is
// not the machine), so a change of an op's semantics under the same row must bump
// kBundleFormatVersion (runtime/bundle.h).
#define EDICT_OPCODES(X)                                                                                        \
  X(CONST, _, _, kConst, 0, 1, 0, kFlow, "push K[c]")                                                           \
  X(SLOT, _, _, kSlot, 0, 1, 0, kFlow, "push S[c]; an error fact ends the rule with `error`")                   \
  X(LOCAL, _, _, kLocal, 0, 1, 0, kFlow, "push L[c]")                                                           \
  X(STORE_LOCAL, _, _, kLocal, 1, 0, 0, kFlow, "L[c] := pop")                                                   \
  X(POP, _, _, _, 1, 0, 0, kFlow, "drop the top")                                                               \
  X(MEMBER, _, _, kStringConst, 1, 1, 0, kFlow,                                                                 \
    "top := top.K[c] (record field or map key; a missing one is unknown)")                                      \
  X(INDEX, _, _, _, 2, 1, 0, kFlow, "i := pop; top := top[i] (list position or map key; missing is unknown)")   \
  X(NOT, _, _, _, 1, 1, 0, kFlow, "top := not top (bool)")                                                      \
  X(NEG, _, _, _, 1, 1, 0, kFlow, "top := -top (int or float)")                                                 \
  X(ADD, _, _, _, 2, 1, 0, kFlow, "b := pop; top := top + b (numbers; joins strings and lists)")                \
  X(SUB, _, _, _, 2, 1, 0, kFlow, "b := pop; top := top - b")                                                   \
  X(MUL, _, _, _, 2, 1, 0, kFlow, "b := pop; top := top * b")                                                   \
  X(DIV, _, _, _, 2, 1, 0, kFlow, "b := pop; top := top / b (ints truncate; zero divisor is an error)")         \
  X(MOD, _, _, _, 2, 1, 0, kFlow, "b := pop; top := top % b")                                                   \
  X(EQ, _, _, _, 2, 1, 0, kFlow, "b := pop; top := top == b")                                                   \
  X(NE, _, _, _, 2, 1, 0, kFlow, "b := pop; top := top != b")                                                   \
  X(LT, _, _, _, 2, 1, 0, kFlow, "b := pop; top := top < b (numbers, strings, versions)")                       \
  X(LE, _, _, _, 2, 1, 0, kFlow, "b := pop; top := top <= b")                                                   \
  X(GT, _, _, _, 2, 1, 0, kFlow, "b := pop; top := top > b")                                                    \
  X(GE, _, _, _, 2, 1, 0, kFlow, "b := pop; top := top >= b")                                                   \
  X(EQ_CONST, _, _, kConst, 1, 1, 0, kFlow, "top := top == K[c]")                                               \
  X(GE_CONST, _, _, kConst, 1, 1, 0, kFlow, "top := top >= K[c]")                                               \
  X(IN, _, _, _, 2, 1, 0, kFlow, "b := pop; top := top in b (list element, map key, substring)")                \
  X(NOT_IN, _, _, _, 2, 1, 0, kFlow, "b := pop; top := top not in b")                                           \
  X(IN_SLOT, _, _, kSlot, 1, 1, 0, kFlow, "top := top in S[c] (IN fused with the load of its container)")       \
  X(MATCHES, _, _, _, 2, 1, 0, kFlow, "b := pop; top := top matches b (pattern compiled now, bounded)")         \
  X(MATCHES_CONST, _, _, kRegex, 1, 1, 0, kFlow, "top := top matches R[c]")                                     \
  X(STARTS_WITH, _, _, _, 2, 1, 0, kFlow, "b := pop; top := top startswith b")                                  \
  X(ENDS_WITH, _, _, _, 2, 1, 0, kFlow, "b := pop; top := top endswith b")                                      \
  X(CONTAINS, _, _, _, 2, 1, 0, kFlow, "b := pop; top := top contains b (substring, list element, map key)")    \
  X(AND_TEST, _, _, kForward, 1, 1, 1, kFlow, "if top is false: jump c (it is the result); non-bool is an error") \
  X(AND_JOIN, _, _, _, 2, 1, 0, kFlow, "b := pop; top := top and b (Kleene)")                                   \
  X(AND_JOIN_TEST, _, _, kForward, 2, 1, 1, kFlow,                                                              \
    "b := pop; top := top and b (Kleene); if that is false: jump c (AND_JOIN then AND_TEST c)")                 \
  X(OR_TEST, _, _, kForward, 1, 1, 1, kFlow, "if top is true: jump c (it is the result); non-bool is an error")  \
  X(OR_JOIN, _, _, _, 2, 1, 0, kFlow, "b := pop; top := top or b (Kleene)")                                     \
  X(COALESCE, _, _, kForward, 1, 0, 1, kFlow, "if top is not unknown: jump c (keep it); else pop")              \
  X(IF_TEST, _, _, kForward, 1, 1, 1, kFlow, "if top is unknown: jump c (it is the result); non-bool is an error") \
  X(JUMP_IF_FALSE, _, _, kForward, 1, 0, 0, kFlow, "if pop is false: jump c")                                   \
  X(JUMP, _, _, kForward, 0, 0, 0, kEnds, "jump c")                                                             \
  X(CALL, kCount, _, kBuiltin, kPopsA, 1, 0, kFlow, "pop a arguments; push builtin c(args)")                   \
  X(LIST, _, _, kCount, kPopsC, 1, 0, kFlow, "pop c values; push them as a list")                               \
  X(MAP, _, _, kCount, kPops2C, 1, 0, kFlow, "pop c (key, value) pairs; push them as a map")                    \
  X(ITER_INIT, kQuantKind, kLocalBlock, kForward, 1, 0, 1, kFlow,                                               \
    "xs := pop; start quantifier a over xs with locals L[b..b+3]; empty or unknown: push the result, jump c")   \
  X(QUANT_STEP, kQuantKind, kLocalBlock, kBack, 1, 1, 0, kFlow,                                                 \
    "p := pop; step quantifier a; more elements: jump c; else push the result")                                 \
  X(SCAN_FIELD_EQ, kBoolQuantKind, kStringConst, kConst, 1, 1, 0, kFastOnly,                                    \
    "top := quantifier a (all, any, none) over top of x.K[b] == K[c] (the ITER_INIT..QUANT_STEP loop of "       \
    "that body in one op)")                                                                                     \
  X(TRACE, _, _, kTracePoint, 1, 1, 0, kTraceOnly, "record top as the value of trace point c")                  \
  X(TRACE_QUANT, kQuantKind, kLocalBlock, kTracePoint, 1, 1, 0, kTraceOnly,                                     \
    "note which element of quantifier a over L[b..] decided it (trace point c); top is its result")             \
  X(RETURN, _, _, _, 1, 0, 0, kEnds, "the entry's value := pop")

enum class Op : uint8_t {
#define EDICT_OP_ENUM(name, a, b, c, pops, pushes, jump_pushes, flags, meaning) name,
  EDICT_OPCODES(EDICT_OP_ENUM)
#undef EDICT_OP_ENUM
};

inline constexpr int kOpCount = 0
#define EDICT_OP_COUNT(name, a, b, c, pops, pushes, jump_pushes, flags, meaning) +1
    EDICT_OPCODES(EDICT_OP_COUNT)
#undef EDICT_OP_COUNT
    ;
// Opcodes are one byte in the instruction and in bundles.
static_assert(kOpCount <= 256, "opcodes are one byte");

struct OpInfo {
  const char* name;
  Operand a, b, c;
  StackCount pops;
  int pushes;
  int jump_pushes;
  uint8_t flags;
  const char* meaning;

  constexpr bool jumps() const { return c == Operand::kForward || c == Operand::kBack; }
  constexpr bool ends() const { return (flags & kEnds) != 0; }
  constexpr bool fast_only() const { return (flags & kFastOnly) != 0; }
  constexpr bool trace_only() const { return (flags & kTraceOnly) != 0; }
};

namespace opcodes_internal {
inline constexpr Operand _ = Operand::kNone;
inline constexpr Operand kConst = Operand::kConst;
inline constexpr Operand kStringConst = Operand::kStringConst;
inline constexpr Operand kSlot = Operand::kSlot;
inline constexpr Operand kLocal = Operand::kLocal;
inline constexpr Operand kLocalBlock = Operand::kLocalBlock;
inline constexpr Operand kRegex = Operand::kRegex;
inline constexpr Operand kTracePoint = Operand::kTracePoint;
inline constexpr Operand kBuiltin = Operand::kBuiltin;
inline constexpr Operand kCount = Operand::kCount;
inline constexpr Operand kForward = Operand::kForward;
inline constexpr Operand kBack = Operand::kBack;
inline constexpr Operand kQuantKind = Operand::kQuantKind;
inline constexpr Operand kBoolQuantKind = Operand::kBoolQuantKind;

inline constexpr OpInfo kOpInfo[] = {
#define EDICT_OP_INFO(name, a, b, c, pops, pushes, jump_pushes, flags, meaning) \
  {#name, a, b, c, pops, pushes, jump_pushes, flags, meaning},
    EDICT_OPCODES(EDICT_OP_INFO)
#undef EDICT_OP_INFO
};
}  // namespace opcodes_internal

using opcodes_internal::kOpInfo;
static_assert(sizeof(kOpInfo) / sizeof(kOpInfo[0]) == static_cast<size_t>(kOpCount));

constexpr const OpInfo& op_info(Op op) { return kOpInfo[static_cast<uint8_t>(op)]; }

struct Instruction {
  Op op;
  uint8_t a = 0;
  uint16_t b = 0;
  uint32_t c = 0;
};
static_assert(sizeof(Instruction) == 8, "instructions are 8 bytes: bundles store them as is");

// Quantifier kinds (operand kind kQuantKind), in the order of syntax::Quantifier.
enum class QuantKind : uint8_t { kAll, kAny, kNone, kCount, kFilter };
inline constexpr uint8_t kQuantKindCount = 5;
// Their words, written once: the parser's spellings, the disassembler and explanations.
inline constexpr const char* kQuantKindNames[kQuantKindCount] = {"all", "any", "none", "count", "filter"};
constexpr const char* quant_kind_name(uint8_t kind) { return kind < kQuantKindCount ? kQuantKindNames[kind] : "?"; }

// Values an instruction pops (reads off the top) before it pushes, on every path.
constexpr uint32_t stack_inputs(const Instruction& ins) {
  const StackCount& p = op_info(ins.op).pops;
  return static_cast<uint32_t>(p.fixed + p.per_a * static_cast<int>(ins.a) + p.per_c * static_cast<int>(ins.c));
}

// Net stack effect of one instruction on its fall-through path.
constexpr int stack_effect(const Instruction& ins) {
  return op_info(ins.op).pushes - static_cast<int>(stack_inputs(ins));
}

// Net stack effect on the taken branch of a jump.
constexpr int jump_stack_effect(const Instruction& ins) {
  return op_info(ins.op).jump_pushes - static_cast<int>(stack_inputs(ins));
}

// True for instructions whose c operand is a jump target.
constexpr bool is_jump(Op op) { return op_info(op).jumps(); }

// FNV-1a 64 of everything in a table a bundle depends on: each row's position, name,
// operand kinds, stack counts and flags (not the meanings), and the instruction size.
constexpr uint64_t instruction_set_hash(const OpInfo* ops, size_t count) {
  uint64_t h = 14695981039346656037ull;
  auto mix = [&h](uint64_t byte) {
    h ^= byte & 0xff;
    h *= 1099511628211ull;
  };
  auto mix_int = [&mix](int v) {
    for (int i = 0; i < 4; ++i) mix(static_cast<uint64_t>(static_cast<uint32_t>(v) >> (8 * i)));
  };
  mix(sizeof(Instruction));
  mix_int(static_cast<int>(count));
  for (size_t i = 0; i < count; ++i) {
    const OpInfo& info = ops[i];
    for (const char* p = info.name; *p; ++p) mix(static_cast<uint8_t>(*p));
    mix(0);
    mix(static_cast<uint8_t>(info.a));
    mix(static_cast<uint8_t>(info.b));
    mix(static_cast<uint8_t>(info.c));
    mix_int(info.pops.fixed);
    mix_int(info.pops.per_a);
    mix_int(info.pops.per_c);
    mix_int(info.pushes);
    mix_int(info.jump_pushes);
    mix(info.flags);
  }
  return h;
}
inline constexpr uint64_t kInstructionSetHash = instruction_set_hash(kOpInfo, kOpCount);

}  // namespace edict
