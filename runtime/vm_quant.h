// Internal to the VM's files: the quantifiers' helpers. The two the interpreter loop
// runs per element (find_field, quant_element) are inline here so vm_exec.cpp's handlers
// keep them inline; the walk of SCAN_FIELD_EQ and the empty-collection results are in
// vm_quant.cpp.
#pragma once

#include <string_view>

#include "runtime/bytes.h"
#include "runtime/opcodes.h"
#include "runtime/vm_internal.h"

namespace edict {

// Records in facts are small: a linear scan beats binary search with string compares.
inline const Value* find_field(const Value& map, std::string_view name) {
  if (map.size > 8) return map_find(map, name);
  for (uint32_t i = 0; i < map.size; ++i) {
    const MapEntry& e = map.entries[i];
    if (e.key.size() == name.size() && same_bytes(e.key.data(), name.data(), static_cast<uint32_t>(name.size())))
      return &e.value;
  }
  return nullptr;
}

// Element i of a quantifier's collection: a list's item, or a map entry as a record.
inline Value quant_element(const Value& xs, int64_t i, Arena& scratch) {
  if (xs.kind == ValueKind::kList) return xs.items[i];
  // Over a map each element is the record {key, value}; "key" < "value", so sorted.
  MapEntry* e = scratch.allocate_array<MapEntry>(2);
  e[0].key = "key";
  e[0].value = Value::of_string(xs.entries[i].key);
  e[1].key = "value";
  e[1].value = xs.entries[i].value;
  return Value::of_map(e, 2);
}

inline const char* quant_word(QuantKind kind) { return quant_kind_name(static_cast<uint8_t>(kind)); }

// The result of a quantifier over an empty collection.
Value quant_empty_result(QuantKind kind, Arena& scratch);

// SCAN_FIELD_EQ over a non-empty list or map (vm_quant.cpp).
bool scan_field_eq(QuantKind kind, const Value& xs, std::string_view name, const Value& k, ExecContext& ctx,
                   Value* out);

}  // namespace edict
