// `edict fmt` over the whole fuzz corpus (fuzz/corpus/fuzz_compile and
// fuzz/regressions/fuzz_compile): for every input that parses, the formatted text
// parses, to the same AST (ast_equal, and the AST printer's dump without positions),
// and formatting it again changes nothing. The fuzz target checks the same contract,
// but only where a fuzzer runs; this runs it in every ctest.
#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>
#include <sstream>

#include "compiler/syntax/ast_equal.h"
#include "compiler/syntax/ast_printer.h"
#include "compiler/syntax/formatter.h"
#include "tests/syntax/test_util.h"

using namespace edict;
using namespace edict::syntax;
using namespace edict::syntax::testing;
namespace fs = std::filesystem;

namespace {

// The printer's dump without `@line:col` (formatting moves text, never meaning) and
// with the comments' texts sorted: a comment from inside an operand moves to its
// own line above its statement (formatter.h), so their order and placement may change,
// never the set.
std::string dump_without_positions(const Module& m) {
  static const std::regex kPosition("@[0-9]+:[0-9]+");
  std::istringstream dump(std::regex_replace(print_module(m), kPosition, "@"));
  std::string out, line;
  std::vector<std::string> comments;
  while (std::getline(dump, line)) {
    if (line.rfind("  (comment ", 0) == 0) {
      if (line.size() > 2 && line.compare(line.size() - 2, 2, "))") == 0) line.pop_back();  // the module's `)`
      for (const char* placement : {"own-line ", "trailing "}) {
        if (size_t at = line.find(placement); at != std::string::npos) line.erase(at, std::string(placement).size());
      }
      comments.push_back(line);
    } else {
      out += line + "\n";
    }
  }
  std::sort(comments.begin(), comments.end());
  for (const std::string& c : comments) out += c + "\n";
  return out;
}

}  // namespace

TEST_CASE("fmt is idempotent and AST-preserving on every fuzz_compile corpus input that parses") {
  size_t inputs = 0, parsed = 0;
  for (const char* folder : {"fuzz/corpus/fuzz_compile", "fuzz/regressions/fuzz_compile"}) {
    fs::path dir = fs::path(EDICT_SOURCE_DIR) / folder;
    REQUIRE(fs::is_directory(dir));
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir)) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& path : files) {
      ++inputs;
      auto first = parse_text("input.edict", read_file(path));
      if (first->sink.has_errors() || first->sources.get(1) == nullptr) continue;
      ++parsed;
      std::string once = format_module(first->module, *first->sources.get(1));
      auto second = parse_text("formatted.edict", once);
      INFO(path.string() << "\nformatted:\n" << once << "\n" << second->rendered);
      CHECK_FALSE(second->sink.has_errors());
      if (second->sink.has_errors()) continue;
      CHECK(ast_equal(first->module, second->module));
      CHECK(dump_without_positions(first->module) == dump_without_positions(second->module));
      CHECK(format_module(second->module, *second->sources.get(1)) == once);
    }
  }
  // The corpus is not empty and some of it parses; otherwise this test proves nothing.
  CHECK(inputs > 100);
  CHECK(parsed > 20);
}
