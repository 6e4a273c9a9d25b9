// Bounds ANTLR's shared prediction caches (prediction_cache.h says why).
#include "compiler/syntax/prediction_cache.h"

#include <mutex>

#include "compiler/syntax/fast_lexer.h"
#include "compiler/syntax/parser.h"

namespace edict::syntax {

std::shared_mutex& prediction_cache_mutex() {
  static std::shared_mutex mutex;
  return mutex;
}

size_t prediction_dfa_states(EdictParser& parser) {
  size_t n = 0;
  for (const antlr4::dfa::DFA& dfa : parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->decisionToDFA) {
    n += dfa.states.size();
  }
  return n;
}

size_t prediction_cache_states() {
  // The DFAs are private statics of the generated parser: reach them through an idle one.
  internal::CodePointInput input;
  internal::FastLexer lexer(input);
  antlr4::CommonTokenStream tokens(&lexer);
  EdictParser parser(&tokens);
  std::shared_lock<std::shared_mutex> reading(prediction_cache_mutex());
  return prediction_dfa_states(parser);
}

void trim_prediction_caches(EdictParser& parser, size_t max_states) {
  {
    std::shared_lock<std::shared_mutex> reading(prediction_cache_mutex());
    if (prediction_dfa_states(parser) <= max_states) return;
  }
  std::unique_lock<std::shared_mutex> writing(prediction_cache_mutex());
  if (prediction_dfa_states(parser) <= max_states) return;  // another thread trimmed first
  auto* parser_sim = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();
  parser_sim->clearDFA();
  parser_sim->getSharedContextCache().clear();
}

}  // namespace edict::syntax
