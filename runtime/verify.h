// The bundle verifier: proves that a Program decoded from untrusted bytes cannot make
// the VM read or write out of bounds, before the VM may run it. load_bundle() calls it;
// tests also run it over everything the compiler emits (compiler output must pass).
//
// What it checks (each failure is one E07xx diagnostic naming the entry and pc):
// - tables: parallel policy/rule/code tables, every entry/slot/policy index in range,
//   require texts and locations parallel to the require entries, unique rule ids;
// - entries: start < end <= code size, max_stack in 1..kMaxStackDepth, locals <= kMaxLocals;
// - every instruction: unused operands zero, constant/slot/regex/trace point/builtin
//   indices in range (MEMBER's constant a string), builtin arity, quantifier kinds,
//   jump targets inside the entry and forward (QUANT_STEP alone jumps back, to its body),
//   JUMP_IF_FALSE only right after IF_TEST and never a target (it trusts IF_TEST's bool);
// - abstract interpretation over the stack effects of runtime/opcodes.h, along every
//   path of each entry: no underflow, the same depth and open quantifiers wherever paths
//   join, max_stack exactly the deepest point, RETURN with one value and no open
//   quantifier, no fall-through past the end; locals read only after this run wrote them
//   (the VM reuses its locals array across runs), a quantifier's four locals untouched
//   while it is open, TRACE_QUANT only where its collection local says which element
//   decided it.
#pragma once

#include <string_view>

#include "runtime/diagnostic.h"
#include "runtime/program.h"

namespace edict {

// True when the VM may run `program`; otherwise false with one diagnostic (path `name`).
// Regex patterns are checked for length only; load_bundle builds them afterwards.
bool verify_program(const Program& program, std::string_view name, DiagnosticSink& sink);

}  // namespace edict
