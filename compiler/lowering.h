// Internal to the compiler: lowering one expression (with everything it inlines) from
// AST to typed IR. Name resolution and defs are lower_names.cpp; operators and their
// static types are lower_ops.cpp.
#pragma once

#include <string>
#include <vector>

#include "compiler/checker.h"

namespace edict::compiler {

class ExprLowering {
 public:
  // check_only: lowering only to find diagnostics (a def nobody calls); registers no
  // slots and folds nothing.
  ExprLowering(Checker& checker, const ModuleUnit& module, bool check_only);

  NodePtr lower(const syntax::Expr& e);
  // Binds `params` to fresh locals of unknown type (for check_only of a def body).
  void bind_params_any(const syntax::DefDecl& def);

  uint32_t locals() const { return next_local_; }
  const std::vector<uint32_t>& slots() const { return slots_; }
  size_t node_count() const { return nodes_; }

 private:
  // lower_names.cpp
  NodePtr lower_name(const syntax::Expr& e);
  NodePtr lower_member(const syntax::Expr& e);
  NodePtr lower_call(const syntax::Expr& e);
  NodePtr lower_fact_chain(const std::vector<const syntax::Expr*>& chain);
  NodePtr apply_member(NodePtr base, const syntax::Expr& member);
  NodePtr use_let(Symbol& symbol, Span span);
  NodePtr inline_def(Symbol& symbol, const syntax::Expr& call);
  void mark_call_site(Node& node, const Span& call);
  NodePtr lower_builtin(Builtin id, const syntax::Expr& call);
  NodePtr unknown_node(Span span);
  const Binding* find_local(std::string_view name) const;
  std::vector<std::string> names_in_scope(bool calls) const;

  // lower_ops.cpp
  NodePtr lower_literal(const syntax::Expr& e);
  NodePtr lower_unary(const syntax::Expr& e);
  NodePtr lower_binary(const syntax::Expr& e);
  NodePtr lower_if(const syntax::Expr& e);
  NodePtr lower_quantifier(const syntax::Expr& e);
  NodePtr lower_list(const syntax::Expr& e);
  NodePtr lower_map(const syntax::Expr& e);
  NodePtr lower_index(const syntax::Expr& e);
  void want_bool(const Node& n, const char* where);
  void check_version_text(const Node& arg);
  NodePtr constant(Value v, Span span, TypeRef type);
  TypeRef member_type(const TypeRef& base, const std::string& name, Span span);

  NodePtr counted(NodePtr n) {
    ++nodes_;
    return n;
  }

  Checker& c_;
  const ModuleUnit* module_;
  bool check_only_;
  std::vector<Binding> scope_;
  std::vector<const Symbol*> inlining_;  // defs being inlined (recursion guard)
  uint32_t next_local_ = 0;
  std::vector<uint32_t> slots_;
  size_t nodes_ = 0;
  // Help for an error about a member of a def parameter named like a fact root.
  std::string hidden_root_help_;
};

bool known(const TypeRef& t);
std::string type_name(const TypeRef& t);

}  // namespace edict::compiler
