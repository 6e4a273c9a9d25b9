// Internal to the VM's files (vm.cpp, vm_exec.cpp, vm_ops.cpp, vm_quant.cpp, vm_trace.cpp,
// explain.cpp): the execution context of one entry and the operator helpers shared by
// every opcode.
#pragma once

#include <string>
#include <vector>

#include "runtime/program.h"
#include "runtime/vm.h"

namespace edict {

// What tracing records: the last value each trace point produced, and notes
// (a quantifier's deciding element), both indexed by trace point.
struct TraceBuffer {
  std::vector<Value> values;
  std::vector<uint8_t> hit;
  std::vector<std::string> notes;
  // Why a value came out unknown although the data it was read from was there: a map
  // key or a record field that is absent, a list index out of range ("key
  // `kernel.yama.ptrace_scope` is absent"). Unique, in the order met, at most
  // kMaxAbsentNotes.
  std::vector<std::string> absent;
  // The same, as fact paths when the map is a fact's (`sysctl["kernel.yama.ptrace_scope"]`):
  // an unknown outcome lists them as missing facts.
  std::vector<std::string> absent_paths;
  void reset(size_t points) {
    values.assign(points, Value());
    hit.assign(points, 0);
    notes.assign(points, std::string());
    absent.clear();
    absent_paths.clear();
  }
  void note_absent(std::string note, std::string path = {});
};

// One requirement can read many absent keys (a quantifier over a big map); the first
// few say why it is unknown, the rest would only flood the report.
inline constexpr size_t kMaxAbsentNotes = 8;

struct EvalScratch::State {
  Arena arena;
  std::vector<Value> stack;
  std::vector<Value> locals;
  TraceBuffer trace;
};

struct ExecContext {
  const Program* program = nullptr;
  const Value* slots = nullptr;
  // Per slot, a hashed view of its list for IN_SLOT, or nullptr; the whole array may be
  // nullptr (no slot has one).
  const StringListIndex* const* slot_indexes = nullptr;
  Value* stack = nullptr;   // INVARIANT: holds at least the entry's max_stack values
  Value* locals = nullptr;  // INVARIANT: holds at least the entry's locals
  Arena* scratch = nullptr;
  int64_t now = 0;
  uint64_t steps_left = 0;
  TraceBuffer* trace = nullptr;  // only when tracing
  std::string error;
};

// ---- tracing (vm_trace.cpp), called by execute<true> only ----
// After a quantifier ends with `result`: which element decided it, as a note.
void trace_quantifier(const Program& program, const Instruction& ins, const Value* locals, const Value& result,
                      TraceBuffer* trace);
// Before INDEX: notes the key or position that will make `base[index]` unknown.
void trace_absent_index(const ExecContext& ctx, const Value& base, const Value& index, TraceBuffer* trace);

// Runs one entry. True with *result set, or false with ctx.error set.
template <bool kTrace>
bool execute(ExecContext& ctx, uint32_t entry, Value* result);

// ---- operators (vm_ops.cpp); each returns false with *error set on a run-time error ----
enum class CompareOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };
bool op_compare(CompareOp op, const Value& a, const Value& b, Value* out, std::string* error);
enum class ArithOp : uint8_t { kAdd, kSub, kMul, kDiv, kMod };
bool op_arith(ArithOp op, const Value& a, const Value& b, Arena& scratch, Value* out, std::string* error);
// `a in b`: element of a list, key of a map, substring of a string.
bool op_in(const Value& a, const Value& b, Value* out, std::string* error);
enum class StringTest : uint8_t { kStartsWith, kEndsWith };
bool op_string_test(StringTest op, const Value& a, const Value& b, Value* out, std::string* error);
bool op_member(const Value& base, std::string_view name, Value* out, std::string* error);
bool op_index(const Value& base, const Value& index, Value* out, std::string* error);
// Matches with a pattern compiled now (the pattern is not a literal), bounded like literals.
bool op_matches_dynamic(const Value& text, const Value& pattern, Value* out, std::string* error);

}  // namespace edict
