// AST equality; see ast_equal.h.
#include "compiler/syntax/ast_equal.h"

namespace edict::syntax {
namespace {

bool equal_exprs(const std::vector<ExprPtr>& a, const std::vector<ExprPtr>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!ast_equal(a[i].get(), b[i].get())) return false;
  }
  return true;
}

bool equal_strings(const StringLiteral& a, const StringLiteral& b) { return a.value == b.value; }

bool equal_blocks(const Block& a, const Block& b);

bool equal_clauses(const Clause& a, const Clause& b) {
  if (a.kind != b.kind || a.word != b.word || !equal_strings(a.text, b.text)) return false;
  if (a.strings.size() != b.strings.size()) return false;
  for (size_t i = 0; i < a.strings.size(); ++i) {
    if (!equal_strings(a.strings[i], b.strings[i])) return false;
  }
  if (!ast_equal(a.expr.get(), b.expr.get())) return false;
  if (!a.rule != !b.rule) return false;
  return !a.rule || equal_blocks(*a.rule, *b.rule);
}

bool equal_blocks(const Block& a, const Block& b) {
  if (a.is_policy != b.is_policy || a.name != b.name || a.title.has_value() != b.title.has_value()) return false;
  if (a.title && !equal_strings(*a.title, *b.title)) return false;
  if (a.clauses.size() != b.clauses.size()) return false;
  for (size_t i = 0; i < a.clauses.size(); ++i) {
    if (!equal_clauses(a.clauses[i], b.clauses[i])) return false;
  }
  return true;
}

bool equal_declarations(const Declaration& a, const Declaration& b) {
  if (a.index() != b.index()) return false;
  if (const auto* x = std::get_if<LetDecl>(&a)) {
    const auto& y = std::get<LetDecl>(b);
    return x->name == y.name && ast_equal(x->value.get(), y.value.get());
  }
  if (const auto* x = std::get_if<DefDecl>(&a)) {
    const auto& y = std::get<DefDecl>(b);
    return x->name == y.name && x->params == y.params && ast_equal(x->body.get(), y.body.get());
  }
  if (const auto* x = std::get_if<FactDeclaration>(&a)) {
    const auto& y = std::get<FactDeclaration>(b);
    return x->path.parts == y.path.parts && x->type_text == y.type_text;
  }
  return equal_blocks(std::get<Block>(a), std::get<Block>(b));
}

}  // namespace

bool ast_equal(const Expr* a, const Expr* b) {
  if (!a || !b) return a == b;
  if (a->kind != b->kind) return false;
  switch (a->kind) {
    case Expr::Kind::kBool: if (a->bool_value != b->bool_value) return false; break;
    case Expr::Kind::kInt: if (a->int_value != b->int_value) return false; break;
    case Expr::Kind::kFloat: if (a->float_value != b->float_value) return false; break;
    case Expr::Kind::kUnary: if (a->unary_op != b->unary_op) return false; break;
    case Expr::Kind::kBinary: if (a->binary_op != b->binary_op) return false; break;
    case Expr::Kind::kQuantifier: if (a->quantifier != b->quantifier) return false; break;
    default: break;
  }
  return a->name == b->name && a->bound_name == b->bound_name && a->string_value == b->string_value &&
         a->version_text == b->version_text && a->keys == b->keys && ast_equal(a->cond.get(), b->cond.get()) &&
         ast_equal(a->then_branch.get(), b->then_branch.get()) && ast_equal(a->else_branch.get(), b->else_branch.get()) &&
         ast_equal(a->lhs.get(), b->lhs.get()) && ast_equal(a->rhs.get(), b->rhs.get()) && equal_exprs(a->args, b->args);
}

bool ast_equal(const Module& a, const Module& b) {
  if (a.package.has_value() != b.package.has_value()) return false;
  if (a.package && a.package->parts != b.package->parts) return false;
  if (a.imports.size() != b.imports.size() || a.declarations.size() != b.declarations.size()) return false;
  for (size_t i = 0; i < a.imports.size(); ++i) {
    if (a.imports[i].module.parts != b.imports[i].module.parts || a.imports[i].alias != b.imports[i].alias) return false;
  }
  for (size_t i = 0; i < a.declarations.size(); ++i) {
    if (!equal_declarations(a.declarations[i], b.declarations[i])) return false;
  }
  return true;
}

}  // namespace edict::syntax
