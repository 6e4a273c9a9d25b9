// The simdjson fast path for JSON facts against the full path (nlohmann DOM + schema
// conversion): whatever the fast path accepts, the full path accepts with identical
// values; whatever the full path would report or turn into an error value, the fast
// path leaves to it (so diagnostics keep their codes, lines and columns).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/facts/json_fast.h"
#include "runtime/facts/json_fast_check.h"
#include "runtime/facts/load.h"

using namespace edict;
using namespace edict::internal;

namespace {

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool fast_accepts(const std::string& text, const FactsLimits& limits = {}) {
  Arena arena;
  return convert_json_fast(text, FactSchema::core(), limits, arena).has_value();
}

// Every JSON document under `dir` (recursively), as text.
std::vector<std::pair<std::string, std::string>> json_files(const std::string& dir, bool any_name) {
  std::vector<std::pair<std::string, std::string>> out;
  std::filesystem::path root = std::filesystem::path(EDICT_SOURCE_DIR) / dir;
  if (!std::filesystem::exists(root)) return out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    if (!any_name && entry.path().extension() != ".json") continue;
    std::string text = slurp(entry.path());
    if (text.empty() || (text[0] != '{' && text[0] != '[')) continue;
    out.emplace_back(entry.path().string(), std::move(text));
  }
  return out;
}

}  // namespace

TEST_CASE("fast JSON facts: every fixture, test document and fuzz input agrees with the full path") {
  if (!json_fast_path_available()) {
    std::cout << "fast JSON path not built (no simdjson): nothing to compare\n";
    return;
  }
  size_t compared = 0, accepted = 0, fixtures_accepted = 0, fixtures = 0;
  for (const char* dir : {"policies", "tests/data", "examples"}) {
    for (const auto& [name, text] : json_files(dir, false)) {
      FastPathVerdict v = compare_fast_and_full(text, FactSchema::core());
      INFO(name << ": " << v.detail);
      CHECK(v.agrees);
      ++compared;
      accepted += v.fast_accepted;
      if (name.find("/policies/") != std::string::npos) {
        ++fixtures;
        fixtures_accepted += v.fast_accepted;
      }
    }
  }
  for (const char* dir : {"fuzz/corpus/fuzz_facts", "fuzz/regressions/fuzz_facts"}) {
    for (const auto& [name, text] : json_files(dir, true)) {
      FastPathVerdict v = compare_fast_and_full(text, FactSchema::core());
      INFO(name << ": " << v.detail);
      CHECK(v.agrees);
      ++compared;
      accepted += v.fast_accepted;
    }
  }
  INFO(compared << " documents, " << accepted << " decided by the fast path");
  CHECK(compared > 100);
  // The bundled packs' fixtures are the documents real hosts look like: nearly all of
  // them must take the fast path, or it buys nothing (a few hold wrong types on purpose).
  CHECK(fixtures_accepted * 10 >= fixtures * 7);
}

TEST_CASE("fast JSON facts: values, kinds and key order are the full path's") {
  if (!json_fast_path_available()) return;
  const char* documents[] = {
      R"({"os": {"build": 6003, "version": "6.0.6003", "family": "windows"}})",
      R"({"os": {"build": 6003.0}})",                               // a float written for an int fact
      R"({"os": {"version": 12}})",                                 // a bare int version
      R"({"os": {"build": null}, "windows": null})",               // null: not collected
      R"({"zeta": 1, "alpha": {"b": 2, "a": [1, 2.5, -0, null, true, "x"]}})",  // undeclared, kept as is
      R"({"big": 18446744073709551615, "neg": -9223372036854775808, "tiny": 1e-320})",
      R"({"esc": "tab\tquote\"nul\u0000é\ud83d\ude00", "bu\u0069ld": 1})",
      R"({"sysctl": {"net.ipv4.ip_forward": "0", "kernel.yama.ptrace_scope": "1"}})",
      R"({"packages": {"zlib1g": {"version": "1:1.2.13", "arch": "amd64"}, "bash": {"version": "5.2"}}})",
      R"({"windows": {"hotfixes": ["KB1", "KB2"], "esu": {"licensed": true}}})",
      R"({"": {"": 1}})",
      "  {\n\"os\" : { \"build\" : 6003 } }\n\n",
  };
  for (const char* doc : documents) {
    FastPathVerdict v = compare_fast_and_full(doc, FactSchema::core());
    INFO(doc << "\n" << v.detail);
    CHECK(v.fast_accepted);
    CHECK(v.agrees);
  }
}

TEST_CASE("fast JSON facts: anything the full path reports or marks is left to it") {
  if (!json_fast_path_available()) return;
  const char* documents[] = {
      R"({"a": 1, "a": 2})",                              // E0517, even at the top
      R"({"os": {"name": null, "name": "x"}})",           // E0517 with a null first
      R"({"x": [{"k": 1, "k": 1}]})",                     // E0517 inside a list
      R"({"s": "\ud800"})",                               // a lone surrogate
      "{\"s\": \"\xff\"}",                                // not UTF-8 (E0502)
      "\xef\xbb\xbf{\"a\": 1}",                           // a byte-order mark
      R"({"a": 1} x)",                                    // trailing content
      R"({"a": 1}{"b": 2})",
      R"([1, 2])",                                        // not a map (E0508)
      R"({"a": 01})", R"({"a": 1.})", R"({"a": [1,]})", R"({"a": tru})", "{\"a\": \"x\ty\"}",
      R"({"os": {"build": "6003"}})",                     // wrong type: an error value
      R"({"os": {"build": 6003.5}})",                     // not an int
      R"({"os": {"build": 9223372036854775808}})",        // past int64
      R"({"os": {"version": "six"}})",                    // not a version
      R"({"os": {"version": -1}})",
      R"({"windows": {"hotfixes": ["KB1", null]}})",      // null item in a typed list
      R"({"windows": {"hotfixes": ["KB1", 3]}})",         // one wrong item spoils the fact
      R"({"os": 5})",                                     // a namespace that is not a map
      R"({"x": 1e400})",                                  // not finite
      R"({"x": 123456789012345678901234567890})",         // past uint64 (a float to nlohmann)
  };
  for (const char* doc : documents) {
    INFO(doc);
    CHECK_FALSE(fast_accepts(doc));
    CHECK(compare_fast_and_full(doc, FactSchema::core()).agrees);
  }
}

TEST_CASE("fast JSON facts: the document limits give up exactly where the full path refuses") {
  if (!json_fast_path_available()) return;
  FactsLimits limits;
  limits.max_depth = 3;
  CHECK(fast_accepts(R"({"a": {"b": [1]}})", limits));          // depth 3
  CHECK_FALSE(fast_accepts(R"({"a": {"b": [[1]]}})", limits));  // depth 4 (E0505)
  CHECK(compare_fast_and_full(R"({"a": {"b": [1]}})", FactSchema::core(), limits).agrees);

  limits = {};
  limits.max_string_bytes = 4;
  CHECK(fast_accepts(R"({"s": "abcd"})", limits));
  CHECK_FALSE(fast_accepts(R"({"s": "abcde"})", limits));  // E0506
  CHECK_FALSE(fast_accepts(R"({"os": {"name": "abcde"}})", limits));

  limits = {};
  limits.max_list_items = 2;
  CHECK(fast_accepts(R"({"l": [1, 2], "m": {"a": 1, "b": 2}})", limits));
  CHECK_FALSE(fast_accepts(R"({"l": [1, 2, 3]})", limits));            // E0507
  CHECK_FALSE(fast_accepts(R"({"m": {"a": 1, "b": 2, "c": 3}})", limits));
  CHECK(compare_fast_and_full(R"({"l": [1, 2]})", FactSchema::core(), limits).agrees);
}

TEST_CASE("fast JSON facts: a loaded file is the same whichever path decided it") {
  // Through the public loader: a document the fast path takes and one it leaves (a
  // wrong-typed build) both load, and the wrong type still names its line and column.
  SourceManager sources;
  DiagnosticSink sink;
  auto good = load_facts_text("good.json", R"({"os": {"build": 6003, "name": "x"}})", FactsFormat::kJson,
                              FactSchema::core(), sources, sink);
  REQUIRE(good);
  CHECK(good->find("os.build")->integer == 6003);
  auto bad = load_facts_text("bad.json", "{\"os\": {\"build\": \"6003\", \"name\": \"x\"}}", FactsFormat::kJson,
                             FactSchema::core(), sources, sink);
  REQUIRE(bad);
  const Value* build = bad->find("os.build");
  REQUIRE(build);
  REQUIRE(build->kind == ValueKind::kError);
  CHECK(std::string(build->str()).find("(at bad.json:1:18)") != std::string::npos);
  CHECK(bad->find("os.name")->str() == "x");
  CHECK_FALSE(sink.has_errors());
}
