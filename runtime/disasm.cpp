// Disassembly text, generated from the opcode table (names, operand formats).
#include "runtime/disasm.h"

#include <cstdio>

#include "runtime/builtins.h"

namespace edict {

namespace {

const char* quant_name(uint8_t kind) {
  static const char* const kNames[] = {"all", "any", "none", "count", "filter"};
  return kind < 5 ? kNames[kind] : "?";
}

std::string pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string constant_text(const Program& p, uint32_t k) {
  return k < p.constants.size() ? to_display(p.constants[k]) : "<bad constant>";
}

}  // namespace

std::string disassemble_instruction(const Program& p, const Instruction& ins) {
  const OpInfo& info = op_info(ins.op);
  std::string out = pad(std::string(info.name) + " ", 14);
  std::string operands;
  switch (info.format) {
    case OperandFormat::kNone: break;
    case OperandFormat::kC: operands = std::to_string(ins.c); break;
    case OperandFormat::kAC: operands = std::to_string(ins.a) + " " + std::to_string(ins.c); break;
    case OperandFormat::kABC:
      operands = std::to_string(ins.a) + " " + std::to_string(ins.b) + " " + std::to_string(ins.c);
      break;
  }
  out += pad(operands, 10);
  std::string comment;
  switch (ins.op) {
    case Op::CONST: case Op::EQ_CONST: case Op::GE_CONST: case Op::MEMBER:
      comment = constant_text(p, ins.c);
      break;
    case Op::SLOT: case Op::IN_SLOT:
      comment = ins.c < p.slots.size() ? p.slots[ins.c].path : "<bad slot>";
      break;
    case Op::MATCHES_CONST:
      comment = ins.c < p.regex_patterns.size() ? to_display(Value::of_string(p.regex_patterns[ins.c])) : "<bad regex>";
      break;
    case Op::TRACE:
    case Op::TRACE_QUANT:
      if (ins.c < p.trace_points.size()) {
        const TracePoint& tp = p.trace_points[ins.c];
        std::string src = tp.quantifier ? tp.label : tp.source;
        for (char& ch : src) if (ch == '\n') ch = ' ';
        comment = "`" + src + "` at " + std::to_string(tp.location.line) + ":" + std::to_string(tp.location.column);
      }
      break;
    case Op::CALL:
      comment = ins.c < kBuiltinCount ? std::string(kBuiltinInfo[ins.c].name) + "/" + std::to_string(ins.a) : "<bad builtin>";
      break;
    case Op::SCAN_FIELD_EQ:
      comment = std::string(quant_name(ins.a)) + ", ." + (ins.b < p.constants.size() && p.constants[ins.b].kind == ValueKind::kString
                                                              ? std::string(p.constants[ins.b].str())
                                                              : std::string("<bad name>")) +
                " == " + constant_text(p, ins.c);
      break;
    case Op::ITER_INIT:
    case Op::QUANT_STEP: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%s, L%u.., -> %04u", quant_name(ins.a), ins.b, ins.c);
      comment = buf;
      break;
    }
    default:
      if (is_jump(ins.op)) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "-> %04u", ins.c);
        comment = buf;
      }
  }
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
