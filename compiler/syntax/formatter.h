// `edict fmt`'s canonical text for a parsed module (docs/language.md, "Canonical
// form"). Comments are placed back by position: own-line comments before the
// declaration or clause that follows them, trailing comments at the end of their line,
// comments from inside a multi-line expression before that statement.
//
// INVARIANT (tested over every .edict file of the repo): format_module is idempotent,
// and parsing its output gives an AST equal (ast_equal) to the input's.
#pragma once

#include <string>

#include "compiler/syntax/ast.h"
#include "runtime/source.h"

namespace edict::syntax {

// `m` must come from parsing `file` without errors.
std::string format_module(const Module& m, const SourceFile& file);
// One expression in canonical form (minimal parentheses, one line unless a `"""` string
// spans several); `indent` is the indentation of the line it starts on.
std::string format_expr(const Expr& e, const std::string& indent = "");

}  // namespace edict::syntax
