// Bundles against the compiler: everything the compiler emits passes the verifier the
// loader applies, and compile -> save -> load gives the same disassembly, the same bytes
// again, and the same results (outcomes, errors, missing facts, explanations) on every
// fixture of policies/ as the in-memory program. Also keeps tests/data/bundle/small.*
// (the runtime-only tests' inputs) in step with codegen: EDICT_UPDATE_GOLDEN=1 rewrites them.
// Lives with the compiler tests because it needs the compiler; the bundle code is runtime/.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/compile.h"
#include "runtime/bundle.h"
#include "runtime/disasm.h"
#include "runtime/facts/load.h"
#include "runtime/verify.h"
#include "runtime/vm.h"
#include "tests/support/files.h"

namespace {

using namespace edict;
namespace fs = std::filesystem;

const fs::path kRoot = EDICT_SOURCE_DIR;

std::optional<Program> compile(const std::vector<std::string>& paths) {
  SourceManager sources;
  DiagnosticSink sink;
  auto program = compiler::compile_paths(paths, {}, sources, sink);
  INFO(render_all(sink, sources));
  REQUIRE(program);
  return program;
}

Program round_trip(const Program& program) {
  std::string bytes;
  REQUIRE(save_bundle(program, &bytes));
  DiagnosticSink sink;
  auto loaded = load_bundle(bytes, "rt.edictc", sink);
  INFO((sink.diagnostics().empty() ? "" : sink.diagnostics().front().message));
  REQUIRE(loaded);
  return std::move(*loaded);
}

std::string results_text(const Program& program, const Facts& facts) {
  EvalOptions options;
  options.explain = true;
  options.now = 1'800'000'000;
  std::string out;
  for (const RuleResult& r : evaluate(program, facts, options)) {
    out += program.rules[r.rule_index].id + " " + outcome_name(r.outcome) + " " + r.error + "\n";
    for (const auto& m : r.missing_facts) out += "  missing " + m + "\n";
    if (r.explanation) {
      out += "  " + r.explanation->keyword + " " + r.explanation->require_text + "\n";
      for (const auto& v : r.explanation->values) out += "    " + v.source + " = " + v.value + "\n";
      for (const auto& n : r.explanation->notes) out += "    note " + n + "\n";
    }
  }
  return out;
}

using test_support::read_file;

}  // namespace

TEST_CASE("compiler output verifies, and a bundle round trip keeps disassembly and results") {
  auto program = compile({(kRoot / "policies").string()});
  DiagnosticSink verify_sink;
  bool verified = verify_program(*program, "policies", verify_sink);
  INFO((verify_sink.diagnostics().empty() ? "" : verify_sink.diagnostics().front().message));
  REQUIRE(verified);

  Program loaded = round_trip(*program);
  CHECK(disassemble(loaded) == disassemble(*program));
  std::string once, twice;
  REQUIRE(save_bundle(*program, &once));
  REQUIRE(save_bundle(loaded, &twice));
  CHECK(once == twice);  // every field, metadata and trace points included, came back

  size_t fixtures = 0;
  for (const auto& dir : {"debian12", "linux", "network", "windows"}) {
    for (const auto& file : fs::directory_iterator(kRoot / "policies" / dir / "fixtures")) {
      if (file.path().extension() != ".json") continue;
      SourceManager sources;
      DiagnosticSink sink;
      auto facts = load_facts_file(file.path().string(), program->schema, sources, sink);
      REQUIRE(facts);
      INFO(file.path());
      CHECK(results_text(loaded, *facts) == results_text(*program, *facts));
      ++fixtures;
    }
  }
  CHECK(fixtures >= 5);
}

TEST_CASE("the stdlib alone and the small test pack verify and round-trip") {
  // Relative to the repo root, as `edict compile` is run there: the bundle records source
  // paths, and the committed one must not hold this machine's absolute path.
  fs::current_path(kRoot);
  auto program = compile({"tests/data/bundle/small.edict"});
  DiagnosticSink sink;
  REQUIRE(verify_program(*program, "small", sink));
  Program loaded = round_trip(*program);
  CHECK(disassemble(loaded) == disassemble(*program));

  // The runtime-only tests load these files; they must be what the compiler makes now.
  std::string bytes;
  REQUIRE(save_bundle(*program, &bytes));
  fs::path bundle = kRoot / "tests/data/bundle/small.edictc";
  fs::path disasm = kRoot / "tests/data/bundle/small.disasm";
  if (test_support::updating_golden()) {
    test_support::write_file(bundle, bytes);
    test_support::write_file(disasm, disassemble(*program));
  }
  INFO("tests/data/bundle/small.* are stale: EDICT_UPDATE_GOLDEN=1 rewrites them");
  CHECK(read_file(bundle) == bytes);
  CHECK(read_file(disasm) == disassemble(*program));
}
