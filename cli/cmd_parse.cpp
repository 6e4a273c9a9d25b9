// `edict parse [--ast] FILES...`: runs the front end alone (no checker), for debugging
// the grammar and for scripts: diagnostics on stderr and exit 2 on any syntax error.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "cli/command.h"
#include "compiler/syntax/ast_printer.h"
#include "compiler/syntax/parser.h"

namespace edict::cli {
namespace {

struct ParseOptions {
  std::vector<std::string> files;
  bool ast = false;
};

int run_parse(const ParseOptions& options) {
  SourceManager sources;
  DiagnosticSink sink;
  for (const std::string& path : options.files) {
    auto id = syntax::read_source(path, sources, sink);
    if (!id) continue;
    syntax::Module module = syntax::parse_module(sources, *id, sink);
    if (options.ast) std::cout << syntax::print_module(module);
  }
  std::cerr << render_all(sink, sources);
  return sink.has_errors() ? kExitUsage : kExitOk;
}

CommandRegistration registration{Command{"parse", 90, [](CLI::App& app) -> std::function<int()> {
  auto options = std::make_shared<ParseOptions>();
  CLI::App* sub = app.add_subcommand("parse", "Parse policy files and report syntax errors (no type checking)");
  sub->add_option("files", options->files, "Policy files")->required();
  sub->add_flag("--ast", options->ast, "Print the abstract syntax tree");
  return [options] { return run_parse(*options); };
}}};

}  // namespace
}  // namespace edict::cli
