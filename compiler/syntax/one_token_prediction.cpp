// one_token_prediction.h says what the shortcut is and why it cannot change a parse.
#include "compiler/syntax/one_token_prediction.h"

#include <vector>

namespace edict::syntax::internal {
namespace {

// What can begin each alternative of one decision, from the ATN alone. An alternative
// that can reach the end of its rule (a loop's exit, an optional part) can begin with
// whatever follows the rule: `open`, it competes for every token.
struct AltStart {
  std::vector<bool> tokens;  // by token type; a lookup, where IntervalSet::contains walks intervals
  bool eof = false;
  bool open = false;
  bool can_begin_with(size_t type) const {
    return type == antlr4::Token::EOF ? eof : type < tokens.size() && tokens[type];
  }
};

using DecisionStarts = std::vector<std::vector<AltStart>>;

DecisionStarts compute_starts(const antlr4::atn::ATN& atn) {
  DecisionStarts starts(atn.decisionToState.size());
  for (size_t d = 0; d < atn.decisionToState.size(); ++d) {
    const antlr4::atn::DecisionState* state = atn.decisionToState[d];
    for (size_t alt = 0; alt < state->transitions.size(); ++alt) {
      antlr4::misc::IntervalSet next = atn.nextTokens(state->transitions[alt]->target, nullptr);
      AltStart start;
      start.tokens.assign(atn.maxTokenType + 1, false);
      for (ssize_t type : next.toList()) {
        if (type >= 0 && static_cast<size_t>(type) <= atn.maxTokenType) start.tokens[static_cast<size_t>(type)] = true;
      }
      start.eof = next.contains(antlr4::Token::EOF);
      start.open = next.contains(antlr4::Token::EPSILON);
      starts[d].push_back(std::move(start));
    }
  }
  return starts;
}

// One table per process: every parser shares the generated parser's one ATN.
const DecisionStarts& starts_of(const antlr4::atn::ATN& atn) {
  static const DecisionStarts starts = compute_starts(atn);
  return starts;
}

}  // namespace

OneTokenPrediction::OneTokenPrediction(antlr4::Parser* parser, antlr4::atn::ParserATNSimulator& original)
    : ParserATNSimulator(parser, original.atn, original.decisionToDFA, original.getSharedContextCache()) {
  starts_of(atn);  // built here, outside any parse
}

size_t OneTokenPrediction::adaptivePredict(antlr4::TokenStream* input, size_t decision,
                                           antlr4::ParserRuleContext* outer) {
  if (getPredictionMode() == antlr4::atn::PredictionMode::SLL) {
    const std::vector<AltStart>& alts = starts_of(atn)[decision];
    const size_t next = input->LA(1);
    size_t only = 0;
    size_t candidates = 0;
    for (size_t alt = 0; alt < alts.size() && candidates < 2; ++alt) {
      if (alts[alt].open || alts[alt].can_begin_with(next)) {
        only = alt + 1;  // ANTLR numbers alternatives from 1
        ++candidates;
      }
    }
    if (candidates == 1) return only;
  }
  return ParserATNSimulator::adaptivePredict(input, decision, outer);
}

void use_one_token_prediction(antlr4::Parser& parser) {
  auto* original = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();
  // The ATN, DFA and context cache it refers to are the generated parser's statics.
  parser.setInterpreter(new OneTokenPrediction(&parser, *original));
}

}  // namespace edict::syntax::internal
