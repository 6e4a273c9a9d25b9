// edict::check: the whole pipeline of `edict check` on one host, as a library call.
// Compile the policies (or take a program the caller loaded), gather the facts (a facts
// file or document, else the collectors), evaluate, build the report (waivers, the gate),
// render every requested format and write them through the caller's sink, whole or not
// at all. The CLI (cli/cmd_check.cpp) only parses argv into CheckOptions; a language
// server, the fleet mode or an embedder calls the same function.
//
//   edict::SourceManager sources;
//   edict::DiagnosticSink sink;
//   edict::CheckOptions options;
//   options.policy_paths = {"policies"};
//   options.facts_path = "hosts/web-01.json";
//   options.outputs = {{edict::report::Format::kJson, "report.json"}};
//   edict::CheckResult result = edict::check(options, sources, sink);
//   // result.exit_code: docs/exit-codes.md (0 pass, 1 fail, 2 nothing evaluated, 3 blocked)
//
// The library prints nothing: diagnostics go to `sink`, documents to `write` (by default
// report::write_outputs, which writes files and "-" to standard output).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "collectors/collector.h"
#include "report/config.h"
#include "report/formats.h"
#include "report/output.h"
#include "report/report.h"
#include "runtime/diagnostic.h"
#include "runtime/facts.h"
#include "runtime/facts/load.h"
#include "runtime/program.h"
#include "runtime/source.h"
#include "runtime/vm.h"

namespace edict {

// One document to produce: a format and where it goes ("-" = standard output).
struct CheckOutput {
  report::Format format = report::Format::kText;
  std::string path = "-";
  report::TextOptions text;  // the text format's colour, explanations, quiet
};

struct CheckResult;

struct CheckOptions {
  // The program: `program` when set (a bundle the caller loaded and verified, its
  // signature checked if it wanted that), else the policies at `policy_paths` compiled
  // against `stdlib_dir` ("" = the embedded stdlib).
  const Program* program = nullptr;
  std::vector<std::string> policy_paths;
  std::string stdlib_dir;
  // A gate over no rule passes any host: loading none is an input error (E0410) unless set.
  bool allow_empty = false;

  // The facts: `facts_text` (a document already read, e.g. stdin, named `facts_name`),
  // else the file `facts_path`, else the host's collectors with `collect`.
  std::optional<std::string> facts_text;
  std::string facts_name = "<stdin>";
  std::string facts_path;
  FactsLimits facts_limits;
  CollectOptions collect;

  report::Config config;  // edict.toml (thresholds, waivers); defaults when none
  int64_t now = 0;        // Unix seconds: waivers and the time built-ins
  uint64_t max_steps = kDefaultMaxSteps;
  std::string tool_version;
  std::string source_root;  // SARIF's %SRCROOT% ("" = locations as written)

  std::vector<CheckOutput> outputs;
  // Called once the report is built and rendered, before anything is written: may add a
  // document (signed evidence) or refuse the run (false: nothing is written, exit 2).
  std::function<bool(const CheckResult& so_far, std::vector<report::OutputFile>& files)> before_write;
  // Writes every file or none (false when it reported). Default: report::write_outputs.
  std::function<bool(const std::vector<report::OutputFile>& files, DiagnosticSink& sink)> write;
};

struct CheckResult {
  // docs/exit-codes.md: the gate's 0, 1 or 3; 2 when nothing was evaluated or a
  // document could not be written.
  int exit_code = report::kExitUsage;
  std::optional<Program> compiled;  // the program when check() compiled it
  const Program* program = nullptr; // the program evaluated (compiled or the caller's)
  std::optional<Facts> facts;
  std::optional<report::Report> report;
  // Collectors that failed (W0521): their facts are unknown in this run.
  std::vector<report::ReportWarning> collector_warnings;
};

CheckResult check(const CheckOptions& options, SourceManager& sources, DiagnosticSink& sink);

}  // namespace edict
