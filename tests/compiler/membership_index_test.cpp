// A list fact that many rules test with `in` gets a hashed view when the program is
// bound (runtime/bind_index.h): every rule's outcome is the same as when the VM scans
// the list, on lists with repeats, other kinds and absent needles; one or two tests of
// a list (where the table would not pay) keep the scan; bundles recount the tests.
#include <catch2/catch.hpp>

#include "runtime/bundle.h"
#include "test_support.h"

using namespace edict;
using namespace edict::testing;

namespace {

std::string pack(int rules) {
  std::string s = "policy p \"P\" {\n";
  for (int i = 0; i < rules; ++i) {
    s += "  rule r" + std::to_string(i) + " \"R\" { require \"KB" + std::to_string(100 + i * 3) +
         "\" in windows.hotfixes }\n";
  }
  return s + "}\n";
}

std::string hotfixes(const std::string& items) { return R"({"windows": {"hotfixes": [)" + items + "]}}"; }

std::vector<Outcome> outcomes(const Program& p, const Facts& facts, bool* indexed) {
  BoundProgram bound(p, facts);
  *indexed = bound.has_list_index(0);
  std::vector<Outcome> out(p.rules.size());
  EvalScratch scratch;
  EvalOptions options;
  options.now = kTestNow;
  bound.evaluate_outcomes(scratch, options, out.data());
  return out;
}

}  // namespace

TEST_CASE("membership index: rules that share a list give the outcomes of the scan") {
  auto c = compile_text(pack(12));
  REQUIRE(c->program);
  auto plain = compile_text(pack(12));
  REQUIRE(plain->program);
  plain->program->in_slot_tests.clear();  // no index: the VM scans

  std::string many;
  for (int i = 0; i < 40; ++i) many += std::string(i ? ", " : "") + "\"KB" + std::to_string(100 + i * 2) + "\"";
  const std::string documents[] = {
      hotfixes(many),                                     // some present, some absent
      hotfixes(many + R"(, "KB103", "KB103", "KB109")"),  // repeats
      hotfixes(many + R"(, 7, true, null, "")"),          // other kinds beside strings
      hotfixes(""),                                       // empty: too short for a table
      R"({"windows": {}})",                               // absent: unknown
  };
  for (const std::string& doc : documents) {
    INFO(doc);
    Facts facts = facts_from_json(doc);
    bool indexed = false, scanned_indexed = true;
    auto with_index = outcomes(*c->program, facts, &indexed);
    auto with_scan = outcomes(*plain->program, facts, &scanned_indexed);
    CHECK(with_index == with_scan);
    CHECK_FALSE(scanned_indexed);
    if (doc == documents[0]) {
      CHECK(indexed);
      CHECK(std::count(with_index.begin(), with_index.end(), Outcome::kPass) > 0);
      CHECK(std::count(with_index.begin(), with_index.end(), Outcome::kFail) > 0);
    }
  }
}

TEST_CASE("membership index: only where enough rules test the list, and bundles recount the tests") {
  std::string many;
  for (int i = 0; i < 40; ++i) many += std::string(i ? ", " : "") + "\"KB" + std::to_string(100 + i * 2) + "\"";
  Facts facts = facts_from_json(hotfixes(many));
  bool indexed = true;
  auto few = compile_text(pack(kMinInTestsToIndex - 1));
  REQUIRE(few->program);
  outcomes(*few->program, facts, &indexed);
  CHECK_FALSE(indexed);

  auto enough = compile_text(pack(kMinInTestsToIndex));
  REQUIRE(enough->program);
  REQUIRE(enough->program->in_slot_tests.size() == 1);
  CHECK(enough->program->in_slot_tests[0] == kMinInTestsToIndex);
  outcomes(*enough->program, facts, &indexed);
  CHECK(indexed);

  std::string bytes;
  REQUIRE(save_bundle(*enough->program, &bytes));
  DiagnosticSink sink;
  auto loaded = load_bundle(bytes, "pack.edictc", sink);
  REQUIRE(loaded);
  CHECK(loaded->in_slot_tests == enough->program->in_slot_tests);
  outcomes(*loaded, facts, &indexed);
  CHECK(indexed);
}
