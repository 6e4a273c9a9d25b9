// Bind: resolves a Program's fact slots against one host's Facts, once per host, so
// the VM reads a fact with one array load and never hashes a path string.
#pragma once

#include <vector>

#include "runtime/arena.h"
#include "runtime/facts.h"
#include "runtime/program.h"

namespace edict {

// One Value per program slot:
// - a path the host did not provide (or provided as JSON null) is unknown;
// - a string declared as `version` is parsed into a version (once, here);
// - a value whose kind does not match the declared type becomes an error value whose
//   message names the fact, so reading it makes the rule `error`, never a wrong answer.
// Messages and converted values live in `arena`.
std::vector<Value> bind_slots(const Program& program, const Facts& facts, Arena& arena);

}  // namespace edict
