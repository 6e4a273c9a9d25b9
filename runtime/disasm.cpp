// Disassembly text, generated from the opcode table: each op's name, the fields it uses
// and a comment per field from the field's operand kind.
#include "runtime/disasm.h"

#include <cstdio>
#include <utility>

#include "runtime/builtins.h"

namespace edict {

namespace {

const char* quant_name(uint8_t kind) { return quant_kind_name(kind); }

std::string pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string constant_text(const Program& p, uint32_t k) {
  return k < p.constants.size() ? to_display(p.constants[k]) : "<bad constant>";
}

// The comment on one operand field, from its kind in the opcode table: what the index
// names (a constant, a slot's path, a pattern, a trace point, a builtin), a quantifier's
// kind and locals, a jump's target. Counts and plain locals are clear from the number.
std::string operand_comment(const Program& p, const Instruction& ins, Operand kind, uint32_t v) {
  char buf[32];
  switch (kind) {
    case Operand::kNone: case Operand::kCount: case Operand::kLocal: return {};
    case Operand::kConst: case Operand::kStringConst: return constant_text(p, v);
    case Operand::kSlot: return v < p.slots.size() ? p.slots[v].path : "<bad slot>";
    case Operand::kRegex:
      return v < p.regex_patterns.size() ? to_display(Value::of_string(p.regex_patterns[v])) : "<bad regex>";
    case Operand::kTracePoint: {
      if (v >= p.trace_points.size()) return "<bad trace point>";
      const TracePoint& tp = p.trace_points[v];
      std::string src = tp.quantifier ? tp.label : tp.source;
      for (char& ch : src) if (ch == '\n') ch = ' ';
      return "`" + src + "` at " + std::to_string(tp.location.line) + ":" + std::to_string(tp.location.column);
    }
    case Operand::kBuiltin: {
      if (v >= kBuiltinCount) return "<bad builtin>";
      std::string text = kBuiltinInfo[v].name;
      if (op_info(ins.op).a == Operand::kCount) text += "/" + std::to_string(ins.a);
      return text;
    }
    case Operand::kQuantKind: case Operand::kBoolQuantKind: return quant_name(static_cast<uint8_t>(v));
    case Operand::kLocalBlock:
      std::snprintf(buf, sizeof buf, "L%u..", v);
      return buf;
    case Operand::kForward: case Operand::kBack:
      std::snprintf(buf, sizeof buf, "-> %04u", v);
      return buf;
  }
  return {};
}

}  // namespace

std::string disassemble_instruction(const Program& p, const Instruction& ins) {
  const OpInfo& info = op_info(ins.op);
  std::string out = pad(std::string(info.name) + " ", 14);
  // The fields the table says the op uses, in order a, b, c; their comments likewise.
  std::string operands, comment;
  const std::pair<Operand, uint32_t> fields[] = {{info.a, ins.a}, {info.b, ins.b}, {info.c, ins.c}};
  for (const auto& [kind, value] : fields) {
    if (kind == Operand::kNone) continue;
    if (!operands.empty()) operands += " ";
    operands += std::to_string(value);
    std::string text = operand_comment(p, ins, kind, value);
    if (text.empty()) continue;
    if (!comment.empty()) comment += ", ";
    comment += text;
  }
  out += pad(operands, 10);
  if (!comment.empty()) out += "; " + comment;
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string disassemble(const Program& p) {
  std::string out;
  out += "; edict program: " + std::to_string(p.rules.size()) + " rules, " + std::to_string(p.code.size()) +
         " instructions, " + std::to_string(p.constants.size()) + " constants, " +
         std::to_string(p.regex_patterns.size()) + " regexes, " + std::to_string(p.slots.size()) + " slots\n";
  if (!p.slots.empty()) out += "slots:\n";
  for (size_t i = 0; i < p.slots.size(); ++i) {
    out += "  S" + std::to_string(i) + "  " + p.slots[i].path + ": " +
           (p.slots[i].type ? type_to_string(*p.slots[i].type) : "any") + "\n";
  }
  if (!p.constants.empty()) out += "constants:\n";
  for (size_t i = 0; i < p.constants.size(); ++i) {
    out += "  K" + std::to_string(i) + "  " + to_display(p.constants[i]) + "\n";
  }
  if (!p.regex_patterns.empty()) out += "regexes:\n";
  for (size_t i = 0; i < p.regex_patterns.size(); ++i) {
    out += "  R" + std::to_string(i) + "  " + to_display(Value::of_string(p.regex_patterns[i])) + "\n";
  }
  auto entry_name = [](int32_t e) { return "entry " + std::to_string(e); };
  for (size_t i = 0; i < p.policies.size(); ++i) {
    out += "policy " + p.policies[i].id + "\n";
    if (i < p.policy_code.size() && p.policy_code[i].when_entry >= 0) {
      out += "  when " + p.policies[i].when_text + "  -> " + entry_name(p.policy_code[i].when_entry) + "\n";
    }
  }
  for (size_t r = 0; r < p.rules.size(); ++r) {
    const RuleInfo& info = p.rules[r];
    out += "rule " + info.id + "\n";
    if (r >= p.rule_code.size()) continue;
    const RuleCode& code = p.rule_code[r];
    if (code.when_entry >= 0) out += "  when " + info.when_text + "  -> " + entry_name(code.when_entry) + "\n";
    for (size_t i = 0; i < code.require_entries.size(); ++i) {
      std::string text = i < info.require_texts.size() ? info.require_texts[i] : "";
      for (char& c : text) if (c == '\n') c = ' ';
      out += "  require " + text + "  -> " + entry_name(static_cast<int32_t>(code.require_entries[i])) + "\n";
    }
  }
  for (size_t e = 0; e < p.entries.size(); ++e) {
    const Entry& entry = p.entries[e];
    out += entry_name(static_cast<int32_t>(e)) + " (stack " + std::to_string(entry.max_stack) + ", locals " +
           std::to_string(entry.locals) + "):\n";
    for (uint32_t pc = entry.start; pc < entry.end && pc < p.code.size(); ++pc) {
      char index[16];
      std::snprintf(index, sizeof index, "  %04u  ", pc);
      out += index + disassemble_instruction(p, p.code[pc]) + "\n";
    }
  }
  return out;
}

}  // namespace edict
