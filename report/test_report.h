// Results of `edict test` (decision cases) and their two formats: the text a person
// reads (each failing case with expected vs got and the explanation, then the closing
// line `N passed, N failed` that CI reads) and JUnit XML.
#pragma once

#include <string>
#include <vector>

#include "runtime/result.h"

namespace edict::report {

struct Mismatch {
  std::string rule_id;
  Outcome expected = Outcome::kPass;
  Outcome got = Outcome::kPass;
  std::string detail;  // explanation text, missing facts or the error; may be empty
};

struct CaseResult {
  std::string file;  // the *_test.toml
  uint32_t line = 0;  // of the [[case]]
  std::string name;
  std::vector<Mismatch> mismatches;  // empty = the case passed
  bool passed() const { return mismatches.empty(); }
};

// `verbose` (`edict test -v`) also lists each passing case as `PASS file:line: name`.
std::string render_test_text(const std::vector<CaseResult>& results, bool verbose = false);
std::string render_test_junit(const std::vector<CaseResult>& results);
std::string test_closing_line(const std::vector<CaseResult>& results);  // "N passed, N failed\n"
// The closing line of a run that could not run its cases (a policy or a test file is
// wrong, exit 2): "0 passed, N failed", N the cases that did not run (at least 1), so a
// CI reading only the last line never sees a pass.
std::string test_closing_line_not_run(size_t cases_not_run);

}  // namespace edict::report
