// The parse with the SLL stage's one-token shortcut (compiler/syntax/one_token_prediction.h)
// against the parse with ANTLR's own prediction alone: the same AST (the printer's dump,
// positions included) and the same diagnostics. Shared by
// tests/syntax/one_token_prediction_test.cpp and fuzz/fuzz_compile.cpp.
#pragma once

#include <string>

#include "compiler/syntax/ast_printer.h"
#include "compiler/syntax/parser.h"
#include "runtime/diagnostic.h"

namespace edict::testing {

inline std::string parse_dump(const std::string& text, bool shortcut) {
  syntax::ParseLimits limits;
  limits.one_token_prediction = shortcut;
  SourceManager sources;
  DiagnosticSink sink;
  auto id = syntax::add_source("input.edict", text, sources, sink, limits);
  if (!id) return "refused\n" + render_all(sink, sources);
  syntax::Module m = syntax::parse_module(sources, *id, sink, limits);
  return syntax::print_module(m) + render_all(sink, sources);
}

// "" when both parses agree, else both dumps.
inline std::string prediction_difference(const std::string& text) {
  std::string with = parse_dump(text, true), without = parse_dump(text, false);
  if (with == without) return "";
  return "with the shortcut:\n" + with + "\nwith ANTLR's prediction alone:\n" + without;
}

}  // namespace edict::testing
