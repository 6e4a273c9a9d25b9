// The disassembler: a Program as stable text (slots, constants, regexes, the rule
// table, then each entry's instructions with their operands spelled out). Golden
// tests compare it, so a codegen change shows up as a readable diff.
#pragma once

#include <string>

#include "runtime/program.h"

namespace edict {

std::string disassemble(const Program& program);
// One instruction as "SLOT 3  ; os.build" (no index, no newline).
std::string disassemble_instruction(const Program& program, const Instruction& ins);

}  // namespace edict
