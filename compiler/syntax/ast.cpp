// Spellings of AST operators, shared by the printer, the formatter and diagnostics.
#include "compiler/syntax/ast.h"

namespace edict::syntax {

const char* op_spelling(UnaryOp op) {
  switch (op) {
    case UnaryOp::kNot: return "not";
    case UnaryOp::kNeg: return "-";
  }
  return "?";
}

const char* op_spelling(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr: return "or";
    case BinaryOp::kAnd: return "and";
    case BinaryOp::kEq: return "==";
    case BinaryOp::kNe: return "!=";
    case BinaryOp::kLt: return "<";
    case BinaryOp::kLe: return "<=";
    case BinaryOp::kGt: return ">";
    case BinaryOp::kGe: return ">=";
    case BinaryOp::kIn: return "in";
    case BinaryOp::kNotIn: return "not in";
    case BinaryOp::kMatches: return "matches";
    case BinaryOp::kStartsWith: return "startswith";
    case BinaryOp::kEndsWith: return "endswith";
    case BinaryOp::kContains: return "contains";
    case BinaryOp::kAdd: return "+";
    case BinaryOp::kSub: return "-";
    case BinaryOp::kMul: return "*";
    case BinaryOp::kDiv: return "/";
    case BinaryOp::kMod: return "%";
    case BinaryOp::kCoalesce: return "??";
  }
  return "?";
}

const char* quantifier_spelling(Quantifier q) {
  switch (q) {
    case Quantifier::kAll: return "all";
    case Quantifier::kAny: return "any";
    case Quantifier::kNone: return "none";
    case Quantifier::kCount: return "count";
    case Quantifier::kFilter: return "filter";
  }
  return "?";
}

std::string DottedName::joined() const {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += '.';
    out += parts[i];
  }
  return out;
}

}  // namespace edict::syntax
