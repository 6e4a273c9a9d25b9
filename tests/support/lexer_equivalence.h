// The hand-compiled lexer (compiler/syntax/fast_lexer.h) against the one ANTLR generates
// from grammar/EdictLexer.g4: the same tokens, field by field. Shared by
// tests/syntax/fast_lexer_test.cpp and fuzz/fuzz_compile.cpp (which keeps checking it on
// every fuzzed input). Needs the edict_grammar target's generated headers.
#pragma once

#include <antlr4-runtime.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "EdictLexer.h"
#include "compiler/syntax/fast_lexer.h"

namespace edict::testing {

inline std::string describe_token(const antlr4::Token& t) {
  return "type " + std::to_string(t.getType()) + " channel " + std::to_string(t.getChannel()) + " [" +
         std::to_string(t.getStartIndex()) + ", " + std::to_string(t.getStopIndex()) + "] at " +
         std::to_string(t.getLine()) + ":" + std::to_string(t.getCharPositionInLine()) + " text `" + t.getText() + "`";
}

// "" when both lexers give the same tokens for `text` (or neither can read it: not
// UTF-8), else the first token where they differ.
inline std::string lexer_difference(const std::string& text) {
  syntax::internal::CodePointInput fast_input;
  antlr4::ANTLRInputStream antlr_input;
  try {
    fast_input.load(text);
    antlr_input.load(text);
  } catch (const std::range_error&) {
    return "";
  }
  syntax::internal::FastLexer fast(fast_input);
  edict_generated::EdictLexer reference(&antlr_input);
  reference.removeErrorListeners();
  for (size_t i = 0;; ++i) {
    std::unique_ptr<antlr4::Token> want = reference.nextToken();
    std::unique_ptr<antlr4::Token> got = fast.nextToken();
    std::string w = describe_token(*want), g = describe_token(*got);
    if (w != g) return "token " + std::to_string(i) + ": EdictLexer gives " + w + ", FastLexer " + g;
    if (want->getType() == antlr4::Token::EOF) return "";
  }
}

}  // namespace edict::testing
