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
  static constexpr const char* kSpellings[] = {
#define EDICT_BINARY_OP_SPELLING(op, spelling, precedence, token, opcode) spelling,
      EDICT_BINARY_OPS(EDICT_BINARY_OP_SPELLING)
#undef EDICT_BINARY_OP_SPELLING
  };
  auto i = static_cast<size_t>(op);
  return i < kBinaryOpCount ? kSpellings[i] : "?";
}

Precedence precedence_of(BinaryOp op) {
  static constexpr Precedence kLevels[] = {
#define EDICT_BINARY_OP_PRECEDENCE(op, spelling, precedence, token, opcode) precedence,
      EDICT_BINARY_OPS(EDICT_BINARY_OP_PRECEDENCE)
#undef EDICT_BINARY_OP_PRECEDENCE
  };
  auto i = static_cast<size_t>(op);
  return i < kBinaryOpCount ? kLevels[i] : kPrecCompare;
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
