// Static types of facts and expressions, as the fact schema and the checker use them.
// Written as in docs/facts.md: `int`, `list<string>`, `map<string, {version: string}>`,
// `{destination: string, metric: int}`.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace edict {

enum class TypeKind { kAny, kNull, kBool, kInt, kFloat, kString, kVersion, kList, kMap, kRecord };

struct Type;
using TypeRef = std::shared_ptr<const Type>;

struct Type {
  TypeKind kind = TypeKind::kAny;
  TypeRef element;                                   // list element / map value
  std::vector<std::pair<std::string, TypeRef>> fields;  // record fields, in declared order

  static TypeRef any();
  static TypeRef null();
  static TypeRef boolean();
  static TypeRef integer();
  static TypeRef floating();
  static TypeRef string();
  static TypeRef version();
  static TypeRef list_of(TypeRef element);
  static TypeRef map_of(TypeRef value);
  static TypeRef record(std::vector<std::pair<std::string, TypeRef>> fields);

  // The field's type, or nullptr when a record has no such field.
  TypeRef field(std::string_view name) const;
};

// `list<{destination: string, metric: int}>` and so on. Returns nullopt and sets
// *error (with the byte offset in *error_offset) on a malformed type.
std::optional<TypeRef> parse_type(std::string_view text, std::string* error = nullptr, size_t* error_offset = nullptr);
// The canonical spelling, which parse_type reads back.
std::string type_to_string(const Type& type);
bool types_equal(const Type& a, const Type& b);

}  // namespace edict
