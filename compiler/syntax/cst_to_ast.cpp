// Parse tree -> AST: converts ANTLR's parse tree of a module or an expression into the
// AST of ast.h (the last pass; parse_file.cpp runs the ones before it).
#include <antlr4-runtime.h>

#include <algorithm>
#include <typeinfo>

#include "compiler/syntax/clauses.h"
#include "compiler/syntax/codes.h"
#include "compiler/syntax/front_end.h"
#include "compiler/syntax/literals.h"

namespace edict::syntax::internal {
namespace {

bool is_error_node(antlr4::tree::ParseTree* node) { return dynamic_cast<antlr4::tree::ErrorNode*>(node) != nullptr; }

// INVARIANT: every function returns an empty Built (null expr) only after a diagnostic
// was reported for it, either here or by the error strategy.
class Converter {
 public:
  explicit Converter(FrontEnd& fe) : fe_(fe) {}

  void module(EdictParser::ModuleContext* ctx, Module& out) {
    if (!ctx) return;
    bool seen_import = false, seen_declaration = false;
    for (auto* item : ctx->item()) {
      if (auto* c = dynamic_cast<EdictParser::PackageItemContext*>(item)) {
        DottedName name = dotted(c->dottedName());
        if (out.package) {
          fe_.diags().error(codes::kDeclarationOrder, fe_.span_of(c), "a file has at most one `package` line",
                            "the first one is at line " + std::to_string(out.package->span.line));
        } else {
          if (seen_import || seen_declaration) {
            fe_.diags().error(codes::kDeclarationOrder, fe_.span_of(c), "`package` must be the first line of the file",
                              "move it above the imports and declarations");
          }
          out.package = std::move(name);
        }
      } else if (auto* c = dynamic_cast<EdictParser::ImportItemContext*>(item)) {
        if (seen_declaration) {
          fe_.diags().error(codes::kDeclarationOrder, fe_.span_of(c), "`import` must come before declarations",
                            "move it to the top of the file, after `package`");
        }
        seen_import = true;
        Import import;
        import.module = dotted(c->dottedName());
        import.span = fe_.span_of(c);
        if (c->IDENT()) {
          import.alias = c->IDENT()->getText();
          import.alias_span = fe_.span_of(c->IDENT()->getSymbol());
        }
        out.imports.push_back(std::move(import));
      } else if (auto* c = dynamic_cast<EdictParser::LetItemContext*>(item)) {
        seen_declaration = true;
        // Error recovery can leave a `let` without its name (`let \nlet package a`,
        // a null dereference found by fuzz_compile); the syntax error is already reported.
        if (!c->IDENT()) continue;
        LetDecl let;
        let.name = c->IDENT()->getText();
        let.name_span = fe_.span_of(c->IDENT()->getSymbol());
        let.value = expression(c->expression());
        let.span = fe_.span_of(c);
        out.declarations.emplace_back(std::move(let));
      } else if (auto* c = dynamic_cast<EdictParser::DefItemContext*>(item)) {
        seen_declaration = true;
        DefDecl def;
        auto names = c->IDENT();
        if (names.empty()) continue;  // the same for `def \ndef package a`
        def.name = names[0]->getText();
        def.name_span = fe_.span_of(names[0]->getSymbol());
        for (size_t i = 1; i < names.size(); ++i) {
          def.params.push_back(names[i]->getText());
          def.param_spans.push_back(fe_.span_of(names[i]->getSymbol()));
        }
        def.body = expression(c->expression());
        def.span = fe_.span_of(c);
        out.declarations.emplace_back(std::move(def));
      } else if (auto* c = dynamic_cast<EdictParser::FactItemContext*>(item)) {
        seen_declaration = true;
        FactDeclaration fact;
        fact.path = dotted(c->dottedName());
        fact.type_text = type_text(c->typeExpr());
        fact.type_span = fe_.span_of(c->typeExpr());
        fact.span = fe_.span_of(c);
        out.declarations.emplace_back(std::move(fact));
      } else if (auto* c = dynamic_cast<EdictParser::BlockItemContext*>(item)) {
        seen_declaration = true;
        std::optional<Block> b = block(c->block());
        if (!b) continue;
        if (!b->is_policy) {
          fe_.diags().error(codes::kMisplacedClause, b->name_span.valid() ? b->name_span : b->span,
                            "rule `" + b->name + "` must be inside a policy",
                            "wrap it in `policy NAME \"TITLE\" { ... }`");
          continue;
        }
        out.declarations.emplace_back(std::move(*b));
      } else if (auto* c = dynamic_cast<EdictParser::StrayItemContext*>(item)) {
        if (!c->exception && c->IDENT()) report_top_level_clause(c->IDENT()->getText(), fe_.span_of(c->IDENT()->getSymbol()), fe_.diags());
      }
    }
  }

  ExprPtr expression(EdictParser::ExpressionContext* ctx) { return expr(ctx).expr; }

 private:
  struct Built {
    ExprPtr expr;
    uint32_t depth = 0;  // height of the tree under expr
    // A parenthesized expression keeps its own span (diagnostics point inside the
    // parentheses), but the expressions built from it cover the parentheses too:
    // `(os.build ?? 0) >= 6003` is the text of the comparison, not `os.build ?? 0) >= 6003`.
    Span parens{};
  };
  static Span full_span(const Built& b) { return b.parens.valid() ? b.parens : b.expr->span; }

  // Counts converter recursion; the token check keeps real input far below the cap.
  struct Guard {
    explicit Guard(Converter& c) : c_(c) { ++c_.recursion_; }
    ~Guard() { --c_.recursion_; }
    bool too_deep() const { return c_.recursion_ > c_.fe_.limits().max_nesting * 16 + 64; }
    Converter& c_;
  };

  Built fail_too_deep(Span span) {
    if (!reported_too_deep_) {
      fe_.diags().error(codes::kTooDeep, span,
                        "expression is nested too deeply (more than " +
                            std::to_string(fe_.limits().max_expression_depth) + " levels)",
                        "split it into smaller parts with `let` or `def`");
      reported_too_deep_ = true;
    }
    return {};
  }

  Built make(Expr::Kind kind, Span span) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->span = span;
    return {std::move(e), 1};
  }

  // Adopts children into `parent`, updating its depth; false past the depth limit.
  bool adopt_depth(Built& parent, uint32_t child_depth) {
    parent.depth = std::max(parent.depth, child_depth + 1);
    return parent.depth <= fe_.limits().max_expression_depth;
  }

  Built binary(BinaryOp op, Built lhs, Built rhs) {
    if (!lhs.expr || !rhs.expr) return {};
    Built b = make(Expr::Kind::kBinary, fe_.join(full_span(lhs), full_span(rhs)));
    b.expr->binary_op = op;
    if (!adopt_depth(b, std::max(lhs.depth, rhs.depth))) return fail_too_deep(b.expr->span);
    b.expr->lhs = std::move(lhs.expr);
    b.expr->rhs = std::move(rhs.expr);
    return b;
  }

  Built unary(UnaryOp op, const Token* op_token, Built operand) {
    if (!operand.expr) return {};
    Built u = make(Expr::Kind::kUnary, fe_.join(fe_.span_of(op_token), full_span(operand)));
    u.expr->unary_op = op;
    if (!adopt_depth(u, operand.depth)) return fail_too_deep(u.expr->span);
    u.expr->lhs = std::move(operand.expr);
    return u;
  }

  // A name token's text, read from the UTF-8 source instead of rebuilt from ANTLR's
  // UTF-32 copy. Only for IDENT and keyword tokens (a member name): token_repair.cpp
  // rewrites strings and operators, never those, so the source holds their text.
  std::string name_text(const Token* t) const {
    uint32_t begin = fe_.byte_of(t->getStartIndex());
    return fe_.file().text().substr(begin, fe_.byte_of(t->getStopIndex() + 1) - begin);
  }

  // `child` as a T when that is its exact type. For the rules of one precedence level
  // each (no labelled alternatives, so no subclasses) this is what dynamic_cast
  // answers, at a fraction of its cost: the generated accessors' dynamic_casts, with a
  // strcmp of type names across the shared runtime library, were a tenth of a compile.
  template <class T>
  static T* exactly(antlr4::tree::ParseTree* child) {
    return child && typeid(*child) == typeid(T) ? static_cast<T*>(child) : nullptr;
  }
  // The only child of `ctx` when it is exactly a T: an operand with no operator at
  // this level, the common case at every level.
  template <class T>
  static T* sole(antlr4::ParserRuleContext* ctx) {
    return ctx && ctx->children.size() == 1 ? exactly<T>(ctx->children[0]) : nullptr;
  }

  // Left-associative `operand (op operand)*` over the children of `ctx`.
  template <class Operand>
  Built chain(antlr4::ParserRuleContext* ctx, Built (Converter::*operand)(Operand*)) {
    if (auto* only = sole<Operand>(ctx)) return (this->*operand)(only);
    Built acc;
    bool have = false;
    std::optional<BinaryOp> pending;
    for (auto* child : ctx->children) {
      if (auto* o = exactly<Operand>(child)) {
        Built next = (this->*operand)(o);
        if (!have) {
          acc = std::move(next);
          have = true;
        } else if (pending) {
          acc = binary(*pending, std::move(acc), std::move(next));
          pending.reset();
        }
      } else if (auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(child); term && !is_error_node(child)) {
        pending = binary_op_of(term->getSymbol()->getType());
      }
    }
    return acc;
  }

  Built expr(EdictParser::ExpressionContext* ctx) {
    Guard guard(*this);
    auto* or_expr = sole<EdictParser::OrExprContext>(ctx);
    if (!or_expr && ctx) or_expr = ctx->orExpr();
    if (!or_expr) return {};
    if (guard.too_deep()) return fail_too_deep(fe_.span_of(ctx));
    return chain(or_expr, &Converter::and_expr);
  }
  Built and_expr(EdictParser::AndExprContext* ctx) { return chain(ctx, &Converter::not_expr); }
  Built not_expr(EdictParser::NotExprContext* ctx) {
    Guard guard(*this);
    if (guard.too_deep()) return fail_too_deep(fe_.span_of(ctx));
    if (auto* only = sole<EdictParser::ComparisonContext>(ctx)) return comparison(only);
    if (ctx->NOT()) return unary(UnaryOp::kNot, ctx->NOT()->getSymbol(), ctx->notExpr() ? not_expr(ctx->notExpr()) : Built{});
    if (!ctx->comparison()) return {};
    return comparison(ctx->comparison());
  }
  Built comparison(EdictParser::ComparisonContext* ctx) {
    if (auto* only = sole<EdictParser::AdditiveContext>(ctx)) return additive(only);
    auto operands = ctx->additive();
    auto ops = ctx->compOp();
    if (operands.empty()) return {};
    Built acc = additive(operands[0]);
    if (ops.size() > 1) {
      fe_.diags().error(codes::kChainedComparison, fe_.span_of(ops[1]), "comparisons do not chain",
                        chained_comparison_help(ctx));
    }
    for (size_t i = 0; i < ops.size() && i + 1 < operands.size(); ++i) {
      std::optional<BinaryOp> op = ops[i]->NOT() ? BinaryOp::kNotIn : binary_op_of(ops[i]->getStart()->getType());
      if (!op) return {};  // a broken operator, already reported
      acc = binary(*op, std::move(acc), additive(operands[i + 1]));
    }
    return acc;
  }
  // `count k in xs : k in ys >= 1`: the quantifier's condition reaches as far right as
  // it can, so the chain is `k in ys >= 1`; what was meant is the count compared, and
  // the fix is parentheses around the quantifier, not `and`.
  std::string chained_comparison_help(EdictParser::ComparisonContext* ctx) {
    const std::string generic = "compare two values at a time and join them with `and`: `a < b and b < c`";
    antlr4::tree::ParseTree* node = ctx->parent;  // notExpr, andExpr, orExpr, expression
    for (int level = 0; level < 3 && node; ++level, node = node->parent) {
      if (node->children.size() != 1) return generic;
    }
    auto* quantifier = node ? dynamic_cast<EdictParser::QuantifierExprContext*>(node->parent) : nullptr;
    if (!quantifier || quantifier->expression().size() != 2 || quantifier->expression(1) != node) return generic;
    const std::string& text = fe_.file().text();
    Span whole = fe_.span_of(quantifier), cut = fe_.span_of(ctx->additive(1)), chain = fe_.span_of(ctx);
    std::string word = quantifier->quantifierWord() ? quantifier->quantifierWord()->getText() : "count";
    std::string fixed = "(" + text.substr(whole.begin, cut.end - whole.begin) + ")" +
                        text.substr(cut.end, chain.end - cut.end);
    if (fixed.size() > 80 || fixed.find('\n') != std::string::npos) {
      fixed = "(" + word + " x in xs : p) >= 1";
    }
    return "the condition after `:` runs to the end of the expression; to compare what `" + word +
           "` gives, close it in parentheses: `" + fixed + "`";
  }
  Built additive(EdictParser::AdditiveContext* ctx) { return chain(ctx, &Converter::multiplicative); }
  Built multiplicative(EdictParser::MultiplicativeContext* ctx) { return chain(ctx, &Converter::unary_expr); }
  Built unary_expr(EdictParser::UnaryContext* ctx) {
    Guard guard(*this);
    if (guard.too_deep()) return fail_too_deep(fe_.span_of(ctx));
    if (auto* only = sole<EdictParser::CoalesceContext>(ctx)) return chain(only, &Converter::postfix);
    if (ctx->coalesce()) return chain(ctx->coalesce(), &Converter::postfix);
    if (!ctx->MINUS() || !ctx->unary()) return {};
    // `-9223372036854775808` is the one int whose digits alone do not fit.
    if (const Token* digits = plain_int(ctx->unary())) {
      LiteralError ignored;
      if (!decode_int(digits->getText(), false, &ignored)) {
        if (auto v = decode_int(digits->getText(), true, nullptr)) {
          Built b = make(Expr::Kind::kInt, fe_.span_of(ctx));
          b.expr->int_value = *v;
          b.expr->raw = "-" + digits->getText();
          return b;
        }
      }
    }
    return unary(UnaryOp::kNeg, ctx->MINUS()->getSymbol(), unary_expr(ctx->unary()));
  }
  // The INT token when `ctx` is nothing but an integer literal.
  static const Token* plain_int(EdictParser::UnaryContext* ctx) {
    auto* co = ctx->coalesce();
    if (!co || co->postfix().size() != 1 || !co->postfix(0)->postfixOp().empty()) return nullptr;
    auto* lit = dynamic_cast<EdictParser::LiteralExprContext*>(co->postfix(0)->primary());
    if (!lit || !lit->literal() || !lit->literal()->INT()) return nullptr;
    return lit->literal()->INT()->getSymbol();
  }

  Built postfix(EdictParser::PostfixContext* ctx) {
    auto* first = ctx->children.empty() ? nullptr : dynamic_cast<EdictParser::PrimaryContext*>(ctx->children[0]);
    if (first && ctx->children.size() == 1) return primary(first);  // no postfix operators
    if (!ctx->primary()) return {};
    Built acc = primary(ctx->primary());
    for (auto* op : ctx->postfixOp()) {
      if (!acc.expr) return {};
      Span span = fe_.join(full_span(acc), fe_.span_of(op));
      if (auto* m = dynamic_cast<EdictParser::MemberOpContext*>(op)) {
        if (!m->memberName()) return {};
        Built b = make(Expr::Kind::kMember, span);
        auto* member = m->memberName();
        b.expr->name = member->children.size() == 1 ? name_text(member->getStart()) : member->getText();
        b.expr->name_span = fe_.span_of(m->memberName());
        if (!adopt_depth(b, acc.depth)) return fail_too_deep(span);
        b.expr->lhs = std::move(acc.expr);
        acc = std::move(b);
      } else if (auto* ix = dynamic_cast<EdictParser::IndexOpContext*>(op)) {
        Built index = expr(ix->expression());
        if (!index.expr) return {};
        Built b = make(Expr::Kind::kIndex, span);
        if (!adopt_depth(b, std::max(acc.depth, index.depth))) return fail_too_deep(span);
        b.expr->lhs = std::move(acc.expr);
        b.expr->rhs = std::move(index.expr);
        acc = std::move(b);
      } else if (auto* call = dynamic_cast<EdictParser::CallOpContext*>(op)) {
        Built b = make(Expr::Kind::kCall, span);
        if (!adopt_depth(b, acc.depth) || !add_all(b, call->expression())) return b.expr ? fail_too_deep(span) : Built{};
        b.expr->lhs = std::move(acc.expr);
        acc = std::move(b);
      }
    }
    return acc;
  }

  // Converts `items` into parent.expr->args; false (parent emptied) if one failed.
  bool add_all(Built& parent, const std::vector<EdictParser::ExpressionContext*>& items) {
    for (auto* item : items) {
      Built b = expr(item);
      if (!b.expr || !adopt_depth(parent, b.depth)) {
        if (b.expr) fail_too_deep(b.expr->span);
        parent = {};
        return false;
      }
      parent.expr->args.push_back(std::move(b.expr));
    }
    return true;
  }

  Built primary(EdictParser::PrimaryContext* ctx) {
    Guard guard(*this);
    Span span = fe_.span_of(ctx);
    if (guard.too_deep()) return fail_too_deep(span);
    if (auto* c = dynamic_cast<EdictParser::LiteralExprContext*>(ctx)) return literal(c->literal());
    if (auto* c = dynamic_cast<EdictParser::NameExprContext*>(ctx); c && c->IDENT()) {
      Built b = make(Expr::Kind::kName, span);
      b.expr->name = name_text(c->IDENT()->getSymbol());
      return b;
    }
    if (auto* c = dynamic_cast<EdictParser::ParenExprContext*>(ctx)) {
      Built b = expr(c->expression());
      if (b.expr) b.parens = span;
      return b;
    }
    if (auto* c = dynamic_cast<EdictParser::ListExprContext*>(ctx)) {
      Built b = make(Expr::Kind::kList, span);
      add_all(b, c->expression());
      return b;
    }
    if (auto* c = dynamic_cast<EdictParser::MapExprContext*>(ctx)) {
      Built b = make(Expr::Kind::kMap, span);
      for (auto* entry : c->mapEntry()) {
        Built value = expr(entry->expression());
        if (!value.expr) return {};
        if (!adopt_depth(b, value.depth)) return fail_too_deep(span);
        if (entry->STRING()) {
          LiteralError error;
          auto key = decode_string(entry->STRING()->getText(), &error);
          b.expr->keys.push_back(key.value_or(""));
          if (!key) report_literal(entry->STRING()->getSymbol(), error);
          b.expr->key_spans.push_back(fe_.span_of(entry->STRING()->getSymbol()));
        } else if (entry->memberName()) {
          b.expr->keys.push_back(entry->memberName()->getText());
          b.expr->key_spans.push_back(fe_.span_of(entry->memberName()));
        } else {
          return {};
        }
        b.expr->args.push_back(std::move(value.expr));
      }
      return b;
    }
    if (auto* c = dynamic_cast<EdictParser::QuantifierExprContext*>(ctx)) {
      if (!c->quantifierWord()) return {};
      Quantifier q = c->quantifierWord()->ALL() ? Quantifier::kAll
                     : c->quantifierWord()->ANY() ? Quantifier::kAny
                     : c->quantifierWord()->NONE() ? Quantifier::kNone : Quantifier::kCount;
      return quantifier(q, c->IDENT(), c->expression(), span);
    }
    if (auto* c = dynamic_cast<EdictParser::FilterExprContext*>(ctx)) {
      return quantifier(Quantifier::kFilter, c->IDENT(), c->expression(), span);
    }
    if (auto* c = dynamic_cast<EdictParser::IfExprContext*>(ctx)) {
      auto parts = c->expression();
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
    return {};
  }

  Built quantifier(Quantifier q, antlr4::tree::TerminalNode* var, const std::vector<EdictParser::ExpressionContext*>& parts,
                   Span span) {
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

  void report_literal(const Token* t, const LiteralError& error) {
    Span token_span = fe_.span_of(t);
    uint32_t begin = token_span.begin + static_cast<uint32_t>(std::min<size_t>(error.offset, token_span.end - token_span.begin));
    uint32_t end = std::min<uint32_t>(token_span.end, begin + static_cast<uint32_t>(error.length));
    fe_.diags().error(error.code, fe_.span(begin, end), error.message, error.help);
  }

  Built literal(EdictParser::LiteralContext* ctx) {
    if (!ctx) return {};
    Span span = fe_.span_of(ctx);
    if (ctx->NULL_LIT()) return make(Expr::Kind::kNull, span);
    if (ctx->TRUE_LIT() || ctx->FALSE_LIT()) {
      Built b = make(Expr::Kind::kBool, span);
      b.expr->bool_value = ctx->TRUE_LIT() != nullptr;
      return b;
    }
    LiteralError error;
    if (ctx->INT()) {
      std::string raw = ctx->INT()->getText();
      auto v = decode_int(raw, false, &error);
      if (!v) {
        report_literal(ctx->INT()->getSymbol(), error);
        return {};
      }
      Built b = make(Expr::Kind::kInt, span);
      b.expr->int_value = *v;
      b.expr->raw = raw;
      return b;
    }
    if (ctx->FLOAT()) {
      std::string raw = ctx->FLOAT()->getText();
      auto v = decode_float(raw, &error);
      if (!v) {
        report_literal(ctx->FLOAT()->getSymbol(), error);
        return {};
      }
      Built b = make(Expr::Kind::kFloat, span);
      b.expr->float_value = *v;
      b.expr->raw = raw;
      return b;
    }
    if (ctx->VERSION()) {
      std::string raw = ctx->VERSION()->getText();
      auto v = decode_version(raw, &error);
      if (!v) {
        report_literal(ctx->VERSION()->getSymbol(), error);
        return {};
      }
      Built b = make(Expr::Kind::kVersion, span);
      b.expr->version_text = *v;
      b.expr->raw = raw;
      return b;
    }
    if (auto* s = ctx->stringLit()) {
      Token* t = s->getStart();
      std::string raw = t->getText();
      auto v = decode_string(raw, &error);
      if (!v) {
        report_literal(t, error);
        return {};
      }
      Built b = make(Expr::Kind::kString, span);
      b.expr->string_value = *v;
      b.expr->raw = raw;
      b.expr->triple_quoted = s->TRIPLE_STRING() != nullptr;
      return b;
    }
    return {};
  }

  DottedName dotted(EdictParser::DottedNameContext* ctx) {
    DottedName name;
    if (!ctx) return name;
    name.span = fe_.span_of(ctx);
    if (ctx->IDENT()) name.parts.push_back(ctx->IDENT()->getText());
    for (auto* part : ctx->memberName()) name.parts.push_back(part->getText());
    return name;
  }

  // The canonical spelling of a fact type (as type_to_string writes it).
  std::string type_text(EdictParser::TypeExprContext* ctx) {
    Guard guard(*this);
    if (!ctx || guard.too_deep()) return "";
    if (auto* c = dynamic_cast<EdictParser::NamedTypeContext*>(ctx)) {
      std::string out = c->getStart()->getText();
      auto args = c->typeExpr();
      if (!args.empty()) {
        out += "<";
        for (size_t i = 0; i < args.size(); ++i) out += (i ? ", " : "") + type_text(args[i]);
        out += ">";
      }
      return out;
    }
    auto* c = dynamic_cast<EdictParser::RecordTypeContext*>(ctx);
    std::string out = "{";
    for (size_t i = 0; c && i < c->typeField().size(); ++i) {
      auto* field = c->typeField(i);
      std::string name = field->memberName() ? field->memberName()->getText()
                         : field->STRING() ? field->STRING()->getText() : "";
      out += (i ? ", " : "") + name + ": " + type_text(field->typeExpr());
    }
    return out + "}";
  }

  std::optional<Block> block(EdictParser::BlockContext* ctx) {
    if (!ctx) return std::nullopt;
    Block b;
    b.is_policy = ctx->POLICY() != nullptr;
    b.span = fe_.span_of(ctx);
    const char* kind = b.is_policy ? "policy" : "rule";
    if (ctx->IDENT()) {
      b.name = ctx->IDENT()->getText();
      b.name_span = fe_.span_of(ctx->IDENT()->getSymbol());
    } else if (ctx->LBRACE() && !ctx->exception) {
      fe_.diags().error(codes::kMissingName, fe_.span_of(ctx->getStart()), std::string(kind) + " needs a name",
                        std::string("as in `") + kind + " esu \"A title\" { ... }`");
    }
    if (auto* title = ctx->stringLit()) {
      Token* t = title->getStart();
      LiteralError error;
      auto v = decode_string(t->getText(), &error);
      if (!v) report_literal(t, error);
      b.title = StringLiteral{v.value_or(""), t->getText(), title->TRIPLE_STRING() != nullptr, fe_.span_of(t)};
    }
    bool require_attempted = false;
    for (auto* clause : ctx->clause()) {
      if (auto* c = dynamic_cast<EdictParser::BlockClauseContext*>(clause)) {
        std::optional<Block> inner = block(c->block());
        if (!inner) continue;
        std::string here = std::string(kind) + (b.name.empty() ? "" : " `" + b.name + "`");
        std::string inner_label = std::string(inner->is_policy ? "policy" : "rule") +
                                  (inner->name.empty() ? "" : " `" + inner->name + "`");
        Span at = inner->name_span.valid() ? inner->name_span : inner->span;
        if (inner->is_policy) {
          fe_.diags().error(codes::kMisplacedClause, at, inner_label + " cannot be inside " + here,
                            "policies are top-level declarations; close " + here + " with `}` first");
        } else if (!b.is_policy) {
          fe_.diags().error(codes::kMisplacedClause, at, inner_label + " cannot be inside " + here,
                            "rules belong directly in a policy; close " + here + " with `}` first");
        } else {
          Clause rule;
          rule.kind = Clause::Kind::kRule;
          rule.span = inner->span;
          rule.rule = std::make_unique<Block>(std::move(*inner));
          b.clauses.push_back(std::move(rule));
        }
      } else if (auto* c = dynamic_cast<EdictParser::WordClauseContext*>(clause)) {
        if (!c->IDENT()) continue;
        std::string word = c->IDENT()->getText();
        Span word_span = fe_.span_of(c->IDENT()->getSymbol());
        if (word == "require") require_attempted = true;
        ExprPtr value;
        if (c->expression()) {
          value = expression(c->expression());
          if (!value) continue;  // already reported
        }
        // `require` with nothing after it swallows the next line's clause word as its
        // value (`require` / `when x`): treat that word as the next clause instead.
        if (value && value->kind == Expr::Kind::kName && is_clause_word(value->name) && value->span.line > word_span.line &&
            is_clause_word(word)) {
          Span next_span = value->span;
          std::string next_word = value->name;
          add_word_clause(b, word, word_span, nullptr, fe_.span(word_span.begin, word_span.end), fe_.diags());
          add_word_clause(b, next_word, next_span, nullptr, next_span, fe_.diags());
          continue;
        }
        add_word_clause(b, word, word_span, std::move(value), fe_.span_of(c), fe_.diags());
      }
    }
    check_block(b, require_attempted, fe_.diags());
    return b;
  }

  FrontEnd& fe_;
  uint32_t recursion_ = 0;
  bool reported_too_deep_ = false;
};

}  // namespace

void convert_module(FrontEnd& fe, EdictParser::ModuleContext* tree, Module& out) { Converter(fe).module(tree, out); }

ExprPtr convert_expression(FrontEnd& fe, EdictParser::ExpressionContext* tree) {
  return Converter(fe).expression(tree);
}

}  // namespace edict::syntax::internal
