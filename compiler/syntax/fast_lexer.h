// Edict's tokens, scanned by hand: grammar/EdictLexer.g4 compiled into straight-line
// code. The grammar stays the definition; this is its fast form, because ANTLR's lexer
// simulator took 23 % of a compile (about 450 instructions a character: a DFA walk
// under a lock per character, and a std::function per token). It produces exactly the
// tokens the generated EdictLexer does — type, channel, start and stop, line and column
// — which tests/syntax/fast_lexer_test.cpp checks against EdictLexer over every .edict
// file of the tree, the fuzz corpus and generated text, and fuzz/fuzz_lexer.cpp keeps
// checking. A change to EdictLexer.g4 is a change here too: those tests fail until it is.
#pragma once

#include <antlr4-runtime.h>

#include <memory>
#include <string>
#include <string_view>

namespace edict::syntax::internal {

// ANTLR's input stream, with its decoded code points readable in one piece.
class CodePointInput : public antlr4::ANTLRInputStream {
 public:
  std::u32string_view code_points() const { return _data; }
  // The same code points as ANTLR's load, decoded by hand when the text is valid UTF-8
  // (fast_lexer.cpp says why); anything else is ANTLR's load, std::range_error and all.
  using antlr4::ANTLRInputStream::load;
  void load(const std::string& input) override;
};

class FastLexer : public antlr4::TokenSource {
 public:
  explicit FastLexer(CodePointInput& input) : input_(input), text_(input.code_points()) {}

  std::unique_ptr<antlr4::Token> nextToken() override;
  size_t getLine() const override { return line_; }
  size_t getCharPositionInLine() override { return column_; }
  antlr4::CharStream* getInputStream() override { return &input_; }
  std::string getSourceName() override { return input_.getSourceName(); }
  antlr4::TokenFactory<antlr4::CommonToken>* getTokenFactory() override {
    return antlr4::CommonTokenFactory::DEFAULT.get();
  }

 private:
  // One token's type and channel; its length is in `end`.
  struct Match {
    size_t type;
    size_t channel;
  };
  Match scan(size_t& end) const;
  size_t quoted_end(size_t from, char32_t quote) const;
  Match double_quoted(size_t from, size_t closed, size_t& end) const;
  size_t triple_body_end(size_t from) const;
  size_t digits_end(size_t from) const;
  size_t exponent_end(size_t from) const;
  char32_t at(size_t i) const { return i < text_.size() ? text_[i] : 0xFFFFFFFF; }
  void advance_to(size_t end);

  CodePointInput& input_;
  std::u32string_view text_;
  size_t pos_ = 0;
  size_t line_ = 1;
  size_t column_ = 0;
};

}  // namespace edict::syntax::internal
