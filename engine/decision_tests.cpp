// edict::run_decision_tests (include/edict/decision_tests.h): the engine of `edict test`.
#include "edict/decision_tests.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "compiler/compile.h"
#include "report/formats.h"
#include "report/glob.h"
#include "report/test_file.h"
#include "runtime/schema.h"
#include "runtime/vm.h"

namespace edict {

namespace {

namespace fs = std::filesystem;

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

// Reads and checks every test file before any case runs: an unknown rule id (E0613) or
// a facts file that is not there (E0620, said at the case: the loader's E0500 would name
// no test). nullopt when any was reported.
std::optional<std::vector<report::TestFile>> load_test_files(const std::vector<std::string>& test_paths,
                                                             const Program& program, const std::string& pattern,
                                                             SourceManager& sources, DiagnosticSink& sink) {
  std::vector<std::string> rule_ids;
  for (const auto& r : program.rules) rule_ids.push_back(r.id);
  std::set<std::string> known(rule_ids.begin(), rule_ids.end());
  std::vector<report::TestFile> files;
  for (const auto& path : test_paths) {
    auto file = report::load_test_file(path, sources, sink);
    if (!file) continue;
    // --run: only the cases whose name matches run (and count).
    if (!pattern.empty())
      file->cases.erase(std::remove_if(file->cases.begin(), file->cases.end(),
                                       [&](const report::TestCase& c) { return !report::glob_match(pattern, c.name); }),
                        file->cases.end());
    for (const auto& c : file->cases) {
      std::error_code ec;
      if (c.facts_file && !fs::exists(*c.facts_file, ec)) {
        Diagnostic d = Diagnostic::error("E0620", c.facts_span.line ? c.facts_span : c.span,
                                         "case `" + c.name + "`: facts file `" + *c.facts_file + "` does not exist",
                                         "`facts` is relative to the test file's directory");
        d.path = path;
        sink.report(std::move(d));
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
        sink.report(std::move(d));
      }
    files.push_back(std::move(*file));
  }
  if (sink.has_errors()) return std::nullopt;
  return files;
}

}  // namespace

DecisionTestResult run_decision_tests(const DecisionTestOptions& options, SourceManager& sources,
                                      DiagnosticSink& sink) {
  DecisionTestResult result;
  std::vector<std::string> test_paths, compile_paths;
  find_tests(options.paths, &test_paths, &compile_paths);
  if (test_paths.empty()) {
    sink.report(Diagnostic::error("E0616", Span{}, "no *_test.toml files under the given paths",
                                  "decision cases live beside the policies, e.g. policies/web_test.toml"));
    return result;
  }
  // From here on every exit 2 still counts the cases it did not run: the closing line
  // CI reads is there whatever stopped the run.
  auto not_run = [&] {
    result.cases.clear();
    result.cases_not_run = count_cases(test_paths, options.run_pattern);
    result.exit_code = 2;
    return result;
  };
  compiler::CompileOptions compile;
  if (!options.stdlib_dir.empty()) compile.stdlib_dir = options.stdlib_dir;
  auto program = compiler::compile_paths(compile_paths, compile, sources, sink);
  if (!program || sink.has_errors()) return not_run();

  auto files = load_test_files(test_paths, *program, options.run_pattern, sources, sink);
  if (!files) return not_run();
  size_t selected = 0;
  for (const auto& f : *files) selected += f.cases.size();
  if (!options.run_pattern.empty() && selected == 0) {
    // A misspelt pattern must not read as a green suite of zero cases.
    sink.report(Diagnostic::error("E0621", Span{}, "no case matches `--run " + options.run_pattern + "`",
                                  "the pattern is a glob on case names (`*` any run of characters), e.g. --run 'esu*'"));
    return not_run();
  }

  for (const auto& file : *files) {
    for (const auto& c : file.cases) {
      std::optional<Facts> facts =
          c.facts_file ? load_facts_file(*c.facts_file, program->schema, sources, sink, FactsFormat::kAuto,
                                         options.facts_limits)
                       : load_facts_text(file.path + ": case `" + c.name + "` facts", *c.facts_json,
                                         FactsFormat::kJson, program->schema, sources, sink, options.facts_limits,
                                         TextPositions::kNone);
      if (!facts) return not_run();
      EvalOptions eval;
      eval.explain = true;
      eval.now = c.now ? c.now : options.default_now;
      std::vector<RuleResult> got = evaluate(*program, *facts, eval);
      report::CaseResult outcome;
      outcome.file = file.path;
      outcome.line = c.span.line;
      outcome.name = c.name;
      for (const auto& e : c.expect) {
        for (const auto& r : got) {
          if (program->rules[r.rule_index].id != e.rule_id || r.outcome == e.outcome) continue;
          outcome.mismatches.push_back({e.rule_id, e.outcome, r.outcome, detail_of(r)});
        }
      }
      result.cases.push_back(std::move(outcome));
    }
  }
  bool all_passed = std::all_of(result.cases.begin(), result.cases.end(), [](const auto& r) { return r.passed(); });
  result.exit_code = all_passed ? 0 : 1;
  return result;
}

}  // namespace edict
