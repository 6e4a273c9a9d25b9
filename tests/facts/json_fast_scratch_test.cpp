// The fast path keeps its stacks (the items and entries of the lists and maps being
// built, the namespace path) from document to document on a thread: a document must
// never see what the one before left there, whether that one was accepted, given up on
// halfway, or so large that the stacks were released (kFastScratchKeepBytes).
#include <catch2/catch.hpp>

#include <iostream>
#include <string>

#include "runtime/facts/json_fast.h"
#include "runtime/facts/json_fast_check.h"

using namespace edict;
using namespace edict::internal;

namespace {

void agrees_and_accepted(const std::string& text) {
  FastPathVerdict v = compare_fast_and_full(text, FactSchema::core());
  INFO(text.substr(0, 200));
  INFO(v.detail);
  CHECK(v.fast_accepted);
  CHECK(v.agrees);
}

// Nested lists and maps in several namespaces: every stack is pushed above another.
const char* kNested =
    R"({"host":{"name":"web-01"},"os":{"family":"linux","version":"12"},)"
    R"("network":{"interfaces":[{"name":"eth0","addresses":["10.0.0.1/24","fe80::1/64"]},)"
    R"({"name":"lo","addresses":["127.0.0.1/8"]}],"routes":[]},)"
    R"("extra":{"z":[1,[2,[3,{"b":1,"a":[4,5]}]]],"a":{"y":{"x":[]}}}})";

}  // namespace

TEST_CASE("fast JSON facts: a document given up on halfway leaves nothing to the next") {
  if (!json_fast_path_available()) {
    std::cout << "fast JSON path not built (no simdjson): nothing to compare\n";
    return;
  }
  agrees_and_accepted(kNested);
  // Given up deep inside nested maps and lists (a repeated key, a parse error, a
  // null item in a typed list), with entries and items pushed and not popped.
  for (const char* bad : {R"({"extra":{"z":[1,[2,{"a":1,"a":2}]]},"host":{"name":"x"}})",
                          R"({"extra":{"z":[1,[2,{"a":1,)", R"({"network":{"interfaces":[{"name":"eth0"},null]}})"}) {
    Arena arena;
    CHECK_FALSE(convert_json_fast(bad, FactSchema::core(), FactsLimits{}, arena).has_value());
    agrees_and_accepted(kNested);
    agrees_and_accepted(R"({"host":{"name":"web-02"}})");
  }
}

TEST_CASE("fast JSON facts: after a document past kFastScratchKeepBytes of lists, the next still agrees") {
  if (!json_fast_path_available()) {
    std::cout << "fast JSON path not built (no simdjson): nothing to compare\n";
    return;
  }
  // A list whose items alone fill more than the scratch kept between documents, and a
  // map with as many entries.
  const size_t n = kFastScratchKeepBytes / sizeof(Value) + 1000;
  std::string list = R"({"extra":{"big":[)";
  std::string map = R"({"extra":{"big":{)";
  for (size_t i = 0; i < n; ++i) {
    list += (i ? "," : "") + std::to_string(i);
    map += std::string(i ? "," : "") + "\"k" + std::to_string(i) + "\":" + std::to_string(i);
  }
  list += "]}}";
  map += "}}}";
  agrees_and_accepted(list);
  agrees_and_accepted(kNested);
  agrees_and_accepted(map);
  agrees_and_accepted(kNested);
}
