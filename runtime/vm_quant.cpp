// The quantifiers' walks out of the interpreter loop (vm_quant.h): SCAN_FIELD_EQ's loop
// and the results over an empty collection.
#include "runtime/vm_quant.h"

#include "runtime/builtins.h"

namespace edict {

namespace {

// One element of SCAN_FIELD_EQ the general way: MEMBER K[b] then EQ_CONST K[c] on
// element i (a map's elements are {key, value} records). Out of line: the rare cases.
[[gnu::noinline]] bool element_field_eq(const Value& xs, uint32_t i, std::string_view name, const Value& k,
                                        ExecContext& ctx, Value* out) {
  Value v = quant_element(xs, i, *ctx.scratch);
  const Value* f = v.kind == ValueKind::kMap ? find_field(v, name) : nullptr;
  if (f && f->kind != ValueKind::kNull && f->kind != ValueKind::kError) {
    v = *f;
  } else if (!op_member(v, name, &v, &ctx.error)) {
    return false;
  }
  if (v.kind == ValueKind::kString && k.kind == ValueKind::kString) {
    *out = Value::of_bool(v.size == k.size && same_bytes(v.chars, k.chars, v.size));
    return true;
  }
  return op_compare(CompareOp::kEq, v, k, out, &ctx.error);
}

}  // namespace

Value quant_empty_result(QuantKind kind, Arena& /*scratch: an empty result allocates nothing*/) {
  switch (kind) {
    case QuantKind::kAll: return Value::of_bool(true);
    case QuantKind::kAny: return Value::of_bool(false);
    case QuantKind::kNone: return Value::of_bool(true);
    case QuantKind::kCount: return Value::of_int(0);
    case QuantKind::kFilter: return Value::of_list(nullptr, 0);
  }
  return Value::unknown();
}

// SCAN_FIELD_EQ's walk over a non-empty list or map: per element exactly what LOCAL,
// MEMBER K[b], EQ_CONST K[c] and QUANT_STEP do (same unknowns, errors and one step of
// the budget each), in a loop of its own so the hot path keeps its values in registers.
// False with ctx.error set on a run-time error; else *out is the quantifier's result.
bool scan_field_eq(QuantKind kind, const Value& xs, std::string_view name, const Value& k, ExecContext& ctx,
                   Value* out) {
  // all: a false element decides false; any: a true one decides true; none: a true one decides false.
  const bool deciding = kind != QuantKind::kAll;
  const bool string_constant = k.kind == ValueKind::kString;
  bool saw_unknown = false;
  uint64_t steps = ctx.steps_left;
  const bool list = xs.kind == ValueKind::kList;
  auto out_of_steps = [&ctx] {
    ctx.steps_left = 0;
    ctx.error = "the step budget ran out (quantifiers walked too many elements)";
    return false;
  };
  for (uint32_t i = 0; i < xs.size; ++i) {
    const Value* f;
    // The hot case, with no Value whose address escapes: a record of a list whose field
    // is a string, compared with a string constant.
    if (list && string_constant && xs.items[i].kind == ValueKind::kMap &&
        (f = find_field(xs.items[i], name)) != nullptr && f->kind == ValueKind::kString) {
      bool equal = f->size == k.size && same_bytes(f->chars, k.chars, f->size);
      if (steps == 0) return out_of_steps();
      --steps;
      if (equal == deciding) {
        ctx.steps_left = steps;
        *out = Value::of_bool(kind == QuantKind::kAny);
        return true;
      }
      continue;
    }
    Value v;
    if (!element_field_eq(xs, i, name, k, ctx, &v)) {
      ctx.steps_left = steps;
      return false;
    }
    if (steps == 0) return out_of_steps();
    --steps;
    if (v.kind == ValueKind::kBool) {
      if (v.boolean == deciding) {
        ctx.steps_left = steps;
        *out = Value::of_bool(kind == QuantKind::kAny);
        return true;
      }
    } else if (v.is_unknown()) {
      saw_unknown = true;
    } else {
      ctx.steps_left = steps;
      ctx.error = std::string("the condition of `") + quant_word(kind) + "` must be a bool, got " + a_kind(v.kind);
      return false;
    }
  }
  ctx.steps_left = steps;
  *out = saw_unknown ? Value::unknown() : Value::of_bool(kind != QuantKind::kAny);
  if (ctx.scratch->bytes_allocated() > kMaxScratchBytes) {
    ctx.error = "the evaluation used more memory than allowed";
    return false;
  }
  return true;
}

}  // namespace edict
