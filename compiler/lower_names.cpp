// Lowering, part 1: names. A bare name is a local (quantifier variable, def
// parameter), a `let` or `def` of the module's package, an import alias, or else the
// root of a fact path checked against the schema. Calls inline `def`s (their
// arguments bound to locals) or become built-in CALLs.
#include <algorithm>

#include "compiler/codegen.h"
#include "compiler/codes.h"
#include "compiler/lowering.h"

namespace edict::compiler {

using syntax::Expr;

bool known(const TypeRef& t) { return t && t->kind != TypeKind::kAny; }
std::string type_name(const TypeRef& t) { return t ? type_to_string(*t) : "any"; }

ExprLowering::ExprLowering(Checker& checker, const ModuleUnit& module, bool check_only)
    : c_(checker), module_(&module), check_only_(check_only) {}

void ExprLowering::bind_params_any(const syntax::DefDecl& def) {
  for (const std::string& p : def.params) {
    auto n = make_node(Node::Kind::kLocal, {}, Type::any());
    n->index = next_local_++;
    scope_.push_back(Binding{p, std::move(n), &def});
  }
}

NodePtr ExprLowering::unknown_node(Span span) {
  auto n = make_node(Node::Kind::kConst, span, Type::any());
  n->value = Value::unknown();
  return n;
}

const Binding* ExprLowering::find_local(std::string_view name) const {
  for (auto it = scope_.rbegin(); it != scope_.rend(); ++it) {
    if (it->name == name) return &*it;
  }
  return nullptr;
}

std::vector<std::string> ExprLowering::names_in_scope(bool calls) const {
  std::vector<std::string> names;
  for (const Binding& b : scope_) names.push_back(b.name);
  if (const auto* symbols = c_.package_symbols(module_->package)) {
    for (const auto& [name, s] : *symbols) {
      if (calls == (s.def != nullptr)) names.push_back(name);
    }
  }
  for (const auto& [alias, pkg] : module_->imports) names.push_back(alias);
  if (calls) {
    for (uint32_t i = 0; i < kBuiltinCount; ++i) names.push_back(kBuiltinInfo[i].name);
  } else {
    for (const auto& [path, decl] : c_.program().schema.all()) names.push_back(path.substr(0, path.find('.')));
  }
  return names;
}

namespace {

NodePtr clone_leaf(const Node& n) {
  auto c = make_node(n.kind, n.span, n.type);
  c->value = n.value;
  c->index = n.index;
  return c;
}

// Member chains `a.b.c` as the list of expressions from the base name outwards;
// empty when the innermost base is not a bare name.
std::vector<const Expr*> name_chain(const Expr& e) {
  std::vector<const Expr*> chain;
  const Expr* cur = &e;
  while (cur->kind == Expr::Kind::kMember) {
    chain.push_back(cur);
    cur = cur->lhs.get();
  }
  if (cur->kind != Expr::Kind::kName) return {};
  chain.push_back(cur);
  std::reverse(chain.begin(), chain.end());
  return chain;
}

Span join(const Span& a, const Span& b) {
  Span s = a;
  s.end = b.end;
  return s;
}

}  // namespace

NodePtr ExprLowering::lower_name(const Expr& e) {
  if (const Binding* b = find_local(e.name)) return counted(clone_leaf(*b->value));
  if (Symbol* s = c_.find_symbol_mut(module_->package, e.name)) {
    if (s->let) return use_let(*s, e.span);
    c_.error(codes::kNotAValue, e.span, "`" + e.name + "` is a function; call it with `" + e.name + "(...)`");
    return unknown_node(e.span);
  }
  if (module_->imports.count(e.name)) {
    c_.error(codes::kNotAValue, e.span, "`" + e.name + "` is a module, not a value",
             "reach its names as `" + e.name + ".name`");
    return unknown_node(e.span);
  }
  std::vector<const Expr*> chain{&e};
  return lower_fact_chain(chain);
}

NodePtr ExprLowering::lower_fact_chain(const std::vector<const Expr*>& chain) {
  const FactSchema& schema = c_.program().schema;
  std::string path;
  for (size_t i = 0; i < chain.size(); ++i) {
    if (i) path += '.';
    path += chain[i]->name;
    Span span = join(chain[0]->span, chain[i]->kind == Expr::Kind::kMember ? chain[i]->name_span : chain[i]->span);
    if (const FactDecl* decl = schema.find(path)) {
      auto n = make_node(Node::Kind::kSlot, span, decl->type);
      n->trace = true;
      n->trace_span = span;
      if (!check_only_) {
        n->index = c_.slot_for(path, decl->type);
        if (std::find(slots_.begin(), slots_.end(), n->index) == slots_.end()) slots_.push_back(n->index);
      }
      NodePtr cur = counted(std::move(n));
      for (size_t j = i + 1; j < chain.size(); ++j) cur = apply_member(std::move(cur), *chain[j]);
      return cur;
    }
    if (schema.is_namespace(path)) continue;
    // Neither a fact nor a namespace of facts.
    std::vector<std::string> suggestions = schema.suggest(path, 1);
    if (i == 0) {
      std::string best = closest_match(path, names_in_scope(false));
      std::string full = path;
      for (size_t j = 1; j < chain.size(); ++j) full += "." + chain[j]->name;
      auto full_suggestions = schema.suggest(full, 1);
      if (best.empty() && !full_suggestions.empty()) {
        c_.error(codes::kUnknownFactPath, join(chain[0]->span, chain.back()->span), "unknown fact path `" + full + "`",
                 "did you mean `" + full_suggestions[0] + "`?");
      } else {
        c_.error(codes::kUnknownName, chain[0]->span, "unknown name `" + path + "`",
                 best.empty() ? "a name is a local, a `let`, a `def`, an import, or the root of a fact path"
                              : "did you mean `" + best + "`?");
      }
    } else {
      c_.error(codes::kUnknownFactPath, span, "unknown fact path `" + path + "`",
               suggestions.empty() ? "`edict facts --schema` lists every fact path"
                                   : "did you mean `" + suggestions[0] + "`?");
    }
    return unknown_node(span);
  }
  Span span = join(chain[0]->span, chain.back()->kind == Expr::Kind::kMember ? chain.back()->name_span : chain.back()->span);
  std::vector<std::string> under;
  for (const auto& [p, d] : schema.all()) {
    if (p.compare(0, path.size() + 1, path + ".") == 0 && under.size() < 3) under.push_back("`" + p + "`");
  }
  std::string help = "read one of its facts, e.g. ";
  for (size_t i = 0; i < under.size(); ++i) help += (i ? ", " : "") + under[i];
  c_.error(codes::kNamespaceNotFact, span, "`" + path + "` is a namespace of facts, not a fact", help);
  return unknown_node(span);
}

NodePtr ExprLowering::apply_member(NodePtr base, const Expr& member) {
  auto n = make_node(Node::Kind::kMember, member.span, member_type(base->type, member.name, member.name_span));
  n->name = member.name;
  n->trace = true;
  n->trace_span = member.name_span.valid() ? member.name_span : member.span;
  n->kids.push_back(std::move(base));
  return counted(std::move(n));
}

NodePtr ExprLowering::lower_member(const Expr& e) {
  std::vector<const Expr*> chain = name_chain(e);
  if (chain.empty()) return apply_member(lower(*e.lhs), e);
  const std::string& base = chain[0]->name;
  if (const Binding* local = find_local(base); local || c_.find_symbol(module_->package, base)) {
    // `def f(os) = os.build`: an error about the members names the parameter that hid
    // the facts `os.*` (W0203 warned at the declaration).
    if (local && local->param_of && c_.is_fact_root(base)) {
      hidden_root_help_ = "`" + base + "` here is the parameter of `def " + local->param_of->name +
                          "`, not the facts `" + base + ".*`; rename the parameter";
    }
    NodePtr cur = lower_name(*chain[0]);
    for (size_t i = 1; i < chain.size(); ++i) cur = apply_member(std::move(cur), *chain[i]);
    hidden_root_help_.clear();
    return cur;
  }
  auto import = module_->imports.find(base);
  if (import != module_->imports.end()) {
    const std::string& name = chain[1]->name;
    Symbol* s = c_.find_symbol_mut(import->second, name);
    Span span = join(chain[0]->span, chain[1]->name_span);
    if (!s) {
      std::vector<std::string> names;
      if (const auto* symbols = c_.package_symbols(import->second)) {
        for (const auto& [n, sym] : *symbols) names.push_back(n);
      }
      std::string best = closest_match(name, names);
      c_.error(codes::kUnknownMember, span, "module `" + import->second + "` has no `" + name + "`",
               best.empty() ? "" : "did you mean `" + base + "." + best + "`?");
      return unknown_node(span);
    }
    if (!s->let) {
      c_.error(codes::kNotAValue, span, "`" + base + "." + name + "` is a function; call it with `" + base + "." +
                                            name + "(...)`");
      return unknown_node(span);
    }
    NodePtr cur = use_let(*s, span);
    for (size_t i = 2; i < chain.size(); ++i) cur = apply_member(std::move(cur), *chain[i]);
    return cur;
  }
  return lower_fact_chain(chain);
}

namespace {

// Bytes a folded value holds (strings, elements, entries), counted up to `limit`.
size_t folded_bytes(const Value& v, size_t limit) {
  size_t total = sizeof(Value);
  switch (v.kind) {
    case ValueKind::kString: case ValueKind::kError: return total + v.size;
    case ValueKind::kVersion: return total + v.size * sizeof(int64_t);
    case ValueKind::kList:
      for (uint32_t i = 0; i < v.size && total <= limit; ++i) total += folded_bytes(v.items[i], limit);
      return total;
    case ValueKind::kMap:
      for (uint32_t i = 0; i < v.size && total <= limit; ++i)
        total += v.entries[i].key.size() + folded_bytes(v.entries[i].value, limit);
      return total;
    default: return total;
  }
}

}  // namespace

NodePtr ExprLowering::use_let(Symbol& s, Span span) {
  if (s.cyclic || s.too_large) return unknown_node(span);
  if (s.folded) return constant(*s.folded, span, nullptr);
  if (std::find(inlining_.begin(), inlining_.end(), &s) != inlining_.end()) return unknown_node(span);
  // The same stop as for defs: `let b = a + a` chains double too, and the check-only
  // pass (which never folds) hung expanding 2^26 nodes (found by tests/hardening).
  if (nodes_ > kMaxNodesPerExpression) {
    ++nodes_;
    return unknown_node(span);
  }
  inlining_.push_back(&s);
  const ModuleUnit* saved_module = module_;
  std::vector<Binding> saved_scope = std::move(scope_);
  scope_.clear();
  module_ = s.module;
  NodePtr value = lower(*s.let->value);
  module_ = saved_module;
  scope_ = std::move(saved_scope);
  inlining_.pop_back();
  if (!check_only_ && c_.options_.fold_constants) {
    fold_constants(c_.folded_constants(), value, c_.sources());
    if (value->kind == Node::Kind::kConst && folded_bytes(value->value, kMaxFoldedLetBytes) > kMaxFoldedLetBytes) {
      s.too_large = true;
      c_.error(codes::kLetTooLarge, s.let->name_span,
               "`" + s.qualified + "` folds to a constant larger than " + std::to_string(kMaxFoldedLetBytes >> 20) +
                   " MiB (kMaxFoldedLetBytes)",
               "a `let` holds what its source text says; does a chain of `let`s double a value?");
      return unknown_node(span);
    }
    if (value->kind == Node::Kind::kConst) {
      s.folded = value->value;
      return constant(value->value, span, value->type);
    }
  }
  return value;
}

NodePtr ExprLowering::lower_call(const Expr& e) {
  const Expr& callee = *e.lhs;
  Symbol* def = nullptr;
  std::string shown;
  if (callee.kind == Expr::Kind::kName) {
    shown = callee.name;
    if (find_local(callee.name)) {
      c_.error(codes::kNotCallable, callee.span, "`" + callee.name + "` is not a function");
      return unknown_node(e.span);
    }
    def = c_.find_symbol_mut(module_->package, callee.name);
    if (def && !def->def) {
      c_.error(codes::kNotCallable, callee.span, "`" + callee.name + "` is a `let`, not a function",
               "use it without parentheses");
      return unknown_node(e.span);
    }
    if (!def) {
      if (auto id = find_builtin(callee.name)) return lower_builtin(*id, e);
      std::string best = closest_match(callee.name, names_in_scope(true));
      c_.error(codes::kUnknownName, callee.span, "unknown function `" + callee.name + "`",
               best.empty() ? "" : "did you mean `" + best + "`?");
      for (const auto& a : e.args) lower(*a);  // still check the arguments
      return unknown_node(e.span);
    }
  } else if (callee.kind == Expr::Kind::kMember && callee.lhs->kind == Expr::Kind::kName &&
             module_->imports.count(callee.lhs->name) && !find_local(callee.lhs->name)) {
    const std::string& pkg = module_->imports.find(callee.lhs->name)->second;
    shown = callee.lhs->name + "." + callee.name;
    def = c_.find_symbol_mut(pkg, callee.name);
    if (!def || !def->def) {
      std::vector<std::string> names;
      if (const auto* symbols = c_.package_symbols(pkg)) {
        for (const auto& [n, sym] : *symbols) {
          if (sym.def) names.push_back(n);
        }
      }
      std::string best = closest_match(callee.name, names);
      c_.error(def ? codes::kNotCallable : codes::kUnknownMember, callee.span,
               def ? "`" + shown + "` is a `let`, not a function" : "module `" + pkg + "` has no function `" + callee.name + "`",
               best.empty() ? "" : "did you mean `" + callee.lhs->name + "." + best + "`?");
      return unknown_node(e.span);
    }
  } else {
    c_.error(codes::kNotCallable, callee.span, "only functions can be called",
             "call a `def` (`f(x)`, `net.f(x)`) or a built-in such as `len(x)`");
    return unknown_node(e.span);
  }
  if (def->def->params.size() != e.args.size()) {
    size_t n = def->def->params.size();
    c_.error(codes::kArity, e.span,
             "`" + shown + "` takes " + std::to_string(n) + (n == 1 ? " argument" : " arguments") + ", got " +
                 std::to_string(e.args.size()));
    return unknown_node(e.span);
  }
  NodePtr result = inline_def(*def, e);
  // Call sites only feed explanations (codegen's trace points); a check-only lowering
  // is thrown away, so it skips the walk.
  if (!check_only_) mark_call_site(*result, e.span);
  if (!result->trace && result->kind != Node::Kind::kConst) {
    result->trace = true;
    result->trace_span = e.span;
  } else if (result->kind != Node::Kind::kConst) {
    result->trace_span = e.span;  // show the call's value under the call, not inside the def
  }
  return result;
}

// Every node of an inlined body that was not written inside the call itself (its
// arguments were, and calls in them) gets the call as its call site; the inlining of an
// enclosing `def`'s call runs later and overwrites it, so the site is the outermost
// call, the one written in the clause.
void ExprLowering::mark_call_site(Node& n, const Span& call) {
  auto inside = [&](const Span& s) {
    return s.valid() && s.file_id == call.file_id && s.begin >= call.begin && s.end <= call.end;
  };
  if (!inside(n.call_site.valid() ? n.call_site : n.trace_span)) {
    n.call_site = call;  // codegen reads its text from the source when it labels a trace point
  }
  for (auto& k : n.kids) mark_call_site(*k, call);
}

NodePtr ExprLowering::inline_def(Symbol& s, const Expr& call) {
  if (s.cyclic) return unknown_node(call.span);
  // Past the size limit stop expanding: the caller reports E0407 once, and a def
  // tree that doubles 30 times never gets to allocate its billion nodes.
  if (nodes_ > kMaxNodesPerExpression) {
    ++nodes_;
    return unknown_node(call.span);
  }
  if (std::find(inlining_.begin(), inlining_.end(), &s) != inlining_.end()) return unknown_node(call.span);
  // Arguments are evaluated once, in the caller's scope: constants, facts and locals
  // are substituted as they are; anything else is stored in a fresh local.
  std::vector<Binding> params;
  std::vector<std::pair<uint32_t, NodePtr>> stores;
  for (size_t i = 0; i < call.args.size(); ++i) {
    NodePtr arg = lower(*call.args[i]);
    if (!check_only_ && c_.options_.fold_constants) fold_constants(c_.folded_constants(), arg, c_.sources());
    if (arg->kind == Node::Kind::kConst || arg->kind == Node::Kind::kSlot || arg->kind == Node::Kind::kLocal) {
      params.push_back(Binding{s.def->params[i], std::move(arg), s.def});
    } else {
      auto local = make_node(Node::Kind::kLocal, arg->span, arg->type);
      local->index = next_local_++;
      params.push_back(Binding{s.def->params[i], std::move(local), s.def});
      stores.emplace_back(params.back().value->index, std::move(arg));
    }
  }
  inlining_.push_back(&s);
  const ModuleUnit* saved_module = module_;
  std::vector<Binding> saved_scope = std::move(scope_);
  scope_ = std::move(params);
  module_ = s.module;
  NodePtr body = lower(*s.def->body);
  module_ = saved_module;
  scope_ = std::move(saved_scope);
  inlining_.pop_back();
  for (auto it = stores.rbegin(); it != stores.rend(); ++it) {
    auto bind = make_node(Node::Kind::kBind, call.span, body->type);
    bind->index = it->first;
    bind->kids.push_back(std::move(it->second));
    bind->kids.push_back(std::move(body));
    body = counted(std::move(bind));
  }
  return body;
}

}  // namespace edict::compiler
