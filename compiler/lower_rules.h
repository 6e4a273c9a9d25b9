// Internal to the compiler: policies and rules -> the Program's policy and rule
// tables (metadata after overrides, entries for each `when` and `require`).
#pragma once

#include <vector>

#include "compiler/checker.h"

namespace edict::compiler {

// Lowers every policy of `modules` in order; rule ids must be unique across all.
void lower_policies(Checker& checker, const std::vector<ModuleUnit*>& modules);

}  // namespace edict::compiler
