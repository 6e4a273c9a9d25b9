// `edict test`: runs the decision cases of every *_test.toml beside the policies
// (edict::run_decision_tests, include/edict/decision_tests.h); this file parses argv,
// finds the paths, and renders and writes the results.
// Exit 0 when every case holds, 1 when one does not, 2 when a test file (or a policy)
// is itself wrong. The closing line `N passed, N failed` is what CI reads.
#include <CLI/CLI.hpp>

#include <memory>

#include "cli/command.h"
#include "cli/packs.h"
#include "cli/report_support.h"
#include "cli/size_option.h"
#include "edict/decision_tests.h"
#include "report/test_report.h"
#include "runtime/facts/load.h"

namespace edict::cli {

namespace {

struct TestArgs {
  std::vector<std::string> paths;
  std::vector<std::string> packs;  // --pack NAME (cli/packs.h)
  std::string config;
  std::string format = "text";
  std::string output;
  std::string now;
  bool now_given = false;
  std::string stdlib;
  // The same limit as `edict check --max-facts-bytes`: a case's facts file is a real
  // host's snapshot, so a fleet that raised it there needs it here too.
  uint64_t max_facts_bytes = FactsLimits{}.max_bytes;
  std::string run;       // issue 17: --run PATTERN, a glob on case names; empty = every case
  bool verbose = false;  // issue 17: -v lists passing cases too
};

int run_test(const TestArgs& args) {
  RunContext ctx;
  auto fail = [&] {
    ctx.flush_diagnostics();
    return kExitUsage;
  };
  if (args.format != "text" && args.format != "junit")
    ctx.usage_error("E0803", "unknown format `" + args.format + "` for `edict test`", "formats: text|junit");
  check_max_facts_bytes(args.max_facts_bytes, ctx);
  auto default_now = args.now_given ? resolve_now(args.now, true, ctx) : std::optional<int64_t>();
  if (ctx.sink.has_errors()) return fail();
  auto config = load_project_config(args.config, ctx);
  if (!config) return fail();
  std::vector<std::string> named = args.paths;
  if (!resolve_packs(args.packs, &named, ctx)) return fail();
  auto roots = policy_paths(named, *config, ctx);
  if (!roots) return fail();

  DecisionTestOptions options;
  options.paths = std::move(*roots);
  options.stdlib_dir = args.stdlib;
  options.default_now = default_now;
  options.facts_limits.max_bytes = static_cast<size_t>(args.max_facts_bytes);
  options.run_pattern = args.run;
  DecisionTestResult run = run_decision_tests(options, ctx.sources, ctx.sink);
  if (run.exit_code == kExitUsage) {
    if (!run.cases_not_run) return fail();
    // Every exit 2 after test files were found still ends in `0 passed, N failed` (N the
    // cases not run): the closing line CI reads is there whatever stopped the run.
    ctx.flush_diagnostics();
    std::fputs(report::test_closing_line_not_run(*run.cases_not_run).c_str(), stdout);
    std::fflush(stdout);
    return kExitUsage;
  }
  const std::vector<report::CaseResult>& results = run.cases;
  ctx.flush_diagnostics();

  // One batch through the one writer: the file and stdout both, or neither.
  std::string text = report::render_test_text(results, args.verbose);
  std::vector<report::OutputFile> outputs;
  bool junit_on_stdout = false;
  if (args.format == "junit") {
    outputs.push_back({args.output, report::render_test_junit(results)});
    // The text (and its closing line) goes to stdout unless JUnit took it.
    junit_on_stdout = report::is_standard_output(args.output);
    if (!junit_on_stdout) outputs.push_back({"-", text});
  } else {
    outputs.push_back({args.output, text});
  }
  if (!write_outputs(outputs, ctx)) return fail();
  if (junit_on_stdout) std::fputs(text.c_str(), stderr);
  return run.exit_code;
}

const CommandRegistration kTest{Command{
    "test", 30, [](CLI::App& app) -> std::function<int()> {
      auto args = std::make_shared<TestArgs>();
      CLI::App* sub = app.add_subcommand("test", "Run the decision cases (*_test.toml) beside the policies");
      sub->footer("Exit codes: 0 every case holds; 1 a case failed; 2 a test file or a policy is wrong.\n"
                  "The last line is always `N passed, N failed` (on exit 2: 0 passed, N the cases not run).");
      sub->add_option("paths", args->paths,
                      "Test files or directories (default: `policies` of edict.toml, else ./policies)");
      sub->add_option("--pack", args->packs, "A policy pack by name (linux, network, windows), found on the pack search path");
      sub->add_option("--config", args->config, "The project config (default: nearest edict.toml upward)");
      sub->add_option("--format", args->format, "text|junit");
      sub->add_option("-o,--output", args->output, "Write the output to this file (whole or not at all)");
      auto* now = sub->add_option("--now", args->now, "Now for cases that do not set `now` (RFC 3339 or YYYY-MM-DD)");
      sub->add_option("--stdlib", args->stdlib, "Use this stdlib directory instead of the embedded one");
      add_max_facts_bytes(sub, &args->max_facts_bytes, "a case's facts");
      sub->add_option("--run", args->run, "Run only the cases whose name matches this glob (`*` any run of characters)");
      sub->add_flag("-v,--verbose", args->verbose, "List every case with its outcome, not only the failures");
      return [args, now] {
        args->now_given = now->count() > 0;
        return run_test(*args);
      };
    }}};

}  // namespace

}  // namespace edict::cli
