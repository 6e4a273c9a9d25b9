// Edict's abstract syntax tree: our own types with source spans. The parser's last
// pass (cst_to_ast.cpp and cst_expression.cpp, which see ANTLR) builds it; the printer,
// the formatter and the checker read it. Nothing here knows about ANTLR.
//
// Shape: a Module holds an optional package, imports, then declarations in source
// order. Policies and rules are both Blocks made of Clauses in source order, so the
// formatter can reprint them faithfully; the checker reads them by kind.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "compiler/syntax/binary_ops.h"
#include "runtime/source.h"

namespace edict::syntax {

enum class UnaryOp { kNot, kNeg };

// Binding strength, loosest first, as the numbered list in docs/language.md. `if` and
// the quantifiers are atoms that reach as far right as they can (kPrecReaching).
enum Precedence : int {
  kPrecReaching = 1, kPrecOr, kPrecAnd, kPrecNot, kPrecCompare, kPrecAdd, kPrecMul, kPrecNeg,
  kPrecCoalesce, kPrecPostfix, kPrecAtom,
};

// The binary operators, from the one table in binary_ops.h.
enum class BinaryOp {
#define EDICT_BINARY_OP_ENUM(op, spelling, precedence, token, opcode) op,
  EDICT_BINARY_OPS(EDICT_BINARY_OP_ENUM)
#undef EDICT_BINARY_OP_ENUM
};
inline constexpr size_t kBinaryOpCount = 0
#define EDICT_BINARY_OP_COUNT(op, spelling, precedence, token, opcode) +1
    EDICT_BINARY_OPS(EDICT_BINARY_OP_COUNT);
#undef EDICT_BINARY_OP_COUNT

enum class Quantifier { kAll, kAny, kNone, kCount, kFilter /* [x in xs : p] */ };

const char* op_spelling(UnaryOp op);     // "not", "-"
const char* op_spelling(BinaryOp op);    // "or", "==", "not in", "??", ...
Precedence precedence_of(BinaryOp op);
const char* quantifier_spelling(Quantifier q);  // "all", "any", "none", "count", "filter"

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

// One node kind per form of the language page. Fields not used by a kind stay empty.
struct Expr {
  enum class Kind {
    kNull, kBool, kInt, kFloat, kString, kVersion,  // literals
    kName,        // name
    kList,        // [args...]
    kMap,         // {keys[i]: args[i], ...}
    kMember,      // lhs.name
    kIndex,       // lhs[rhs]
    kCall,        // lhs(args...)   (lhs is a kName or a kMember like `net.has_internet_route`)
    kUnary,       // unary_op lhs
    kBinary,      // lhs binary_op rhs
    kIf,          // if cond then then_branch else else_branch
    kQuantifier,  // quantifier name in lhs : rhs
  };

  Kind kind = Kind::kNull;
  Span span;  // the whole expression

  bool bool_value = false;
  int64_t int_value = 0;
  double float_value = 0;
  std::string name;           // kName: the name; kMember: the name after the dot
  std::string bound_name;     // kQuantifier: the variable bound to each element
  std::string string_value;   // kString: the decoded value (escapes applied, """ dedented)
  std::string version_text;   // kVersion: the text inside v"..."
  std::string raw;            // literals: the source spelling (`1_000`, `"""..."""`), for the formatter
  bool triple_quoted = false; // kString written as """..."""
  Span name_span;             // kMember / kQuantifier: the span of the name

  UnaryOp unary_op = UnaryOp::kNot;
  BinaryOp binary_op = BinaryOp::kOr;
  Quantifier quantifier = Quantifier::kAll;

  ExprPtr cond;         // kIf
  ExprPtr then_branch;  // kIf
  ExprPtr else_branch;  // kIf
  ExprPtr lhs;          // kMember/kIndex/kCall base, kUnary/kBinary operand, kQuantifier collection
  ExprPtr rhs;          // kIndex index, kBinary right operand, kQuantifier condition
  std::vector<ExprPtr> args;      // kList elements, kCall arguments, kMap values
  std::vector<std::string> keys;  // kMap keys (bare names and string keys alike)
  std::vector<Span> key_spans;
};

// Calls `visit` on each direct child of `e` (every ExprPtr field, then the arguments):
// the one list of an expression's children, for walkers that treat them alike.
template <class Visit>
void for_each_child(const Expr& e, Visit&& visit) {
  for (const Expr* child : {e.cond.get(), e.then_branch.get(), e.else_branch.get(), e.lhs.get(), e.rhs.get()}) {
    if (child) visit(*child);
  }
  for (const ExprPtr& a : e.args) {
    if (a) visit(*a);
  }
}

struct StringLiteral {
  std::string value;  // decoded
  std::string raw;    // as written
  bool triple_quoted = false;
  Span span;
};

struct Block;

// One line (or block) inside a policy or a rule, in source order.
struct Clause {
  enum class Kind {
    kSeverity, kEnforcement,  // word
    kTags, kRefs,             // strings
    kDescription, kRemediation,  // text
    kWhen, kRequire,          // expr
    kRule,                    // rule (only directly inside a policy)
  };
  Kind kind = Kind::kRequire;
  Span span;          // the whole clause
  std::string word;   // severity / enforcement value as written
  Span word_span;
  std::vector<StringLiteral> strings;
  StringLiteral text;
  ExprPtr expr;
  std::unique_ptr<Block> rule;
};

// A policy or a rule: `policy NAME "TITLE" { clauses }` / `rule NAME "TITLE" { clauses }`.
struct Block {
  bool is_policy = false;
  std::string name;
  Span name_span;
  std::optional<StringLiteral> title;
  std::vector<Clause> clauses;
  Span span;
};

struct DottedName {
  std::vector<std::string> parts;  // {"std", "net"}
  Span span;
  std::string joined() const;      // "std.net"
};

struct Import {
  DottedName module;
  std::optional<std::string> alias;  // `as win`
  Span alias_span;
  Span span;
};

struct LetDecl {
  std::string name;
  Span name_span;
  ExprPtr value;
  Span span;
};

struct DefDecl {
  std::string name;
  Span name_span;
  std::vector<std::string> params;
  std::vector<Span> param_spans;
  ExprPtr body;
  Span span;
};

// `fact windows.esu.year: int` — the type is kept as text and parsed by parse_type().
struct FactDeclaration {
  DottedName path;
  std::string type_text;
  Span type_span;
  Span span;
};

using Declaration = std::variant<LetDecl, DefDecl, FactDeclaration, Block /* a policy */>;

struct Comment {
  std::string text;  // including the leading `#`, without the line break
  Span span;
  bool own_line = false;  // nothing but white space before it on its line
};

struct Module {
  uint32_t file_id = 0;
  std::optional<DottedName> package;
  std::vector<Import> imports;
  std::vector<Declaration> declarations;
  std::vector<Comment> comments;  // every comment, in source order (the formatter places them)
};

}  // namespace edict::syntax
