// A small text assembler for hand-made bytecode in tests: one instruction per `;` or
// line, its mnemonic from the opcode table, then the operand fields the table gives the
// op (a, b, c in that order; quantifier kinds by name), e.g.
//
//   assemble("CONST 2; ITER_INIT all 0 5; LOCAL 2; GE_CONST 1; QUANT_STEP all 0 2; RETURN")
//
// A field the op does not use can still be set, to test that the verifier refuses it:
// `NOT a=3`. Anything it cannot read throws std::invalid_argument naming the text, so a
// typo fails the test instead of assembling something else.
#pragma once

#include <cstdint>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/opcodes.h"

namespace edict::testing {

inline std::vector<Instruction> assemble(const std::string& text) {
  static const char* const kQuantNames[] = {"all", "any", "none", "count", "filter"};
  static_assert(sizeof(kQuantNames) / sizeof(kQuantNames[0]) == kQuantKindCount);
  auto fail = [&](const std::string& why) { throw std::invalid_argument("assemble: " + why + " in `" + text + "`"); };
  auto number = [&](const std::string& word) -> uint64_t {
    for (uint8_t q = 0; q < kQuantKindCount; ++q) {
      if (word == kQuantNames[q]) return q;
    }
    size_t used = 0;
    uint64_t v = 0;
    try {
      v = std::stoull(word, &used, 0);
    } catch (const std::exception&) {
      fail("`" + word + "` is not a number or a quantifier kind");
    }
    if (used != word.size()) fail("`" + word + "` is not a number");
    return v;
  };
  std::vector<Instruction> code;
  std::string statements = text;
  for (char& ch : statements) {
    if (ch == '\n') ch = ';';  // a line ends a statement too
  }
  std::string line;
  std::istringstream lines(statements);
  while (std::getline(lines, line, ';')) {
    std::istringstream words(line);
    std::string mnemonic;
    if (!(words >> mnemonic)) continue;  // an empty statement
    int op = -1;
    for (int i = 0; i < kOpCount; ++i) {
      if (mnemonic == kOpInfo[i].name) op = i;
    }
    if (op < 0) fail("unknown opcode `" + mnemonic + "`");
    const OpInfo& info = kOpInfo[op];
    Instruction ins{static_cast<Op>(op)};
    const Operand kinds[3] = {info.a, info.b, info.c};
    uint64_t fields[3] = {0, 0, 0};
    int next = 0;  // the next used field a positional operand fills
    std::string word;
    while (words >> word) {
      if (word.size() > 2 && word[1] == '=' && word[0] >= 'a' && word[0] <= 'c') {
        fields[word[0] - 'a'] = number(word.substr(2));
        continue;
      }
      while (next < 3 && kinds[next] == Operand::kNone) ++next;
      if (next == 3) fail("too many operands for `" + mnemonic + "`");
      fields[next++] = number(word);
    }
    while (next < 3 && kinds[next] == Operand::kNone) ++next;
    if (next != 3) fail("too few operands for `" + mnemonic + "`");
    if (fields[0] > UINT8_MAX || fields[1] > UINT16_MAX || fields[2] > UINT32_MAX) fail("an operand too wide for its field");
    ins.a = static_cast<uint8_t>(fields[0]);
    ins.b = static_cast<uint16_t>(fields[1]);
    ins.c = static_cast<uint32_t>(fields[2]);
    code.push_back(ins);
  }
  return code;
}

}  // namespace edict::testing
