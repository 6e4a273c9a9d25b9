// `edict test`: runs the decision cases of every *_test.toml beside the policies.
// Exit 0 when every case holds, 1 when one does not, 2 when a test file (or a policy)
// is itself wrong. The closing line `N passed, N failed` is what CI reads.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <set>

#include "cli/command.h"
#include "cli/packs.h"
#include "cli/report_support.h"
#include "cli/size_option.h"
#include "report/formats.h"
#include "report/glob.h"
#include "report/test_file.h"
#include "report/test_report.h"
#include "runtime/facts/load.h"
#include "runtime/schema.h"
#include "runtime/vm.h"

namespace edict::cli {

namespace {

namespace fs = std::filesystem;

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

// The cases a run that stops with exit 2 did not run, for its closing line: every case
// of each test file that parses, one for a file that does not. Parsed into a scratch
// sink: the run reports its own diagnostics once.
size_t count_cases(const std::vector<std::string>& test_paths, const std::string& pattern) {
  size_t n = 0;
  for (const auto& path : test_paths) {
    SourceManager sources;
    DiagnosticSink sink;
    auto file = report::load_test_file(path, sources, sink);
    if (!file) {
      ++n;
      continue;
    }
    for (const auto& c : file->cases) n += pattern.empty() || report::glob_match(pattern, c.name);
  }
  return n;
}

bool is_test_file(const fs::path& p) {
  std::string name = p.filename().string();
  return name.size() > 10 && name.compare(name.size() - 10, 10, "_test.toml") == 0;
}

// Test files under the paths (directories searched recursively), sorted, unique. A test
// file named directly has its directory compiled as the policies it tests.
void find_tests(const std::vector<std::string>& paths, std::vector<std::string>* tests,
                std::vector<std::string>* policy_paths) {
  std::set<std::string> seen;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec) && is_test_file(it->path())) found.push_back(it->path().lexically_normal().string());
      }
      std::sort(found.begin(), found.end());
      for (auto& f : found)
        if (seen.insert(f).second) tests->push_back(f);
      policy_paths->push_back(p);
    } else if (is_test_file(p)) {
      if (seen.insert(p).second) tests->push_back(p);
      std::string dir = fs::path(p).parent_path().string();
      policy_paths->push_back(dir.empty() ? "." : dir);
    } else {
      policy_paths->push_back(p);
    }
  }
  std::sort(policy_paths->begin(), policy_paths->end());
  policy_paths->erase(std::unique(policy_paths->begin(), policy_paths->end()), policy_paths->end());
}

std::string detail_of(const RuleResult& r) {
  std::string out;
  if (!r.error.empty()) out += "error: " + r.error + "\n";
  if (!r.missing_facts.empty()) {
    out += "missing facts:";
    for (const auto& m : r.missing_facts) out += " " + m;
    out += "\n";
  }
  if (r.explanation) out += report::render_explanation_text(*r.explanation, 0);
  return out;
}

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

  std::vector<std::string> test_paths, compile_paths;
  find_tests(*roots, &test_paths, &compile_paths);
  if (test_paths.empty()) {
    ctx.usage_error("E0616", "no *_test.toml files under the given paths",
                    "decision cases live beside the policies, e.g. policies/web_test.toml");
    return fail();
  }
  // From here on every exit 2 still ends in `0 passed, N failed` (N the cases not run):
  // the closing line CI reads is there whatever stopped the run.
  auto fail_closing = [&] {
    ctx.flush_diagnostics();
    std::fputs(report::test_closing_line_not_run(count_cases(test_paths, args.run)).c_str(), stdout);
    std::fflush(stdout);
    return kExitUsage;
  };
  auto program = compile_policies(compile_paths, args.stdlib, ctx);
  if (!program || ctx.sink.has_errors()) return fail_closing();

  // Read and check every test file before running any case: a bad file is exit 2,
  // never a half-run suite.
  std::vector<std::string> rule_ids;
  for (const auto& r : program->rules) rule_ids.push_back(r.id);
  std::set<std::string> known(rule_ids.begin(), rule_ids.end());
  std::vector<report::TestFile> files;
  for (const auto& path : test_paths) {
    auto file = report::load_test_file(path, ctx.sources, ctx.sink);
    if (!file) continue;
    // --run: only the cases whose name matches run (and count).
    if (!args.run.empty())
      file->cases.erase(std::remove_if(file->cases.begin(), file->cases.end(),
                                       [&](const report::TestCase& c) { return !report::glob_match(args.run, c.name); }),
                        file->cases.end());
    for (const auto& c : file->cases) {
      // A facts file that is not there is the case's mistake: said at the case, before
      // anything runs (the loader's E0500 would name no test and suggest --facts).
      std::error_code ec;
      if (c.facts_file && !fs::exists(*c.facts_file, ec)) {
        Diagnostic d = Diagnostic::error("E0620", c.facts_span.line ? c.facts_span : c.span,
                                         "case `" + c.name + "`: facts file `" + *c.facts_file + "` does not exist",
                                         "`facts` is relative to the test file's directory");
        d.path = path;
        ctx.sink.report(std::move(d));
      }
    }
    for (const auto& c : file->cases)
      for (const auto& e : c.expect) {
        if (known.count(e.rule_id)) continue;
        std::string guess = closest_match(e.rule_id, rule_ids);
        Diagnostic d = Diagnostic::error("E0613", e.span, "case `" + c.name + "` expects rule `" + e.rule_id +
                                                              "`, which does not exist",
                                         guess.empty() ? "rule ids are package.policy.rule; see `edict doc`"
                                                       : "did you mean `" + guess + "`?");
        d.path = path;
        ctx.sink.report(std::move(d));
      }
    files.push_back(std::move(*file));
  }
  if (ctx.sink.has_errors()) return fail_closing();
  size_t selected = 0;
  for (const auto& f : files) selected += f.cases.size();
  if (!args.run.empty() && selected == 0) {
    // A misspelt pattern must not read as a green suite of zero cases.
    ctx.usage_error("E0621", "no case matches `--run " + args.run + "`",
                    "the pattern is a glob on case names (`*` any run of characters), e.g. --run 'esu*'");
    return fail_closing();
  }

  FactsLimits limits;
  limits.max_bytes = static_cast<size_t>(args.max_facts_bytes);
  std::vector<report::CaseResult> results;
  for (const auto& file : files) {
    for (const auto& c : file.cases) {
      std::optional<Facts> facts =
          c.facts_file ? load_facts_file(*c.facts_file, program->schema, ctx.sources, ctx.sink,
                                         FactsFormat::kAuto, limits)
                       : load_facts_text(file.path + ": case `" + c.name + "` facts", *c.facts_json,
                                         FactsFormat::kJson, program->schema, ctx.sources, ctx.sink, limits,
                                         TextPositions::kNone);
      if (!facts) return fail_closing();
      EvalOptions eval;
      eval.explain = true;
      eval.now = c.now ? c.now : default_now;
      std::vector<RuleResult> got = evaluate(*program, *facts, eval);
      report::CaseResult result;
      result.file = file.path;
      result.line = c.span.line;
      result.name = c.name;
      for (const auto& e : c.expect) {
        for (const auto& r : got) {
          if (program->rules[r.rule_index].id != e.rule_id || r.outcome == e.outcome) continue;
          result.mismatches.push_back({e.rule_id, e.outcome, r.outcome, detail_of(r)});
        }
      }
      results.push_back(std::move(result));
    }
  }
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
  bool all_passed = std::all_of(results.begin(), results.end(), [](const auto& r) { return r.passed(); });
  return all_passed ? kExitOk : kExitGateFailed;
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
