// edict::check (include/edict/check.h): the pipeline of `edict check` for one host.
#include "edict/check.h"

#include <utility>

#include "collectors/registry.h"
#include "collectors/root_fs.h"
#include "compiler/compile.h"
#include "engine/evaluate_report.h"

namespace edict {

namespace {

// Compiles the policies, or takes the caller's program; E0410 when it holds no rule.
const Program* program_of(const CheckOptions& options, CheckResult& result, SourceManager& sources,
                          DiagnosticSink& sink) {
  const Program* program = options.program;
  if (!program) {
    compiler::CompileOptions compile;
    if (!options.stdlib_dir.empty()) compile.stdlib_dir = options.stdlib_dir;
    result.compiled = compiler::compile_paths(options.policy_paths, compile, sources, sink);
    if (!result.compiled || sink.has_errors()) return nullptr;
    program = &*result.compiled;
  }
  if (program->rules.empty() && !options.allow_empty) {
    sink.report(Diagnostic::error(
        "E0410", Span{}, "no rule was loaded: a gate over no rule would pass any host",
        "check the policy paths (is every file empty, or only `let`s and `def`s?); pass `--allow-empty` "
        "if an empty policy set is intended"));
    return nullptr;
  }
  return program;
}

// A facts document or file, else the collectors (only those the program reads). A
// collector that failed is a host failure: its facts stay unknown (and gate as unknown);
// the run goes on and says so (W0521).
std::optional<Facts> facts_of(const CheckOptions& options, const Program& program, CheckResult& result,
                              SourceManager& sources, DiagnosticSink& sink) {
  if (options.facts_text) {
    return load_facts_text(options.facts_name, *options.facts_text, FactsFormat::kAuto, program.schema, sources, sink,
                           options.facts_limits);
  }
  if (!options.facts_path.empty()) {
    return load_facts_file(options.facts_path, program.schema, sources, sink, FactsFormat::kAuto,
                           options.facts_limits);
  }
  std::string error;
  if (!RootFs(options.collect.root).ok(&error)) {
    sink.report(Diagnostic::error("E0806", Span{}, "cannot collect under `" + options.collect.root + "`: " + error,
                                  "`--root` (or [collect] root) takes a directory holding a host's file tree"));
    return std::nullopt;
  }
  CollectorRegistry registry = CollectorRegistry::with_builtin_host();
  registry.declare(program.schema);
  std::vector<std::string> needed;
  CollectOptions collect = options.collect;
  for (const auto& slot : program.slots) {
    needed.push_back(slot.path);
    if (!slot.keys.empty()) collect.keys[slot.path] = slot.keys;  // the keys the program names, no more
  }
  std::vector<CollectorReport> reports;
  Facts facts = collect_facts(registry, needed, collect, &reports);
  for (const auto& r : reports) {
    if (r.ok) continue;
    std::string message = "collector `" + r.collector + "` failed: " + (r.message.empty() ? "no reason given" : r.message);
    sink.report(Diagnostic::warning("W0521", Span{}, message, "the facts it provides are unknown in this run"));
    result.collector_warnings.push_back({"W0521", message});
  }
  return facts;
}

}  // namespace

CheckResult check(const CheckOptions& options, SourceManager& sources, DiagnosticSink& sink) {
  CheckResult result;
  result.program = program_of(options, result, sources, sink);
  if (!result.program) return result;
  result.facts = facts_of(options, *result.program, result, sources, sink);
  if (!result.facts || sink.has_errors()) return result;

  engine::EvaluateInput input;
  input.program = result.program;
  input.facts = &*result.facts;
  input.config = &options.config;
  input.now = options.now;
  input.max_steps = options.max_steps;
  input.tool_version = options.tool_version;
  report::Report& rep = result.report.emplace(engine::evaluate_to_report(input, &sink));
  rep.warnings.insert(rep.warnings.begin(), result.collector_warnings.begin(), result.collector_warnings.end());
  rep.source_root = options.source_root;

  // Render everything, then write it all through the one writer: every file whole, or
  // none of them (report/output.h).
  std::vector<report::OutputFile> files;
  for (const auto& o : options.outputs) files.push_back({o.path, report::render_report(rep, o.format, o.text)});
  if (options.before_write && !options.before_write(result, files)) {
    result.exit_code = report::kExitUsage;
    return result;
  }
  bool written = options.write ? options.write(files, sink) : report::write_outputs(files, sink);
  result.exit_code = written ? rep.summary.exit_code : report::kExitUsage;
  return result;
}

}  // namespace edict
