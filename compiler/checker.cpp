// The checker's module-wide work: symbols of every package, `fact` declarations,
// recursion cycles among `let`s and `def`s, and checking bodies nobody calls.
#include "compiler/checker.h"

#include <algorithm>
#include <functional>

#include "compiler/codegen.h"
#include "compiler/codes.h"
#include "compiler/lowering.h"
#include "compiler/references.h"

namespace edict::compiler {

using syntax::Expr;

Checker::Checker(const CompileOptions& options, SourceManager& sources, DiagnosticSink& sink, Program& program)
    : options_(options), sources_(sources), sink_(sink), program_(program) {}

void Checker::error(std::string code, Span span, std::string message, std::string help) {
  std::string key = code + ":" + std::to_string(span.file_id) + ":" + std::to_string(span.begin) + ":" + message;
  if (!reported_.insert(key).second) return;
  sink_.report(Diagnostic::error(std::move(code), span, std::move(message), std::move(help)));
}

std::string Checker::text_of(const Span& span) const { return std::string(sources_.text_of(span)); }

SourceLocation Checker::location_of(const Span& span) const {
  const SourceFile* file = sources_.get(span.file_id);
  return SourceLocation{file ? file->path() : std::string(), span.line, span.column};
}

const std::map<std::string, Symbol, std::less<>>* Checker::package_symbols(std::string_view package) const {
  auto it = packages_.find(package);
  return it == packages_.end() ? nullptr : &it->second;
}

const Symbol* Checker::find_symbol(std::string_view package, std::string_view name) const {
  const auto* symbols = package_symbols(package);
  if (!symbols) return nullptr;
  auto it = symbols->find(name);
  return it == symbols->end() ? nullptr : &it->second;
}

Symbol* Checker::find_symbol_mut(std::string_view package, std::string_view name) {
  return const_cast<Symbol*>(find_symbol(package, name));
}

uint32_t Checker::slot_for(const std::string& path, const TypeRef& type) {
  auto it = slot_of_path_.find(path);
  if (it != slot_of_path_.end()) return it->second;
  program_.slots.push_back(FactSlot{path, type, {}});
  uint32_t index = static_cast<uint32_t>(program_.slots.size() - 1);
  slot_of_path_.emplace(path, index);
  return index;
}

void Checker::declare(std::vector<ModuleUnit*> modules) {
  for (ModuleUnit* m : modules) {
    for (const auto& decl : m->ast.declarations) {
      const std::string* name = nullptr;
      Span name_span;
      Symbol symbol;
      symbol.module = m;
      if (const auto* let = std::get_if<syntax::LetDecl>(&decl)) {
        symbol.let = let;
        name = &let->name;
        name_span = let->name_span;
      } else if (const auto* def = std::get_if<syntax::DefDecl>(&decl)) {
        symbol.def = def;
        name = &def->name;
        name_span = def->name_span;
        for (size_t i = 0; i < def->params.size(); ++i) {
          for (size_t j = 0; j < i; ++j) {
            if (def->params[i] == def->params[j]) {
              error(codes::kDuplicateName, def->param_spans[i], "parameter `" + def->params[i] + "` appears twice");
            }
          }
        }
      } else if (const auto* fact = std::get_if<syntax::FactDeclaration>(&decl)) {
        std::string why;
        size_t offset = 0;
        auto type = parse_type(fact->type_text, &why, &offset);
        if (!type) {
          error(codes::kBadType, fact->type_span, "malformed type `" + fact->type_text + "`: " + why,
                "types are written as in docs/facts.md: `int`, `list<string>`, `{name: string, up: bool}`");
          continue;
        }
        std::string conflict;
        if (!program_.schema.add(FactDecl{fact->path.joined(), *type, "declared", ""}, &conflict)) {
          error(codes::kFactConflict, fact->path.span, "cannot declare fact `" + fact->path.joined() + "`: " + conflict);
        }
        continue;
      } else {
        continue;
      }
      symbol.qualified = m->package.empty() ? *name : m->package + "." + *name;
      auto& symbols = packages_[m->package];
      if (symbols.count(*name)) {
        error(codes::kDuplicateName, name_span,
              "`" + *name + "` is already declared" + (m->package.empty() ? "" : " in package `" + m->package + "`"),
              "each `let` and `def` of a package needs its own name");
        continue;
      }
      symbols.emplace(*name, std::move(symbol));
    }
  }
  check_shadowing(modules);
  detect_cycles();
  // Check every def and let once, even if nothing uses it: a typo in an unused
  // helper is still a typo. (Uses re-check with the argument types.)
  for (auto& [package, symbols] : packages_) {
    for (auto& [name, symbol] : symbols) {
      if (symbol.cyclic) continue;
      ExprLowering lowering(*this, *symbol.module, /*check_only=*/true);
      if (symbol.def) {
        lowering.bind_params_any(*symbol.def);
        lowering.lower(*symbol.def->body);
      } else {
        lowering.lower(*symbol.let->value);
      }
    }
  }
}

// A bare name resolves to a local, then a `let`/`def` of the package, then an import
// alias, then a fact root; a call to a `def` before a built-in. A package may span
// files, so without these checks one file could take over a name another file's rule
// relies on: `let network = {routes: [], proxy: ""}` would turn `network.routes` into
// a constant, `def len(xs) = 0` every `len(...)` of the package. Each is refused
// outright (after every `fact` declaration is in, so declared roots count too); locals
// are not checked: they are only visible inside the expression that binds them.
void Checker::check_shadowing(const std::vector<ModuleUnit*>& modules) {
  std::set<std::string, std::less<>> fact_roots;
  for (const auto& [path, decl] : program_.schema.all()) fact_roots.insert(path.substr(0, path.find('.')));
  for (const auto& [package, symbols] : packages_) {
    for (const auto& [name, symbol] : symbols) {
      Span span = symbol.def ? symbol.def->name_span : symbol.let->name_span;
      const std::string kind = symbol.def ? "def" : "let";
      if (fact_roots.count(name)) {
        error(codes::kShadowsFactRoot, span,
              "`" + name + "` is a fact namespace; a `" + kind + "` cannot take its name",
              "a `" + kind + "` named `" + name + "` would hide the facts `" + name +
                  ".*` from every rule of its package; rename it");
      }
      if (find_builtin(name)) {
        error(codes::kShadowsBuiltin, span, "`" + name + "` is a built-in function; a `" + kind + "` cannot take its name",
              "rename it: a `" + kind + "` named `" + name + "` would replace the built-in in its whole package");
      }
    }
  }
  for (const ModuleUnit* m : modules) {
    for (const auto& [alias, imported] : m->imports) {
      const Symbol* symbol = find_symbol(m->package, alias);
      if (!symbol) continue;
      Span span = symbol->def ? symbol->def->name_span : symbol->let->name_span;
      std::string where = m->package.empty() ? "" : " of package `" + m->package + "`";
      error(codes::kShadowsImport, span,
            "`" + alias + "` is already the name of `import " + imported + "` in `" +
                sources_.get(m->ast.file_id)->path() + "`" + where,
            "rename the `" + std::string(symbol->def ? "def" : "let") + "`, or import the module `as` another name");
    }
  }
}

void Checker::detect_cycles() {
  // Edges: the symbols a body names, found syntactically (shadowing respected).
  std::map<const Symbol*, std::vector<Symbol*>> edges;
  for (auto& [package, symbols] : packages_) {
    for (auto& [name, symbol] : symbols) {
      std::vector<Symbol*>& out = edges[&symbol];
      for_each_reference(*this, *symbol.module, symbol.def ? *symbol.def->body : *symbol.let->value,
                         symbol.def ? symbol.def->params : std::vector<std::string>{}, [&](const Reference& r) {
                           if (r.symbol) out.push_back(r.symbol);
                         });
    }
  }
  std::map<const Symbol*, int> color;  // 0 new, 1 on the stack, 2 done
  std::vector<Symbol*> stack;
  std::function<void(Symbol*)> dfs = [&](Symbol* s) {
    color[s] = 1;
    stack.push_back(s);
    for (Symbol* next : edges[s]) {
      if (color[next] == 1) {
        auto start = std::find(stack.begin(), stack.end(), next);
        std::string path;
        for (auto it = start; it != stack.end(); ++it) path += "`" + (*it)->qualified + "` -> ";
        path += "`" + next->qualified + "`";
        for (auto it = start; it != stack.end(); ++it) (*it)->cyclic = true;
        Span span = next->def ? next->def->name_span : next->let->name_span;
        error(codes::kRecursion, span, "`" + next->qualified + "` is recursive: " + path,
              "Edict has no recursion; walk lists with `all`, `any`, `none`, `count` or `[x in xs : p]`");
      } else if (color[next] == 0) {
        dfs(next);
      }
    }
    stack.pop_back();
    color[s] = 2;
  };
  for (auto& [package, symbols] : packages_) {
    for (auto& [name, symbol] : symbols) {
      if (color[&symbol] == 0) dfs(&symbol);
    }
  }
}

NodePtr Checker::lower_root(const syntax::Expr& expr, const ModuleUnit& module, uint32_t* locals,
                            std::vector<uint32_t>* slots) {
  ExprLowering lowering(*this, module, /*check_only=*/false);
  NodePtr node = lowering.lower(expr);
  if (lowering.node_count() > kMaxNodesPerExpression) {
    error(codes::kTooComplex, expr.span,
          "this expression grows past " + std::to_string(kMaxNodesPerExpression) +
              " operations once its `def`s are inlined",
          "split it into several `require`s, or make nested `def`s call each other fewer times");
    return nullptr;
  }
  if (lowering.locals() > kMaxLocals) {
    error(codes::kTooComplex, expr.span, "this expression needs more than " + std::to_string(kMaxLocals) + " locals");
    return nullptr;
  }
  if (options_.fold_constants) fold_constants(folded_constants_, node, sources_);
  record_keyed_reads(*node);
  *locals = lowering.locals();
  *slots = lowering.slots();
  return node;
}

}  // namespace edict::compiler
