// Internal to the front end: the converter from ANTLR's parse tree to the AST of ast.h,
// the last pass of a parse (front_end.h lists the ones before it). One class in two
// files: cst_to_ast.cpp converts the module (items, blocks, clauses, fact types) and
// cst_expression.cpp the expressions and literals.
//
// INVARIANT: every function returns an empty Built (null expr) only after a diagnostic
// was reported for it, either here or by the error strategy. A tree the SLL stage kept
// parsed without an error; only a tree the LL stage recovered has holes, and each hole
// is a reported syntax error.
#pragma once

#include <antlr4-runtime.h>

#include <optional>
#include <string>
#include <typeinfo>
#include <vector>

#include "compiler/syntax/front_end.h"
#include "compiler/syntax/literals.h"

namespace edict::syntax::internal {

class Converter {
 public:
  explicit Converter(FrontEnd& fe) : fe_(fe) {}

  void module(EdictParser::ModuleContext* ctx, Module& out);
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

  // Counts converter recursion; the nesting pre-pass keeps real input far below the cap.
  struct Guard {
    explicit Guard(Converter& c) : c_(c) { ++c_.recursion_; }
    ~Guard() { --c_.recursion_; }
    bool too_deep() const { return c_.recursion_ > c_.fe_.limits().max_nesting * 16 + 64; }
    Converter& c_;
  };

  // `node` as a T when that is its exact type. The generated contexts are leaves of
  // their hierarchy (each labelled alternative its own class), so this is what
  // dynamic_cast answers, at a fraction of its cost: the generated accessors'
  // dynamic_casts, with a strcmp of type names across the shared runtime library, were
  // a tenth of a compile.
  template <class T>
  static T* exactly(antlr4::tree::ParseTree* node) {
    return node && typeid(*node) == typeid(T) ? static_cast<T*>(node) : nullptr;
  }
  // The token of a terminal child; null for a rule, and for the error nodes that
  // ANTLR's recovery leaves (each one a reported syntax error).
  static Token* token_of(antlr4::tree::ParseTree* node) {
    if (!node || typeid(*node) != typeid(antlr4::tree::TerminalNodeImpl)) return nullptr;
    return static_cast<antlr4::tree::TerminalNode*>(node)->getSymbol();
  }
  // cst_expression.cpp: expressions and literals.
  Built fail_too_deep(Span span);
  Built make(Expr::Kind kind, Span span);
  bool adopt_depth(Built& parent, uint32_t child_depth);
  Built binary(BinaryOp op, Built lhs, Built rhs);
  Built unary(UnaryOp op, const Token* op_token, Built operand);
  Built expr(antlr4::tree::ParseTree* node);
  Built binary_alternative(EdictParser::ExpressionContext* ctx);
  Built comparison(EdictParser::ComparisonExprContext* ctx);
  std::string chained_comparison_help(EdictParser::ComparisonExprContext* second);
  Built right_operand(Precedence parent, const char* op_text, antlr4::tree::ParseTree* node);
  Built prefix(EdictParser::ExpressionContext* ctx, UnaryOp op);
  static const Token* plain_int(antlr4::tree::ParseTree* node);
  Built member(EdictParser::MemberExprContext* ctx);
  Built index(EdictParser::IndexExprContext* ctx);
  Built call(EdictParser::CallExprContext* ctx);
  bool add_expressions(Built& parent, const std::vector<antlr4::tree::ParseTree*>& children, size_t first);
  Built map(EdictParser::MapExprContext* ctx, Span span);
  Built quantifier(Quantifier q, antlr4::tree::TerminalNode* var,
                   const std::vector<EdictParser::ExpressionContext*>& parts, Span span);
  Built if_expr(EdictParser::IfExprContext* ctx, Span span);
  void report_literal(const Token* t, const LiteralError& error);
  template <class Decode, class Store>
  Built decoded_literal(const Token* t, Span span, Expr::Kind kind, Decode decode, Store store);
  Built literal(const Token* t, Span span);

  // cst_to_ast.cpp: the module.
  DottedName dotted(EdictParser::DottedNameContext* ctx);
  std::string type_text(EdictParser::TypeExprContext* ctx);
  std::optional<Block> block(EdictParser::BlockContext* ctx);

  FrontEnd& fe_;
  uint32_t recursion_ = 0;
  bool reported_too_deep_ = false;
};

}  // namespace edict::syntax::internal
