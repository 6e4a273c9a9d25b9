// Edict's compiler for programs that embed it (target edict::compiler): compile policy
// files or in-memory sources to a Program, evaluate it (edict/runtime.h) or save it as
// a bundle (edict::write_bundle_file).
//
//   edict::SourceManager sources;
//   edict::DiagnosticSink sink;
//   std::optional<edict::Program> program =
//       edict::compiler::compile_paths({"policies/linux"}, {}, sources, sink);
#pragma once

#include "compiler/compile.h"  // compile_paths, compile_sources, CompileOptions
#include "edict/runtime.h"
