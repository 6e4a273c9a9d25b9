// Codegen: typed IR (compiler/ir.h) -> bytecode entries of a Program, and constant
// folding, which compiles a closed sub-expression and runs it on the VM itself, so
// folding and evaluation cannot disagree.
#pragma once

#include <cstdint>

#include "compiler/ir.h"
#include "runtime/arena.h"
#include "runtime/program.h"
#include "runtime/source.h"

namespace edict::compiler {

// Appends `root` as a new entry of `program` and returns its index. `locals` is the
// number of locals the IR uses. Traced entries carry TRACE / TRACE_QUANT after the
// nodes marked `trace` whose trace_span lies inside `source_span` (the requirement as
// written; values inside inlined def bodies stay out of the picture).
uint32_t emit_entry(Program& program, const Node& root, uint32_t locals, bool traced, const SourceManager& sources,
                    Span source_span = {});

// Replaces every closed sub-expression (no fact, no clock, no free local) by its
// value, computed by the VM. A sub-expression whose evaluation fails (1 / 0) stays as
// it is, so the rule reports the error at run time. The values live in `folded` (the
// checker's, for the whole compile), not in the program's constant pool: codegen adds
// only the constants its code uses, so the intermediate results of folding
// (`(1000+2000)*2+3` computes 3000 and 6000 on the way) never ship in a bundle.
void fold_constants(Arena& folded, NodePtr& node, const SourceManager& sources);

}  // namespace edict::compiler
