// Fuzz target: policy source -> parse -> check -> compile, as `edict check` does it.
// A program that compiles is also evaluated (with explanations) against a fixed facts
// document, and a module that parses cleanly is formatted and re-parsed: `edict fmt`
// must give an equal AST and be idempotent. Errors must be diagnostics that render.
// The hand lexer (compiler/syntax/fast_lexer.h) must give EdictLexer's tokens, and the
// one-token prediction shortcut must not change the parse (AST and diagnostics).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string>

#include "compiler/compile.h"
#include "compiler/syntax/ast_equal.h"
#include "compiler/syntax/formatter.h"
#include "compiler/syntax/parser.h"
#include "fuzz/fuzz_support.h"
#include "tests/support/lexer_equivalence.h"
#include "tests/support/prediction_equivalence.h"
#include "runtime/facts/load.h"
#include "runtime/vm.h"

namespace {

using namespace edict;

// A fixed host for programs that compile: a bit of every core namespace.
const Facts& host() {
  static const Facts facts = fuzz::load_or_die(fuzz::kSampleFactsJson);
  return facts;
}

// `edict fmt`'s contract: formatting a cleanly parsed module gives text that parses to
// an equal AST and formats to itself.
void check_format(const std::string& text) {
  SourceManager sources;
  DiagnosticSink sink;
  auto id = syntax::add_source("fuzz.edict", text, sources, sink);
  if (!id) return;
  syntax::Module m = syntax::parse_module(sources, *id, sink);
  if (sink.has_errors()) return;
  std::string formatted = syntax::format_module(m, *sources.get(*id));
  DiagnosticSink sink2;
  auto id2 = syntax::add_source("fuzz-fmt.edict", formatted, sources, sink2);
  if (!id2) fuzz::fail("formatted text was refused by the reader", text, formatted);
  syntax::Module m2 = syntax::parse_module(sources, *id2, sink2);
  if (sink2.has_errors()) fuzz::fail("formatted text does not parse:\n" + render_all(sink2, sources), text, formatted);
  if (!syntax::ast_equal(m, m2)) fuzz::fail("formatting changed the AST", text, formatted);
  std::string again = syntax::format_module(m2, *sources.get(*id2));
  if (again != formatted) fuzz::fail("formatting is not idempotent", formatted, again);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string lexing = testing::lexer_difference(text);
  if (!lexing.empty()) fuzz::fail("the hand lexer and EdictLexer disagree", text, lexing);
  std::string parsing = testing::prediction_difference(text);
  if (!parsing.empty()) fuzz::fail("the one-token prediction changed the parse", text, parsing);
  SourceManager sources;
  DiagnosticSink sink;
  compiler::CompileOptions options;
  auto program = compiler::compile_sources({{"fuzz.edict", text}}, options, sources, sink);
  std::string rendered = render_all(sink, sources);  // every span must render
  if (!program && !sink.has_errors()) fuzz::fail("compile failed without an error diagnostic", text, rendered);
  if (program) {
    EvalOptions eval;
    eval.explain = true;
    eval.now = fuzz::kFixedNow;
    eval.max_steps = fuzz::kFuzzMaxSteps;
    std::vector<RuleResult> results = evaluate(*program, host(), eval);
    if (results.size() != program->rules.size()) fuzz::fail("one result per rule", text, "");
  }
  if (getenv("EDICT_FUZZ_NO_FMT") == nullptr) check_format(text);
  return 0;
}
