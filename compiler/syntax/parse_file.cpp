// The front end's entry points (parser.h): runs the passes over one file in order —
// UTF-8 load, lexing under the token limit, token repair, the nesting pre-pass, ANTLR's
// two-stage parse, the comments — then hands the tree to the converter (cst_to_ast.cpp).
#include <antlr4-runtime.h>

#include <functional>
#include <mutex>
#include <new>
#include <shared_mutex>
#include <stdexcept>

#include "compiler/syntax/codes.h"
#include "compiler/syntax/fast_lexer.h"
#include "compiler/syntax/front_end.h"
#include "compiler/syntax/one_token_prediction.h"
#include "compiler/syntax/parser.h"
#include "compiler/syntax/prediction_cache.h"

namespace edict::syntax {
namespace {

using namespace internal;

void collect_comments(antlr4::CommonTokenStream& tokens, FrontEnd& fe, Module& module) {
  const std::string& text = fe.file().text();
  for (Token* t : tokens.getTokens()) {
    if (t->getType() != EdictLexer::COMMENT) continue;
    Comment comment;
    comment.span = fe.span_of(t);
    comment.text = text.substr(comment.span.begin, comment.span.end - comment.span.begin);
    while (!comment.text.empty() && (comment.text.back() == '\r' || comment.text.back() == ' ')) {
      comment.text.pop_back();
    }
    uint32_t i = comment.span.begin;
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t')) --i;
    comment.own_line = i == 0 || text[i - 1] == '\n';
    module.comments.push_back(std::move(comment));
  }
}


// The generated parser, made safe against running out of memory. ANTLR hooks each
// finished operand of the left-recursive `expression` rule into its parent from a scope
// guard's destructor (`finally`, calling unrollRecursionContexts), and that hook
// allocates: a std::bad_alloc there would leave a destructor and terminate the process
// (tests/syntax/parse_bad_alloc_test.cpp). It is caught there, and the parse that met it
// ends in std::bad_alloc as any other allocation failure does.
class SafeParser : public EdictParser {
 public:
  using EdictParser::EdictParser;
  void unrollRecursionContexts(antlr4::ParserRuleContext* parent) override {
    try {
      EdictParser::unrollRecursionContexts(parent);
    } catch (const std::bad_alloc&) {
      out_of_memory_ = true;
    }
  }
  void throw_if_out_of_memory() const {
    if (out_of_memory_) throw std::bad_alloc();
  }

 private:
  bool out_of_memory_ = false;
};

// Parses with `rule` in ANTLR's two stages: SLL prediction first, which is much
// cheaper (no full-context lookahead) and gives the same tree whenever it succeeds;
// only when it meets a syntax error (a real one, or a decision SLL is too weak for) is
// the file parsed again with full LL and the reporting error strategy, so diagnostics
// are exactly those of an LL parse. The SLL stage bails at its first error and reports
// nothing.
template <class Tree>
Tree* parse_two_stage(SafeParser& parser, antlr4::CommonTokenStream& tokens, FrontEnd& fe, Tree* (EdictParser::*rule)()) {
  auto* interpreter = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();
  interpreter->setPredictionMode(antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  try {
    Tree* tree = (parser.*rule)();
    parser.throw_if_out_of_memory();
    return tree;
  } catch (const antlr4::ParseCancellationException&) {
    // fall through to the LL parse
  }
  tokens.seek(0);
  parser.reset();
  interpreter->setPredictionMode(antlr4::atn::PredictionMode::LL);
  parser.setErrorHandler(make_error_strategy(fe));
  Tree* tree = (parser.*rule)();
  parser.throw_if_out_of_memory();
  return tree;
}

// Lexes, checks and parses the file, then runs `body` with the parser ready.
void run_parser(FrontEnd& fe, const std::function<void(SafeParser&, antlr4::CommonTokenStream&)>& body) {
  // ANTLR decodes UTF-8 itself (std::wstring_convert, which throws std::range_error):
  // text that bypassed add_source's check lands here. Only that conversion is caught as
  // "not UTF-8"; anything else, std::bad_alloc first, goes to the caller, which reports
  // an internal error and fails closed rather than blaming the file.
  CodePointInput input;
  try {
    input.load(fe.file().text());
  } catch (const std::range_error&) {
    fe.diags().error(codes::kNotUtf8, fe.span(0, 0), "source file could not be read as UTF-8 text",
                     "save the file as UTF-8");
    return;
  }
  try {
    std::shared_lock<std::shared_mutex> parsing(prediction_cache_mutex());
    FastLexer lexer(input);  // EdictLexer.g4's tokens, scanned by hand (fast_lexer.h)
    BoundedTokenStream tokens(&lexer);
    if (!fill_within_token_limit(tokens, fe)) return;
    check_tokens(tokens, fe);
    if (!check_nesting(tokens, fe)) return;
    SafeParser parser(&tokens);
    parser.removeErrorListeners();
    if (fe.limits().one_token_prediction) use_one_token_prediction(parser);  // the SLL stage's one-token decisions
    body(parser, tokens);
    parsing.unlock();
    trim_prediction_caches(parser, fe.limits().max_prediction_states);
  } catch (const TooManyErrors&) {
    // The cap was reached; what was reported stands.
  }
}

}  // namespace

Module parse_module(const SourceManager& sources, uint32_t file_id, DiagnosticSink& sink, const ParseLimits& limits) {
  Module module;
  module.file_id = file_id;
  const SourceFile* file = sources.get(file_id);
  if (!file) return module;
  FrontEnd fe(*file, file_id, limits);
  run_parser(fe, [&](SafeParser& parser, antlr4::CommonTokenStream& tokens) {
    collect_comments(tokens, fe, module);
    EdictParser::ModuleContext* tree = parse_two_stage(parser, tokens, fe, &EdictParser::module);
    convert_module(fe, tree, module);
  });
  fe.diags().flush(sink);
  return module;
}

ExprPtr parse_expression(const SourceManager& sources, uint32_t file_id, DiagnosticSink& sink,
                         const ParseLimits& limits) {
  const SourceFile* file = sources.get(file_id);
  if (!file) return nullptr;
  FrontEnd fe(*file, file_id, limits);
  ExprPtr result;
  run_parser(fe, [&](SafeParser& parser, antlr4::CommonTokenStream& tokens) {
    EdictParser::StandaloneExpressionContext* tree = parse_two_stage(parser, tokens, fe, &EdictParser::standaloneExpression);
    result = convert_expression(fe, tree->expression());
  });
  size_t before = sink.error_count();
  fe.diags().flush(sink);
  if (sink.error_count() > before) return nullptr;
  return result;
}

}  // namespace edict::syntax
