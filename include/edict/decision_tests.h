// edict::run_decision_tests: the engine of `edict test`. Finds the *_test.toml files under
// the paths, compiles the policies beside them, checks every test file before running
// any case (a wrong file or rule id is exit 2, never a half-run suite), then evaluates
// each case's facts and compares the outcomes it expects. Prints nothing: diagnostics go
// to `sink`; the caller renders `cases` (report/test_report.h) and writes them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "report/test_report.h"
#include "runtime/diagnostic.h"
#include "runtime/facts/load.h"
#include "runtime/source.h"

namespace edict {

struct DecisionTestOptions {
  // Test files or directories (searched recursively). A directory is also compiled as
  // the policies; a test file named directly has its directory compiled.
  std::vector<std::string> paths;
  std::string stdlib_dir;              // "" = the embedded stdlib
  std::optional<int64_t> default_now;  // for cases that set no `now`; nullopt = the clock
  FactsLimits facts_limits;            // per case's facts (a real host's snapshot)
  std::string run_pattern;             // a glob on case names; "" = every case
};

struct DecisionTestResult {
  // 0 every case held, 1 a case did not, 2 a test file or a policy is wrong (nothing
  // or not everything ran).
  int exit_code = 2;
  std::vector<report::CaseResult> cases;
  // On exit 2 once test files were found: the cases that did not run, for the closing
  // line `0 passed, N failed` CI reads. nullopt when there was nothing to count (E0616).
  std::optional<size_t> cases_not_run;
};

// E0616 (no test files), E0613 (a case expects a rule that does not exist), E0620 (a
// case's facts file does not exist), E0621 (--run matches no case), and the compiler's
// and facts loader's diagnostics, all into `sink`.
DecisionTestResult run_decision_tests(const DecisionTestOptions& options, SourceManager& sources,
                                      DiagnosticSink& sink);

}  // namespace edict
