// The interpreter loop: one handler per row of the opcode table, dispatched through a
// table generated from it (computed goto with GCC and clang, a switch elsewhere),
// instantiated twice — the fast path (kTrace = false) and the tracing path for
// explanations — so the fast path carries no tracing code at all.
#include <re2/re2.h>

#include <cstring>

#include "runtime/builtins.h"
#include "runtime/bytes.h"
#include "runtime/vm_internal.h"
#include "runtime/vm_quant.h"

// Labels as values: a GNU extension GCC and clang have; EDICT_COMPUTED_GOTO=0 forces
// the switch (for comparing the two).
#ifndef EDICT_COMPUTED_GOTO
#if defined(__GNUC__)
#define EDICT_COMPUTED_GOTO 1
#else
#define EDICT_COMPUTED_GOTO 0
#endif
#endif

namespace edict {

namespace {

// `needle in list` over a list, as op_in decides it for a string needle: true when an
// element is that string, else unknown when an element is unknown, else false. The
// needle's first word is loaded once; most elements differ in it.
inline Value scan_strings(const Value& list, const char* needle, uint32_t n) {
  bool saw_unknown = false;
  const Value* e = list.items;
  const Value* end = e + list.size;
  if (n >= 8) {
    const uint64_t head = load_u64(needle);
    for (; e != end; ++e) {
      if (e->kind == ValueKind::kString) {
        if (e->size == n && load_u64(e->chars) == head && same_bytes(e->chars, needle, n)) return Value::of_bool(true);
      } else {
        saw_unknown |= e->is_unknown();
      }
    }
  } else {
    for (; e != end; ++e) {
      if (e->kind == ValueKind::kString) {
        if (e->size == n && same_bytes(e->chars, needle, n)) return Value::of_bool(true);
      } else {
        saw_unknown |= e->is_unknown();
      }
    }
  }
  return saw_unknown ? Value::unknown() : Value::of_bool(false);
}

}  // namespace

template <bool kTrace>
bool execute(ExecContext& ctx, uint32_t entry_index, Value* result) {
  const Program& program = *ctx.program;
  const Entry& entry = program.entries[entry_index];
  const Instruction* code = program.code.data();
  const Value* constants = program.constants.data();
  const Value* slots = ctx.slots;
  Value* locals = ctx.locals;
  Value* sp = ctx.stack;  // INVARIANT: sp points one past the top
  const Instruction* ip = code + entry.start;  // the instruction being run
  std::string& error = ctx.error;

#define EDICT_FAIL(message) \
  do {                      \
    error = (message);      \
    return false;           \
  } while (0)
#define EDICT_CHECK(call) \
  do {                    \
    if (!(call)) return false; \
  } while (0)

  // Dispatch. With GCC and clang: a table of label addresses generated from
  // EDICT_OPCODES, one indirect jump at the end of each handler (computed goto), so
  // each op's jump has its own history in the branch predictor. A handler missing for
  // an op is then a compile error (an undefined label). Other compilers: a switch
  // without default in a loop (-Wswitch names a missing op).
#if EDICT_COMPUTED_GOTO
#define EDICT_LABEL_ADDRESS(name, a, b, c, pops, pushes, jump_pushes, flags, meaning) &&op_##name,
  static void* const kDispatch[] = {EDICT_OPCODES(EDICT_LABEL_ADDRESS)};
#undef EDICT_LABEL_ADDRESS
  static_assert(sizeof(kDispatch) / sizeof(kDispatch[0]) == static_cast<size_t>(kOpCount));
#define EDICT_OP(name) op_##name:
#define EDICT_DISPATCH goto* kDispatch[static_cast<uint8_t>(ip->op)]
#else
#define EDICT_OP(name) case Op::name:
#define EDICT_DISPATCH goto dispatch
#endif
  // The operands are read from *ip by the handlers that use them, not decoded up front.
#define EDICT_NEXT \
  do {             \
    ++ip;          \
    EDICT_DISPATCH; \
  } while (0)
#define EDICT_JUMP(target)  \
  do {                      \
    ip = code + (target);   \
    EDICT_DISPATCH;         \
  } while (0)
#if EDICT_COMPUTED_GOTO
  EDICT_DISPATCH;
  {
#else
dispatch:
  switch (ip->op) {
#endif
      EDICT_OP(CONST)
        *sp++ = constants[ip->c];
        EDICT_NEXT;
      EDICT_OP(SLOT) {
        const Value& v = slots[ip->c];
        if (v.kind == ValueKind::kError) EDICT_FAIL(std::string(v.str()));
        *sp++ = v;
        EDICT_NEXT;
      }
      EDICT_OP(LOCAL)
        *sp++ = locals[ip->c];
        EDICT_NEXT;
      EDICT_OP(STORE_LOCAL)
        locals[ip->c] = *--sp;
        EDICT_NEXT;
      EDICT_OP(POP)
        --sp;
        EDICT_NEXT;
      EDICT_OP(MEMBER) {
        Value& base = sp[-1];
        if (base.kind == ValueKind::kMap) {
          const Value* v = find_field(base, constants[ip->c].str());
          if (v && v->kind != ValueKind::kNull && v->kind != ValueKind::kError) {
            base = *v;
            EDICT_NEXT;
          }
        }
        if constexpr (kTrace) {
          if (base.kind == ValueKind::kMap) {
            ctx.trace->note_absent("field `" + std::string(constants[ip->c].str()) +
                                   "` is absent: the host did not report it");
          }
        }
        EDICT_CHECK(op_member(base, constants[ip->c].str(), &base, &error));
        EDICT_NEXT;
      }
      EDICT_OP(INDEX)
        --sp;
        if constexpr (kTrace) trace_absent_index(ctx, sp[-1], sp[0], ctx.trace);
        EDICT_CHECK(op_index(sp[-1], sp[0], &sp[-1], &error));
        EDICT_NEXT;
      EDICT_OP(NOT) {
        Value& v = sp[-1];
        if (v.kind == ValueKind::kBool) v.boolean = !v.boolean;
        else if (!v.is_unknown()) EDICT_FAIL(std::string("`not` needs a bool, got ") + a_kind(v.kind));
        EDICT_NEXT;
      }
      EDICT_OP(NEG) {
        Value& v = sp[-1];
        if (v.kind == ValueKind::kInt) {
          if (v.integer == INT64_MIN) EDICT_FAIL("integer overflow");
          v.integer = -v.integer;
        } else if (v.kind == ValueKind::kFloat) {
          v.number = -v.number;
        } else if (!v.is_unknown()) {
          EDICT_FAIL(std::string("cannot negate ") + a_kind(v.kind));
        }
        EDICT_NEXT;
      }
      // One handler per op (no arithmetic on the enum's order).
#define EDICT_ARITH(name, kind)                                                  \
  EDICT_OP(name) {                                                               \
    --sp;                                                                        \
    EDICT_CHECK(op_arith(kind, sp[-1], sp[0], *ctx.scratch, &sp[-1], &error));   \
    EDICT_NEXT;                                                                  \
  }
#define EDICT_COMPARE(name, kind)                                  \
  EDICT_OP(name) {                                                 \
    --sp;                                                          \
    EDICT_CHECK(op_compare(kind, sp[-1], sp[0], &sp[-1], &error)); \
    EDICT_NEXT;                                                    \
  }
      EDICT_ARITH(ADD, ArithOp::kAdd)
      EDICT_ARITH(SUB, ArithOp::kSub)
      EDICT_ARITH(MUL, ArithOp::kMul)
      EDICT_ARITH(DIV, ArithOp::kDiv)
      EDICT_ARITH(MOD, ArithOp::kMod)
      EDICT_COMPARE(EQ, CompareOp::kEq)
      EDICT_COMPARE(NE, CompareOp::kNe)
      EDICT_COMPARE(LT, CompareOp::kLt)
      EDICT_COMPARE(LE, CompareOp::kLe)
      EDICT_COMPARE(GT, CompareOp::kGt)
      EDICT_COMPARE(GE, CompareOp::kGe)
#undef EDICT_ARITH
#undef EDICT_COMPARE
      EDICT_OP(EQ_CONST) {
        Value& a = sp[-1];
        const Value& b = constants[ip->c];
        // Fast path: string == string literal (`os.family == "windows"`).
        if (a.kind == ValueKind::kString && b.kind == ValueKind::kString) {
          a = Value::of_bool(a.size == b.size && same_bytes(a.chars, b.chars, a.size));
        } else {
          EDICT_CHECK(op_compare(CompareOp::kEq, a, b, &a, &error));
        }
        EDICT_NEXT;
      }
      EDICT_OP(GE_CONST) {
        Value& a = sp[-1];
        const Value& b = constants[ip->c];
        if (a.kind == ValueKind::kInt && b.kind == ValueKind::kInt) {
          a = Value::of_bool(a.integer >= b.integer);
        } else {
          EDICT_CHECK(op_compare(CompareOp::kGe, a, b, &a, &error));
        }
        EDICT_NEXT;
      }
      EDICT_OP(IN)
        --sp;
        EDICT_CHECK(op_in(sp[-1], sp[0], &sp[-1], &error));
        EDICT_NEXT;
      EDICT_OP(NOT_IN) {
        --sp;
        EDICT_CHECK(op_in(sp[-1], sp[0], &sp[-1], &error));
        if (sp[-1].kind == ValueKind::kBool) sp[-1].boolean = !sp[-1].boolean;
        EDICT_NEXT;
      }
      EDICT_OP(IN_SLOT) {
        const Value& container = slots[ip->c];
        if (container.kind == ValueKind::kError) EDICT_FAIL(std::string(container.str()));
        Value& item = sp[-1];
        if (item.kind == ValueKind::kString && container.kind == ValueKind::kList) {
          // `"KB4493471" in windows.hotfixes`: the hot case. A list many rules test has a
          // hashed view built at bind time (bind_index.h); others are scanned.
          const StringListIndex* index = ctx.slot_indexes ? ctx.slot_indexes[ip->c] : nullptr;
          item = index ? index->contains(item.str()) : scan_strings(container, item.chars, item.size);
          EDICT_NEXT;
        }
        EDICT_CHECK(op_in(item, container, &item, &error));
        EDICT_NEXT;
      }
      EDICT_OP(CONTAINS)
        --sp;
        EDICT_CHECK(op_in(sp[0], sp[-1], &sp[-1], &error));
        EDICT_NEXT;
      EDICT_OP(MATCHES)
        --sp;
        EDICT_CHECK(op_matches_dynamic(sp[-1], sp[0], &sp[-1], &error));
        EDICT_NEXT;
      EDICT_OP(MATCHES_CONST) {
        Value& v = sp[-1];
        if (v.kind == ValueKind::kString) {
          v = Value::of_bool(re2::RE2::PartialMatch(re2::StringPiece(v.chars, v.size), *program.regexes[ip->c]));
        } else if (!v.is_unknown()) {
          EDICT_FAIL(std::string("`matches` needs a string, got ") + a_kind(v.kind));
        }
        EDICT_NEXT;
      }
      EDICT_OP(STARTS_WITH)
      EDICT_OP(ENDS_WITH) {
        --sp;
        auto op = ip->op == Op::STARTS_WITH ? StringTest::kStartsWith : StringTest::kEndsWith;
        EDICT_CHECK(op_string_test(op, sp[-1], sp[0], &sp[-1], &error));
        EDICT_NEXT;
      }
      EDICT_OP(AND_TEST) {
        const Value& v = sp[-1];
        if (v.kind == ValueKind::kBool) {
          if (!v.boolean) EDICT_JUMP(ip->c);
        } else if (!v.is_unknown()) {
          EDICT_FAIL(std::string("`and` needs bools, got ") + a_kind(v.kind));
        }
        EDICT_NEXT;
      }
      EDICT_OP(AND_JOIN) {
        const Value b = *--sp;
        Value& a = sp[-1];  // true or unknown
        if (b.kind == ValueKind::kBool) {
          if (!b.boolean) a = b;  // false wins
        } else if (b.is_unknown()) {
          a = b;
        } else {
          EDICT_FAIL(std::string("`and` needs bools, got ") + a_kind(b.kind));
        }
        EDICT_NEXT;
      }
      EDICT_OP(AND_JOIN_TEST) {
        // AND_JOIN, then AND_TEST on its result (a bool or unknown: no kind check needed).
        const Value b = *--sp;
        Value& a = sp[-1];  // true or unknown
        if (b.kind == ValueKind::kBool) {
          if (!b.boolean) {
            a = b;  // false wins, and is the result of the enclosing `and`
            EDICT_JUMP(ip->c);
          }
        } else if (b.is_unknown()) {
          a = b;
        } else {
          EDICT_FAIL(std::string("`and` needs bools, got ") + a_kind(b.kind));
        }
        EDICT_NEXT;
      }
      EDICT_OP(OR_TEST) {
        const Value& v = sp[-1];
        if (v.kind == ValueKind::kBool) {
          if (v.boolean) EDICT_JUMP(ip->c);
        } else if (!v.is_unknown()) {
          EDICT_FAIL(std::string("`or` needs bools, got ") + a_kind(v.kind));
        }
        EDICT_NEXT;
      }
      EDICT_OP(OR_JOIN) {
        const Value b = *--sp;
        Value& a = sp[-1];  // false or unknown
        if (b.kind == ValueKind::kBool) {
          if (b.boolean) a = b;  // true wins
        } else if (b.is_unknown()) {
          a = b;
        } else {
          EDICT_FAIL(std::string("`or` needs bools, got ") + a_kind(b.kind));
        }
        EDICT_NEXT;
      }
      EDICT_OP(COALESCE)
        if (!sp[-1].is_unknown()) EDICT_JUMP(ip->c);
        --sp;
        EDICT_NEXT;
      EDICT_OP(IF_TEST) {
        const Value& v = sp[-1];
        if (v.is_unknown()) EDICT_JUMP(ip->c);
        if (v.kind != ValueKind::kBool) EDICT_FAIL(std::string("`if` needs a bool condition, got ") + a_kind(v.kind));
        EDICT_NEXT;
      }
      EDICT_OP(JUMP_IF_FALSE)
        if (!(--sp)->boolean) EDICT_JUMP(ip->c);
        EDICT_NEXT;
      EDICT_OP(JUMP)
        EDICT_JUMP(ip->c);
      EDICT_OP(CALL) {
        auto id = static_cast<Builtin>(ip->c);
        sp -= ip->a;
        const BuiltinInfo& info = builtin_info(id);
        bool any_unknown = false;
        if (info.flags != BuiltinFlags::kUnknownAware) {
          for (uint32_t i = 0; i < ip->a; ++i) any_unknown |= sp[i].is_unknown();
        }
        if (any_unknown) {
          *sp++ = Value::unknown();
          EDICT_NEXT;
        }
        BuiltinContext bctx{ctx.scratch, ctx.now};
        Value out;
        EDICT_CHECK(call_builtin(id, sp, ip->a, bctx, &out, &error));
        *sp++ = out;
        if (ctx.scratch->bytes_allocated() > kMaxScratchBytes) EDICT_FAIL("the evaluation used more memory than allowed");
        EDICT_NEXT;
      }
      EDICT_OP(LIST) {
        sp -= ip->c;
        Value* items = ctx.scratch->allocate_array<Value>(ip->c);
        std::copy(sp, sp + ip->c, items);
        *sp++ = Value::of_list(items, ip->c);
        EDICT_NEXT;
      }
      EDICT_OP(MAP) {
        sp -= 2 * ip->c;
        MapEntry* entries = ctx.scratch->allocate_array<MapEntry>(ip->c);
        for (uint32_t i = 0; i < ip->c; ++i) {
          if (sp[2 * i].kind != ValueKind::kString) EDICT_FAIL("map keys must be strings");
          entries[i].key = sp[2 * i].str();
          entries[i].value = sp[2 * i + 1];
        }
        *sp++ = make_map(entries, ip->c);
        EDICT_NEXT;
      }
      EDICT_OP(ITER_INIT) {
        const Value xs = *--sp;
        auto kind = static_cast<QuantKind>(ip->a);
        locals[ip->b] = xs;  // TRACE_QUANT tells an empty or unknown collection by it
        if (xs.is_unknown()) {
          *sp++ = Value::unknown();
          EDICT_JUMP(ip->c);
        }
        if (xs.kind != ValueKind::kList && xs.kind != ValueKind::kMap) {
          EDICT_FAIL(std::string("`") + quant_word(kind) + "` needs a list or a map, got " + a_kind(xs.kind));
        }
        if (xs.size == 0) {
          *sp++ = quant_empty_result(kind, *ctx.scratch);
          EDICT_JUMP(ip->c);
        }
        Value* q = locals + ip->b;
        q[0] = xs;
        q[1] = Value::of_int(0);  // cursor; size = "saw an unknown predicate"
        q[2] = quant_element(xs, 0, *ctx.scratch);
        if (kind == QuantKind::kCount) q[3] = Value::of_int(0);
        if (kind == QuantKind::kFilter) q[3] = Value::of_list(ctx.scratch->allocate_array<Value>(xs.size), 0);
        EDICT_NEXT;
      }
      EDICT_OP(QUANT_STEP) {
        const Value p = *--sp;
        auto kind = static_cast<QuantKind>(ip->a);
        Value* q = locals + ip->b;
        if (ctx.steps_left == 0) EDICT_FAIL("the step budget ran out (quantifiers walked too many elements)");
        --ctx.steps_left;
        bool decided = false;
        Value decision;
        if (p.kind == ValueKind::kBool) {
          switch (kind) {
            case QuantKind::kAll:
              if (!p.boolean) { decided = true; decision = Value::of_bool(false); }
              break;
            case QuantKind::kAny:
              if (p.boolean) { decided = true; decision = Value::of_bool(true); }
              break;
            case QuantKind::kNone:
              if (p.boolean) { decided = true; decision = Value::of_bool(false); }
              break;
            case QuantKind::kCount:
              if (p.boolean) ++q[3].integer;
              break;
            case QuantKind::kFilter:
              if (p.boolean) {
                const_cast<Value*>(q[3].items)[q[3].size] = q[2];
                ++q[3].size;
              }
              break;
          }
        } else if (p.is_unknown()) {
          q[1].size = 1;
        } else {
          EDICT_FAIL(std::string("the condition of `") + quant_word(kind) + "` must be a bool, got " + a_kind(p.kind));
        }
        if (decided) {
          *sp++ = decision;
          EDICT_NEXT;
        }
        int64_t next = q[1].integer + 1;
        if (next < q[0].size) {
          q[1].integer = next;
          q[2] = quant_element(q[0], next, *ctx.scratch);
          EDICT_JUMP(ip->c);
        }
        bool unknown = q[1].size != 0;
        switch (kind) {
          case QuantKind::kAll: *sp++ = unknown ? Value::unknown() : Value::of_bool(true); break;
          case QuantKind::kAny: *sp++ = unknown ? Value::unknown() : Value::of_bool(false); break;
          case QuantKind::kNone: *sp++ = unknown ? Value::unknown() : Value::of_bool(true); break;
          case QuantKind::kCount:
          case QuantKind::kFilter: *sp++ = unknown ? Value::unknown() : q[3]; break;
        }
        if (ctx.scratch->bytes_allocated() > kMaxScratchBytes) EDICT_FAIL("the evaluation used more memory than allowed");
        EDICT_NEXT;
      }
      EDICT_OP(SCAN_FIELD_EQ) {
        // The loop ITER_INIT a; LOCAL; MEMBER K[b]; EQ_CONST K[c]; QUANT_STEP a runs, step
        // by step in the same order: same results, same errors, same budget.
        Value& top = sp[-1];
        const Value xs = top;
        auto kind = static_cast<QuantKind>(ip->a);
        if (xs.is_unknown()) {
          top = Value::unknown();
          EDICT_NEXT;
        }
        if (xs.kind != ValueKind::kList && xs.kind != ValueKind::kMap) {
          EDICT_FAIL(std::string("`") + quant_word(kind) + "` needs a list or a map, got " + a_kind(xs.kind));
        }
        if (xs.size == 0) {
          top = quant_empty_result(kind, *ctx.scratch);
          EDICT_NEXT;
        }
        EDICT_CHECK(scan_field_eq(kind, xs, constants[ip->b].str(), constants[ip->c], ctx, &top));
        EDICT_NEXT;
      }
      EDICT_OP(TRACE)
        if constexpr (kTrace) {
          ctx.trace->values[ip->c] = sp[-1];
          ctx.trace->hit[ip->c] = 1;
        }
        EDICT_NEXT;
      EDICT_OP(TRACE_QUANT)
        if constexpr (kTrace) trace_quantifier(program, *ip, locals, sp[-1], ctx.trace);
        EDICT_NEXT;
      EDICT_OP(RETURN)
        *result = *--sp;
        return true;
  }
#if EDICT_COMPUTED_GOTO
  __builtin_unreachable();
#else
  EDICT_FAIL("an opcode without a handler");  // INVARIANT: the verifier admits table ops only
#endif
#undef EDICT_OP
#undef EDICT_NEXT
#undef EDICT_JUMP
#undef EDICT_DISPATCH
#undef EDICT_FAIL
#undef EDICT_CHECK
}

template bool execute<false>(ExecContext&, uint32_t, Value*);
template bool execute<true>(ExecContext&, uint32_t, Value*);

}  // namespace edict
