// The VM's value: a 16-byte tagged struct. Strings, lists, maps and versions point
// into an Arena (a fact tree's, the program's constant pool's, or an evaluation's
// scratch arena); a Value never owns memory, so copying one is two words.
//
// `unknown` is a first-class value: a fact the host did not provide. `error` marks a
// fact that was present but of the wrong type (facts loader) and carries a message;
// reading it makes the rule's outcome `error`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/arena.h"

namespace edict {

enum class ValueKind : uint8_t {
  kUnknown,
  kNull,
  kBool,
  kInt,
  kFloat,
  kString,
  kVersion,
  kList,
  kMap,
  kError,
};

const char* kind_name(ValueKind kind);  // "unknown", "null", "bool", "int", ...
std::string a_kind(ValueKind kind);      // with its article, for messages: "an int", "a string"

struct Value;

// One entry of a map; a map's entries are sorted by key bytes, keys unique.
struct MapEntry;

struct Value {
  ValueKind kind = ValueKind::kUnknown;
  // kVersion only: 1 when the version was written with leading zeros ("22.04"), whose
  // text then follows its parts (version_spelling): reports print it as written, not
  // as v"22.4". In the padding before `size`, so a Value stays 16 bytes.
  uint8_t spelled = 0;
  // Strings: byte length; lists: element count; maps: entry count;
  // versions: component count; error: message length.
  uint32_t size = 0;
  union {
    bool boolean;
    int64_t integer;
    double number;
    const char* chars;         // kString, kError (not NUL-terminated in general)
    const Value* items;        // kList
    const MapEntry* entries;   // kMap
    const int64_t* parts;      // kVersion: dotted numeric components
  };

  Value() : integer(0) {}

  static Value unknown() { return Value(); }
  static Value null() { Value v; v.kind = ValueKind::kNull; return v; }
  static Value of_bool(bool b) { Value v; v.kind = ValueKind::kBool; v.boolean = b; return v; }
  static Value of_int(int64_t i) { Value v; v.kind = ValueKind::kInt; v.integer = i; return v; }
  static Value of_float(double d) { Value v; v.kind = ValueKind::kFloat; v.number = d; return v; }
  // The bytes must outlive the value (arena-owned or static).
  static Value of_string(std::string_view s) {
    Value v; v.kind = ValueKind::kString; v.size = static_cast<uint32_t>(s.size()); v.chars = s.data(); return v;
  }
  static Value of_list(const Value* items, uint32_t n) {
    Value v; v.kind = ValueKind::kList; v.size = n; v.items = items; return v;
  }
  // INVARIANT: entries sorted by key bytes, keys unique (use make_map).
  static Value of_map(const MapEntry* entries, uint32_t n) {
    Value v; v.kind = ValueKind::kMap; v.size = n; v.entries = entries; return v;
  }
  static Value of_version(const int64_t* parts, uint32_t n) {
    Value v; v.kind = ValueKind::kVersion; v.size = n; v.parts = parts; return v;
  }
  static Value of_error(std::string_view message) {
    Value v; v.kind = ValueKind::kError; v.size = static_cast<uint32_t>(message.size()); v.chars = message.data(); return v;
  }

  bool is_unknown() const { return kind == ValueKind::kUnknown; }
  bool is_number() const { return kind == ValueKind::kInt || kind == ValueKind::kFloat; }
  std::string_view str() const { return {chars, size}; }
};

struct MapEntry {
  std::string_view key;
  Value value;
};

static_assert(sizeof(Value) == 16, "Value must stay two words: the VM copies it everywhere");

// ---- construction helpers (copy into an arena) ----
Value make_string(Arena& arena, std::string_view s);
Value make_error(Arena& arena, std::string_view message);
// Parses "6.0.6003" (also "v6.0", and trailing non-numeric text is refused).
// Returns unknown-kind with ok=false on a malformed version.
bool parse_version(Arena& arena, std::string_view text, Value* out);
// A parsed version's text as written ("22.04"), or "" when it reads as its parts do
// ("6.0.6003") or was built from parts alone. The constant pool (deep_copy) and bundles
// (bundle_fields.h's `spelling`) keep it.
std::string_view version_spelling(const Value& version);
// Sorts and de-duplicates (last one wins) the entries in place, then wraps them.
Value make_map(MapEntry* entries, uint32_t n);

// ---- semantics shared by constant folding and the VM (they must agree) ----
// Structural equality; int and float compare numerically; unknown equals nothing.
bool values_equal(const Value& a, const Value& b);
// Version comparison: components left to right, missing components are 0.
int compare_versions(const Value& a, const Value& b);
// Lookup in a map by key; nullptr when absent.
const Value* map_find(const Value& map, std::string_view key);

// Canonical text form, as reports and traces show values: strings as Edict literals
// (runtime/string_codec.h's encode_string), versions as v"6.0.6003", lists [a, b],
// maps {"k": v}.
std::string to_display(const Value& v);
// At most `max_bytes` of to_display(v) (cut on a UTF-8 boundary), rendering no more of
// the value than that: a million-item list costs what its first max_bytes cost.
// *cut (optional) says whether anything was left out.
std::string to_display_bounded(const Value& v, size_t max_bytes, bool* cut = nullptr);

}  // namespace edict
