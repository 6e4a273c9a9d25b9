// Text and JUnit output of `edict test` (see test_report.h).
#include "report/test_report.h"

#include <map>

#include "report/escape.h"

namespace edict::report {

namespace {

std::string indent(const std::string& text, const std::string& pad) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += pad + text.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

std::string mismatch_text(const Mismatch& m) {
  return m.rule_id + ": expected " + outcome_name(m.expected) + ", got " + outcome_name(m.got) + "\n" +
         indent(m.detail, "  ");
}

}  // namespace

std::string test_closing_line(const std::vector<CaseResult>& results) {
  size_t passed = 0;
  for (const auto& r : results) passed += r.passed();
  return std::to_string(passed) + " passed, " + std::to_string(results.size() - passed) + " failed\n";
}

std::string test_closing_line_not_run(size_t cases_not_run) {
  return "0 passed, " + std::to_string(cases_not_run == 0 ? 1 : cases_not_run) + " failed\n";
}

std::string render_test_text(const std::vector<CaseResult>& results, bool verbose) {
  std::string out;
  for (const auto& r : results) {
    if (r.passed() && verbose)
      out += "PASS " + valid_utf8(r.file) + ":" + std::to_string(r.line) + ": " + valid_utf8(r.name) + "\n";
    if (r.passed()) continue;
    out += "FAIL " + valid_utf8(r.file) + ":" + std::to_string(r.line) + ": " + valid_utf8(r.name) + "\n";
    for (const auto& m : r.mismatches) out += indent(valid_utf8(mismatch_text(m)), "  ");
  }
  return out + test_closing_line(results);
}

std::string render_test_junit(const std::vector<CaseResult>& results) {
  // One testsuite per test file, in the order files were run.
  std::vector<std::string> files;
  std::map<std::string, std::pair<int, int>> counts;  // file -> tests, failures
  int tests = 0, failures = 0;
  for (const auto& r : results) {
    if (!counts.count(r.file)) files.push_back(r.file);
    auto& c = counts[r.file];
    ++c.first;
    ++tests;
    if (!r.passed()) {
      ++c.second;
      ++failures;
    }
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"edict test\" tests=\"" +
                    std::to_string(tests) + "\" failures=\"" + std::to_string(failures) +
                    "\" errors=\"0\" skipped=\"0\" time=\"0\">\n";
  for (const auto& file : files) {
    out += "  <testsuite name=\"" + xml_escape(file) + "\" tests=\"" + std::to_string(counts[file].first) +
           "\" failures=\"" + std::to_string(counts[file].second) + "\" errors=\"0\" skipped=\"0\" time=\"0\">\n";
    for (const auto& r : results) {
      if (r.file != file) continue;
      out += "    <testcase classname=\"" + xml_escape(file) + "\" name=\"" + xml_escape(r.name) + "\" file=\"" +
             xml_escape(file) + "\" line=\"" + std::to_string(r.line) + "\" time=\"0\"";
      if (r.passed()) {
        out += "/>\n";
        continue;
      }
      std::string body;
      for (const auto& m : r.mismatches) body += mismatch_text(m);
      std::string message = std::to_string(r.mismatches.size()) +
                            (r.mismatches.size() == 1 ? " rule" : " rules") + " did not match: " +
                            r.mismatches[0].rule_id + " expected " + outcome_name(r.mismatches[0].expected) +
                            ", got " + outcome_name(r.mismatches[0].got);
      out += ">\n      <failure message=\"" + xml_escape(message) + "\" type=\"mismatch\">" + xml_escape(body) +
             "</failure>\n    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  return out + "</testsuites>\n";
}

}  // namespace edict::report
