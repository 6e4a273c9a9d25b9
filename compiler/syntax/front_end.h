// Internal to the front end, and like the converter it sees ANTLR: the state of one
// file's parse shared by its passes, in the order run_parser (parse_file.cpp) runs them:
//   token_repair.cpp    lexer error tokens and habits from other languages -> diagnostics
//                       and repaired tokens; the token limit; the nesting pre-pass
//   error_strategy.cpp  ANTLR's recognition errors -> Edict's E0101 messages
//   cst_to_ast.cpp      the parse tree -> the AST of ast.h (cst_converter.h: the module
//   cst_expression.cpp  there, the expressions here)
#pragma once

#include <antlr4-runtime.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "EdictLexer.h"
#include "EdictParser.h"
#include "compiler/syntax/ast.h"
#include "compiler/syntax/clauses.h"
#include "compiler/syntax/parser.h"
#include "runtime/string_codec.h"

namespace edict::syntax::internal {

using edict_generated::EdictLexer;
using edict_generated::EdictParser;
using antlr4::Token;

// Thrown by the error strategy once a file has too many errors: ANTLR unwinds and the
// rest of the file is not parsed.
struct TooManyErrors {};

inline bool ends_operand(size_t type) {
  switch (type) {
    case EdictLexer::IDENT: case EdictLexer::INT: case EdictLexer::FLOAT: case EdictLexer::STRING:
    case EdictLexer::TRIPLE_STRING: case EdictLexer::VERSION: case EdictLexer::NULL_LIT:
    case EdictLexer::TRUE_LIT: case EdictLexer::FALSE_LIT: case EdictLexer::RPAREN: case EdictLexer::RBRACK:
    case EdictLexer::RBRACE:
      return true;
    default:
      return false;
  }
}

inline size_t closer_of(size_t opener) {
  return opener == EdictLexer::LPAREN ? EdictLexer::RPAREN
         : opener == EdictLexer::LBRACK ? EdictLexer::RBRACK : EdictLexer::RBRACE;
}

// Shared state of one file's parse.
class FrontEnd {
 public:
  FrontEnd(const SourceFile& file, uint32_t file_id, const ParseLimits& limits)
      : file_(file), file_id_(file_id), limits_(limits), diags_(kMaxSyntaxErrorsPerFile) {
    const std::string& text = file.text();
    // ANTLR's code point 0 is the first one after a byte order mark (CodePointInput drops
    // it as ANTLR's load does): counting the BOM here shifted every span and sliced name
    // of such a file by three bytes (found by fuzz_compile: `edict fmt` broke the file).
    // Sized for the worst case (all ASCII) and cut to length: a push_back per byte was
    // 2% of a compile.
    cp_to_byte_.resize(text.size() + 1);
    size_t n = 0;
    for (uint32_t i = static_cast<uint32_t>(utf8_bom_length(text)); i < text.size(); ++i) {
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) cp_to_byte_[n++] = i;
    }
    cp_to_byte_[n++] = static_cast<uint32_t>(text.size());
    cp_to_byte_.resize(n);
  }

  FileDiagnostics& diags() { return diags_; }
  const ParseLimits& limits() const { return limits_; }
  const SourceFile& file() const { return file_; }
  uint32_t file_id() const { return file_id_; }

  uint32_t byte_of(size_t code_point) const {
    return code_point < cp_to_byte_.size() ? cp_to_byte_[code_point] : cp_to_byte_.back();
  }
  Span span(uint32_t begin, uint32_t end) const { return file_.span(file_id_, begin, std::max(begin, end)); }
  Span span_of(const Token* t) const {
    if (!t) return {};
    if (t->getType() == Token::EOF) return span(byte_of(cp_to_byte_.size()), byte_of(cp_to_byte_.size()));
    return span(byte_of(t->getStartIndex()), byte_of(t->getStopIndex() + 1));
  }
  Span span_of(antlr4::ParserRuleContext* ctx) const {
    if (!ctx || !ctx->getStart()) return {};
    return span(byte_of(ctx->getStart()->getStartIndex()), end_of(ctx));
  }
  // The byte just past what `ctx` matched.
  uint32_t end_of(antlr4::ParserRuleContext* ctx) const {
    const Token* start = ctx->getStart();
    const Token* stop = ctx->getStop();
    uint32_t begin = byte_of(start->getStartIndex());
    // A rule that matched nothing has its stop before its start.
    return stop && stop->getType() != Token::EOF && stop->getStopIndex() + 1 >= start->getStartIndex()
               ? byte_of(stop->getStopIndex() + 1) : begin;
  }
  // `a` widened to the end of `b`. a's line and column stand: recomputing them (a binary
  // search of the line starts) for every node of every expression was 4% of a compile.
  Span join(Span a, Span b) const {
    if (!a.valid()) return span(a.begin, std::max(a.end, b.end));
    a.end = std::max(a.end, b.end);
    return a;
  }
  // `a` widened to the end of what `ctx` matched.
  Span join_end(Span a, antlr4::ParserRuleContext* ctx) const {
    if (!ctx || !ctx->getStart()) return a;
    Span to = a;
    to.end = end_of(ctx);
    return join(a, to);
  }
  // A one-character span just past `t`, for "expected X after Y".
  Span after(const Token* t) const {
    uint32_t end = byte_of(t->getStopIndex() + 1);
    return span(end, end);
  }

  // A token's text as written: a slice of the UTF-8 source. ANTLR's getText() rebuilds
  // it from the UTF-32 input through std::wstring_convert (~2,000 instructions for a
  // literal: a tenth of a compile's conversion). A token given a text of its own
  // (rewrite_text), and one error recovery made up (no index in the stream), answer
  // with that text.
  std::string text_of(const Token* t) const {
    size_t index = t->getTokenIndex();
    if (index == INVALID_INDEX || (index < rewritten_.size() && rewritten_[index])) return t->getText();  // ANTLR's macro
    uint32_t begin = byte_of(t->getStartIndex());
    return file_.text().substr(begin, byte_of(t->getStopIndex() + 1) - begin);
  }
  // Gives `t` a text other than the source's (check_tokens' repairs); text_of then
  // answers with it.
  void rewrite_text(antlr4::CommonToken* t, std::string text) {
    size_t index = t->getTokenIndex();
    if (index >= rewritten_.size()) rewritten_.resize(index + 1, false);
    rewritten_[index] = true;
    t->setText(std::move(text));
  }

  // Opening bracket (token index) enclosing each token, filled by the nesting check.
  std::vector<ptrdiff_t> enclosing_opener;
  // Set when an unterminated `"""` swallowed the rest of the file.
  bool unterminated_triple = false;

 private:
  const SourceFile& file_;
  uint32_t file_id_;
  const ParseLimits& limits_;
  FileDiagnostics diags_;
  std::vector<uint32_t> cp_to_byte_;
  std::vector<bool> rewritten_;  // per token index: rewrite_text gave it a text
};

// A token stream that can stop fetching past a number of tokens.
class BoundedTokenStream : public antlr4::CommonTokenStream {
 public:
  using antlr4::CommonTokenStream::CommonTokenStream;
  // Fetches every token up to EOF; false as soon as more than `max` (EOF not counted)
  // were fetched.
  bool fill_up_to(size_t max) {
    constexpr size_t kChunk = 1024;
    while (!_fetchedEOF) {
      if (_tokens.size() > max) return false;
      fetch(kChunk);
    }
    return _tokens.size() - 1 <= max;
  }
};

// token_repair.cpp
// Lexes the file into `tokens`; false (E0006) past ParseLimits::max_tokens.
bool fill_within_token_limit(BoundedTokenStream& tokens, FrontEnd& fe);
// Reports the lexer's error tokens and repairs them (and `&&`, `=`, `'text'`) in place.
void check_tokens(antlr4::CommonTokenStream& tokens, FrontEnd& fe);
// Measures nesting on the tokens before ANTLR recurses; false (with E0109) past a limit.
bool check_nesting(antlr4::CommonTokenStream& tokens, FrontEnd& fe);
// The operator a token spells in a binary position (binary_ops.h's token column).
std::optional<BinaryOp> binary_op_of(size_t type);

// error_strategy.cpp
std::shared_ptr<antlr4::ANTLRErrorStrategy> make_error_strategy(FrontEnd& fe);

// cst_to_ast.cpp (with cst_expression.cpp): the parse tree -> the AST (a null tree,
// left by error recovery, gives nothing; every part left out was reported).
void convert_module(FrontEnd& fe, EdictParser::ModuleContext* tree, Module& out);
ExprPtr convert_expression(FrontEnd& fe, EdictParser::ExpressionContext* tree);

}  // namespace edict::syntax::internal
