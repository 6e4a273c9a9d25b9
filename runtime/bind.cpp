// Bind: fact slots -> Values, with the top-level type check of each declared fact.
#include "runtime/bind.h"

namespace edict {

namespace {

bool kind_fits(TypeKind type, ValueKind kind) {
  switch (type) {
    case TypeKind::kAny: return true;
    case TypeKind::kNull: return kind == ValueKind::kNull;
    case TypeKind::kBool: return kind == ValueKind::kBool;
    case TypeKind::kInt: return kind == ValueKind::kInt;
    case TypeKind::kFloat: return kind == ValueKind::kFloat || kind == ValueKind::kInt;
    case TypeKind::kString: return kind == ValueKind::kString;
    case TypeKind::kVersion: return kind == ValueKind::kVersion;
    case TypeKind::kList: return kind == ValueKind::kList;
    case TypeKind::kMap:
    case TypeKind::kRecord: return kind == ValueKind::kMap;
  }
  return false;
}

}  // namespace

std::vector<Value> bind_slots(const Program& program, const Facts& facts, Arena& arena) {
  std::vector<Value> slots(program.slots.size());
  for (size_t i = 0; i < program.slots.size(); ++i) {
    const FactSlot& slot = program.slots[i];
    const Value* found = facts.find(slot.path);
    if (!found || found->kind == ValueKind::kUnknown || found->kind == ValueKind::kNull) {
      slots[i] = Value::unknown();
      continue;
    }
    Value v = *found;
    if (v.kind == ValueKind::kError) {
      slots[i] = v;
      continue;
    }
    TypeKind want = slot.type ? slot.type->kind : TypeKind::kAny;
    if (want == TypeKind::kVersion && v.kind == ValueKind::kString) {
      Value parsed;
      if (parse_version(arena, v.str(), &parsed)) {
        slots[i] = parsed;
      } else {
        slots[i] = make_error(arena, "fact `" + slot.path + "` is " + to_display(v) + ", not a version");
      }
      continue;
    }
    if (!kind_fits(want, v.kind)) {
      slots[i] = make_error(arena, "fact `" + slot.path + "` is " + a_kind(v.kind) + " in the facts, but `" +
                                       slot.path + "` is declared as " + type_to_string(*slot.type));
      continue;
    }
    slots[i] = v;
  }
  return slots;
}

}  // namespace edict
