// Runs the spec tests of tests/spec/ (format: tests/spec/README.md): every rule's
// outcome must equal its `# expect:` comment, and compiling with constant folding off
// must give the very same results (folding and the VM cannot disagree), and so must the
// program after a round trip through a bundle (compile -> save -> load -> evaluate): what
// `edict check --bundle` runs is what `edict check policies/` runs.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <regex>

#include "runtime/bundle.h"
#include "runtime/explain.h"
#include "test_support.h"

using namespace edict;
using namespace edict::testing;
namespace fs = std::filesystem;

namespace {

struct Expectation {
  std::string outcome;
  std::string error_contains;    // `# expect-error: text`
  std::string missing;           // `# expect-missing: a.b, c.d`
  std::string explain_contains;  // `# expect-explain: text`
};

// Maps each `# expect...:` comment to the rule whose declaration line is the last at or before it.
std::map<std::string, Expectation> expectations(const std::string& text, const Program& program, const std::string& path) {
  std::map<uint32_t, std::string> rule_at_line;
  for (const RuleInfo& r : program.rules) {
    if (r.location.path == path) rule_at_line[r.location.line] = r.id;
  }
  std::map<std::string, Expectation> out;
  std::istringstream in(text);
  std::string line;
  uint32_t n = 0;
  static const std::regex kExpect(R"(#\s*expect(-error|-missing|-explain)?:\s*(.*?)\s*$)");
  while (std::getline(in, line)) {
    ++n;
    std::smatch m;
    if (!std::regex_search(line, m, kExpect)) continue;
    auto it = rule_at_line.upper_bound(n);
    if (it == rule_at_line.begin()) continue;
    --it;
    Expectation& e = out[it->second];
    std::string kind = m[1].str(), value = m[2].str();
    if (kind.empty()) e.outcome = value;
    else if (kind == "-error") e.error_contains = value;
    else if (kind == "-missing") e.missing = value;
    else e.explain_contains = value;
  }
  return out;
}

std::string missing_text(const RuleResult& r) {
  std::string s;
  for (const auto& m : r.missing_facts) s += (s.empty() ? "" : ", ") + m;
  return s;
}

std::vector<std::string> spec_files() {
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(std::string(EDICT_SOURCE_DIR) + "/tests/spec")) {
    if (e.path().extension() == ".edict") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<RuleResult> run(const std::string& path, bool fold, const Facts& facts, std::string* diagnostics,
                            std::optional<Program>* keep) {
  SourceManager sources;
  DiagnosticSink sink;
  compiler::CompileOptions options;
  options.fold_constants = fold;
  auto program = compiler::compile_paths({path}, options, sources, sink);
  *diagnostics = render_all(sink, sources);
  if (!program) return {};
  EvalOptions eval;
  eval.now = kTestNow;
  eval.explain = true;
  auto results = evaluate(*program, facts, eval);
  *keep = std::move(program);
  return results;
}

}  // namespace

TEST_CASE("spec: every rule of tests/spec ends as its `# expect:` says, with and without folding") {
  auto files = spec_files();
  REQUIRE(files.size() >= 5);
  for (const std::string& path : files) {
    SECTION(fs::path(path).filename().string()) {
      std::string facts_path = path.substr(0, path.size() - 6) + ".facts.json";
      auto facts_text = read_file(facts_path);
      Facts facts = facts_text ? facts_from_json(*facts_text) : Facts();
      std::string diagnostics, unfolded_diagnostics;
      std::optional<Program> program, unfolded_program;
      auto results = run(path, true, facts, &diagnostics, &program);
      INFO(diagnostics);
      REQUIRE(program);
      auto unfolded = run(path, false, facts, &unfolded_diagnostics, &unfolded_program);
      REQUIRE(unfolded_program);
      auto expect = expectations(*read_file(path), *program, program->rules[0].location.path);
      REQUIRE(results.size() == unfolded.size());
      for (size_t i = 0; i < results.size(); ++i) {
        const RuleInfo& rule = program->rules[i];
        const RuleResult& r = results[i];
        INFO(rule.id << ": " << outcome_name(r.outcome) << " " << r.error << " missing: " << missing_text(r));
        if (r.explanation) INFO(render_explanation(*r.explanation));
        auto e = expect.find(rule.id);
        REQUIRE(e != expect.end());  // every spec rule states its expected outcome
        CHECK(outcome_name(r.outcome) == e->second.outcome);
        if (!e->second.error_contains.empty()) CHECK(r.error.find(e->second.error_contains) != std::string::npos);
        if (!e->second.missing.empty()) CHECK(missing_text(r) == e->second.missing);
        if (!e->second.explain_contains.empty()) {
          REQUIRE(r.explanation);
          CHECK(render_explanation(*r.explanation).find(e->second.explain_contains) != std::string::npos);
        }
        // Folding cross-check: same outcome, same error message.
        CHECK(outcome_name(unfolded[i].outcome) == std::string(outcome_name(r.outcome)));
        CHECK(unfolded[i].error == r.error);
      }
      // The bundle axis: the saved and reloaded program gives the same results, down to
      // the missing facts and the explanation's text.
      std::string bytes;
      REQUIRE(save_bundle(*program, &bytes));
      DiagnosticSink load_sink;
      auto loaded = load_bundle(bytes, "spec.edictc", load_sink);
      REQUIRE(loaded);
      EvalOptions eval;
      eval.now = kTestNow;
      eval.explain = true;
      auto reloaded = evaluate(*loaded, facts, eval);
      REQUIRE(reloaded.size() == results.size());
      for (size_t i = 0; i < results.size(); ++i) {
        INFO(program->rules[i].id << " after a bundle round trip");
        CHECK(outcome_name(reloaded[i].outcome) == std::string(outcome_name(results[i].outcome)));
        CHECK(reloaded[i].error == results[i].error);
        CHECK(missing_text(reloaded[i]) == missing_text(results[i]));
        CHECK(bool(reloaded[i].explanation) == bool(results[i].explanation));
        if (reloaded[i].explanation && results[i].explanation) {
          CHECK(render_explanation(*reloaded[i].explanation) == render_explanation(*results[i].explanation));
        }
      }
    }
  }
}
