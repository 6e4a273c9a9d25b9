// The binary operator table (compiler/syntax/binary_ops.h) is the one place an operator
// is written: each row's spelling parses back to its operator, and the precedences
// order as docs/language.md's numbered list.
#include <catch2/catch.hpp>

#include "compiler/syntax/ast_printer.h"
#include "compiler/syntax/parser.h"

using namespace edict;
using namespace edict::syntax;

TEST_CASE("every binary operator's spelling parses back to it, at its precedence", "[syntax][binary_ops]") {
  REQUIRE(kBinaryOpCount == 20);
  for (size_t i = 0; i < kBinaryOpCount; ++i) {
    auto op = static_cast<BinaryOp>(i);
    INFO(op_spelling(op));
    SourceManager sources;
    DiagnosticSink sink;
    auto id = add_source("op.edict", std::string("a ") + op_spelling(op) + " b", sources, sink);
    REQUIRE(id);
    ExprPtr e = parse_expression(sources, *id, sink);
    REQUIRE(e);
    CHECK(e->kind == Expr::Kind::kBinary);
    CHECK(e->binary_op == op);
  }
  // Loosest first: or, and, comparisons, + -, * / %, ??.
  CHECK(precedence_of(BinaryOp::kOr) < precedence_of(BinaryOp::kAnd));
  CHECK(precedence_of(BinaryOp::kAnd) < precedence_of(BinaryOp::kNotIn));
  CHECK(precedence_of(BinaryOp::kEq) == precedence_of(BinaryOp::kContains));
  CHECK(precedence_of(BinaryOp::kContains) < precedence_of(BinaryOp::kSub));
  CHECK(precedence_of(BinaryOp::kSub) < precedence_of(BinaryOp::kMod));
  CHECK(precedence_of(BinaryOp::kMod) < precedence_of(BinaryOp::kCoalesce));
}
