// `edict compile PATHS -o FILE.edictc`: compiles policies (and the stdlib modules they
// import) into a bundle (runtime/bundle.h) that `edict check --bundle` and
// `edict disasm --bundle` read without the compiler. Exit 0, or 2 with diagnostics.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "cli/evidence_support.h"
#include "compiler/compile.h"
#include "report/output.h"
#include "runtime/bundle.h"
#include "runtime/verify.h"

namespace edict::cli {

namespace {

struct CompileArgs {
  std::vector<std::string> paths;
  std::string output;
  std::string stdlib_dir;
  std::string sign;  // --sign KEY: write a signed bundle (evidence/signed_bundle.h)
};

// The bundle goes through the one output writer (report/output.h) like every file Edict
// writes: a symlink is written through, a device straight, anything else replaced whole.
bool write_bundle(const Program& program, const std::string& path, const std::string& sign_key, DiagnosticSink& sink) {
  std::string bytes;
  if (!save_bundle(program, &bytes)) {
    Diagnostic d = Diagnostic::error(bundle_codes::kUnwritable, Span{}, "the program is too large for a bundle",
                                     "a bundle holds at most " + std::to_string(kMaxBundleBytes >> 20) +
                                         " MiB; split the policies");
    d.path = path;
    sink.report(std::move(d));
    return false;
  }
  if (!sign_key.empty() && !sign_bundle_bytes(sign_key, &bytes, sink)) return false;
  return report::write_outputs({report::OutputFile{path, std::move(bytes)}}, sink, bundle_codes::kUnwritable);
}

int run_compile(const CompileArgs& args) {
  SourceManager sources;
  DiagnosticSink sink;
  compiler::CompileOptions options;
  if (!args.stdlib_dir.empty()) options.stdlib_dir = args.stdlib_dir;
  // The key first: a bad or exposed one is refused before any compiling.
  if (!args.sign.empty() && !check_signing_key(args.sign, sink)) {
    std::fputs(render_all(sink, sources).c_str(), stderr);
    return kExitUsage;
  }
  auto program = compiler::compile_paths(args.paths, options, sources, sink);
  // The compiler's output must pass the verifier the loader applies: check it here, so
  // a codegen bug is caught when the bundle is made, not when a host loads it.
  bool ok = program && verify_program(*program, args.output, sink) && write_bundle(*program, args.output, args.sign, sink);
  if (!sink.diagnostics().empty()) std::fputs(render_all(sink, sources).c_str(), stderr);
  return ok ? kExitOk : kExitUsage;
}

const CommandRegistration kCompile{Command{
    "compile", 40, [](CLI::App& app) -> std::function<int()> {
      auto args = std::make_shared<CompileArgs>();
      CLI::App* sub = app.add_subcommand("compile", "Compile policies into a verified bundle (.edictc)");
      sub->add_option("paths", args->paths, ".edict files or directories")->required();
      sub->add_option("-o,--output", args->output, "The bundle to write (written whole, or not at all; - for stdout)")->required();
      sub->add_option("--stdlib", args->stdlib_dir, "Use the stdlib modules in DIR instead of the embedded ones");
      sub->add_option("--sign", args->sign, "Sign the bundle with this Ed25519 private key (`check --trust` verifies it)");
      return [args] { return run_compile(*args); };
    }}};

}  // namespace

}  // namespace edict::cli
