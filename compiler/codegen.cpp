// Codegen and constant folding (see codegen.h). The contract of each form's code is
// in runtime/opcodes.h; this file only lays it out and patches jumps.
#include "compiler/codegen.h"

#include <algorithm>
#include <stdexcept>

#include "runtime/builtins.h"
#include "runtime/vm.h"

namespace edict::compiler {

namespace {

// The opcode of a binary operator, from binary_ops.h's opcode column; nullopt for the
// short-circuit forms (`and`, `or`, `??`), which are jumps.
std::optional<Op> opcode_of(syntax::BinaryOp op) {
#define OPCODE(name) std::optional<Op>(Op::name)
#define NO_OPCODE std::optional<Op>()
  static const std::optional<Op> kByOp[] = {
#define EDICT_BINARY_OP_OPCODE(op, spelling, precedence, token, opcode) opcode,
      EDICT_BINARY_OPS(EDICT_BINARY_OP_OPCODE)
#undef EDICT_BINARY_OP_OPCODE
  };
#undef OPCODE
#undef NO_OPCODE
  auto i = static_cast<size_t>(op);
  return i < syntax::kBinaryOpCount ? kByOp[i] : std::nullopt;
}

using syntax::BinaryOp;

class Emitter {
 public:
  Emitter(Program& program, bool traced, Span root, const SourceManager& sources)
      : p_(program), traced_(traced), root_(root), sources_(sources) {}

  uint32_t emit(Op op, uint8_t a = 0, uint16_t b = 0, uint32_t c = 0) {
    Instruction ins{op, a, b, c};
    p_.code.push_back(ins);
    if (op == Op::IN_SLOT) {  // what binding builds a hashed view for (runtime/bind_index.h)
      if (p_.in_slot_tests.size() <= c) p_.in_slot_tests.resize(c + 1, 0);
      ++p_.in_slot_tests[c];
    }
    if (op != Op::RETURN) depth_ += stack_effect(ins);
    max_depth_ = std::max(max_depth_, depth_);
    return static_cast<uint32_t>(p_.code.size() - 1);
  }
  uint32_t here() const { return static_cast<uint32_t>(p_.code.size()); }
  void patch(uint32_t at, uint32_t target) { p_.code[at].c = target; }
  int max_depth() const { return max_depth_; }

  void node(const Node& n) {
    switch (n.kind) {
      case Node::Kind::kConst: emit(Op::CONST, 0, 0, p_.add_constant(n.value)); break;
      case Node::Kind::kSlot: emit(Op::SLOT, 0, 0, n.index); break;
      case Node::Kind::kLocal: emit(Op::LOCAL, 0, 0, n.index); break;
      case Node::Kind::kMember:
        node(*n.kids[0]);
        emit(Op::MEMBER, 0, 0, p_.add_constant(Value::of_string(n.name)));
        break;
      case Node::Kind::kIndex:
        node(*n.kids[0]);
        node(*n.kids[1]);
        emit(Op::INDEX);
        break;
      case Node::Kind::kNot: node(*n.kids[0]); emit(Op::NOT); break;
      case Node::Kind::kNeg: node(*n.kids[0]); emit(Op::NEG); break;
      case Node::Kind::kBinary: binary(n); break;
      case Node::Kind::kAnd: and_chain(n); break;
      case Node::Kind::kOr:
      case Node::Kind::kCoalesce: {
        node(*n.kids[0]);
        uint32_t jump = emit(n.kind == Node::Kind::kOr ? Op::OR_TEST : Op::COALESCE);
        node(*n.kids[1]);
        if (n.kind == Node::Kind::kOr) emit(Op::OR_JOIN);
        patch(jump, here());
        break;
      }
      case Node::Kind::kIf: {
        node(*n.kids[0]);
        uint32_t to_end_unknown = emit(Op::IF_TEST);
        uint32_t to_else = emit(Op::JUMP_IF_FALSE);
        node(*n.kids[1]);
        uint32_t to_end = emit(Op::JUMP);
        depth_ -= 1;  // the else branch starts where the then branch did
        patch(to_else, here());
        node(*n.kids[2]);
        patch(to_end, here());
        patch(to_end_unknown, here());
        break;
      }
      case Node::Kind::kCall:
        for (const auto& k : n.kids) node(*k);
        emit(Op::CALL, static_cast<uint8_t>(n.kids.size()), 0, n.index);
        break;
      case Node::Kind::kList:
        for (const auto& k : n.kids) node(*k);
        emit(Op::LIST, 0, 0, static_cast<uint32_t>(n.kids.size()));
        break;
      case Node::Kind::kMap:
        for (size_t i = 0; i < n.kids.size(); ++i) {
          emit(Op::CONST, 0, 0, p_.add_constant(Value::of_string(n.keys[i])));
          node(*n.kids[i]);
        }
        emit(Op::MAP, 0, 0, static_cast<uint32_t>(n.kids.size()));
        break;
      case Node::Kind::kQuant: {
        node(*n.kids[0]);
        if (member_eq_scan(n)) break;
        auto kind = static_cast<uint8_t>(n.quant);
        auto base = static_cast<uint16_t>(n.index);
        uint32_t init = emit(Op::ITER_INIT, kind, base);
        uint32_t body = here();
        node(*n.kids[1]);
        emit(Op::QUANT_STEP, kind, base, body);
        patch(init, here());
        if (traced_ && traced_here(n) && !n.label.empty()) {
          emit(Op::TRACE_QUANT, kind, base, trace_point(n, true));
        }
        break;
      }
      case Node::Kind::kBind:
        node(*n.kids[0]);
        emit(Op::STORE_LOCAL, 0, 0, n.index);
        node(*n.kids[1]);
        break;
    }
    if (traced_ && n.trace && traced_here(n)) emit(Op::TRACE, 0, 0, trace_point(n, false));
  }

 private:
  // `a and b`. When `a` is itself an `and` whose join was the last instruction emitted
  // (no TRACE after it), that join also does this `and`'s test: AND_JOIN_TEST, one
  // dispatch instead of AND_JOIN + AND_TEST. Its jumps, and those of the inner tests,
  // go straight to this `and`'s end (where the inner end held only our test).
  void and_chain(const Node& n) {
    node(*n.kids[0]);
    std::vector<uint32_t> exits;
    if (n.kids[0]->kind == Node::Kind::kAnd && last_and_join_ + 1 == here()) {
      exits = std::move(last_and_exits_);
      p_.code.back().op = Op::AND_JOIN_TEST;  // same stack effect as the AND_JOIN it was
      exits.push_back(last_and_join_);
    } else {
      exits.push_back(emit(Op::AND_TEST));
    }
    node(*n.kids[1]);
    uint32_t join = emit(Op::AND_JOIN);
    for (uint32_t at : exits) patch(at, here());
    last_and_join_ = join;
    last_and_exits_ = std::move(exits);
  }

  // `all/any/none x in xs : x.f == K` in a fast entry: one SCAN_FIELD_EQ instead of
  // the loop (4 dispatches per element). Traced entries keep the loop: TRACE_QUANT
  // reads its locals. The collection is already on the stack.
  bool member_eq_scan(const Node& n) {
    if (traced_) return false;
    if (n.quant != syntax::Quantifier::kAll && n.quant != syntax::Quantifier::kAny &&
        n.quant != syntax::Quantifier::kNone) {
      return false;
    }
    const Node& p = *n.kids[1];
    if (p.kind != Node::Kind::kBinary || p.op != BinaryOp::kEq) return false;
    // Only `x.f == K`, not `K == x.f`: a type mismatch's message names the operands in
    // source order, and the scan compares element to constant (as EQ_CONST does).
    const Node* member = p.kids[0].get();
    const Node* constant = p.kids[1].get();
    if (constant->kind != Node::Kind::kConst || member->kind != Node::Kind::kMember) return false;
    const Node& base = *member->kids[0];
    if (base.kind != Node::Kind::kLocal || base.index != n.index + 2) return false;  // the element local
    uint32_t name = p_.add_constant(Value::of_string(member->name));
    if (name > UINT16_MAX) return false;  // operand b is 16 bits
    emit(Op::SCAN_FIELD_EQ, static_cast<uint8_t>(n.quant), static_cast<uint16_t>(name),
         p_.add_constant(constant->value));
    return true;
  }

  void binary(const Node& n) {
    const Node& a = *n.kids[0];
    const Node& b = *n.kids[1];
    auto constant = [](const Node& x) { return x.kind == Node::Kind::kConst; };
    switch (n.op) {
      case BinaryOp::kEq:
        // Not for `K == x`: swapping the operands would swap them in the message of a
        // type mismatch ("cannot compare a string with an int"), which must follow the
        // source, folded or not (fuzz/regressions/fuzz_differential).
        if (constant(b)) {
          node(a);
          emit(Op::EQ_CONST, 0, 0, p_.add_constant(b.value));
          return;
        }
        break;
      case BinaryOp::kGe:
        if (constant(b)) {
          node(a);
          emit(Op::GE_CONST, 0, 0, p_.add_constant(b.value));
          return;
        }
        break;
      case BinaryOp::kIn:
        if (b.kind == Node::Kind::kSlot && !traced_) {
          node(a);
          emit(Op::IN_SLOT, 0, 0, b.index);
          return;
        }
        break;
      case BinaryOp::kMatches:
        if (constant(b) && b.value.kind == ValueKind::kString) {
          node(a);
          emit(Op::MATCHES_CONST, 0, 0, regex_index(std::string(b.value.str())));
          return;
        }
        break;
      default: break;
    }
    node(a);
    node(b);
    std::optional<Op> op = opcode_of(n.op);
    // INVARIANT: and/or/?? lower to kAnd/kOr/kCoalesce nodes (jumps), never to kBinary;
    // one here is a checker bug, and emitting some other comparison would hide it.
    if (!op) throw std::logic_error(std::string("internal: no opcode for `") + syntax::op_spelling(n.op) + "`");
    emit(*op);
  }

  uint32_t regex_index(const std::string& pattern) {
    auto it = std::find(p_.regex_patterns.begin(), p_.regex_patterns.end(), pattern);
    if (it != p_.regex_patterns.end()) return static_cast<uint32_t>(it - p_.regex_patterns.begin());
    p_.regex_patterns.push_back(pattern);
    return static_cast<uint32_t>(p_.regex_patterns.size() - 1);
  }

  bool inside_root(const Span& s) const {
    return s.valid() && s.file_id == root_.file_id && s.begin >= root_.begin && s.end <= root_.end;
  }

  // A node written in this clause, or in the body of a `def` a call in this clause
  // inlined (an explanation lists those values under the call).
  bool traced_here(const Node& n) const { return inside_root(n.trace_span) || inside_root(n.call_site); }

  uint32_t trace_point(const Node& n, bool quantifier) {
    TracePoint tp;
    const SourceFile* file = sources_.get(n.trace_span.file_id);
    if (file) {
      tp.location = SourceLocation{file->path(), n.trace_span.line, n.trace_span.column};
      tp.source = file->text().substr(n.trace_span.begin, n.trace_span.end - n.trace_span.begin);
      std::string_view first = std::string_view(tp.source).substr(0, tp.source.find('\n'));
      for (char c : first) tp.length += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }
    tp.quantifier = quantifier;
    // A quantifier's label is its head; a value's, the call whose body it is in.
    if (quantifier) {
      tp.label = n.label;
    } else if (!inside_root(n.trace_span)) {
      tp.label = std::string(sources_.text_of(n.call_site));
    }
    p_.trace_points.push_back(std::move(tp));
    return static_cast<uint32_t>(p_.trace_points.size() - 1);
  }

  Program& p_;
  bool traced_;
  Span root_;
  const SourceManager& sources_;
  int depth_ = 0;
  int max_depth_ = 0;
  // The last `and` emitted: its AND_JOIN and the jumps to its end (see and_chain).
  uint32_t last_and_join_ = UINT32_MAX;
  std::vector<uint32_t> last_and_exits_;
};

bool closed(const Node& n, std::vector<uint32_t>& bound) {
  switch (n.kind) {
    case Node::Kind::kSlot: return false;
    case Node::Kind::kLocal: return std::find(bound.begin(), bound.end(), n.index) != bound.end();
    case Node::Kind::kCall:
      if (n.clock) return false;
      break;
    case Node::Kind::kQuant: {
      if (!closed(*n.kids[0], bound)) return false;
      for (uint32_t i = 0; i < 4; ++i) bound.push_back(n.index + i);
      bool r = closed(*n.kids[1], bound);
      bound.resize(bound.size() - 4);
      return r;
    }
    case Node::Kind::kBind: {
      if (!closed(*n.kids[0], bound)) return false;
      bound.push_back(n.index);
      bool r = closed(*n.kids[1], bound);
      bound.pop_back();
      return r;
    }
    default: break;
  }
  for (const auto& k : n.kids) {
    if (!closed(*k, bound)) return false;
  }
  return true;
}

uint32_t max_local(const Node& n) {
  uint32_t m = 0;
  if (n.kind == Node::Kind::kLocal || n.kind == Node::Kind::kBind) m = n.index + 1;
  if (n.kind == Node::Kind::kQuant) m = n.index + 4;
  for (const auto& k : n.kids) m = std::max(m, max_local(*k));
  return m;
}

}  // namespace

uint32_t emit_entry(Program& program, const Node& root, uint32_t locals, bool traced, const SourceManager& sources,
                    Span source_span) {
  Entry entry;
  entry.start = static_cast<uint32_t>(program.code.size());
  Emitter emitter(program, traced, source_span.valid() ? source_span : root.span, sources);
  emitter.node(root);
  emitter.emit(Op::RETURN);
  entry.end = static_cast<uint32_t>(program.code.size());
  // Jump threading: a false `a` of `a and b and c` jumps straight past the last
  // AND_JOIN instead of being re-tested by every AND_TEST on the way (same for or).
  for (uint32_t pc = entry.start; pc < entry.end; ++pc) {
    Instruction& ins = program.code[pc];
    if (ins.op != Op::AND_TEST && ins.op != Op::OR_TEST) continue;
    while (ins.c < entry.end && program.code[ins.c].op == ins.op) ins.c = program.code[ins.c].c;
  }
  entry.max_stack = static_cast<uint32_t>(emitter.max_depth());
  entry.locals = std::max(locals, max_local(root));
  program.entries.push_back(entry);
  return static_cast<uint32_t>(program.entries.size() - 1);
}


// Folded values stay in the compile's fold arena until the end (the live ones are
// copied into the program's pool too); each is bounded by the VM's scratch limit, but
// without a budget for all of them, a thousand `let`s folding to 64 MiB strings would
// keep 64 GiB (found by tests/hardening). Past it, the rest is left to the VM, whose
// memory is bounded per rule.
constexpr size_t kMaxFoldedConstantBytes = 64u << 20;

void fold_constants(Arena& folded, NodePtr& node, const SourceManager& sources) {
  for (auto& k : node->kids) fold_constants(folded, k, sources);
  if (node->kind == Node::Kind::kConst) return;
  if (folded.bytes_allocated() > kMaxFoldedConstantBytes) return;
  std::vector<uint32_t> bound;
  if (!closed(*node, bound)) return;
  Program scratch_program;
  uint32_t entry = emit_entry(scratch_program, *node, 0, false, sources);
  if (!scratch_program.build_regexes()) return;  // a bad literal pattern was reported by the checker
  EvalScratch scratch;
  Value value;
  std::string error;
  EvalOptions options;
  if (!evaluate_entry(scratch_program, entry, nullptr, scratch, options, &value, &error)) return;
  auto constant = make_node(Node::Kind::kConst, node->span, node->type);
  constant->value = deep_copy(folded, value);
  node = std::move(constant);
}

}  // namespace edict::compiler
