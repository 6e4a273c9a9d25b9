// ANTLR's process-wide prediction cache is bounded (ParseLimits::max_prediction_states):
// parsing many different files keeps it under the bound, and dropping it never changes
// what a file parses to.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "compiler/syntax/ast_printer.h"
#include "compiler/syntax/parser.h"
#include "tests/syntax/test_util.h"

namespace fs = std::filesystem;
using namespace edict;
using namespace edict::syntax;
using edict::syntax::testing::read_file;

namespace {

// The AST (or the diagnostics) a file parses to, under the given limits.
std::string parse_to_text(const std::string& name, const std::string& text, const ParseLimits& limits) {
  SourceManager sources;
  DiagnosticSink sink;
  auto id = add_source(name, text, sources, sink, limits);
  if (!id) return "refused";
  Module m = parse_module(sources, *id, sink, limits);
  return print_module(m) + render_all(sink, sources);
}

// Every .edict file of the repo (policies, stdlib, test data, broken ones included) and
// a family of generated expressions: many different prediction paths.
std::vector<std::pair<std::string, std::string>> varied_sources() {
  std::vector<std::pair<std::string, std::string>> out;
  fs::path root = EDICT_SOURCE_DIR;
  for (const char* dir : {"policies", "stdlib", "tests/data", "examples"}) {
    if (!fs::exists(root / dir)) continue;
    for (const auto& e : fs::recursive_directory_iterator(root / dir)) {
      if (e.is_regular_file() && e.path().extension() == ".edict") {
        out.emplace_back(fs::relative(e.path(), root).string(), read_file(e.path()));
      }
    }
  }
  const char* ops[] = {" + ", " * ", " and ", " or ", " == ", " < ", " in ", " matches ", " ?? "};
  const char* atoms[] = {"1", "\"s\"", "os.build", "[1, 2]", "v\"6.0\"", "(a or b)", "not x", "f(1)", "{a: 1}"};
  for (int i = 0; i < 300; ++i) {
    std::string e = atoms[i % 9];
    for (int k = 0; k < 1 + i % 5; ++k) e += std::string(ops[(i / 9 + k) % 9]) + atoms[(i + 3 * k) % 9];
    out.emplace_back("gen" + std::to_string(i) + ".edict", "package g\npolicy p \"p\" {\n  rule r \"r\" { require " + e + " }\n}\n");
  }
  return out;
}

}  // namespace

TEST_CASE("the prediction cache stays under its bound, and dropping it never changes a parse") {
  std::vector<std::pair<std::string, std::string>> sources = varied_sources();
  REQUIRE(sources.size() > 300);

  // Reference parses with the default bound, which these files never reach.
  std::vector<std::string> expected;
  for (const auto& [name, text] : sources) expected.push_back(parse_to_text(name, text, {}));
  CHECK(prediction_cache_states() > 40);
  CHECK(prediction_cache_states() <= kDefaultMaxPredictionStates);

  ParseLimits small;
  small.max_prediction_states = 40;
  size_t trims = 0;
  size_t before = prediction_cache_states();
  for (size_t i = 0; i < sources.size(); ++i) {
    INFO(sources[i].first);
    CHECK(parse_to_text(sources[i].first, sources[i].second, small) == expected[i]);
    size_t after = prediction_cache_states();
    CHECK(after <= small.max_prediction_states);
    if (after < before) ++trims;
    before = after;
  }
  CHECK(trims >= 5);  // the bound was hit again and again, and parsing went on correctly
}
