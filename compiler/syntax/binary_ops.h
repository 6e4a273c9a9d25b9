// Edict's binary operators, written once. Each row is
//   X(op, spelling, precedence, token, opcode)
// op: the BinaryOp enumerator; spelling: as printed (diagnostics, printer, formatter);
// precedence: its Precedence level (ast.h, docs/language.md's numbered list);
// token: TOKEN(EdictLexer name), or NO_TOKEN for `not in` (two tokens, built by the
// comparison rule); opcode: OPCODE(runtime Op name), or NO_OPCODE for the short-circuit
// forms that lower to jumps (`and`, `or`, `??`).
//
// Users define TOKEN/NO_TOKEN and OPCODE/NO_OPCODE for the columns they expand
// (token_repair.cpp the tokens, codegen.cpp the opcodes); the enum, the spellings and
// the precedences (ast.h/ast.cpp) expand neither. Order is the enum's order.
#pragma once

#define EDICT_BINARY_OPS(X)                                             \
  X(kOr, "or", kPrecOr, TOKEN(OR), NO_OPCODE)                           \
  X(kAnd, "and", kPrecAnd, TOKEN(AND), NO_OPCODE)                       \
  X(kEq, "==", kPrecCompare, TOKEN(EQ), OPCODE(EQ))                     \
  X(kNe, "!=", kPrecCompare, TOKEN(NE), OPCODE(NE))                     \
  X(kLt, "<", kPrecCompare, TOKEN(LT), OPCODE(LT))                      \
  X(kLe, "<=", kPrecCompare, TOKEN(LE), OPCODE(LE))                     \
  X(kGt, ">", kPrecCompare, TOKEN(GT), OPCODE(GT))                      \
  X(kGe, ">=", kPrecCompare, TOKEN(GE), OPCODE(GE))                     \
  X(kIn, "in", kPrecCompare, TOKEN(IN), OPCODE(IN))                     \
  X(kNotIn, "not in", kPrecCompare, NO_TOKEN, OPCODE(NOT_IN))           \
  X(kMatches, "matches", kPrecCompare, TOKEN(MATCHES), OPCODE(MATCHES)) \
  X(kStartsWith, "startswith", kPrecCompare, TOKEN(STARTSWITH), OPCODE(STARTS_WITH)) \
  X(kEndsWith, "endswith", kPrecCompare, TOKEN(ENDSWITH), OPCODE(ENDS_WITH)) \
  X(kContains, "contains", kPrecCompare, TOKEN(CONTAINS), OPCODE(CONTAINS)) \
  X(kAdd, "+", kPrecAdd, TOKEN(PLUS), OPCODE(ADD))                      \
  X(kSub, "-", kPrecAdd, TOKEN(MINUS), OPCODE(SUB))                     \
  X(kMul, "*", kPrecMul, TOKEN(STAR), OPCODE(MUL))                      \
  X(kDiv, "/", kPrecMul, TOKEN(SLASH), OPCODE(DIV))                     \
  X(kMod, "%", kPrecMul, TOKEN(PERCENT), OPCODE(MOD))                   \
  X(kCoalesce, "??", kPrecCoalesce, TOKEN(QQ), NO_OPCODE) /* x ?? fallback */
