// Internal to the compiler: which `let`s, `def`s and import aliases an expression names,
// found syntactically (locals shadow, as in lowering). Recursion detection and the
// unused-name warnings both read the program's name graph through it.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/checker.h"

namespace edict::compiler {

struct Reference {
  Symbol* symbol = nullptr;     // the `let`/`def` named, when one exists
  std::string_view import_alias;  // the alias it was reached through (`net` of `net.f()`), if any
};

// Calls `found` for each name of `expr` (read in `module`) that is a symbol or an
// import alias; `bound` holds the names already local (def parameters).
void for_each_reference(Checker& checker, const ModuleUnit& module, const syntax::Expr& expr,
                        std::vector<std::string> bound, const std::function<void(const Reference&)>& found);

// Calls `visit` for every `when`/`require` expression of a policy block and its rules.
void for_each_clause_expr(const syntax::Block& block, const std::function<void(const syntax::Expr&)>& visit);

}  // namespace edict::compiler
