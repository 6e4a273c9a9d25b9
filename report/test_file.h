// *_test.toml: policy decision cases (`edict test`). Each [[case]] names facts (a file
// beside the test, or an inline [case.facts] table), an optional `now`, and the
// outcome it expects of each rule. This file only reads and checks the TOML; the CLI
// loads the facts, evaluates and compares.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/diagnostic.h"
#include "runtime/result.h"
#include "runtime/source.h"

namespace edict::report {

// Cases in one file: a test file is written by hand, and thousands of cases in one
// file are generated data that belongs in fixtures, not in a decision table.
constexpr size_t kMaxCasesPerFile = 10000;

struct Expectation {
  std::string rule_id;
  Outcome outcome = Outcome::kPass;
  Span span;  // the key in `expect`, for "no such rule"
};

struct TestCase {
  std::string name;
  Span span;                            // the [[case]] table
  std::optional<std::string> facts_file;  // resolved against the test file's directory
  Span facts_span;                        // the `facts` value, for "no such file"
  std::optional<std::string> facts_json;  // an inline [case.facts] table, as JSON text
  std::optional<int64_t> now;           // Unix seconds
  std::vector<Expectation> expect;
};

struct TestFile {
  std::string path;
  std::vector<TestCase> cases;
};

// Parses a test file's text; E06xx diagnostics with line:col. nullopt on any error.
std::optional<TestFile> parse_test_file(const std::string& path, const std::string& text, SourceManager& sources,
                                        DiagnosticSink& sink);
std::optional<TestFile> load_test_file(const std::string& path, SourceManager& sources, DiagnosticSink& sink);

}  // namespace edict::report
