// The checker's warnings (W02xx): names declared and never used, and local names that
// hide a fact root. They run after a clean check, so a file with errors shows only its
// errors; a name starting with `_` is never reported as unused.
#include <set>

#include "compiler/checker.h"
#include "compiler/codes.h"
#include "compiler/references.h"

namespace edict::compiler {

using syntax::Expr;

namespace {

bool is_stdlib(const ModuleUnit& m) { return m.package == "std" || m.package.rfind("std.", 0) == 0; }

// The alias an import is reached by, and where to point at it.
std::pair<std::string, Span> alias_of(const syntax::Import& imp) {
  if (imp.alias) return {*imp.alias, imp.alias_span};
  return {imp.module.parts.back(), imp.span};
}

}  // namespace

void Checker::warning(std::string code, Span span, std::string message, std::string help) {
  std::string key = code + ":" + std::to_string(span.file_id) + ":" + std::to_string(span.begin) + ":" + message;
  if (!reported_.insert(key).second) return;
  sink_.report(Diagnostic::warning(std::move(code), span, std::move(message), std::move(help)));
}

bool Checker::is_fact_root(std::string_view name) const {
  std::string root(name);
  return program_.schema.is_namespace(root) || program_.schema.find(root) != nullptr;
}

void Checker::warn_unused_and_hidden(const std::vector<ModuleUnit*>& modules) {
  std::set<const Symbol*> used;
  std::set<std::pair<const ModuleUnit*, std::string>> used_aliases;
  std::set<std::string> packages_with_policies;
  for (const ModuleUnit* m : modules) {
    auto note = [&](const Reference& r) {
      if (r.symbol) used.insert(r.symbol);
      if (!r.import_alias.empty()) used_aliases.emplace(m, std::string(r.import_alias));
    };
    for (const auto& decl : m->ast.declarations) {
      if (const auto* let = std::get_if<syntax::LetDecl>(&decl)) {
        for_each_reference(*this, *m, *let->value, {}, note);
      } else if (const auto* def = std::get_if<syntax::DefDecl>(&decl)) {
        for_each_reference(*this, *m, *def->body, def->params, note);
      } else if (const auto* block = std::get_if<syntax::Block>(&decl)) {
        packages_with_policies.insert(m->package);
        for_each_clause_expr(*block, [&](const Expr& e) { for_each_reference(*this, *m, e, {}, note); });
      }
    }
  }
  for (const ModuleUnit* m : modules) {
    // The stdlib is a library for every package: unused is the normal state of its names.
    bool library = is_stdlib(*m) || !packages_with_policies.count(m->package);
    for (const syntax::Import& imp : m->ast.imports) {
      auto [alias, span] = alias_of(imp);
      if (is_stdlib(*m) || alias.empty() || alias[0] == '_' || used_aliases.count({m, alias})) continue;
      warning(codes::kUnusedImport, span, "`import " + imp.module.joined() + "` is never used in this file",
              "remove it, or use a name of it as `" + alias + ".NAME`");
    }
    for (const auto& decl : m->ast.declarations) {
      const auto* let = std::get_if<syntax::LetDecl>(&decl);
      const auto* def = std::get_if<syntax::DefDecl>(&decl);
      if (!let && !def) continue;
      const std::string& name = let ? let->name : def->name;
      const Symbol* symbol = find_symbol(m->package, name);
      // A package without policies is a library too: what it declares is for
      // importers that this run may not have loaded.
      if (symbol && !used.count(symbol) && !name.empty() && name[0] != '_' && !library) {
        const char* kind = let ? "let" : "def";
        warning(codes::kUnusedDeclaration, let ? let->name_span : def->name_span,
                std::string("`") + kind + " " + name + "` is never used",
                "remove it, or start its name with `_` to keep it unused");
      }
      if (!def) continue;
      for (size_t i = 0; i < def->params.size(); ++i) {
        const std::string& p = def->params[i];
        if (!is_fact_root(p)) continue;
        warning(codes::kHidesFactRoot, def->param_spans[i],
                "parameter `" + p + "` of `def " + def->name + "` hides the facts `" + p + ".*`",
                "inside `" + def->name + "`, `" + p + ".NAME` reads the argument, not the fact; rename the parameter");
      }
    }
  }
}

}  // namespace edict::compiler
