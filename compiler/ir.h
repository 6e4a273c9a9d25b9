// The checked, typed form of an expression that lowering produces from the AST and
// codegen turns into bytecode: names resolved (fact paths are slots, `let`s are
// constants or inlined, `def`s inlined with their arguments in locals), types known
// where the schema or literals say, spans kept for diagnostics and explanations.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "compiler/syntax/ast.h"
#include "runtime/source.h"
#include "runtime/types.h"
#include "runtime/value.h"

namespace edict::compiler {

struct Node;
using NodePtr = std::unique_ptr<Node>;

struct Node {
  enum class Kind {
    kConst,     // value
    kSlot,      // index = fact slot
    kLocal,     // index = local
    kMember,    // kids[0].name
    kIndex,     // kids[0][kids[1]]
    kNot,       // not kids[0]
    kNeg,       // -kids[0]
    kBinary,    // kids[0] op kids[1] (comparisons, arithmetic, in, matches, ...; not and/or/??)
    kAnd,       // kids[0] and kids[1] (Kleene, short-circuit)
    kOr,
    kCoalesce,  // kids[0] ?? kids[1]
    kIf,        // if kids[0] then kids[1] else kids[2]
    kCall,      // index = builtin id, kids = arguments
    kList,      // kids = elements
    kMap,       // keys[i]: kids[i]
    kQuant,     // quant over kids[0] with L[index..index+3], element in L[index+2]; predicate kids[1]
    kBind,      // L[index] := kids[0]; then kids[1] (an inlined def's argument)
  };

  Kind kind = Kind::kConst;
  Span span;
  TypeRef type;
  Value value;             // kConst; INVARIANT: lives in the program's constant arena
  uint32_t index = 0;
  std::string name;        // kMember field
  syntax::BinaryOp op = syntax::BinaryOp::kEq;
  syntax::Quantifier quant = syntax::Quantifier::kAll;
  std::vector<NodePtr> kids;
  std::vector<std::string> keys;
  // Explanations: show this node's value under `trace_span` (a fact load, a call,
  // an inlined def's result). Quantifiers get a note; `label` is their head.
  bool trace = false;
  Span trace_span;
  std::string label;
  // Inside an inlined `def`'s body: the outermost call that inlined it and that call as
  // written (codegen reads the text from the source: copying it into every node of every
  // inlined body was 7 % of a compile). A traced entry records the body's values too
  // when that call is in the clause, and an explanation lists them under the call
  // ("in `is_prod()`").
  Span call_site;
  bool clock = false;  // kCall of a built-in that reads `now` (never folded)
};

inline NodePtr make_node(Node::Kind kind, Span span, TypeRef type) {
  auto n = std::make_unique<Node>();
  n->kind = kind;
  n->span = span;
  n->type = std::move(type);
  return n;
}

}  // namespace edict::compiler
