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

std::string render_test_text(const std::vector<CaseResult>& results);
std::string render_test_junit(const std::vector<CaseResult>& results);
std::string test_closing_line(const std::vector<CaseResult>& results);  // "N passed, N failed\n"

}  // namespace edict::report
