// Program helpers: the constant pool and the regex pool (rebuilt from pattern strings,
// so a deserialized bundle gets the same RE2 objects the compiler checked).
#include "runtime/program.h"

#include <re2/re2.h>

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

uint32_t Program::add_constant(const Value& value) {
  for (uint32_t i = 0; i < constants.size(); ++i) {
    if (constants[i].kind == value.kind && values_equal(constants[i], value)) {
      // Versions v"6.0" and v"6.0.0" are equal but display differently; keep both.
      if (value.kind != ValueKind::kVersion || constants[i].size == value.size) return i;
    }
    if (constants[i].kind == value.kind && (value.kind == ValueKind::kNull || value.kind == ValueKind::kUnknown))
      return i;
  }
  constants.push_back(deep_copy(*constant_arena, value));
  return static_cast<uint32_t>(constants.size() - 1);
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

}  // namespace edict
