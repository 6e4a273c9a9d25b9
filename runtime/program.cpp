// Program helpers: the constant pool and the regex pool (rebuilt from pattern strings,
// so a deserialized bundle gets the same RE2 objects the compiler checked).
#include "runtime/program.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <string_view>

namespace edict {

Program::Program() : constant_arena(std::make_unique<Arena>()) {}
Program::~Program() = default;
Program::Program(Program&&) noexcept = default;
Program& Program::operator=(Program&&) noexcept = default;

Value deep_copy(Arena& arena, const Value& v) {
  switch (v.kind) {
    case ValueKind::kString: return make_string(arena, v.str());
    case ValueKind::kError: return make_error(arena, v.str());
    case ValueKind::kVersion: {
      // A version written with leading zeros keeps its text (value.h), which parsing it
      // again copies along with its parts.
      if (std::string_view text = version_spelling(v); !text.empty()) {
        Value copy;
        if (parse_version(arena, text, &copy)) return copy;
      }
      int64_t* parts = arena.allocate_array<int64_t>(v.size);
      for (uint32_t i = 0; i < v.size; ++i) parts[i] = v.parts[i];
      return Value::of_version(parts, v.size);
    }
    case ValueKind::kList: {
      Value* items = arena.allocate_array<Value>(v.size);
      for (uint32_t i = 0; i < v.size; ++i) items[i] = deep_copy(arena, v.items[i]);
      return Value::of_list(items, v.size);
    }
    case ValueKind::kMap: {
      MapEntry* entries = arena.allocate_array<MapEntry>(v.size);
      for (uint32_t i = 0; i < v.size; ++i) {
        entries[i].key = arena.copy(v.entries[i].key);
        entries[i].value = deep_copy(arena, v.entries[i].value);
      }
      // Already sorted and unique: the source was a map.
      return Value::of_map(entries, v.size);
    }
    default: return v;
  }
}

namespace {

// Two constants may share a pool slot only when nothing can tell them apart, which is
// stricter than values_equal: 0.0 and -0.0 display differently, and [1] and [1.0]
// (or {a: 1} and {a: 1.0}) differ in what `/` does with an element (folding and the
// VM disagreed; found by fuzz_differential). Versions v"6.0" and v"6.0.0" also differ,
// and so do v"22.04" and v"22.4": equal, but reports print each as written.
bool same_constant(const Value& a, const Value& b) {
  if (a.kind != b.kind || a.size != b.size) return false;
  switch (a.kind) {
    case ValueKind::kUnknown: case ValueKind::kNull: return true;
    case ValueKind::kBool: return a.boolean == b.boolean;
    case ValueKind::kInt: return a.integer == b.integer;
    case ValueKind::kFloat: return std::memcmp(&a.number, &b.number, sizeof(double)) == 0;
    case ValueKind::kString: case ValueKind::kError: return a.str() == b.str();
    case ValueKind::kVersion:
      return std::equal(a.parts, a.parts + a.size, b.parts) && version_spelling(a) == version_spelling(b);
    case ValueKind::kList:
      for (uint32_t i = 0; i < a.size; ++i) {
        if (!same_constant(a.items[i], b.items[i])) return false;
      }
      return true;
    case ValueKind::kMap:
      for (uint32_t i = 0; i < a.size; ++i) {
        if (a.entries[i].key != b.entries[i].key || !same_constant(a.entries[i].value, b.entries[i].value)) return false;
      }
      return true;
  }
  return false;
}

// Agrees with same_constant: values it calls the same hash the same (floats by bits).
uint64_t constant_hash(const Value& v) {
  auto mix = [](uint64_t h, uint64_t x) { return (h ^ x) * 0x100000001b3ull + (h >> 29); };
  uint64_t h = mix(0xcbf29ce484222325ull, static_cast<uint64_t>(v.kind) << 32 | v.size);
  switch (v.kind) {
    case ValueKind::kUnknown: case ValueKind::kNull: return h;
    case ValueKind::kBool: return mix(h, v.boolean ? 1 : 0);
    case ValueKind::kInt: return mix(h, static_cast<uint64_t>(v.integer));
    case ValueKind::kFloat: {
      uint64_t bits;
      std::memcpy(&bits, &v.number, sizeof bits);
      return mix(h, bits);
    }
    case ValueKind::kString: case ValueKind::kError: return mix(h, std::hash<std::string_view>{}(v.str()));
    case ValueKind::kVersion:
      for (uint32_t i = 0; i < v.size; ++i) h = mix(h, static_cast<uint64_t>(v.parts[i]));
      return mix(h, std::hash<std::string_view>{}(version_spelling(v)));
    case ValueKind::kList:
      for (uint32_t i = 0; i < v.size; ++i) h = mix(h, constant_hash(v.items[i]));
      return h;
    case ValueKind::kMap:
      for (uint32_t i = 0; i < v.size; ++i) {
        h = mix(h, std::hash<std::string_view>{}(v.entries[i].key));
        h = mix(h, constant_hash(v.entries[i].value));
      }
      return h;
  }
  return h;
}

}  // namespace

uint32_t Program::add_constant(const Value& value) {
  uint64_t hash = constant_hash(value);
  auto [begin, end] = constant_index.equal_range(hash);
  for (auto it = begin; it != end; ++it) {
    if (it->second < constants.size() && same_constant(constants[it->second], value)) return it->second;
  }
  constants.push_back(deep_copy(*constant_arena, value));
  uint32_t index = static_cast<uint32_t>(constants.size() - 1);
  constant_index.emplace(hash, index);
  return index;
}

std::unique_ptr<re2::RE2> compile_regex(std::string_view pattern, std::string* error) {
  if (pattern.size() > kMaxRegexLength) {
    if (error) *error = "the pattern is longer than " + std::to_string(kMaxRegexLength) + " bytes";
    return nullptr;
  }
  re2::RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(kRegexMaxMem);
  auto re = std::make_unique<re2::RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!re->ok()) {
    if (error) *error = re->error();
    return nullptr;
  }
  return re;
}

bool Program::build_regexes(size_t* bad_index, std::string* error) {
  regexes.clear();
  for (size_t i = 0; i < regex_patterns.size(); ++i) {
    auto re = compile_regex(regex_patterns[i], error);
    if (!re) {
      if (bad_index) *bad_index = i;
      regexes.clear();
      return false;
    }
    regexes.push_back(std::move(re));
  }
  return true;
}

void Program::count_in_slot_tests() {
  in_slot_tests.assign(slots.size(), 0);
  for (const Instruction& ins : code) {
    if (ins.op == Op::IN_SLOT && ins.c < in_slot_tests.size()) ++in_slot_tests[ins.c];
  }
}

}  // namespace edict
