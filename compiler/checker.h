// Internal to the compiler: the checker's state across modules (packages, symbols,
// imports, the merged schema) and the lowering of AST expressions to typed IR.
// compile.cpp drives it; lower_names.cpp and lower_ops.cpp lower expressions;
// lower_rules.cpp turns policies and rules into the Program's tables.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compiler/compile.h"
#include "compiler/ir.h"
#include "compiler/syntax/ast.h"
#include "runtime/arena.h"
#include "runtime/builtins.h"

namespace edict::compiler {

struct ModuleUnit {
  syntax::Module ast;
  std::string package;  // "windows.server2008", "std.net", or "" for none
  std::map<std::string, std::string, std::less<>> imports;  // alias -> package
};

// A `let` or `def` of some package, with the module whose imports its body sees.
struct Symbol {
  const syntax::LetDecl* let = nullptr;
  const syntax::DefDecl* def = nullptr;
  const ModuleUnit* module = nullptr;
  std::string qualified;  // "std.net.is_public_cidr"
  bool cyclic = false;    // part of a recursion cycle (reported once; uses lower to unknown)
  // A closed `let` folded once; empty when it reads facts (then each use inlines it).
  std::optional<Value> folded;
  bool folding = false;
  bool too_large = false;  // folded past kMaxFoldedLetBytes (reported once; uses lower to unknown)
};

// One local name in scope: a quantifier variable, or a def parameter.
struct Binding {
  std::string name;
  NodePtr value;  // what a use lowers to (a kLocal, or the argument itself when it is cheap)
  const syntax::DefDecl* param_of = nullptr;  // the def whose parameter this is (for diagnostics)
};

class Checker {
 public:
  Checker(const CompileOptions& options, SourceManager& sources, DiagnosticSink& sink, Program& program);

  // Registers the declarations of every loaded module (symbols, imports, facts) and
  // reports name clashes, unknown imports and recursion cycles.
  void declare(std::vector<ModuleUnit*> modules);
  // Lowers one `when` / `require` expression of `module` to IR (folded when asked).
  // Records the slots it reads in *slots (first-read order).
  NodePtr lower_root(const syntax::Expr& expr, const ModuleUnit& module, uint32_t* locals,
                     std::vector<uint32_t>* slots);

  // keyed_reads.cpp: the literal keys `root` reads from keyed resources (`files`), into
  // the slots' FactSlot::keys; E0413-E0416 for every other use of such a resource.
  void record_keyed_reads(const Node& root);

  Program& program() { return program_; }
  // Where fold_constants keeps folded values (see codegen.h): alive for the whole
  // compile, since a folded `let` is reused by every rule that names it.
  Arena& folded_constants() { return folded_constants_; }
  const SourceManager& sources() const { return sources_; }
  void error(std::string code, Span span, std::string message, std::string help = {});
  void warning(std::string code, Span span, std::string message, std::string help = {});
  // W02xx (warnings.cpp): unused `let`s, `def`s and imports; parameters hiding a fact root.
  void warn_unused_and_hidden(const std::vector<ModuleUnit*>& modules);
  // `os`, `windows`, ...: the first part of a fact path of the (merged) schema.
  bool is_fact_root(std::string_view name) const;
  std::string text_of(const Span& span) const;
  SourceLocation location_of(const Span& span) const;

 private:
  friend class ExprLowering;
  const CompileOptions& options_;
  SourceManager& sources_;
  DiagnosticSink& sink_;
  Program& program_;
  Arena folded_constants_;
  std::map<std::string, std::map<std::string, Symbol, std::less<>>, std::less<>> packages_;  // package -> name -> symbol
  std::map<std::string, uint32_t, std::less<>> slot_of_path_;
  std::set<std::string> reported_;  // de-duplicates diagnostics of bodies inlined many times

  void check_shadowing(const std::vector<ModuleUnit*>& modules);
  void detect_cycles();
 public:
  const Symbol* find_symbol(std::string_view package, std::string_view name) const;
  Symbol* find_symbol_mut(std::string_view package, std::string_view name);
  const std::map<std::string, Symbol, std::less<>>* package_symbols(std::string_view package) const;
  uint32_t slot_for(const std::string& path, const TypeRef& type);
};

}  // namespace edict::compiler
