// Structural equality of ASTs, ignoring spans, raw spellings (`1_000` vs `1000`,
// `"""` vs `"`) and comments: what the formatter must preserve.
#pragma once

#include "compiler/syntax/ast.h"

namespace edict::syntax {

bool ast_equal(const Module& a, const Module& b);
bool ast_equal(const Expr* a, const Expr* b);

}  // namespace edict::syntax
