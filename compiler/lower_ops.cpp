// Lowering, part 2: literals, operators, quantifiers and built-in calls, with their
// static types. A type error is reported where both operand types are known; where a
// type is not known (`any`), the VM checks at run time and the rule ends in `error`.
#include <re2/re2.h>

#include "compiler/codes.h"
#include "compiler/lowering.h"

namespace edict::compiler {

using syntax::BinaryOp;
using syntax::Expr;

namespace {

bool is_number(const TypeRef& t) { return t && (t->kind == TypeKind::kInt || t->kind == TypeKind::kFloat); }
bool is(const TypeRef& t, TypeKind k) { return t && t->kind == k; }
bool map_like(const TypeRef& t) { return is(t, TypeKind::kMap) || is(t, TypeKind::kRecord); }

TypeRef type_of_value(const Value& v) {
  switch (v.kind) {
    case ValueKind::kNull: return Type::null();
    case ValueKind::kBool: return Type::boolean();
    case ValueKind::kInt: return Type::integer();
    case ValueKind::kFloat: return Type::floating();
    case ValueKind::kString: return Type::string();
    case ValueKind::kVersion: return Type::version();
    default: return Type::any();
  }
}

// Help for the comparisons people get wrong most: strings against versions or numbers.
std::string conversion_help(const TypeRef& a, const TypeRef& b) {
  auto pair = [&](TypeKind x, TypeKind y) { return (is(a, x) && is(b, y)) || (is(a, y) && is(b, x)); };
  if (pair(TypeKind::kString, TypeKind::kVersion))
    return "strings are not versions: write a version literal `v\"6.0\"` or convert with `version(s)`";
  if (pair(TypeKind::kString, TypeKind::kInt) || pair(TypeKind::kString, TypeKind::kFloat))
    return "there is no implicit conversion between strings and numbers";
  return "";
}

bool equality_compatible(const TypeRef& a, const TypeRef& b) {
  if (!known(a) || !known(b) || is(a, TypeKind::kNull) || is(b, TypeKind::kNull)) return true;
  if (is_number(a) && is_number(b)) return true;
  if (map_like(a) && map_like(b)) return true;
  return a->kind == b->kind;
}

bool ordering_compatible(const TypeRef& a, const TypeRef& b) {
  if (!known(a) || !known(b)) return true;
  if (is_number(a) && is_number(b)) return true;
  return a->kind == b->kind && (is(a, TypeKind::kString) || is(a, TypeKind::kVersion));
}

}  // namespace

NodePtr ExprLowering::constant(Value v, Span span, TypeRef type) {
  auto n = make_node(Node::Kind::kConst, span, type ? type : type_of_value(v));
  n->value = v;
  return counted(std::move(n));
}

void ExprLowering::want_bool(const Node& n, const char* where) {
  if (known(n.type) && n.type->kind != TypeKind::kBool) {
    c_.error(codes::kNotBool, n.span, std::string(where) + " needs a bool, got " + type_name(n.type));
  }
}

TypeRef ExprLowering::member_type(const TypeRef& base, const std::string& name, Span span) {
  if (!known(base)) return Type::any();
  if (base->kind == TypeKind::kRecord) {
    if (TypeRef f = base->field(name)) return f;
    std::vector<std::string> fields;
    for (const auto& [field, t] : base->fields) fields.push_back(field);
    std::string best = closest_match(name, fields);
    std::string all;
    for (const auto& f : fields) all += (all.empty() ? "`" : ", `") + f + "`";
    c_.error(codes::kNoField, span, "no field `" + name + "` in " + type_name(base),
             !hidden_root_help_.empty() ? hidden_root_help_
             : best.empty()             ? "its fields are " + all
                                        : "did you mean `" + best + "`?");
    return Type::any();
  }
  if (base->kind == TypeKind::kMap) return base->element ? base->element : Type::any();
  std::string help = base->kind == TypeKind::kList ? "a list has no fields; use a quantifier, e.g. `any x in xs : x." +
                                                         name + " == ...`"
                                                   : "";
  c_.error(codes::kNoField, span, "cannot read field `" + name + "` of " + type_name(base),
           hidden_root_help_.empty() ? help : hidden_root_help_);
  return Type::any();
}

NodePtr ExprLowering::lower_literal(const Expr& e) {
  Arena& arena = *c_.program().constant_arena;
  switch (e.kind) {
    case Expr::Kind::kNull: return constant(Value::null(), e.span, nullptr);
    case Expr::Kind::kBool: return constant(Value::of_bool(e.bool_value), e.span, nullptr);
    case Expr::Kind::kInt: return constant(Value::of_int(e.int_value), e.span, nullptr);
    case Expr::Kind::kFloat: return constant(Value::of_float(e.float_value), e.span, nullptr);
    case Expr::Kind::kString: return constant(make_string(arena, e.string_value), e.span, nullptr);
    case Expr::Kind::kVersion: {
      Value v;
      if (!parse_version(arena, e.version_text, &v)) {
        c_.error(codes::kBadLiteral, e.span, "`v\"" + e.version_text + "\"` is not a version",
                 "a version is dotted numbers, e.g. `v\"6.0.6003\"`");
        return unknown_node(e.span);
      }
      return constant(v, e.span, nullptr);
    }
    default: return unknown_node(e.span);
  }
}

NodePtr ExprLowering::lower_unary(const Expr& e) {
  NodePtr a = lower(*e.lhs);
  if (e.unary_op == syntax::UnaryOp::kNot) {
    want_bool(*a, "`not`");
    auto n = make_node(Node::Kind::kNot, e.span, Type::boolean());
    n->kids.push_back(std::move(a));
    return counted(std::move(n));
  }
  if (known(a->type) && !is_number(a->type)) {
    c_.error(codes::kTypeMismatch, e.span, "cannot negate " + type_name(a->type));
  }
  auto n = make_node(Node::Kind::kNeg, e.span, is_number(a->type) ? a->type : Type::any());
  n->kids.push_back(std::move(a));
  return counted(std::move(n));
}

NodePtr ExprLowering::lower_binary(const Expr& e) {
  NodePtr a = lower(*e.lhs);
  NodePtr b = lower(*e.rhs);
  const TypeRef& ta = a->type;
  const TypeRef& tb = b->type;
  std::string op = syntax::op_spelling(e.binary_op);
  auto make = [&](Node::Kind kind, TypeRef type) {
    auto n = make_node(kind, e.span, std::move(type));
    n->op = e.binary_op;
    n->kids.push_back(std::move(a));
    n->kids.push_back(std::move(b));
    return counted(std::move(n));
  };
  auto mismatch = [&](const std::string& what) {
    c_.error(codes::kTypeMismatch, e.span, what, conversion_help(ta, tb));
  };
  switch (e.binary_op) {
    case BinaryOp::kAnd:
    case BinaryOp::kOr:
      want_bool(*a, ("`" + op + "`").c_str());
      want_bool(*b, ("`" + op + "`").c_str());
      return make(e.binary_op == BinaryOp::kAnd ? Node::Kind::kAnd : Node::Kind::kOr, Type::boolean());
    case BinaryOp::kCoalesce:
      return make(Node::Kind::kCoalesce, known(ta) ? ta : tb);
    case BinaryOp::kEq:
    case BinaryOp::kNe:
      if (!equality_compatible(ta, tb)) mismatch("cannot compare " + type_name(ta) + " with " + type_name(tb) + " using `" + op + "`");
      return make(Node::Kind::kBinary, Type::boolean());
    case BinaryOp::kLt: case BinaryOp::kLe: case BinaryOp::kGt: case BinaryOp::kGe:
      if (!ordering_compatible(ta, tb)) mismatch("cannot order " + type_name(ta) + " against " + type_name(tb) + " with `" + op + "`");
      return make(Node::Kind::kBinary, Type::boolean());
    case BinaryOp::kIn:
    case BinaryOp::kNotIn:
    case BinaryOp::kContains: {
      const TypeRef& container = e.binary_op == BinaryOp::kContains ? ta : tb;
      const TypeRef& item = e.binary_op == BinaryOp::kContains ? tb : ta;
      if (known(container)) {
        if (is(container, TypeKind::kList)) {
          if (!equality_compatible(item, container->element)) {
            mismatch("a " + type_name(item) + " is never an element of " + type_name(container));
          }
        } else if (map_like(container) || is(container, TypeKind::kString)) {
          if (known(item) && !is(item, TypeKind::kString)) {
            mismatch("`" + op + "` on " + type_name(container) + " needs a string, got " + type_name(item));
          }
        } else {
          mismatch("`" + op + "` needs a list, map or string, got " + type_name(container));
        }
      }
      return make(Node::Kind::kBinary, Type::boolean());
    }
    case BinaryOp::kMatches:
    case BinaryOp::kStartsWith:
    case BinaryOp::kEndsWith:
      if ((known(ta) && !is(ta, TypeKind::kString)) || (known(tb) && !is(tb, TypeKind::kString))) {
        mismatch("`" + op + "` needs strings, got " + type_name(ta) + " and " + type_name(tb));
      }
      if (e.binary_op == BinaryOp::kMatches && b->kind == Node::Kind::kConst && b->value.kind == ValueKind::kString) {
        std::string why;
        if (!compile_regex(b->value.str(), &why)) {
          c_.error(codes::kBadRegex, e.rhs->span, "invalid regular expression: " + why,
                   "patterns are RE2 syntax (github.com/google/re2/wiki/Syntax)");
        }
      }
      return make(Node::Kind::kBinary, Type::boolean());
    case BinaryOp::kAdd:
      if (known(ta) && known(tb)) {
        if (is_number(ta) && is_number(tb)) {
          return make(Node::Kind::kBinary, is(ta, TypeKind::kInt) && is(tb, TypeKind::kInt) ? Type::integer() : Type::floating());
        }
        if (is(ta, TypeKind::kString) && is(tb, TypeKind::kString)) return make(Node::Kind::kBinary, Type::string());
        if (is(ta, TypeKind::kList) && is(tb, TypeKind::kList)) {
          TypeRef t = types_equal(*ta, *tb) ? ta : Type::list_of(Type::any());
          return make(Node::Kind::kBinary, t);
        }
        mismatch("cannot add " + type_name(ta) + " and " + type_name(tb));
        return make(Node::Kind::kBinary, Type::any());
      }
      return make(Node::Kind::kBinary, known(ta) ? ta : (known(tb) ? tb : Type::any()));
    default: {  // - * / %
      if ((known(ta) && !is_number(ta)) || (known(tb) && !is_number(tb))) {
        mismatch("`" + op + "` needs numbers, got " + type_name(ta) + " and " + type_name(tb));
        return make(Node::Kind::kBinary, Type::any());
      }
      TypeRef t = is(ta, TypeKind::kInt) && is(tb, TypeKind::kInt) ? Type::integer()
                  : (is_number(ta) && is_number(tb)) ? Type::floating() : Type::any();
      return make(Node::Kind::kBinary, t);
    }
  }
}

NodePtr ExprLowering::lower_if(const Expr& e) {
  NodePtr cond = lower(*e.cond);
  want_bool(*cond, "`if`");
  NodePtr a = lower(*e.then_branch);
  NodePtr b = lower(*e.else_branch);
  TypeRef t = known(a->type) && known(b->type) && types_equal(*a->type, *b->type) ? a->type : Type::any();
  auto n = make_node(Node::Kind::kIf, e.span, t);
  n->kids.push_back(std::move(cond));
  n->kids.push_back(std::move(a));
  n->kids.push_back(std::move(b));
  return counted(std::move(n));
}

NodePtr ExprLowering::lower_quantifier(const Expr& e) {
  NodePtr xs = lower(*e.lhs);
  TypeRef element = Type::any();
  if (known(xs->type)) {
    if (is(xs->type, TypeKind::kList)) {
      element = xs->type->element ? xs->type->element : Type::any();
    } else if (map_like(xs->type)) {
      TypeRef value = is(xs->type, TypeKind::kMap) && xs->type->element ? xs->type->element : Type::any();
      element = Type::record({{"key", Type::string()}, {"value", value}});
    } else {
      c_.error(codes::kBadArgument, e.lhs->span,
               std::string("`") + syntax::quantifier_spelling(e.quantifier) + "` walks a list or a map, got " +
                   type_name(xs->type));
    }
  }
  uint32_t base = next_local_;
  next_local_ += 4;
  auto var = make_node(Node::Kind::kLocal, e.name_span, element);
  var->index = base + 2;
  scope_.push_back(Binding{e.bound_name, std::move(var)});
  NodePtr p = lower(*e.rhs);
  scope_.pop_back();
  want_bool(*p, "a quantifier's condition");
  TypeRef t;
  switch (e.quantifier) {
    case syntax::Quantifier::kCount: t = Type::integer(); break;
    case syntax::Quantifier::kFilter: t = Type::list_of(element); break;
    default: t = Type::boolean();
  }
  auto n = make_node(Node::Kind::kQuant, e.span, t);
  n->quant = e.quantifier;
  n->index = base;
  // A count or a filtered list is a value the clause goes on to use (`(count ...) <= 1`):
  // show it. all/any/none get their deciding element as a note instead.
  n->trace = e.quantifier == syntax::Quantifier::kCount || e.quantifier == syntax::Quantifier::kFilter;
  n->trace_span = e.span;
  std::string head = e.quantifier == syntax::Quantifier::kFilter ? "[" + e.bound_name + " in " + c_.text_of(e.lhs->span) + " : ...]"
                                                                  : std::string(syntax::quantifier_spelling(e.quantifier)) +
                                                                        " " + e.bound_name + " in " + c_.text_of(e.lhs->span);
  n->label = head;
  n->kids.push_back(std::move(xs));
  n->kids.push_back(std::move(p));
  return counted(std::move(n));
}

NodePtr ExprLowering::lower_list(const Expr& e) {
  auto n = make_node(Node::Kind::kList, e.span, nullptr);
  TypeRef element;
  bool same = true;
  for (const auto& a : e.args) {
    NodePtr k = lower(*a);
    if (!element) element = k->type;
    else if (!known(k->type) || !known(element) || !types_equal(*element, *k->type)) same = false;
    n->kids.push_back(std::move(k));
  }
  n->type = Type::list_of(same && element ? element : Type::any());
  return counted(std::move(n));
}

NodePtr ExprLowering::lower_map(const Expr& e) {
  auto n = make_node(Node::Kind::kMap, e.span, nullptr);
  std::vector<std::pair<std::string, TypeRef>> fields;
  // Sized once: the stdlib's and the packs' maps (KB tables, lifecycle records) are
  // many and wide; growing three vectors entry by entry cost 4% of a compile
  // (bench/README.md).
  fields.reserve(e.args.size());
  n->keys.reserve(e.args.size());
  n->kids.reserve(e.args.size());
  for (size_t i = 0; i < e.args.size(); ++i) {
    NodePtr k = lower(*e.args[i]);
    fields.emplace_back(e.keys[i], k->type);
    n->keys.push_back(e.keys[i]);
    n->kids.push_back(std::move(k));
  }
  n->type = Type::record(std::move(fields));
  return counted(std::move(n));
}

NodePtr ExprLowering::lower_index(const Expr& e) {
  NodePtr base = lower(*e.lhs);
  NodePtr index = lower(*e.rhs);
  TypeRef t = Type::any();
  if (known(base->type)) {
    if (is(base->type, TypeKind::kList)) {
      if (known(index->type) && !is(index->type, TypeKind::kInt)) {
        c_.error(codes::kTypeMismatch, e.rhs->span, "a list index must be an int, got " + type_name(index->type));
      }
      t = base->type->element ? base->type->element : Type::any();
    } else if (map_like(base->type)) {
      if (known(index->type) && !is(index->type, TypeKind::kString)) {
        c_.error(codes::kTypeMismatch, e.rhs->span, "a map key must be a string, got " + type_name(index->type));
      }
      if (is(base->type, TypeKind::kMap) && base->type->element) t = base->type->element;
    } else {
      c_.error(codes::kTypeMismatch, e.lhs->span, "cannot index " + type_name(base->type));
    }
  }
  auto n = make_node(Node::Kind::kIndex, e.span, t);
  n->trace = true;
  n->trace_span = e.span;
  n->kids.push_back(std::move(base));
  n->kids.push_back(std::move(index));
  return counted(std::move(n));
}

NodePtr ExprLowering::lower_builtin(Builtin id, const Expr& call) {
  const BuiltinInfo& info = builtin_info(id);
  std::vector<NodePtr> args;
  for (const auto& a : call.args) args.push_back(lower(*a));
  if (args.size() < info.min_args || args.size() > info.max_args) {
    std::string want = info.min_args == info.max_args ? std::to_string(info.min_args)
                                                      : std::to_string(info.min_args) + " to " + std::to_string(info.max_args);
    c_.error(codes::kArity, call.span,
             std::string("`") + info.name + "` takes " + want + (want == "1" ? " argument" : " arguments") + ", got " +
                 std::to_string(args.size()),
             std::string("usage: ") + info.signature);
    return unknown_node(call.span);
  }
  auto bad = [&](size_t i, const char* want) {
    c_.error(codes::kBadArgument, args[i]->span,
             std::string("`") + info.name + "` needs " + want + ", got " + type_name(args[i]->type),
             std::string("usage: ") + info.signature);
  };
  TypeRef result = *parse_type(info.result_type);
  switch (id) {
    case Builtin::kLen:
      if (known(args[0]->type) && !is(args[0]->type, TypeKind::kString) && !is(args[0]->type, TypeKind::kList) &&
          !map_like(args[0]->type)) bad(0, "a string, list or map");
      break;
    case Builtin::kExists:
      break;
    case Builtin::kVersion:
      if (known(args[0]->type) && !is(args[0]->type, TypeKind::kString) && !is(args[0]->type, TypeKind::kVersion))
        bad(0, "a string");
      if (call.args[0]->kind == Expr::Kind::kString) check_version_text(*args[0]);
      break;
    case Builtin::kSum: case Builtin::kMin: case Builtin::kMax:
      if (known(args[0]->type) && !is(args[0]->type, TypeKind::kList)) bad(0, "a list");
      if (is(args[0]->type, TypeKind::kList) && args[0]->type->element) result = args[0]->type->element;
      break;
    case Builtin::kKeys:
      if (known(args[0]->type) && !map_like(args[0]->type)) bad(0, "a map");
      break;
    case Builtin::kCidrCoveredBy:
      if (known(args[0]->type) && !is(args[0]->type, TypeKind::kString)) bad(0, "a string");
      if (known(args[1]->type) && !is(args[1]->type, TypeKind::kList)) bad(1, "a list of CIDR strings");
      break;
    default:
      for (size_t i = 0; i < args.size(); ++i) {
        if (known(args[i]->type) && !is(args[i]->type, TypeKind::kString)) bad(i, "a string");
      }
  }
  auto n = make_node(Node::Kind::kCall, call.span, result);
  n->index = static_cast<uint32_t>(id);
  n->clock = info.flags == BuiltinFlags::kClock;
  n->trace = id != Builtin::kExists;
  n->trace_span = call.span;
  n->kids = std::move(args);
  return counted(std::move(n));
}

// `version("3.0.15-1~deb12u1")` fails on every host, so it is refused here, and a
// Debian package version (epoch `1:`, revision `-1`, `~`, `+`) is pointed at the
// function that orders those. Only a string literal written as the argument: a value
// that only folding makes constant must compile the same with folding on or off.
void ExprLowering::check_version_text(const Node& arg) {
  if (arg.kind != Node::Kind::kConst || arg.value.kind != ValueKind::kString) return;
  std::string_view text = arg.value.str();
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  Arena scratch;
  Value parsed;
  if (parse_version(scratch, text, &parsed)) return;
  bool debian = text.find_first_of("-~:+") != std::string_view::npos;
  c_.error(codes::kBadConstantArgument, arg.span,
           "`" + std::string(text) + "` is not a dotted numeric version, so `version` fails on every host",
           debian ? "a Debian package version orders with `debian_version_compare(a, b)`, e.g. "
                    "`debian_version_compare(v, \"" + std::string(text) + "\") >= 0`"
                  : "a version is dotted numbers, e.g. `version(\"6.0.6003\")`");
}

NodePtr ExprLowering::lower(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::kNull: case Expr::Kind::kBool: case Expr::Kind::kInt:
    case Expr::Kind::kFloat: case Expr::Kind::kString: case Expr::Kind::kVersion:
      return lower_literal(e);
    case Expr::Kind::kName: return lower_name(e);
    case Expr::Kind::kList: return lower_list(e);
    case Expr::Kind::kMap: return lower_map(e);
    case Expr::Kind::kMember: return lower_member(e);
    case Expr::Kind::kIndex: return lower_index(e);
    case Expr::Kind::kCall: return lower_call(e);
    case Expr::Kind::kUnary: return lower_unary(e);
    case Expr::Kind::kBinary: return lower_binary(e);
    case Expr::Kind::kIf: return lower_if(e);
    case Expr::Kind::kQuantifier: return lower_quantifier(e);
  }
  return unknown_node(e.span);
}

}  // namespace edict::compiler
