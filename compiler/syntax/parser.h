// The front end's entry points: source text in, AST (compiler/syntax/ast.h) and
// diagnostics out. The ANTLR machinery behind them stays in parse_file.cpp and
// the passes front_end.h lists.
//
//   SourceManager sources;  DiagnosticSink sink;
//   if (auto id = read_source("p.edict", sources, sink)) {
//     Module m = parse_module(sources, *id, sink);
//     if (sink.has_errors()) ...  // m may be partial
//   }
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "compiler/syntax/ast.h"
#include "runtime/diagnostic.h"
#include "runtime/source.h"

namespace edict::syntax {

// Policy files are small; 4 MiB is far past any real one and keeps a stray binary or a
// generated monster from using the parser's memory (ANTLR keeps every token).
constexpr size_t kDefaultMaxSourceBytes = 4 << 20;
// ANTLR's recursive descent uses about a dozen C++ frames per nesting level; 200 levels
// stay far below the main thread's stack (also under ASan) and far above real policies.
constexpr uint32_t kDefaultMaxNesting = 200;
// The checker, lowering, the printer and even the AST's destructor recurse over the
// tree: a 100,000-term `a + b + ...` chain must be refused, not crash them later.
constexpr uint32_t kDefaultMaxExpressionDepth = 1000;
// Past this many syntax errors in one file, the rest are almost always echoes of an
// early one; we stop reporting them.
constexpr size_t kMaxSyntaxErrorsPerFile = 25;
// ANTLR caches prediction DFAs for the whole process and never shrinks them, so a process
// parsing an endless stream of different files (an editor integration, `edict fmt` over
// a monorepo, a fuzzer) grows without bound: 6,900 states and ~44 MB after 12,000
// generated policies, still rising. Past this many states the caches are dropped and
// rebuilt by later parses. The repo's policies and the stdlib make ~400 states; at
// ~6 KB a state, 10,000 keep the caches near 60 MB.
constexpr size_t kDefaultMaxPredictionStates = 10'000;

// ANTLR keeps a parse-tree node per grammar rule entered, about 1 KB per token: a 2.6 MB
// list literal of 1.3M elements (under the byte limit) took 2.9 GB. Tokens are counted
// before anything is kept, so past this many the file is refused (E0006) in one lexing
// pass; 262,144 tokens bound the parse near 300 MB, and the largest shipped policy file
// (policies/linux/baseline.edict) has about 530.
constexpr size_t kDefaultMaxTokens = 1u << 18;

struct ParseLimits {
  size_t max_source_bytes = kDefaultMaxSourceBytes;
  size_t max_tokens = kDefaultMaxTokens;  // tokens of one file (comments included)
  uint32_t max_nesting = kDefaultMaxNesting;  // expression/bracket nesting depth
  uint32_t max_expression_depth = kDefaultMaxExpressionDepth;  // depth of the built AST
  size_t max_prediction_states = kDefaultMaxPredictionStates;   // checked after each parse
  // The SLL stage's one-token shortcut (one_token_prediction.h). Off only to compare a
  // parse with ANTLR's own prediction (tests/syntax, fuzz_compile): same AST, same errors.
  bool one_token_prediction = true;
};

// Reads a file into `sources` after checking size, NUL bytes and UTF-8 (E00xx
// diagnostics with line:col of the bad byte). Returns the file id, or nullopt with
// diagnostics. A missing or unreadable file is E0001.
std::optional<uint32_t> read_source(const std::string& path, SourceManager& sources, DiagnosticSink& sink,
                                    const ParseLimits& limits = {});
// Same checks for in-memory text (stdlib, tests).
std::optional<uint32_t> add_source(std::string path, std::string text, SourceManager& sources, DiagnosticSink& sink,
                                   const ParseLimits& limits = {});
// Parses one file. Always returns a Module (possibly partial); callers check sink.has_errors().
Module parse_module(const SourceManager& sources, uint32_t file_id, DiagnosticSink& sink,
                    const ParseLimits& limits = {});
// DFA states in the parser's process-wide prediction cache now (for tests and tuning).
size_t prediction_cache_states();
// Parses a whole file as one expression (e.g. "os.build >= 6003"); nullptr on errors.
ExprPtr parse_expression(const SourceManager& sources, uint32_t file_id, DiagnosticSink& sink,
                         const ParseLimits& limits = {});

}  // namespace edict::syntax
