// The verifier (verify.h): table checks, then per entry an operand pass over every
// instruction and an abstract interpretation of the stack and locals along every path.
#include "runtime/verify.h"

#include <map>
#include <optional>
#include <set>

#include "runtime/builtins.h"
#include "runtime/bundle.h"

namespace edict {

namespace {

namespace codes = bundle_codes;

// Locals' abstract state, one byte each.
constexpr uint8_t kWritten = 1;    // written by this run (the array is reused across runs)
constexpr uint8_t kTraceSafe = 2;  // TRACE_QUANT with this base reads only written locals

struct QuantFrame {
  uint8_t kind;
  uint16_t base;
  uint32_t body;
  bool operator==(const QuantFrame&) const = default;
};

struct State {
  uint32_t depth = 0;
  std::vector<QuantFrame> open;  // quantifiers whose body we are in, innermost last
  std::vector<uint8_t> locals;

  // A value written to L[c]. `empty_collection`: ITER_INIT's unknown-or-empty path,
  // after which TRACE_QUANT never reads the element local.
  void write(uint32_t c, bool empty_collection = false) {
    locals[c] |= kWritten;
    bool element_written = c + 2 < locals.size() && (locals[c + 2] & kWritten);
    locals[c] = (locals[c] & ~kTraceSafe) | ((empty_collection || element_written) ? kTraceSafe : 0);
    if (c >= 2 && (locals[c - 2] & kWritten)) locals[c - 2] |= kTraceSafe;
  }
};

class Verifier {
 public:
  Verifier(const Program& p, std::string_view name, DiagnosticSink& sink) : p_(p), name_(name), sink_(sink) {}

  bool run() {
    if (!tables()) return false;
    note_roles();
    for (uint32_t e = 0; e < p_.entries.size(); ++e) {
      if (!operands(e) || !interpret(e)) return false;
    }
    return true;
  }

 private:
  bool fail(const char* code, std::string message, std::string help = {}) {
    Diagnostic d = Diagnostic::error(code, Span{}, std::move(message), std::move(help));
    d.path = std::string(name_);
    sink_.report(std::move(d));
    return false;
  }
  bool bad_code(uint32_t e, uint32_t pc, const std::string& what) {
    return fail(codes::kBadCode, "invalid bytecode in entry " + std::to_string(e) + " at " + std::to_string(pc) +
                                     " (`" + op_info(p_.code[pc].op).name + "`): " + what,
                "the bundle is corrupt or was not written by `edict compile`; compile it again");
  }
  bool bad_stack(uint32_t e, uint32_t pc, const std::string& what) {
    return fail(codes::kBadStack, "unverifiable bytecode in entry " + std::to_string(e) + " at " +
                                      std::to_string(pc) + ": " + what,
                "the bundle is corrupt or was not written by `edict compile`; compile it again");
  }
  bool bad_table(const std::string& what) {
    return fail(codes::kBadTable, "invalid bundle table: " + what,
                "the bundle is corrupt or was not written by `edict compile`; compile it again");
  }

  bool entry_ok(int64_t e, bool optional) const {
    return (optional && e == -1) || (e >= 0 && static_cast<uint64_t>(e) < p_.entries.size());
  }
  bool slots_ok(const std::vector<uint32_t>& slots) const {
    for (uint32_t s : slots) {
      if (s >= p_.slots.size()) return false;
    }
    return true;
  }

  bool tables() {
    if (p_.policy_code.size() != p_.policies.size()) return bad_table("the policy code table is not parallel to the policies");
    if (p_.rule_code.size() != p_.rules.size()) return bad_table("the rule code table is not parallel to the rules");
    for (size_t i = 0; i < p_.slots.size(); ++i) {
      if (!p_.slots[i].type) return bad_table("slot " + std::to_string(i) + " has no type");
    }
    for (size_t i = 0; i < p_.regex_patterns.size(); ++i) {
      if (p_.regex_patterns[i].size() > kMaxRegexLength) {
        return fail(codes::kBadRegex, "regex " + std::to_string(i) + " is longer than " +
                                          std::to_string(kMaxRegexLength) + " bytes");
      }
    }
    for (size_t i = 0; i < p_.entries.size(); ++i) {
      const Entry& e = p_.entries[i];
      std::string at = "entry " + std::to_string(i);
      if (!(e.start < e.end && e.end <= p_.code.size())) return bad_table(at + " lies outside the code");
      // The VM sizes its stack and locals from these: the limits are stack errors.
      if (e.max_stack < 1 || e.max_stack > kMaxStackDepth) {
        return fail(codes::kBadStack, at + " has a stack bound of " + std::to_string(e.max_stack) + ", outside 1.." +
                                          std::to_string(kMaxStackDepth));
      }
      if (e.locals > kMaxLocals) {
        return fail(codes::kBadStack, at + " has more than " + std::to_string(kMaxLocals) + " locals");
      }
    }
    for (size_t i = 0; i < p_.policies.size(); ++i) {
      const PolicyCode& c = p_.policy_code[i];
      std::string at = "policy `" + p_.policies[i].id + "`";
      if (!entry_ok(c.when_entry, true) || !entry_ok(c.traced_when_entry, true) ||
          (c.when_entry == -1) != (c.traced_when_entry == -1)) {
        return bad_table(at + " has a `when` entry out of range");
      }
      if (!slots_ok(c.slots)) return bad_table(at + " reads a slot out of range");
    }
    std::set<std::string_view> ids;
    for (size_t i = 0; i < p_.rules.size(); ++i) {
      const RuleInfo& info = p_.rules[i];
      const RuleCode& c = p_.rule_code[i];
      std::string at = "rule `" + info.id + "`";
      if (!ids.insert(info.id).second) return bad_table(at + " appears twice");
      if (info.policy_index >= p_.policies.size()) return bad_table(at + " belongs to a policy out of range");
      if (!entry_ok(c.when_entry, true) || !entry_ok(c.traced_when_entry, true) ||
          (c.when_entry == -1) != (c.traced_when_entry == -1)) {
        return bad_table(at + " has a `when` entry out of range");
      }
      size_t n = c.require_entries.size();
      if (c.traced_require_entries.size() != n || info.require_texts.size() != n || info.require_locations.size() != n) {
        return bad_table(at + " has require tables of different lengths");
      }
      for (size_t r = 0; r < n; ++r) {
        if (!entry_ok(c.require_entries[r], false) || !entry_ok(c.traced_require_entries[r], false)) {
          return bad_table(at + " has a `require` entry out of range");
        }
      }
      if (!slots_ok(c.slots)) return bad_table(at + " reads a slot out of range");
    }
    return true;
  }

  // One operand field of the instruction at pc, checked against its kind in the opcode
  // table. The messages name what the field indexes.
  bool operand(uint32_t e, uint32_t pc, Operand kind, uint64_t v) {
    const Entry& entry = p_.entries[e];
    auto below = [&](uint64_t size, const char* what) {
      return v < size ? true : bad_code(e, pc, std::string(what) + " " + std::to_string(v) + " out of range");
    };
    switch (kind) {
      case Operand::kNone:
        return v == 0 ? true : bad_code(e, pc, "an unused operand is not zero");
      case Operand::kConst: return below(p_.constants.size(), "constant");
      case Operand::kStringConst:
        if (!below(p_.constants.size(), "constant")) return false;
        return p_.constants[v].kind == ValueKind::kString ? true : bad_code(e, pc, "the member name is not a string");
      case Operand::kSlot: return below(p_.slots.size(), "slot");
      case Operand::kLocal: return below(entry.locals, "local");
      case Operand::kLocalBlock:
        return v + 4 <= entry.locals ? true : bad_code(e, pc, "quantifier locals out of range");
      case Operand::kRegex: return below(p_.regex_patterns.size(), "regex");
      case Operand::kTracePoint: return below(p_.trace_points.size(), "trace point");
      case Operand::kBuiltin: return below(kBuiltinCount, "builtin");
      case Operand::kCount: return true;  // bounded by the stack depth (an underflow otherwise)
      case Operand::kQuantKind:
        return v < kQuantKindCount ? true : bad_code(e, pc, "quantifier kind out of range");
      case Operand::kBoolQuantKind:
        return v <= static_cast<uint8_t>(QuantKind::kNone) ? true : bad_code(e, pc, "quantifier kind out of range");
      case Operand::kForward:
      case Operand::kBack: {
        if (v < entry.start || v >= entry.end) return bad_code(e, pc, "jump target outside the entry");
        if (p_.code[v].op == Op::JUMP_IF_FALSE) return bad_code(e, pc, "a jump into the middle of an `if`");
        bool backward = kind == Operand::kBack;
        if (backward ? v > pc : v <= pc) {
          return bad_code(e, pc, backward ? "a quantifier step must jump back" : "a jump must go forward");
        }
        return true;
      }
    }
    return bad_code(e, pc, "an operand of an unknown kind");
  }

  // Which tables name each entry as a fast one (the outcome pass) and as a traced one
  // (explanations). An entry no table names is never run by a rule: no role to check.
  static constexpr uint8_t kFastRole = 1;
  static constexpr uint8_t kTracedRole = 2;
  void note_roles() {
    roles_.assign(p_.entries.size(), 0);
    auto note = [this](int64_t e, uint8_t role) {
      if (e >= 0) roles_[static_cast<size_t>(e)] |= role;  // INVARIANT: tables() checked the range
    };
    for (const PolicyCode& c : p_.policy_code) {
      note(c.when_entry, kFastRole);
      note(c.traced_when_entry, kTracedRole);
    }
    for (const RuleCode& c : p_.rule_code) {
      note(c.when_entry, kFastRole);
      note(c.traced_when_entry, kTracedRole);
      for (uint32_t e : c.require_entries) note(e, kFastRole);
      for (uint32_t e : c.traced_require_entries) note(e, kTracedRole);
    }
  }

  // Operand checks of every instruction of entry e, reachable or not (the disassembler
  // prints them all).
  bool operands(uint32_t e) {
    const Entry& entry = p_.entries[e];
    for (uint32_t pc = entry.start; pc < entry.end; ++pc) {
      const Instruction& ins = p_.code[pc];
      const OpInfo& info = op_info(ins.op);
      // Every field against its kind in the opcode table (runtime/opcodes.h).
      if (!operand(e, pc, info.a, ins.a) || !operand(e, pc, info.b, ins.b) || !operand(e, pc, info.c, ins.c)) return false;
      // The table's flags: the fast path runs trace-only ops as no-ops (an explanation
      // would silently lose its values), and fast-only ops drop the state a trace reads.
      if (info.trace_only() && (roles_[e] & kFastRole)) return bad_code(e, pc, "a trace-only instruction in a fast entry");
      if (info.fast_only() && (roles_[e] & kTracedRole)) return bad_code(e, pc, "a fast-only instruction in a traced entry");
      if (info.c == Operand::kBuiltin) {
        const BuiltinInfo& b = kBuiltinInfo[ins.c];
        if (ins.a < b.min_args || ins.a > b.max_args) return bad_code(e, pc, std::string("wrong argument count for `") + b.name + "`");
      }
      // JUMP_IF_FALSE reads its operand as a bool without looking at its kind: only the
      // IF_TEST right before it (bool, or else it jumped or failed) makes that safe.
      if (ins.op == Op::JUMP_IF_FALSE && (pc == entry.start || p_.code[pc - 1].op != Op::IF_TEST)) {
        return bad_code(e, pc, "a conditional jump that does not follow `IF_TEST`");
      }
    }
    return true;
  }

  // Joins the state of one more path into `into` (nullopt: no path seen yet).
  bool join(uint32_t e, uint32_t pc, std::optional<State>& into, const State& from) {
    if (!into) {
      into = from;
      return true;
    }
    if (into->depth != from.depth) return bad_stack(e, pc, "paths join with different stack depths");
    if (into->open != from.open) return bad_stack(e, pc, "paths join inside different quantifiers");
    for (size_t i = 0; i < from.locals.size(); ++i) into->locals[i] &= from.locals[i];
    return true;
  }

  bool locked(const State& s, uint32_t first, uint32_t count) const {
    for (const QuantFrame& f : s.open) {
      if (first < uint32_t{f.base} + 4u && f.base < first + count) return true;
    }
    return false;
  }

  bool interpret(uint32_t e) {
    const Entry& entry = p_.entries[e];
    std::map<uint32_t, std::optional<State>> pending;  // states at forward jump targets
    std::map<uint32_t, State> bodies;                  // states at quantifier body starts
    std::optional<State> cur = State{0, {}, std::vector<uint8_t>(entry.locals, 0)};
    uint32_t max_depth = 0;
    for (uint32_t pc = entry.start; pc < entry.end; ++pc) {
      auto it = pending.find(pc);
      if (it != pending.end()) {
        if (cur && !join(e, pc, it->second, *cur)) return false;
        cur = std::move(it->second);
        pending.erase(it);
      }
      if (!cur) continue;  // unreachable: only the operand checks apply
      if (pc > entry.start && p_.code[pc - 1].op == Op::ITER_INIT) bodies[pc] = *cur;
      State& s = *cur;
      const Instruction& ins = p_.code[pc];
      const OpInfo& info = op_info(ins.op);
      uint64_t inputs = stack_inputs(ins);
      if (inputs > s.depth) return bad_stack(e, pc, "stack underflow");
      // Both paths' depths from the table: what the instruction pops, then pushes.
      uint32_t after = static_cast<uint32_t>(s.depth - inputs + static_cast<uint32_t>(info.pushes));
      std::optional<State> jumped;  // the state on the taken branch, if any
      if (info.jumps()) {
        jumped = s;
        jumped->depth = static_cast<uint32_t>(s.depth - inputs + static_cast<uint32_t>(info.jump_pushes));
      }
      bool falls_through = !info.ends();
      switch (ins.op) {
        case Op::LOCAL:
          if (!(s.locals[ins.c] & kWritten)) return bad_stack(e, pc, "local " + std::to_string(ins.c) + " is read before it is written");
          break;
        case Op::STORE_LOCAL:
          if (locked(s, ins.c, 1)) return bad_stack(e, pc, "a store into the locals of an open quantifier");
          s.write(ins.c);
          break;
        case Op::ITER_INIT: {
          if (locked(s, ins.b, 4)) return bad_stack(e, pc, "a quantifier reuses the locals of an open one");
          jumped->write(ins.b, /*empty_collection=*/true);
          auto kind = static_cast<QuantKind>(ins.a);
          uint32_t written = kind == QuantKind::kCount || kind == QuantKind::kFilter ? 4 : 3;
          for (uint32_t i = 0; i < written; ++i) s.write(ins.b + i);
          s.open.push_back(QuantFrame{ins.a, ins.b, pc + 1});
          break;
        }
        case Op::QUANT_STEP: {
          if (s.open.empty() || s.open.back().kind != ins.a || s.open.back().base != ins.b || s.open.back().body != ins.c) {
            return bad_stack(e, pc, "a quantifier step without its matching start");
          }
          const State& back = *jumped;
          const State& body = bodies.at(ins.c);  // INVARIANT: recorded when the frame was pushed
          if (body.depth != back.depth || body.open != back.open) return bad_stack(e, pc, "a quantifier body changes the stack");
          for (size_t i = 0; i < body.locals.size(); ++i) {
            if (body.locals[i] & ~back.locals[i]) return bad_stack(e, pc, "a quantifier body forgets a local");
          }
          s.open.pop_back();
          break;
        }
        case Op::TRACE_QUANT:
          if (!(s.locals[ins.b] & kTraceSafe)) return bad_stack(e, pc, "a quantifier trace before its quantifier ran");
          break;
        case Op::RETURN:
          if (s.depth != 1) return bad_stack(e, pc, "the entry returns with " + std::to_string(s.depth) + " values on the stack");
          if (!s.open.empty()) return bad_stack(e, pc, "the entry returns inside a quantifier");
          break;
        default: break;
      }
      if (jumped) {
        max_depth = std::max(max_depth, jumped->depth);
        // A back edge's state was compared with the body's above; forward targets join.
        if (info.c == Operand::kForward && !join(e, ins.c, pending[ins.c], *jumped)) return false;
      }
      if (!falls_through) {
        cur.reset();
        continue;
      }
      s.depth = after;
      max_depth = std::max(max_depth, after);
      if (after > entry.max_stack) return bad_stack(e, pc, "the stack grows past the entry's bound " + std::to_string(entry.max_stack));
    }
    if (cur) return bad_stack(e, entry.end - 1, "the code runs past the end of its entry");
    if (!pending.empty()) return bad_stack(e, pending.begin()->first, "a jump lands past the end of its entry");
    if (max_depth != entry.max_stack) {
      return bad_stack(e, entry.start, "the entry declares a stack bound of " + std::to_string(entry.max_stack) +
                                           " but needs " + std::to_string(max_depth));
    }
    return true;
  }

  const Program& p_;
  std::string_view name_;
  DiagnosticSink& sink_;
  std::vector<uint8_t> roles_;  // per entry: kFastRole | kTracedRole
};

}  // namespace

bool verify_program(const Program& program, std::string_view name, DiagnosticSink& sink) {
  return Verifier(program, name, sink).run();
}

}  // namespace edict
