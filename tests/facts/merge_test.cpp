// runtime/facts/merge.h: the public document -> FactsBuilder step the external collector
// uses instead of the loader's internals.
#include <catch2/catch.hpp>

#include "runtime/facts/merge.h"
#include "runtime/types.h"

namespace edict {
namespace {

FactSchema declared_site() {
  FactSchema schema;
  schema.add(FactDecl{"site.rack", Type::string(), "external", "where the host is"});
  schema.add(FactDecl{"site.slots", Type::integer(), "external", "free slots"});
  return schema;
}

}  // namespace

TEST_CASE("merge: declared facts are set with their provenance, the rest listed as ignored") {
  FactsBuilder out;
  Provenance provenance{"external:/etc/edict/facts.d/site", "2026-11-30T00:00:00Z"};
  MergeResult r = merge_declared_document(
      {"site", R"({"site": {"rack": "r12", "slots": 4.0, "color": "red"}, "os": {"name": "x"}, "other": 1})",
       FactsFormat::kJson, TextPositions::kNone},
      declared_site(), FactsLimits{}, provenance, out);
  CHECK(r.status == MergeStatus::kMerged);
  CHECK(r.error.empty());
  CHECK(r.paths_ignored == std::vector<std::string>{"os.name", "other", "site.color"});
  Facts facts = out.freeze();
  REQUIRE(facts.find("site.rack"));
  CHECK(facts.find("site.rack")->str() == "r12");
  REQUIRE(facts.find("site.slots"));
  CHECK(facts.find("site.slots")->kind == ValueKind::kInt);  // 4.0 at an int path is 4
  CHECK(facts.find("os.name") == nullptr);  // a core fact is never taken from a document
  REQUIRE(facts.provenance("site.rack"));
  CHECK(facts.provenance("site.rack")->source == "external:/etc/edict/facts.d/site");
}

TEST_CASE("merge: a wrong-typed declared fact becomes an error value naming the path and line") {
  FactsBuilder out;
  MergeResult r = merge_declared_document({"site.json", "{\n  \"site\": {\"slots\": \"many\"}\n}", FactsFormat::kAuto},
                                          declared_site(), FactsLimits{}, {"external:site.json", "now"}, out);
  CHECK(r.status == MergeStatus::kMerged);
  Facts facts = out.freeze();
  const Value* slots = facts.find("site.slots");
  REQUIRE(slots);
  REQUIRE(slots->kind == ValueKind::kError);
  CHECK_THAT(std::string(slots->str()), Catch::Contains("site.slots") && Catch::Contains("site.json:2"));
}

TEST_CASE("merge: text that is not a facts document sets nothing and says why") {
  FactsBuilder out;
  MergeResult r = merge_declared_document({"site", "{\"site\": {\"rack\": ", FactsFormat::kJson, TextPositions::kNone},
                                          declared_site(), FactsLimits{}, {"external:site", "now"}, out);
  CHECK(r.status == MergeStatus::kNotADocument);
  CHECK_THAT(r.error, Catch::StartsWith("line 1, column"));
  CHECK_FALSE(out.has("site"));
}

TEST_CASE("merge: a document over a limit is refused") {
  FactsBuilder out;
  FactsLimits limits;
  limits.max_string_bytes = 4;
  MergeResult r = merge_declared_document({"site", R"({"site": {"rack": "a long rack name"}})", FactsFormat::kJson,
                                           TextPositions::kNone},
                                          declared_site(), limits, {"external:site", "now"}, out);
  CHECK(r.status == MergeStatus::kRefused);
  CHECK_FALSE(r.error.empty());
}

}  // namespace edict
