// `edict disasm PATHS...`: compiles policies and prints the Program's disassembly
// (runtime/disasm.h). Compile errors go to stderr as diagnostics, exit 2.
// `edict disasm --bundle FILE.edictc`: the same for a bundle, loaded and verified
// without the compiler (runtime/bundle.h); a bad bundle is an E07xx diagnostic, exit 2.
// A signed bundle is disassembled too (its signature is not checked: `check --trust` does).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "cli/evidence_support.h"
#include "compiler/compile.h"
#include "runtime/bundle.h"
#include "runtime/disasm.h"

namespace edict::cli {

namespace {

struct DisasmArgs {
  std::vector<std::string> paths;
  std::string stdlib_dir;
  std::string bundle;
};

int run_disasm(const DisasmArgs& args) {
  if (args.paths.empty() && args.bundle.empty()) {
    std::fputs("edict disasm: give policy PATHS or --bundle FILE\n", stderr);
    return kExitUsage;
  }
  SourceManager sources;
  DiagnosticSink sink;
  compiler::CompileOptions options;
  if (!args.stdlib_dir.empty()) options.stdlib_dir = args.stdlib_dir;
  auto program = args.bundle.empty() ? compiler::compile_paths(args.paths, options, sources, sink)
                                     : load_bundle_ignoring_signature(args.bundle, sink);
  if (!sink.diagnostics().empty()) std::fputs(render_all(sink, sources).c_str(), stderr);
  if (!program) return kExitUsage;
  std::fputs(disassemble(*program).c_str(), stdout);
  return kExitOk;
}

const CommandRegistration kDisasm{Command{
    "disasm", 90, [](CLI::App& app) -> std::function<int()> {
      auto args = std::make_shared<DisasmArgs>();
      CLI::App* sub = app.add_subcommand("disasm", "Compile policies and print their bytecode");
      auto* paths = sub->add_option("paths", args->paths, ".edict files or directories");
      auto* bundle = sub->add_option("--bundle", args->bundle, "Print a compiled bundle (.edictc) instead");
      paths->excludes(bundle);
      sub->add_option("--stdlib", args->stdlib_dir, "Use the stdlib modules in DIR instead of the embedded ones");
      return [args] { return run_disasm(*args); };
    }}};

}  // namespace

}  // namespace edict::cli
