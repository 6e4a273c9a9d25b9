// The compiler's public entry points: .edict files (and the modules they import) in,
// a checked Program out, or nullopt with every diagnostic found (many per run).
//
//   SourceManager sources;  DiagnosticSink sink;
//   auto program = compiler::compile_paths({"policies/"}, {}, sources, sink);
//   if (!program) std::fputs(render_all(sink, sources).c_str(), stderr);
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/syntax/parser.h"
#include "runtime/diagnostic.h"
#include "runtime/program.h"
#include "runtime/schema.h"
#include "runtime/source.h"

namespace edict::compiler {

// After inlining `def`s, one `when` or `require` may hold at most this many
// operations: nested defs can grow exponentially (each calling the next twice), and
// this bound turns that into a diagnostic instead of a huge program.
inline constexpr size_t kMaxNodesPerExpression = 100'000;

// A `let` that folds to a constant past this size is refused (E0411). Constants come
// from source text (at most 4 MiB a file), so no real `let` comes near; without it a
// chain of doubling lets (`let s1 = s0 + s0` ...) folded 32 MiB strings until the
// global fold budget (64 MiB, codegen.cpp) ran out, then inlined the rest until E0407
// fired 80 s later. It must stay under that budget, so the refusal comes first.
inline constexpr size_t kMaxFoldedLetBytes = 32u << 20;

struct CompileOptions {
  std::optional<std::string> stdlib_dir;           // --stdlib DIR overrides the embedded stdlib
  const FactSchema* schema = &FactSchema::core();  // base schema; `fact` declarations add to a copy
  syntax::ParseLimits parse_limits;
  // Fold closed sub-expressions at compile time (on by default). Tests turn it off to
  // cross-check that folding and the VM agree.
  bool fold_constants = true;
};

// Compiles every .edict file named (files, or directories searched recursively, sorted
// by path; files ending in _test.toml are ignored; see policy_files.h for what makes a
// directory unreadable) plus the modules they import. nullopt + diagnostics on any error.
std::optional<Program> compile_paths(const std::vector<std::string>& paths, const CompileOptions& options,
                                     SourceManager& sources, DiagnosticSink& sink);
// The same for in-memory sources {path, text} (tests, stdin).
std::optional<Program> compile_sources(const std::vector<std::pair<std::string, std::string>>& sources_in,
                                       const CompileOptions& options, SourceManager& sources, DiagnosticSink& sink);

}  // namespace edict::compiler
