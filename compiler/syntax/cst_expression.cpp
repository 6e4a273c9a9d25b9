// Parse tree -> AST, the expression half (cst_converter.h): the left-recursive
// `expression` rule of EdictParser.g4, its atoms and literals included.
//
// The tree is walked by exact type (Converter::exactly) and by child position, not
// through the generated accessors: each accessor dynamic_casts every child it looks
// at, and an expression's conversion would pay for that at every node.
#include <algorithm>
#include <cstdint>

#include "compiler/syntax/codes.h"
#include "compiler/syntax/cst_converter.h"

namespace edict::syntax::internal {

Converter::Built Converter::fail_too_deep(Span span) {
  if (!reported_too_deep_) {
    fe_.diags().error(codes::kTooDeep, span,
                      "expression is nested too deeply (more than " +
                          std::to_string(fe_.limits().max_expression_depth) + " levels)",
                      "split it into smaller parts with `let` or `def`");
    reported_too_deep_ = true;
  }
  return {};
}

Converter::Built Converter::make(Expr::Kind kind, Span span) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->span = span;
  return {std::move(e), 1};
}

// Adopts children into `parent`, updating its depth; false past the depth limit.
bool Converter::adopt_depth(Built& parent, uint32_t child_depth) {
  parent.depth = std::max(parent.depth, child_depth + 1);
  return parent.depth <= fe_.limits().max_expression_depth;
}

Converter::Built Converter::binary(BinaryOp op, Built lhs, Built rhs) {
  if (!lhs.expr || !rhs.expr) return {};
  Built b = make(Expr::Kind::kBinary, fe_.join(full_span(lhs), full_span(rhs)));
  b.expr->binary_op = op;
  if (!adopt_depth(b, std::max(lhs.depth, rhs.depth))) return fail_too_deep(b.expr->span);
  b.expr->lhs = std::move(lhs.expr);
  b.expr->rhs = std::move(rhs.expr);
  return b;
}

Converter::Built Converter::unary(UnaryOp op, const Token* op_token, Built operand) {
  if (!operand.expr) return {};
  Built u = make(Expr::Kind::kUnary, fe_.join(fe_.span_of(op_token), full_span(operand)));
  u.expr->unary_op = op;
  if (!adopt_depth(u, operand.depth)) return fail_too_deep(u.expr->span);
  u.expr->lhs = std::move(operand.expr);
  return u;
}

namespace {

// Which alternative of `expression` a parse tree node is.
enum class NodeKind : uint8_t {
  kOther,  // the rule's base class, other rules, tokens, error nodes: error recovery's
  kName, kLiteral, kMember, kCall, kComparison, kBinary, kIndex, kNot, kNeg,
  kList, kParen, kQuantifier, kIf, kMap, kFilter,
};

// One row per generated context class, most frequent first. The first pass compares
// type_info addresses: the library that holds the generated parser has one object per
// type, so this nearly always answers without typeid's == and its strcmp of mangled
// names on every mismatch (4% of a compile). The second pass compares by value, which
// is what == means when another shared object has its own type_info.
NodeKind node_kind(antlr4::tree::ParseTree* node) {
  struct Row {
    const std::type_info* type;
    NodeKind kind;
  };
  static const Row kRows[] = {
      {&typeid(EdictParser::NameExprContext), NodeKind::kName},
      {&typeid(EdictParser::MemberExprContext), NodeKind::kMember},
      {&typeid(EdictParser::LiteralExprContext), NodeKind::kLiteral},
      {&typeid(EdictParser::CallExprContext), NodeKind::kCall},
      {&typeid(EdictParser::ComparisonExprContext), NodeKind::kComparison},
      {&typeid(EdictParser::AndExprContext), NodeKind::kBinary},
      {&typeid(EdictParser::ListExprContext), NodeKind::kList},
      {&typeid(EdictParser::OrExprContext), NodeKind::kBinary},
      {&typeid(EdictParser::ParenExprContext), NodeKind::kParen},
      {&typeid(EdictParser::QuantifierExprContext), NodeKind::kQuantifier},
      {&typeid(EdictParser::IfExprContext), NodeKind::kIf},
      {&typeid(EdictParser::MapExprContext), NodeKind::kMap},
      {&typeid(EdictParser::AdditiveExprContext), NodeKind::kBinary},
      {&typeid(EdictParser::MultiplicativeExprContext), NodeKind::kBinary},
      {&typeid(EdictParser::CoalesceExprContext), NodeKind::kBinary},
      {&typeid(EdictParser::IndexExprContext), NodeKind::kIndex},
      {&typeid(EdictParser::NotExprContext), NodeKind::kNot},
      {&typeid(EdictParser::NegExprContext), NodeKind::kNeg},
      {&typeid(EdictParser::FilterExprContext), NodeKind::kFilter},
  };
  if (!node) return NodeKind::kOther;
  const std::type_info& type = typeid(*node);
  for (const Row& row : kRows) {
    if (row.type == &type) return row.kind;
  }
  for (const Row& row : kRows) {
    if (*row.type == type) return row.kind;
  }
  return NodeKind::kOther;
}

}  // namespace

// Any alternative of `expression`. A context of the base class, or a child that is not
// an expression at all, is what error recovery leaves after a reported error.
Converter::Built Converter::expr(antlr4::tree::ParseTree* node) {
  Guard guard(*this);
  NodeKind kind = node_kind(node);
  if (kind == NodeKind::kOther) return {};
  auto* ctx = static_cast<EdictParser::ExpressionContext*>(node);
  if (guard.too_deep()) return fail_too_deep(fe_.span_of(ctx));
  // Only an atom's span is the context's own; an operator's node joins its operands'
  // spans itself (member, call, comparison, ...), so it is not computed for those.
  auto span = [&] { return fe_.span_of(ctx); };
  switch (kind) {
    case NodeKind::kName: {
      const Token* name = ctx->children.size() == 1 ? token_of(ctx->children[0]) : nullptr;
      if (!name) return {};
      Built b = make(Expr::Kind::kName, span());
      b.expr->name = fe_.text_of(name);
      return b;
    }
    case NodeKind::kLiteral: {
      const Token* token = ctx->children.size() == 1 ? token_of(ctx->children[0]) : nullptr;
      return token ? literal(token, span()) : Built{};
    }
    case NodeKind::kMember: return member(static_cast<EdictParser::MemberExprContext*>(ctx));
    case NodeKind::kCall: return call(static_cast<EdictParser::CallExprContext*>(ctx));
    case NodeKind::kComparison: return comparison(static_cast<EdictParser::ComparisonExprContext*>(ctx));
    case NodeKind::kBinary: return binary_alternative(ctx);
    case NodeKind::kIndex: return index(static_cast<EdictParser::IndexExprContext*>(ctx));
    case NodeKind::kNot: return prefix(ctx, UnaryOp::kNot);
    case NodeKind::kNeg: return prefix(ctx, UnaryOp::kNeg);
    case NodeKind::kList: {
      Built b = make(Expr::Kind::kList, span());
      add_expressions(b, ctx->children, 1);
      return b;
    }
    case NodeKind::kParen: {
      Built b = ctx->children.size() == 3 ? expr(ctx->children[1]) : Built{};
      if (b.expr) b.parens = span();
      return b;
    }
    case NodeKind::kQuantifier: {
      auto* c = static_cast<EdictParser::QuantifierExprContext*>(ctx);
      auto* word = c->quantifierWord();
      if (!word) return {};
      Quantifier q = word->ALL() ? Quantifier::kAll
                     : word->ANY() ? Quantifier::kAny
                     : word->NONE() ? Quantifier::kNone : Quantifier::kCount;
      return quantifier(q, c->IDENT(), c->expression(), span());
    }
    case NodeKind::kIf: return if_expr(static_cast<EdictParser::IfExprContext*>(ctx), span());
    case NodeKind::kMap: return map(static_cast<EdictParser::MapExprContext*>(ctx), span());
    case NodeKind::kFilter: {
      auto* c = static_cast<EdictParser::FilterExprContext*>(ctx);
      return quantifier(Quantifier::kFilter, c->IDENT(), c->expression(), span());
    }
    case NodeKind::kOther: break;
  }
  return {};
}

// `lhs OP rhs` for the alternatives whose operator is one token.
Converter::Built Converter::binary_alternative(EdictParser::ExpressionContext* ctx) {
  if (ctx->children.size() != 3) return {};
  const Token* op_token = token_of(ctx->children[1]);
  std::optional<BinaryOp> op = op_token ? binary_op_of(op_token->getType()) : std::nullopt;
  if (!op) return {};
  Built lhs = expr(ctx->children[0]);
  if (!lhs.expr) return {};
  return binary(*op, std::move(lhs), right_operand(precedence_of(*op), op_spelling(*op), ctx->children[2]));
}

// The right operand of an operator at `parent` precedence. The rule accepts a prefix
// `not` or `-` there (ANTLR's precedence climbing takes a prefix operator wherever an
// operand may start), but the language does not: `a == not b` and `a ?? -b` need
// parentheses, as docs/language.md's precedence list says, and as the grammar said
// when each level was its own rule.
Converter::Built Converter::right_operand(Precedence parent, const char* op_text, antlr4::tree::ParseTree* node) {
  bool is_not = exactly<EdictParser::NotExprContext>(node) != nullptr;
  bool is_neg = !is_not && exactly<EdictParser::NegExprContext>(node) != nullptr;
  if ((is_not && parent > kPrecNot) || (is_neg && parent > kPrecNeg)) {
    auto* operand = static_cast<EdictParser::ExpressionContext*>(node);
    std::string word = is_not ? "not" : "-";
    fe_.diags().error(codes::kSyntax, fe_.span_of(operand->getStart()),
                      "`" + word + "` cannot follow `" + op_text + "` without parentheses",
                      "`" + word + "` binds more loosely than `" + op_text + "`: write `" + op_text + " (" + word +
                          (is_not ? " x" : "x") + ")`");
    return {};
  }
  return expr(node);
}

// `lhs OP rhs` for a comparison, whose operator is one token or, for `not in`, two.
Converter::Built Converter::comparison(EdictParser::ComparisonExprContext* ctx) {
  size_t n = ctx->children.size();
  if (n != 3 && n != 4) return {};
  const Token* first = token_of(ctx->children[1]);
  const Token* last = token_of(ctx->children[n - 2]);
  if (!first || !last) return {};
  std::optional<BinaryOp> op = n == 4 ? (first->getType() == EdictLexer::NOT && last->getType() == EdictLexer::IN
                                             ? std::optional<BinaryOp>(BinaryOp::kNotIn) : std::nullopt)
                                      : binary_op_of(first->getType());
  if (!op) return {};  // a broken operator, already reported
  // The rule is left-associative, so `a < b < c` is `(a < b) < c`: said once per chain,
  // at its second operator, where the left operand is the chain's first comparison.
  auto* left = exactly<EdictParser::ComparisonExprContext>(ctx->children[0]);
  if (left && !left->children.empty() && !exactly<EdictParser::ComparisonExprContext>(left->children[0])) {
    fe_.diags().error(codes::kChainedComparison, fe_.join(fe_.span_of(first), fe_.span_of(last)),
                      "comparisons do not chain", chained_comparison_help(ctx));
  }
  Built lhs = expr(ctx->children[0]);
  if (!lhs.expr) return {};
  return binary(*op, std::move(lhs), right_operand(kPrecCompare, op_spelling(*op), ctx->children[n - 1]));
}

// `count k in xs : k in ys >= 1`: the quantifier's condition reaches as far right as
// it can, so the chain is `k in ys >= 1`; what was meant is the count compared, and
// the fix is parentheses around the quantifier, not `and`. `second` is the chain's
// second comparison (its left operand is the first).
std::string Converter::chained_comparison_help(EdictParser::ComparisonExprContext* second) {
  const std::string generic = "compare two values at a time and join them with `and`: `a < b and b < c`";
  antlr4::ParserRuleContext* top = second;
  while (auto* up = exactly<EdictParser::ComparisonExprContext>(top->parent)) {
    if (up->children.empty() || up->children[0] != top) break;
    top = up;
  }
  auto* quantifier = exactly<EdictParser::QuantifierExprContext>(top->parent);
  if (!quantifier || quantifier->expression().size() != 2 || quantifier->expression(1) != top) return generic;
  auto* first = static_cast<antlr4::ParserRuleContext*>(second->children[0]);
  auto* cut_at = first->children.empty() ? nullptr : dynamic_cast<antlr4::ParserRuleContext*>(first->children.back());
  if (!cut_at) return generic;
  const std::string& text = fe_.file().text();
  Span whole = fe_.span_of(quantifier), cut = fe_.span_of(cut_at), chain = fe_.span_of(top);
  std::string word = quantifier->quantifierWord() ? quantifier->quantifierWord()->getText() : "count";
  std::string fixed = "(" + text.substr(whole.begin, cut.end - whole.begin) + ")" +
                      text.substr(cut.end, chain.end - cut.end);
  if (fixed.size() > 80 || fixed.find('\n') != std::string::npos) {
    fixed = "(" + word + " x in xs : p) >= 1";
  }
  return "the condition after `:` runs to the end of the expression; to compare what `" + word +
         "` gives, close it in parentheses: `" + fixed + "`";
}

// `not x` and `-x`.
Converter::Built Converter::prefix(EdictParser::ExpressionContext* ctx, UnaryOp op) {
  if (ctx->children.size() != 2) return {};
  const Token* op_token = token_of(ctx->children[0]);
  if (!op_token) return {};
  if (op == UnaryOp::kNeg) {
    // `-9223372036854775808` is the one int whose digits alone do not fit.
    if (const Token* digits = plain_int(ctx->children[1])) {
      LiteralError ignored;
      std::string text = fe_.text_of(digits);
      if (!decode_int(text, false, &ignored)) {
        if (auto v = decode_int(text, true, nullptr)) {
          Built b = make(Expr::Kind::kInt, fe_.span_of(ctx));
          b.expr->int_value = *v;
          b.expr->raw = "-" + text;
          return b;
        }
      }
    }
    // `- not x` needs parentheses as `a * not x` does.
    return unary(op, op_token, right_operand(kPrecNeg, "-", ctx->children[1]));
  }
  return unary(op, op_token, expr(ctx->children[1]));
}

// The INT token when `node` is nothing but an integer literal.
const Token* Converter::plain_int(antlr4::tree::ParseTree* node) {
  auto* literal = exactly<EdictParser::LiteralExprContext>(node);
  if (!literal || literal->children.size() != 1) return nullptr;
  const Token* t = token_of(literal->children[0]);
  return t && t->getType() == EdictLexer::INT ? t : nullptr;
}

// `x.name`; the name is an IDENT token or, for a word like `count`, a keyword context.
Converter::Built Converter::member(EdictParser::MemberExprContext* ctx) {
  if (ctx->children.size() != 3) return {};
  antlr4::tree::ParseTree* name_node = ctx->children[2];
  const Token* name_token = token_of(name_node);
  auto* keyword = name_token ? nullptr : exactly<EdictParser::KeywordContext>(name_node);
  if (!name_token && !keyword) return {};
  Built lhs = expr(ctx->children[0]);
  if (!lhs.expr) return {};
  Span span = fe_.join_end(full_span(lhs), ctx);
  Built b = make(Expr::Kind::kMember, span);
  if (!name_token) name_token = keyword->getStart();
  b.expr->name = fe_.text_of(name_token);
  b.expr->name_span = fe_.span_of(name_token);
  if (!adopt_depth(b, lhs.depth)) return fail_too_deep(span);
  b.expr->lhs = std::move(lhs.expr);
  return b;
}

// `x[index]`
Converter::Built Converter::index(EdictParser::IndexExprContext* ctx) {
  if (ctx->children.size() != 4 || !token_of(ctx->children[3])) return {};
  Built lhs = expr(ctx->children[0]);
  if (!lhs.expr) return {};
  Built index = expr(ctx->children[2]);
  if (!index.expr) return {};
  Span span = fe_.join_end(full_span(lhs), ctx);
  Built b = make(Expr::Kind::kIndex, span);
  if (!adopt_depth(b, std::max(lhs.depth, index.depth))) return fail_too_deep(span);
  b.expr->lhs = std::move(lhs.expr);
  b.expr->rhs = std::move(index.expr);
  return b;
}

// `f(args)`
Converter::Built Converter::call(EdictParser::CallExprContext* ctx) {
  // The callee, `(`, the arguments with their commas, `)`.
  if (ctx->children.size() < 3) return {};
  Built callee = expr(ctx->children[0]);
  if (!callee.expr) return {};
  Span span = fe_.join_end(full_span(callee), ctx);
  Built b = make(Expr::Kind::kCall, span);
  if (!adopt_depth(b, callee.depth) || !add_expressions(b, ctx->children, 2)) {
    return b.expr ? fail_too_deep(span) : Built{};
  }
  b.expr->lhs = std::move(callee.expr);
  return b;
}

// Converts the expressions among `children[first..]` (the tokens between them are
// commas and brackets) into parent.expr->args; false (parent emptied) if one failed.
bool Converter::add_expressions(Built& parent, const std::vector<antlr4::tree::ParseTree*>& children, size_t first) {
  for (size_t i = first; i < children.size(); ++i) {
    if (token_of(children[i])) continue;
    Built b = expr(children[i]);  // an error node gives nothing, as a hole should
    if (!b.expr || !adopt_depth(parent, b.depth)) {
      if (b.expr) fail_too_deep(b.expr->span);
      parent = {};
      return false;
    }
    parent.expr->args.push_back(std::move(b.expr));
  }
  return true;
}

// `{key: value, ...}`; a key is a name (IDENT, or a keyword context) or a string.
Converter::Built Converter::map(EdictParser::MapExprContext* ctx, Span span) {
  Built b = make(Expr::Kind::kMap, span);
  for (antlr4::tree::ParseTree* child : ctx->children) {
    auto* entry = exactly<EdictParser::MapEntryContext>(child);
    if (!entry) continue;  // `{`, `,`, `}`
    if (entry->children.size() != 3) return {};
    Built value = expr(entry->children[2]);
    if (!value.expr) return {};
    if (!adopt_depth(b, value.depth)) return fail_too_deep(span);
    const Token* key = token_of(entry->children[0]);
    if (!key) {
      auto* keyword = exactly<EdictParser::KeywordContext>(entry->children[0]);
      key = keyword ? keyword->getStart() : nullptr;
    }
    if (!key) return {};
    if (key->getType() == EdictLexer::STRING) {
      LiteralError error;
      auto decoded = decode_string(fe_.text_of(key), &error);
      b.expr->keys.push_back(decoded.value_or(""));
      if (!decoded) report_literal(key, error);
    } else {
      b.expr->keys.push_back(fe_.text_of(key));
    }
    b.expr->key_spans.push_back(fe_.span_of(key));
    b.expr->args.push_back(std::move(value.expr));
  }
  return b;
}

Converter::Built Converter::quantifier(Quantifier q, antlr4::tree::TerminalNode* var,
                                       const std::vector<EdictParser::ExpressionContext*>& parts, Span span) {
  if (!var || parts.size() != 2) return {};
  Built over = expr(parts[0]), pred = expr(parts[1]);
  if (!over.expr || !pred.expr) return {};
  Built b = make(Expr::Kind::kQuantifier, span);
  b.expr->quantifier = q;
  b.expr->bound_name = var->getText();
  b.expr->name_span = fe_.span_of(var->getSymbol());
  if (!adopt_depth(b, std::max(over.depth, pred.depth))) return fail_too_deep(span);
  b.expr->lhs = std::move(over.expr);
  b.expr->rhs = std::move(pred.expr);
  return b;
}

Converter::Built Converter::if_expr(EdictParser::IfExprContext* ctx, Span span) {
  auto parts = ctx->expression();
  if (parts.size() != 3) return {};
  Built cond = expr(parts[0]), then_part = expr(parts[1]), else_part = expr(parts[2]);
  if (!cond.expr || !then_part.expr || !else_part.expr) return {};
  Built b = make(Expr::Kind::kIf, span);
  if (!adopt_depth(b, std::max({cond.depth, then_part.depth, else_part.depth}))) return fail_too_deep(span);
  b.expr->cond = std::move(cond.expr);
  b.expr->then_branch = std::move(then_part.expr);
  b.expr->else_branch = std::move(else_part.expr);
  return b;
}

void Converter::report_literal(const Token* t, const LiteralError& error) {
  Span token_span = fe_.span_of(t);
  uint32_t begin = token_span.begin + static_cast<uint32_t>(std::min<size_t>(error.offset, token_span.end - token_span.begin));
  uint32_t end = std::min<uint32_t>(token_span.end, begin + static_cast<uint32_t>(error.length));
  fe_.diags().error(error.code, fe_.span(begin, end), error.message, error.help);
}

// A literal of `kind` from token `t`: its text as written decoded by `decode` (a
// reported diagnostic when it does not decode), the value stored by `store`.
template <class Decode, class Store>
Converter::Built Converter::decoded_literal(const Token* t, Span span, Expr::Kind kind, Decode decode, Store store) {
  std::string raw = fe_.text_of(t);
  LiteralError error;
  auto value = decode(raw, &error);
  if (!value) {
    report_literal(t, error);
    return {};
  }
  Built b = make(kind, span);
  store(*b.expr, std::move(*value));
  b.expr->raw = std::move(raw);
  return b;
}

// A literalExpr's one token; `span` is the literalExpr's, which matched only it.
Converter::Built Converter::literal(const Token* t, Span span) {
  switch (t->getType()) {
    case EdictLexer::NULL_LIT:
      return make(Expr::Kind::kNull, span);
    case EdictLexer::TRUE_LIT:
    case EdictLexer::FALSE_LIT: {
      Built b = make(Expr::Kind::kBool, span);
      b.expr->bool_value = t->getType() == EdictLexer::TRUE_LIT;
      return b;
    }
    case EdictLexer::INT:
      return decoded_literal(t, span, Expr::Kind::kInt, [](const std::string& raw, LiteralError* error) {
        return decode_int(raw, false, error);
      }, [](Expr& e, int64_t v) { e.int_value = v; });
    case EdictLexer::FLOAT:
      return decoded_literal(t, span, Expr::Kind::kFloat, decode_float, [](Expr& e, double v) { e.float_value = v; });
    case EdictLexer::VERSION:
      return decoded_literal(t, span, Expr::Kind::kVersion, decode_version,
                             [](Expr& e, std::string v) { e.version_text = std::move(v); });
    case EdictLexer::STRING:
    case EdictLexer::TRIPLE_STRING: {
      bool triple = t->getType() == EdictLexer::TRIPLE_STRING;
      return decoded_literal(t, span, Expr::Kind::kString, decode_string, [triple](Expr& e, std::string v) {
        e.string_value = std::move(v);
        e.triple_quoted = triple;
      });
    }
    default:
      return {};
  }
}

}  // namespace edict::syntax::internal
