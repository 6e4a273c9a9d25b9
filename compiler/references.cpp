// The syntactic name graph: see references.h.
#include "compiler/references.h"

#include <algorithm>

namespace edict::compiler {

using syntax::Expr;

void for_each_reference(Checker& checker, const ModuleUnit& module, const Expr& expr, std::vector<std::string> bound,
                        const std::function<void(const Reference&)>& found) {
  auto is_bound = [&](const std::string& n) { return std::find(bound.begin(), bound.end(), n) != bound.end(); };
  std::function<void(const Expr&)> walk = [&](const Expr& e) {
    const Expr* base = &e;
    if (e.kind == Expr::Kind::kCall) base = e.lhs.get();
    if (base->kind == Expr::Kind::kName && !is_bound(base->name)) {
      if (Symbol* s = checker.find_symbol_mut(module.package, base->name)) found({s, {}});
    }
    if (base->kind == Expr::Kind::kMember && base->lhs->kind == Expr::Kind::kName && !is_bound(base->lhs->name)) {
      auto imp = module.imports.find(base->lhs->name);
      if (imp != module.imports.end() && !checker.find_symbol(module.package, base->lhs->name)) {
        found({checker.find_symbol_mut(imp->second, base->name), imp->first});
      } else if (Symbol* s = checker.find_symbol_mut(module.package, base->lhs->name)) {
        found({s, {}});
      }
    }
    if (e.kind == Expr::Kind::kQuantifier) {
      walk(*e.lhs);
      bound.push_back(e.bound_name);
      walk(*e.rhs);
      bound.pop_back();
      return;
    }
    syntax::for_each_child(e, walk);
  };
  walk(expr);
}

void for_each_clause_expr(const syntax::Block& block, const std::function<void(const syntax::Expr&)>& visit) {
  for (const syntax::Clause& clause : block.clauses) {
    if (clause.expr) visit(*clause.expr);
    if (clause.rule) for_each_clause_expr(*clause.rule, visit);
  }
}

}  // namespace edict::compiler
