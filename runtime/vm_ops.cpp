// The VM's operators on Values: comparison, arithmetic, membership, strings, member and
// index access. Constant folding runs these through the VM too, so there is one
// definition of each operator's meaning.
#include <re2/re2.h>

#include <cmath>
#include <cstring>

#include "runtime/vm_internal.h"

namespace edict {

namespace {

const char* compare_spelling(CompareOp op) {
  static const char* const kSpelling[] = {"==", "!=", "<", "<=", ">", ">="};
  return kSpelling[static_cast<int>(op)];
}

double as_double(const Value& v) { return v.kind == ValueKind::kInt ? static_cast<double>(v.integer) : v.number; }

bool cmp_result(CompareOp op, int c) {
  switch (op) {
    case CompareOp::kEq: return c == 0;
    case CompareOp::kNe: return c != 0;
    case CompareOp::kLt: return c < 0;
    case CompareOp::kLe: return c <= 0;
    case CompareOp::kGt: return c > 0;
    case CompareOp::kGe: return c >= 0;
  }
  return false;
}

std::string type_error(const char* what, const Value& a, const Value& b) {
  return std::string("cannot ") + what + " " + a_kind(a.kind) + " and " + a_kind(b.kind);
}

}  // namespace

bool op_compare(CompareOp op, const Value& a, const Value& b, Value* out, std::string* error) {
  if (a.is_unknown() || b.is_unknown()) {
    *out = Value::unknown();
    return true;
  }
  int c;
  if (a.kind == ValueKind::kInt && b.kind == ValueKind::kInt) {
    c = a.integer < b.integer ? -1 : (a.integer > b.integer ? 1 : 0);
  } else if (a.is_number() && b.is_number()) {
    double x = as_double(a), y = as_double(b);
    if (std::isnan(x) || std::isnan(y)) {
      *out = Value::of_bool(op == CompareOp::kNe);
      return true;
    }
    c = x < y ? -1 : (x > y ? 1 : 0);
  } else if (a.kind == ValueKind::kString && b.kind == ValueKind::kString) {
    int r = a.str().compare(b.str());
    c = r < 0 ? -1 : (r > 0 ? 1 : 0);
  } else if (a.kind == ValueKind::kVersion && b.kind == ValueKind::kVersion) {
    c = compare_versions(a, b);
  } else if (op == CompareOp::kEq || op == CompareOp::kNe) {
    // Equality is defined between values of one kind, and against null.
    if (a.kind == ValueKind::kNull || b.kind == ValueKind::kNull || a.kind == b.kind) {
      bool equal = values_equal(a, b);
      *out = Value::of_bool(op == CompareOp::kEq ? equal : !equal);
      return true;
    }
    *error = std::string("cannot compare ") + a_kind(a.kind) + " with " + a_kind(b.kind) + " using `" +
             compare_spelling(op) + "`";
    return false;
  } else {
    *error = std::string("cannot order ") + a_kind(a.kind) + " against " + a_kind(b.kind) + " with `" +
             compare_spelling(op) + "`";
    return false;
  }
  *out = Value::of_bool(cmp_result(op, c));
  return true;
}

bool op_arith(ArithOp op, const Value& a, const Value& b, Arena& scratch, Value* out, std::string* error) {
  if (a.is_unknown() || b.is_unknown()) {
    *out = Value::unknown();
    return true;
  }
  if (a.kind == ValueKind::kInt && b.kind == ValueKind::kInt) {
    int64_t r = 0;
    bool overflow = false;
    switch (op) {
      case ArithOp::kAdd: overflow = __builtin_add_overflow(a.integer, b.integer, &r); break;
      case ArithOp::kSub: overflow = __builtin_sub_overflow(a.integer, b.integer, &r); break;
      case ArithOp::kMul: overflow = __builtin_mul_overflow(a.integer, b.integer, &r); break;
      case ArithOp::kDiv:
      case ArithOp::kMod:
        if (b.integer == 0) {
          *error = op == ArithOp::kDiv ? "division by zero" : "modulo by zero";
          return false;
        }
        if (a.integer == INT64_MIN && b.integer == -1) {
          overflow = true;
          break;
        }
        r = op == ArithOp::kDiv ? a.integer / b.integer : a.integer % b.integer;
        break;
    }
    if (overflow) {
      *error = "integer overflow";
      return false;
    }
    *out = Value::of_int(r);
    return true;
  }
  if (a.is_number() && b.is_number()) {
    double x = as_double(a), y = as_double(b), r = 0;
    switch (op) {
      case ArithOp::kAdd: r = x + y; break;
      case ArithOp::kSub: r = x - y; break;
      case ArithOp::kMul: r = x * y; break;
      case ArithOp::kDiv:
      case ArithOp::kMod:
        if (y == 0) {
          *error = op == ArithOp::kDiv ? "division by zero" : "modulo by zero";
          return false;
        }
        r = op == ArithOp::kDiv ? x / y : std::fmod(x, y);
        break;
    }
    // Finite facts can still overflow to inf, and inf - inf is NaN, which every
    // comparison calls false: `not (x >= 90.0)` would pass. Not a number is an error.
    if (!std::isfinite(r)) {
      *error = "the result is not a finite number (float overflow)";
      return false;
    }
    *out = Value::of_float(r);
    return true;
  }
  // `+` is the one operator whose result can double at every step (`let b = a + a`
  // chains are folded without inlining): check the budget BEFORE allocating, or a
  // short policy asks for gigabytes and, past 4 GiB, Value::size wraps around.
  auto over_budget = [&](size_t bytes) {
    if (scratch.bytes_allocated() + bytes <= kMaxScratchBytes) return false;
    *error = "the evaluation used more memory than allowed";
    return true;
  };
  if (op == ArithOp::kAdd && a.kind == ValueKind::kString && b.kind == ValueKind::kString) {
    if (a.size == 0) { *out = b; return true; }
    if (b.size == 0) { *out = a; return true; }
    if (over_budget(static_cast<size_t>(a.size) + b.size)) return false;
    char* p = scratch.allocate_array<char>(static_cast<size_t>(a.size) + b.size + 1);
    std::memcpy(p, a.chars, a.size);
    std::memcpy(p + a.size, b.chars, b.size);
    *out = Value::of_string({p, static_cast<size_t>(a.size) + b.size});
    return true;
  }
  if (op == ArithOp::kAdd && a.kind == ValueKind::kList && b.kind == ValueKind::kList) {
    if (a.size == 0) { *out = b; return true; }
    if (b.size == 0) { *out = a; return true; }
    if (over_budget((static_cast<size_t>(a.size) + b.size) * sizeof(Value))) return false;
    Value* items = scratch.allocate_array<Value>(static_cast<size_t>(a.size) + b.size);
    std::copy(a.items, a.items + a.size, items);
    std::copy(b.items, b.items + b.size, items + a.size);
    *out = Value::of_list(items, a.size + b.size);
    return true;
  }
  static const char* const kVerb[] = {"add", "subtract", "multiply", "divide", "take the remainder of"};
  *error = type_error(kVerb[static_cast<int>(op)], a, b);
  return false;
}

bool op_in(const Value& a, const Value& b, Value* out, std::string* error) {
  if (a.is_unknown() || b.is_unknown()) {
    *out = Value::unknown();
    return true;
  }
  switch (b.kind) {
    case ValueKind::kList: {
      bool saw_unknown = false;
      if (a.kind == ValueKind::kString) {
        // The common case (`"KB4493471" in windows.hotfixes`): compare sizes first.
        for (uint32_t i = 0; i < b.size; ++i) {
          const Value& e = b.items[i];
          if (e.kind == ValueKind::kString && e.size == a.size && std::memcmp(e.chars, a.chars, a.size) == 0) {
            *out = Value::of_bool(true);
            return true;
          }
          saw_unknown |= e.is_unknown();
        }
      } else {
        for (uint32_t i = 0; i < b.size; ++i) {
          if (values_equal(a, b.items[i])) {
            *out = Value::of_bool(true);
            return true;
          }
          saw_unknown |= b.items[i].is_unknown();
        }
      }
      *out = saw_unknown ? Value::unknown() : Value::of_bool(false);
      return true;
    }
    case ValueKind::kMap:
      if (a.kind != ValueKind::kString) {
        *error = std::string("map keys are strings; cannot look up ") + a_kind(a.kind) + " with `in`";
        return false;
      }
      *out = Value::of_bool(map_find(b, a.str()) != nullptr);
      return true;
    case ValueKind::kString:
      if (a.kind != ValueKind::kString) {
        *error = std::string("cannot look for ") + a_kind(a.kind) + " inside a string";
        return false;
      }
      *out = Value::of_bool(b.str().find(a.str()) != std::string_view::npos);
      return true;
    default:
      *error = std::string("`in` needs a list, map or string on its right, got ") + a_kind(b.kind);
      return false;
  }
}

bool op_string_test(StringTest op, const Value& a, const Value& b, Value* out, std::string* error) {
  if (a.is_unknown() || b.is_unknown()) {
    *out = Value::unknown();
    return true;
  }
  if (a.kind != ValueKind::kString || b.kind != ValueKind::kString) {
    *error = std::string("`") + (op == StringTest::kStartsWith ? "startswith" : "endswith") +
             "` needs two strings, got " + a_kind(a.kind) + " and " + a_kind(b.kind);
    return false;
  }
  std::string_view s = a.str(), t = b.str();
  bool r = op == StringTest::kStartsWith ? s.substr(0, t.size()) == t
                                         : (s.size() >= t.size() && s.substr(s.size() - t.size()) == t);
  *out = Value::of_bool(r);
  return true;
}

bool op_member(const Value& base, std::string_view name, Value* out, std::string* error) {
  switch (base.kind) {
    case ValueKind::kUnknown:
    case ValueKind::kNull:  // a null field inside facts is as good as missing
      *out = Value::unknown();
      return true;
    case ValueKind::kMap: {
      const Value* v = map_find(base, name);
      if (!v || v->kind == ValueKind::kNull) {
        *out = Value::unknown();
        return true;
      }
      if (v->kind == ValueKind::kError) {
        *error = std::string(v->str());
        return false;
      }
      *out = *v;
      return true;
    }
    default:
      *error = std::string("cannot read field `") + std::string(name) + "` of " + a_kind(base.kind);
      return false;
  }
}

bool op_index(const Value& base, const Value& index, Value* out, std::string* error) {
  if (base.is_unknown() || index.is_unknown() || base.kind == ValueKind::kNull) {
    *out = Value::unknown();
    return true;
  }
  const Value* v = nullptr;
  if (base.kind == ValueKind::kList) {
    if (index.kind != ValueKind::kInt) {
      *error = std::string("a list index must be an int, got ") + a_kind(index.kind);
      return false;
    }
    int64_t i = index.integer < 0 ? index.integer + base.size : index.integer;  // -1 is the last
    if (i >= 0 && i < base.size) v = &base.items[i];
  } else if (base.kind == ValueKind::kMap) {
    if (index.kind != ValueKind::kString) {
      *error = std::string("a map key must be a string, got ") + a_kind(index.kind);
      return false;
    }
    v = map_find(base, index.str());
  } else {
    *error = std::string("cannot index ") + a_kind(base.kind);
    return false;
  }
  if (!v || v->kind == ValueKind::kNull) {
    *out = Value::unknown();  // out of range or absent: the fact is not there
    return true;
  }
  if (v->kind == ValueKind::kError) {
    *error = std::string(v->str());
    return false;
  }
  *out = *v;
  return true;
}

bool op_matches_dynamic(const Value& text, const Value& pattern, Value* out, std::string* error) {
  if (text.is_unknown() || pattern.is_unknown()) {
    *out = Value::unknown();
    return true;
  }
  if (text.kind != ValueKind::kString || pattern.kind != ValueKind::kString) {
    *error = std::string("`matches` needs a string and a pattern string, got ") + a_kind(text.kind) +
             " and " + a_kind(pattern.kind);
    return false;
  }
  std::string why;
  auto re = compile_regex(pattern.str(), &why);
  if (!re) {
    *error = "invalid pattern " + to_display(pattern) + ": " + why;
    return false;
  }
  *out = Value::of_bool(re2::RE2::PartialMatch(re2::StringPiece(text.chars, text.size), *re));
  return true;
}

}  // namespace edict
