// JSON DOM -> VM Values, checked against the fact schema (see document.h). The one
// place that decides what a wrong-typed fact becomes: an error value naming its path.
#include <cmath>

#include "runtime/facts/document.h"

namespace edict::internal {

using nlohmann::json;

namespace {

const char* json_kind(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "a bool";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "an int";
    case json::value_t::number_float: return "a float";
    case json::value_t::string: return "a string";
    case json::value_t::array: return "a list";
    case json::value_t::object: return "a map";
    default: return "a value";
  }
}

// An error value for the value being converted, with where it is in the text while the
// budget lasts: "fact `os.build` is a string, expected int (at host.json:3:14)".
Value fact_error(ConvertContext& c, std::string message) {
  if (std::optional<Span> at = locate_current(c)) {
    message += " (at " + c.source->path() + ":" + std::to_string(at->line) + ":" + std::to_string(at->column) + ")";
  }
  return make_error(c.arena, message);
}

// A limit hit by the value being converted: pointed at with a caret where it can be found.
void report_limit(ConvertContext& c, Diagnostic d) {
  if (std::optional<Span> at = locate_current(c)) d.span = *at;
  else d.path = c.file;
  c.sink.report(std::move(d));
  c.failed = true;
}

Value mismatch(const json& j, const Type& type, const std::string& path, ConvertContext& c) {
  return fact_error(c, "fact `" + path + "` is " + json_kind(j) + ", expected " + type_to_string(type));
}

bool check_count(size_t n, const std::string& path, ConvertContext& c) {
  if (n <= c.limits.max_list_items) return true;
  Diagnostic d = Diagnostic::error("E0507", Span{}, "fact `" + path + "` has " + std::to_string(n) +
                                                        " items, over the limit of " +
                                                        std::to_string(c.limits.max_list_items),
                                   "split the data or leave this fact out");
  report_limit(c, std::move(d));
  return false;
}

Value string_value(const std::string& s, const std::string& path, ConvertContext& c) {
  if (s.size() > c.limits.max_string_bytes) {
    Diagnostic d = Diagnostic::error("E0506", Span{}, "fact `" + path + "` is a string of " + std::to_string(s.size()) +
                                                          " bytes, over the limit of " +
                                                          std::to_string(c.limits.max_string_bytes),
                                     "a fact is a short value, not a file's contents");
    report_limit(c, std::move(d));
    return Value();
  }
  return make_string(c.arena, s);
}

// The loaders refuse NaN and infinities (E0516); a DOM built some other way must not
// slip one in either: no comparison with NaN is true, so `not (x >= 90.0)` would pass.
Value finite_float(double d, const std::string& path, ConvertContext& c) {
  if (std::isfinite(d)) return Value::of_float(d);
  return fact_error(c, "fact `" + path + "` is " + to_display(Value::of_float(d)) + ", not a finite number");
}

std::string join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }
std::string index(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }

// Inside a typed fact, the first wrong item or field makes the whole fact that error:
// `"KB1" in hotfixes` over ["KB1", 3], or `not ("KB9" in ...)`, would otherwise pass on a
// fact that is not what its schema says (docs/evaluation.md: a wrong-typed fact makes
// every rule that reads it `error`). Namespaces are not facts: a bad `os.build` leaves
// `os.name` readable.
enum class OnError { kKeep, kWholeValue };

// A map's entries (unknown values left out), each converted by `each`.
template <typename Each>
Value convert_map(const json& j, const std::string& path, ConvertContext& c, OnError on_error, Each each) {
  if (!check_count(j.size(), path, c)) return Value();
  auto* entries = c.arena.allocate_array<MapEntry>(j.size());
  uint32_t n = 0;
  for (const auto& [key, value] : j.items()) {
    StepScope step(c, DocumentStep::of_key(&key));
    Value v = each(key, value);
    if (c.failed) return Value();
    if (v.kind == ValueKind::kError && on_error == OnError::kWholeValue) return v;
    if (v.is_unknown()) continue;
    entries[n++] = MapEntry{c.arena.copy(key), v};
  }
  return make_map(entries, n);
}

}  // namespace

std::optional<Span> locate_current(ConvertContext& c) {
  if (!c.source || c.locations_left == 0) return std::nullopt;
  --c.locations_left;
  return locate_value(*c.source, c.file_id, c.format, c.steps);
}

Value convert_as_is(const json& j, const std::string& path, ConvertContext& c) {
  switch (j.type()) {
    case json::value_t::null: return Value::null();
    case json::value_t::boolean: return Value::of_bool(j.get<bool>());
    case json::value_t::number_integer: return Value::of_int(j.get<int64_t>());
    case json::value_t::number_unsigned: {
      uint64_t u = j.get<uint64_t>();
      if (u <= static_cast<uint64_t>(INT64_MAX)) return Value::of_int(static_cast<int64_t>(u));
      return Value::of_float(static_cast<double>(u));
    }
    case json::value_t::number_float: return finite_float(j.get<double>(), path, c);
    case json::value_t::string: return string_value(j.get_ref<const std::string&>(), path, c);
    case json::value_t::array: {
      if (!check_count(j.size(), path, c)) return Value();
      auto* items = c.arena.allocate_array<Value>(j.size());
      for (size_t i = 0; i < j.size(); ++i) {
        StepScope step(c, DocumentStep::of_index(i));
        items[i] = convert_as_is(j[i], index(path, i), c);
        if (c.failed) return Value();
      }
      return Value::of_list(items, static_cast<uint32_t>(j.size()));
    }
    case json::value_t::object:
      return convert_map(j, path, c, OnError::kKeep, [&](const std::string& key, const json& v) {
        return convert_as_is(v, join(path, key), c);
      });
    default: return Value::null();
  }
}

Value convert_typed(const json& j, const Type& type, const std::string& path, ConvertContext& c) {
  // Null anywhere typed means "not collected": the fact is unknown, never false.
  if (j.is_null() && type.kind != TypeKind::kNull) return Value();
  switch (type.kind) {
    case TypeKind::kAny: return convert_as_is(j, path, c);
    case TypeKind::kNull:
      if (j.is_null()) return Value::null();
      break;
    case TypeKind::kBool:
      if (j.is_boolean()) return Value::of_bool(j.get<bool>());
      break;
    case TypeKind::kInt:
      if (j.is_number_integer() && !j.is_number_unsigned()) return Value::of_int(j.get<int64_t>());
      if (j.is_number_unsigned()) {
        uint64_t u = j.get<uint64_t>();
        if (u <= static_cast<uint64_t>(INT64_MAX)) return Value::of_int(static_cast<int64_t>(u));
        return fact_error(c, "fact `" + path + "` is " + std::to_string(u) + ", out of the range of int");
      }
      if (j.is_number_float()) {
        double d = j.get<double>();
        // 6003.0 is 6003 (some exporters write every number as a float); 6003.5 is not an int.
        if (std::isfinite(d) && std::trunc(d) == d && d >= -9.2233720368547758e18 && d < 9.2233720368547758e18) {
          return Value::of_int(static_cast<int64_t>(d));
        }
        // to_display, not json::dump: dump writes NaN as `null`, which is not what the value is.
        return fact_error(c, "fact `" + path + "` is " + to_display(Value::of_float(d)) + ", expected int");
      }
      break;
    case TypeKind::kFloat:
      if (j.is_number_float()) return finite_float(j.get<double>(), path, c);
      if (j.is_number_unsigned()) return Value::of_float(static_cast<double>(j.get<uint64_t>()));
      if (j.is_number_integer()) return Value::of_float(static_cast<double>(j.get<int64_t>()));
      break;
    case TypeKind::kString:
      if (j.is_string()) return string_value(j.get_ref<const std::string&>(), path, c);
      break;
    case TypeKind::kVersion: {
      if (j.is_string()) {
        const std::string& s = j.get_ref<const std::string&>();
        Value v;
        if (parse_version(c.arena, s, &v)) return v;
        std::string shown = s.size() > 40 ? s.substr(0, 40) + "..." : s;
        return fact_error(c, "fact `" + path + "` is `" + shown + "`, not a version (expected dotted numbers)");
      }
      // A bare non-negative int is a one-component version (VERSION_ID=12 written as 12).
      if (j.is_number_unsigned() || (j.is_number_integer() && j.get<int64_t>() >= 0)) {
        Value v;
        parse_version(c.arena, std::to_string(j.get<uint64_t>()), &v);
        return v;
      }
      break;
    }
    case TypeKind::kList: {
      if (!j.is_array()) break;
      if (!check_count(j.size(), path, c)) return Value();
      auto* items = c.arena.allocate_array<Value>(j.size());
      for (size_t i = 0; i < j.size(); ++i) {
        StepScope step(c, DocumentStep::of_index(i));
        std::string item_path = index(path, i);
        // Inside a list, null cannot be left out without shifting positions: it is an error.
        items[i] = j[i].is_null() ? fact_error(c, "fact `" + item_path + "` is null, expected " +
                                                      type_to_string(*type.element))
                                  : convert_typed(j[i], *type.element, item_path, c);
        if (c.failed) return Value();
        if (items[i].kind == ValueKind::kError) return items[i];  // see OnError
      }
      return Value::of_list(items, static_cast<uint32_t>(j.size()));
    }
    case TypeKind::kMap:
      if (!j.is_object()) break;
      return convert_map(j, path, c, OnError::kWholeValue, [&](const std::string& key, const json& v) {
        // Map keys may contain dots (sysctl names): show them indexed, not dotted.
        return convert_typed(v, *type.element, path + "[" + json(key).dump() + "]", c);
      });
    case TypeKind::kRecord:
      if (!j.is_object()) break;
      return convert_map(j, path, c, OnError::kWholeValue, [&](const std::string& key, const json& v) {
        TypeRef field = type.field(key);
        return field ? convert_typed(v, *field, join(path, key), c) : convert_as_is(v, join(path, key), c);
      });
  }
  return mismatch(j, type, path, c);
}

Value convert_document(const json& root, ConvertContext& c) {
  // Walks namespaces down to declared facts; `path` is "" at the root.
  struct Walker {
    ConvertContext& c;
    // `root` is a flag, not `path.empty()`: the key "" joins to "" and, taken for the
    // root, recursed forever (stack overflow found by fuzz_facts on `{"": 1}`).
    Value walk(const json& j, const std::string& path, bool root = false) {
      if (!root) {
        if (const FactDecl* decl = c.schema.find(path)) return convert_typed(j, *decl->type, path, c);
        if (!c.schema.is_namespace(path)) return convert_as_is(j, path, c);
        if (j.is_null()) return Value();
        if (!j.is_object()) {
          return fact_error(c, "fact `" + path + "` is " + json_kind(j) + ", expected a map of facts");
        }
      }
      return convert_map(j, path, c, OnError::kKeep,
                         [&](const std::string& key, const json& v) { return walk(v, join(path, key)); });
    }
  };
  Walker walker{c};
  return walker.walk(root, "", /*root=*/true);
}

}  // namespace edict::internal
