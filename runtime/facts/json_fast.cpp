// JSON facts through simdjson On-Demand (see json_fast.h). Every rule here mirrors
// convert.cpp's for a value the full path accepts; everything convert.cpp would turn
// into a diagnostic or an error value is `return false` (give up) instead.
#include "runtime/facts/json_fast.h"

#ifdef EDICT_HAVE_SIMDJSON

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace edict::internal {

namespace {

namespace od = simdjson::ondemand;

// A thread's working memory, reused from document to document (a fleet worker loads
// thousands): the items and entries of the lists and maps being built, as stacks (a
// nested list or map pushes above its parent's and pops back before the parent ends),
// and the dotted path of the namespace being walked. A vector per list and map, and a
// string per namespace key, were ~60 allocations per fleet host.
struct FastScratch {
  std::vector<Value> items;
  std::vector<MapEntry> entries;
  std::string path;
  void clear() {
    items.clear();
    entries.clear();
    path.clear();
  }
  // After a document with huge lists or maps, give their memory back (json_fast.h).
  void trim() {
    if (items.capacity() * sizeof(Value) > kFastScratchKeepBytes) std::vector<Value>().swap(items);
    if (entries.capacity() * sizeof(MapEntry) > kFastScratchKeepBytes) std::vector<MapEntry>().swap(entries);
  }
};

class FastConverter {
 public:
  FastConverter(const FactSchema& schema, const FactsLimits& limits, Arena& arena, FastScratch& scratch)
      : schema_(schema), limits_(limits), arena_(arena), scratch_(scratch) {}

  // The namespaces down to declared facts (convert_document's walker). scratch_.path is
  // the dotted path of `object`, "" at the root.
  bool walk(od::object object, uint32_t depth, Value* out) {
    if (depth > limits_.max_depth) return false;
    std::string& path = scratch_.path;
    const size_t path_size = path.size();
    const size_t base = scratch_.entries.size();
    bool ok = each_field(object, [&](std::string_view key, od::value value) {
      path.resize(path_size);
      if (path_size > 0) path += '.';
      path += key;
      const std::string& child = path;
      Value v;
      if (const FactDecl* decl = schema_.find(child)) {
        if (!typed(value, *decl->type, depth + 1, &v)) return false;
      } else if (!schema_.is_namespace(child)) {
        if (!as_is(value, depth + 1, &v)) return false;
      } else {
        od::json_type type;
        if (value.type().get(type)) return false;
        if (type == od::json_type::null) {
          if (!is_null(value)) return false;
          v = Value();  // a null namespace: not collected
        } else if (type == od::json_type::object) {
          od::object inner;
          if (value.get_object().get(inner) || !walk(inner, depth + 1, &v)) return false;
        } else {
          return false;  // "expected a map of facts": an error value in the full path
        }
      }
      scratch_.entries.push_back(MapEntry{key, v});
      return true;
    });
    path.resize(path_size);
    return ok && finish_map(base, out);
  }

 private:
  // A value kept as it is (convert_as_is).
  bool as_is(od::value value, uint32_t depth, Value* out) {
    od::json_type type;
    if (value.type().get(type)) return false;
    switch (type) {
      case od::json_type::null:
        if (!is_null(value)) return false;
        *out = Value::null();
        return true;
      case od::json_type::boolean: {
        bool b;
        if (value.get_bool().get(b)) return false;
        *out = Value::of_bool(b);
        return true;
      }
      case od::json_type::number: return number_as_is(value, out);
      case od::json_type::string: return string(value, out);
      case od::json_type::array:
        return list_of(value, depth, [&](od::value item, Value* v) { return as_is(item, depth + 1, v); }, out);
      case od::json_type::object:
        return map_of(value, depth, [&](std::string_view, od::value item, Value* v) {
          return as_is(item, depth + 1, v);
        }, out);
    }
    return false;
  }

  // A value at a declared path, of its declared type (convert_typed); a wrong type
  // gives up (the full path makes it an error value with its position).
  bool typed(od::value value, const Type& type, uint32_t depth, Value* out) {
    od::json_type json_type;
    if (value.type().get(json_type)) return false;
    if (json_type == od::json_type::null && type.kind != TypeKind::kNull) {
      if (!is_null(value)) return false;
      *out = Value();  // null anywhere typed: not collected
      return true;
    }
    switch (type.kind) {
      case TypeKind::kAny: return as_is(value, depth, out);
      case TypeKind::kNull:
        if (json_type != od::json_type::null || !is_null(value)) return false;
        *out = Value::null();
        return true;
      case TypeKind::kBool: {
        bool b;
        if (json_type != od::json_type::boolean || value.get_bool().get(b)) return false;
        *out = Value::of_bool(b);
        return true;
      }
      case TypeKind::kInt: {
        if (json_type != od::json_type::number) return false;
        Number n;
        if (!number(value, &n)) return false;
        if (n.kind == Number::kInt) {
          *out = Value::of_int(n.i);
          return true;
        }
        if (n.kind == Number::kFloat) {
          // 6003.0 is 6003; the bounds are convert.cpp's.
          if (std::isfinite(n.d) && std::trunc(n.d) == n.d && n.d >= -9.2233720368547758e18 &&
              n.d < 9.2233720368547758e18) {
            *out = Value::of_int(static_cast<int64_t>(n.d));
            return true;
          }
        }
        return false;  // out of range or fractional: an error value in the full path
      }
      case TypeKind::kFloat: {
        if (json_type != od::json_type::number) return false;
        Number n;
        if (!number(value, &n)) return false;
        if (n.kind == Number::kFloat) {
          if (!std::isfinite(n.d)) return false;
          *out = Value::of_float(n.d);
        } else if (n.kind == Number::kInt) {
          *out = Value::of_float(static_cast<double>(n.i));
        } else {
          *out = Value::of_float(static_cast<double>(n.u));
        }
        return true;
      }
      case TypeKind::kString:
        return json_type == od::json_type::string && string(value, out);
      case TypeKind::kVersion: {
        if (json_type == od::json_type::string) {
          std::string_view s;
          if (value.get_string().get(s)) return false;
          return parse_version(arena_, s, out);  // a malformed version: an error value there
        }
        if (json_type != od::json_type::number) return false;
        Number n;
        if (!number(value, &n)) return false;
        // A bare non-negative int is a one-component version (VERSION_ID=12 as 12).
        if (n.kind == Number::kInt && n.i >= 0) return parse_version(arena_, std::to_string(n.i), out);
        if (n.kind == Number::kUnsigned) return parse_version(arena_, std::to_string(n.u), out);
        return false;
      }
      case TypeKind::kList:
        if (json_type != od::json_type::array) return false;
        return list_of(value, depth, [&](od::value item, Value* v) {
          od::json_type item_type;
          // A null item is an error value in the full path (positions cannot shift).
          return !item.type().get(item_type) && item_type != od::json_type::null &&
                 typed(item, *type.element, depth + 1, v);
        }, out);
      case TypeKind::kMap:
      case TypeKind::kRecord:
        if (json_type != od::json_type::object) return false;
        return map_of(value, depth, [&](std::string_view key, od::value item, Value* v) {
          if (type.kind == TypeKind::kMap) return typed(item, *type.element, depth + 1, v);
          if (TypeRef field_type = type.field(key)) return typed(item, *field_type, depth + 1, v);
          return as_is(item, depth + 1, v);
        }, out);
    }
    return false;
  }

  struct Number {
    enum Kind { kInt, kUnsigned, kFloat } kind = kInt;
    int64_t i = 0;
    uint64_t u = 0;  // only past INT64_MAX (nlohmann's number_unsigned that int cannot hold)
    double d = 0;
  };

  // nlohmann's classes: an integer literal that fits int64 is an int, one that fits
  // only uint64 is unsigned, anything with a fraction or exponent is a float. A literal
  // past uint64 (nlohmann reads it as a float) gives up.
  static bool number(od::value value, Number* n) {
    od::number_type type;
    if (value.get_number_type().get(type)) return false;
    switch (type) {
      case od::number_type::signed_integer:
        n->kind = Number::kInt;
        return !value.get_int64().get(n->i);
      case od::number_type::unsigned_integer:
        n->kind = Number::kUnsigned;
        return !value.get_uint64().get(n->u) && n->u > static_cast<uint64_t>(INT64_MAX);
      case od::number_type::floating_point_number:
        n->kind = Number::kFloat;
        return !value.get_double().get(n->d);
      default: return false;
    }
  }

  bool number_as_is(od::value value, Value* out) {
    Number n;
    if (!number(value, &n)) return false;
    switch (n.kind) {
      case Number::kInt: *out = Value::of_int(n.i); return true;
      case Number::kUnsigned: *out = Value::of_float(static_cast<double>(n.u)); return true;
      case Number::kFloat:
        if (!std::isfinite(n.d)) return false;
        *out = Value::of_float(n.d);
        return true;
    }
    return false;
  }

  bool string(od::value value, Value* out) {
    std::string_view s;
    if (value.get_string().get(s) || s.size() > limits_.max_string_bytes) return false;
    *out = make_string(arena_, s);
    return true;
  }

  static bool is_null(od::value value) {
    bool null = false;
    return !value.is_null().get(null) && null;
  }

  // Every field of `object` in order, to `each(key, value)`; false on a parse error or
  // when `each` gives up. Keys stay valid for the document (simdjson's string buffer).
  template <typename Each>
  static bool each_field(od::object object, Each each) {
    for (auto field_result : object) {
      od::field field;
      std::string_view key;
      if (std::move(field_result).get(field) || field.unescaped_key().get(key)) return false;
      if (!each(key, od::value(field.value()))) return false;
    }
    return true;
  }

  // An array at `depth` converted item by item with `convert(item, &v)`.
  template <typename Convert>
  bool list_of(od::value value, uint32_t depth, Convert convert, Value* out) {
    od::array array;
    if (depth > limits_.max_depth || value.get_array().get(array)) return false;
    const size_t base = scratch_.items.size();
    for (auto item_result : array) {
      od::value item;
      Value v;
      if (std::move(item_result).get(item) || !convert(item, &v)) return false;
      scratch_.items.push_back(v);
    }
    return finish_list(base, out);
  }

  // An object at `depth` converted field by field with `convert(key, value, &v)`.
  template <typename Convert>
  bool map_of(od::value value, uint32_t depth, Convert convert, Value* out) {
    od::object object;
    if (depth > limits_.max_depth || value.get_object().get(object)) return false;
    const size_t base = scratch_.entries.size();
    bool ok = each_field(object, [&](std::string_view key, od::value item) {
      Value v;
      if (!convert(key, item, &v)) return false;
      scratch_.entries.push_back(MapEntry{key, v});
      return true;
    });
    return ok && finish_map(base, out);
  }

  // The items pushed since `base`, into the arena; pops them.
  bool finish_list(size_t base, Value* out) {
    std::vector<Value>& stack = scratch_.items;
    const size_t n = stack.size() - base;
    if (n > limits_.max_list_items) return false;
    auto* copy = arena_.allocate_array<Value>(n);
    std::copy(stack.begin() + static_cast<std::ptrdiff_t>(base), stack.end(), copy);
    *out = Value::of_list(copy, static_cast<uint32_t>(n));
    stack.resize(base);
    return true;
  }

  // Keys are checked before unknown values are left out: the full path refuses a
  // repeated key (E0517) whatever its value.
  // The entries pushed since `base`, sorted, into the arena; pops them.
  bool finish_map(size_t base, Value* out) {
    std::vector<MapEntry>& stack = scratch_.entries;
    const auto first = stack.begin() + static_cast<std::ptrdiff_t>(base);
    const size_t count = stack.size() - base;
    if (count > limits_.max_list_items) return false;
    std::sort(first, stack.end(), [](const MapEntry& a, const MapEntry& b) { return a.key < b.key; });
    for (size_t i = base + 1; i < stack.size(); ++i) {
      if (stack[i - 1].key == stack[i].key) return false;
    }
    size_t kept = 0;
    for (auto it = first; it != stack.end(); ++it) kept += !it->value.is_unknown();
    auto* copy = arena_.allocate_array<MapEntry>(kept);
    uint32_t n = 0;
    for (auto it = first; it != stack.end(); ++it) {
      if (it->value.is_unknown()) continue;
      copy[n++] = MapEntry{arena_.copy(it->key), it->value};
    }
    *out = Value::of_map(copy, n);
    stack.resize(base);
    return true;
  }

  const FactSchema& schema_;
  const FactsLimits& limits_;
  Arena& arena_;
  FastScratch& scratch_;
};

}  // namespace

bool json_fast_path_available() { return true; }

std::optional<Value> convert_json_fast(std::string_view text, const FactSchema& schema, const FactsLimits& limits,
                                       Arena& arena) {
  // One parser and one padded buffer per thread (fleet workers), reused across hosts.
  thread_local od::parser parser;
  thread_local std::string buffer;
  buffer.resize(text.size() + simdjson::SIMDJSON_PADDING);
  std::memcpy(buffer.data(), text.data(), text.size());
  simdjson::padded_string_view view(buffer.data(), text.size(), buffer.size());

  od::document document;
  od::object root;
  if (parser.iterate(view).get(document) || document.get_object().get(root)) return std::nullopt;
  thread_local FastScratch scratch;
  scratch.clear();  // a document given up on leaves its stacks as they were
  FastConverter converter(schema, limits, arena, scratch);
  Value out;
  bool ok = converter.walk(root, 1, &out);
  scratch.trim();
  if (!ok) return std::nullopt;
  // Nothing may follow the root map (nlohmann refuses trailing content).
  const char* at = nullptr;
  if (document.current_location().get(at) != simdjson::OUT_OF_BOUNDS) return std::nullopt;
  return out;
}

}  // namespace edict::internal

#else  // no simdjson in this build: every document takes the full path

namespace edict::internal {

bool json_fast_path_available() { return false; }

std::optional<Value> convert_json_fast(std::string_view, const FactSchema&, const FactsLimits&, Arena&) {
  return std::nullopt;
}

}  // namespace edict::internal

#endif
