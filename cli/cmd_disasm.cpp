// `edict disasm PATHS...`: compiles policies and prints the Program's disassembly
// (runtime/disasm.h). Compile errors go to stderr as diagnostics, exit 2.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "compiler/compile.h"
#include "runtime/disasm.h"

namespace edict::cli {

namespace {

struct DisasmArgs {
  std::vector<std::string> paths;
  std::string stdlib_dir;
};

int run_disasm(const DisasmArgs& args) {
  SourceManager sources;
  DiagnosticSink sink;
  compiler::CompileOptions options;
  if (!args.stdlib_dir.empty()) options.stdlib_dir = args.stdlib_dir;
  auto program = compiler::compile_paths(args.paths, options, sources, sink);
  if (!sink.diagnostics().empty()) std::fputs(render_all(sink, sources).c_str(), stderr);
  if (!program) return kExitUsage;
  std::fputs(disassemble(*program).c_str(), stdout);
  return kExitOk;
}

const CommandRegistration kDisasm{Command{
    "disasm", 90, [](CLI::App& app) -> std::function<int()> {
      auto args = std::make_shared<DisasmArgs>();
      CLI::App* sub = app.add_subcommand("disasm", "Compile policies and print their bytecode");
      sub->add_option("paths", args->paths, ".edict files or directories")->required();
      sub->add_option("--stdlib", args->stdlib_dir, "Use the stdlib modules in DIR instead of the embedded ones");
      return [args] { return run_disasm(*args); };
    }}};

}  // namespace

}  // namespace edict::cli
