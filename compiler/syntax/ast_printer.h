// The AST as indented S-expression text, for golden tests and `edict parse --ast`.
// Stable: a change to the parser's output shows up as a readable diff. Declarations and
// clauses carry `@line:col`; expressions are printed on one line without spans.
#pragma once

#include <string>

#include "compiler/syntax/ast.h"

namespace edict::syntax {

std::string print_module(const Module& module);
std::string print_expr(const Expr& expr);

}  // namespace edict::syntax
