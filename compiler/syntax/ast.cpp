// Spellings of AST operators, shared by the printer, the formatter and diagnostics.
#include "compiler/syntax/ast.h"

#include "runtime/opcodes.h"

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

// The AST's quantifiers are the VM's quantifier kinds, in the same order (codegen emits
// one as the other); their words are written once, beside QuantKind.
static_assert(static_cast<int>(Quantifier::kAll) == static_cast<int>(QuantKind::kAll) &&
              static_cast<int>(Quantifier::kAny) == static_cast<int>(QuantKind::kAny) &&
              static_cast<int>(Quantifier::kNone) == static_cast<int>(QuantKind::kNone) &&
              static_cast<int>(Quantifier::kCount) == static_cast<int>(QuantKind::kCount) &&
              static_cast<int>(Quantifier::kFilter) == static_cast<int>(QuantKind::kFilter));

const char* quantifier_spelling(Quantifier q) { return quant_kind_name(static_cast<uint8_t>(q)); }

std::string DottedName::joined() const {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += '.';
    out += parts[i];
  }
  return out;
}

}  // namespace edict::syntax
