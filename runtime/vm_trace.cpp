// What the tracing instantiation of the interpreter loop (execute<true>) records beyond
// values: which element decided a quantifier, and why an index was unknown. The fast
// path (execute<false>) never calls these.
#include "runtime/vm_internal.h"

#include "runtime/opcodes.h"

namespace edict {

namespace {

// "sysctl[\"k\"]" -> "sysctl": the fact a missing key was looked up in.
std::string program_path_root(const std::string& path) { return path.substr(0, path.find('[')); }

}  // namespace

void TraceBuffer::note_absent(std::string note, std::string path) {
  if (absent.size() >= kMaxAbsentNotes) return;
  for (const auto& n : absent) {
    if (n == note) return;
  }
  absent.push_back(std::move(note));
  if (!path.empty()) absent_paths.push_back(std::move(path));
}

// After a quantifier ends with `result`: which element decided it, as a note.
void trace_quantifier(const Program& program, const Instruction& ins, const Value* locals, const Value& result,
                      TraceBuffer* trace) {
  const Value* q = locals + ins.b;
  auto kind = static_cast<QuantKind>(ins.a);
  const std::string& label = program.trace_points[ins.c].label;
  std::string& note = trace->notes[ins.c];
  if (q[0].is_unknown()) {
    note = "`" + label + "` is unknown: its collection is unknown";
  } else if (q[0].size == 0) {
    note = "`" + label + "` walked an empty collection";
  } else if (result.is_unknown()) {
    note = "`" + label + "` is unknown: its condition was unknown for some element";
  } else if (result.kind == ValueKind::kBool &&
             ((kind == QuantKind::kAll && !result.boolean) || (kind == QuantKind::kAny && result.boolean) ||
              (kind == QuantKind::kNone && !result.boolean))) {
    note = "`" + label + "` was decided by " + to_display(q[2]);
    if (note.size() > 200) note = note.substr(0, 197) + "...";
  } else if (kind == QuantKind::kAny) {
    note = "`" + label + "`: none of the " + std::to_string(q[0].size) + " elements matched";
  }
}

// Before INDEX: notes the key or position that will make `base[index]` unknown
// although `base` is known.
void trace_absent_index(const ExecContext& ctx, const Value& base, const Value& index, TraceBuffer* trace) {
  if (base.kind == ValueKind::kMap && index.kind == ValueKind::kString) {
    const Value* v = map_find(base, index.str());
    if (!v || v->kind == ValueKind::kNull) {
      // The fact the map came from, if it is one: the same entries as a slot's value.
      std::string path;
      const Program& program = *ctx.program;
      for (size_t s = 0; s < program.slots.size(); ++s) {
        const Value& slot = ctx.slots[s];
        if (slot.kind == ValueKind::kMap && slot.entries == base.entries && slot.size == base.size) {
          path = program.slots[s].path + "[\"" + std::string(index.str()) + "\"]";
          break;
        }
      }
      trace->note_absent("key `" + std::string(index.str()) + "` is absent" +
                             (path.empty() ? "" : " from `" + program_path_root(path) + "`") +
                             ": the host did not report it",
                         path);
    }
  } else if (base.kind == ValueKind::kList && index.kind == ValueKind::kInt) {
    int64_t i = index.integer < 0 ? index.integer + base.size : index.integer;
    if (i < 0 || i >= base.size) {
      trace->note_absent("index " + std::to_string(index.integer) + " is outside a list of " +
                         std::to_string(base.size));
    }
  }
}

}  // namespace edict
