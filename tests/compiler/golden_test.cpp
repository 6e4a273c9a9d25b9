// Golden tests: compile errors (tests/data/compiler/errors/*.edict -> .expected, the
// rendered diagnostics) and disassembly (tests/data/disasm/*.edict -> .expected).
// EDICT_UPDATE_GOLDEN=1 rewrites the .expected files; review the diff.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "runtime/disasm.h"
#include "test_support.h"

using namespace edict;
using namespace edict::testing;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> edict_files(const std::string& dir) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(std::string(EDICT_SOURCE_DIR) + "/" + dir)) {
    if (e.path().extension() == ".edict") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

void check_golden(const fs::path& source, const std::string& actual) {
  fs::path expected_path = source;
  expected_path.replace_extension(".expected");
  test_support::check_golden(expected_path, actual);
}

}  // namespace

TEST_CASE("golden: each bad program gives exactly its expected diagnostics") {
  auto files = edict_files("tests/data/compiler/errors");
  REQUIRE(files.size() >= 15);
  for (const fs::path& f : files) {
    SECTION(f.filename().string()) {
      SourceManager sources;
      DiagnosticSink sink;
      compiler::CompileOptions options;
      options.stdlib_dir = std::string(EDICT_SOURCE_DIR) + "/tests/data/compiler/stdlib";
      auto text = read_file(f.string());
      REQUIRE(text);
      auto program = compiler::compile_sources({{f.filename().string(), *text}}, options, sources, sink);
      CHECK_FALSE(program);  // every file here has at least one error
      CHECK(sink.has_errors());
      check_golden(f, render_all(sink, sources));
    }
  }
}

TEST_CASE("golden: disassembly of the programs in tests/data/disasm") {
  auto files = edict_files("tests/data/disasm");
  REQUIRE(files.size() >= 3);
  for (const fs::path& f : files) {
    SECTION(f.filename().string()) {
      auto text = read_file(f.string());
      REQUIRE(text);
      auto c = compile_text(*text);
      INFO(c->diagnostics());
      REQUIRE(c->program);
      check_golden(f, disassemble(*c->program));
    }
  }
}
