// A shortcut in front of ANTLR's SLL prediction, for the first of the two parse stages
// (parse_file.cpp). Most decisions the parser meets are settled by the next token
// alone: the `expression` rule's "another operator?" loop is asked after every operand
// and nearly always exits, because the next token is no operator. ANTLR still runs a
// full adaptivePredict for each (a DFA walk under a lock: 1,250 instructions), since a
// loop's exit is follow-dependent. Here, when exactly one alternative of the decision
// can begin with the next token — the others cannot match it, whatever follows — that
// alternative is taken without asking; otherwise ANTLR decides, as before. (The loop's
// operator alternatives carry precedence predicates, which the shortcut does not
// evaluate: it never has to, since the loop's exit competes for every token, so an
// operator alternative is never the only candidate.)
//
// Why this cannot change a parse: the SLL stage only keeps a tree when the whole file
// parses (it bails at the first error, and the LL stage, which never takes the
// shortcut, reparses and reports). On input that parses, an alternative no other
// alternative can compete with on the next token is the one any parse takes. The tests
// in tests/syntax compare trees and diagnostics over the corpus (fmt_corpus_test,
// parser_test, errors_test).
#pragma once

#include <antlr4-runtime.h>

namespace edict::syntax::internal {

class OneTokenPrediction : public antlr4::atn::ParserATNSimulator {
 public:
  // Takes `parser`'s own simulator's ATN, DFA and context cache (shared, as ANTLR's are).
  OneTokenPrediction(antlr4::Parser* parser, antlr4::atn::ParserATNSimulator& original);

  size_t adaptivePredict(antlr4::TokenStream* input, size_t decision, antlr4::ParserRuleContext* outer) override;
};

// Gives `parser` a OneTokenPrediction in place of its own simulator (which
// Recognizer::setInterpreter deletes; the parser deletes the new one in turn).
void use_one_token_prediction(antlr4::Parser& parser);

}  // namespace edict::syntax::internal
