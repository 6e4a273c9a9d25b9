// Where a wrong-typed value is in a facts document's text. Catches a locator that lands
// on a sibling, is fooled by brackets or quotes inside strings, disagrees with the parser
// on repeated or escaped keys, counts columns in bytes, or rescans without bound.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "runtime/facts/document.h"
#include "runtime/facts/load.h"
#include "runtime/facts/locate.h"
#include "runtime/facts/schema_file.h"

using namespace edict;
using namespace edict::internal;

namespace {

// "a.b[2].c" style steps, keys kept alive by the returned holder.
struct Path {
  std::vector<std::string> keys;
  std::vector<DocumentStep> steps;
};

Path path(std::initializer_list<std::string> parts) {
  Path p;
  p.keys.reserve(parts.size());
  for (const auto& part : parts) {
    if (!part.empty() && part[0] == '#') continue;
    p.keys.push_back(part);
  }
  size_t k = 0;
  for (const auto& part : parts) {
    if (!part.empty() && part[0] == '#') p.steps.push_back(DocumentStep::of_index(std::stoul(part.substr(1))));
    else p.steps.push_back(DocumentStep::of_key(&p.keys[k++]));
  }
  return p;
}

// "line:column" of the value at `parts`, or "none".
std::string where(const std::string& text, std::initializer_list<std::string> parts,
                  FactsFormat format = FactsFormat::kJson) {
  SourceFile file("t", text);
  Path p = path(parts);
  std::optional<Span> at = locate_value(file, 1, format, p.steps);
  return at ? std::to_string(at->line) + ":" + std::to_string(at->column) : "none";
}

}  // namespace

TEST_CASE("locate: JSON values are found along their path, siblings skipped") {
  std::string text = R"({"note": "a } ] { [ \" , : b",
 "os": {"name": "x", "build": "6003"},
 "list": [[1, 2], {"k": [3]}, "three", -4.5e1],
 "last": true})";
  CHECK(where(text, {"os", "build"}) == "2:31");
  CHECK(where(text, {"os"}) == "2:8");
  CHECK(where(text, {"list", "#2"}) == "3:31");
  CHECK(where(text, {"list", "#3"}) == "3:40");
  CHECK(where(text, {"list", "#1", "k", "#0"}) == "3:26");
  CHECK(where(text, {"last"}) == "4:10");
}

TEST_CASE("locate: paths that are not in the text are not found") {
  std::string text = R"({"os": {"build": 1}, "l": [1, 2]})";
  CHECK(where(text, {"os", "name"}) == "none");
  CHECK(where(text, {"l", "#2"}) == "none");
  CHECK(where(text, {"os", "#0"}) == "none");        // a map is not a list
  CHECK(where(text, {"l", "x"}) == "none");          // a list is not a map
  CHECK(where(text, {"os", "build", "x"}) == "none");  // a number has no entries
  CHECK(where("{}", {"os"}) == "none");
  CHECK(where("\xEF\xBB\xBF{\"os\": 1}", {"os"}) == "1:8");  // a byte order mark is no column, as in an editor
  CHECK(where("[]", {"#0"}) == "none");
}

TEST_CASE("locate: repeated and escaped keys are read as the JSON parser reads them") {
  // A loaded document names each key once (E0517 refuses repeats), so the first is the
  // one; `\u0075` is `u`, so `b\u0075ild` is `build`.
  CHECK(where(R"({"build": 1, "b\u0075ild": "x"})", {"build"}) == "1:11");
  CHECK(where(R"({"b\u0075ild": 1, "x": "x"})", {"build"}) == "1:16");
  CHECK(where(R"({"a\"b": 1, "a\\b": 2})", {"a\\b"}) == "1:21");
  CHECK(where(R"({"a\"b": 1, "a\\b": 2})", {"a\"b"}) == "1:10");
  // A surrogate pair decodes to one code point (U+1F600).
  CHECK(where(R"({"\ud83d\ude00": 7})", {"\xF0\x9F\x98\x80"}) == "1:18");
}

TEST_CASE("locate: columns count code points, as every other diagnostic does") {
  CHECK(where("{\"h\\u00e9\": \"é\", \"x\": 1}", {"x"}) == "1:23");
  CHECK(where("{\"é\": \"ü\", \"x\": 1}", {"x"}) == "1:17");
}

TEST_CASE("locate: TOML values, in tables, arrays of tables and inline tables") {
  std::string text = "[os]\nname = \"x\"\nbuild = \"6003\"\n\n[[network.routes]]\ndestination = \"a\"\n"
                     "[[network.routes]]\nmetric = \"low\"\n\n[inline]\nt = { a = [1, \"two\"] }\n";
  CHECK(where(text, {"os", "build"}, FactsFormat::kToml) == "3:9");
  CHECK(where(text, {"network", "routes", "#1", "metric"}, FactsFormat::kToml) == "8:10");
  CHECK(where(text, {"inline", "t", "a", "#1"}, FactsFormat::kToml) == "11:15");
  CHECK(where(text, {"network", "routes", "#2"}, FactsFormat::kToml) == "none");
}

TEST_CASE("wrong values past the first 16 of a document keep their message but not their position") {
  std::string schema_text = "[facts]\n";
  std::string doc = "{\"t\": {";
  for (int i = 0; i < 20; ++i) {
    schema_text += "\"t.f" + std::to_string(i) + "\" = \"int\"\n";
    doc += std::string(i ? ", " : "") + "\"f" + std::to_string(i) + "\": \"x\"";
  }
  doc += "}}";
  FactSchema schema = FactSchema::core();
  SourceManager sources;
  DiagnosticSink sink;
  REQUIRE(load_schema_text("t.schema.toml", schema_text, schema, sources, sink));
  auto facts = load_facts_text("many.json", doc, FactsFormat::kAuto, schema, sources, sink);
  REQUIRE(facts);
  int located = 0, unlocated = 0;
  for (int i = 0; i < 20; ++i) {
    std::string shown = to_display(*facts->find("t.f" + std::to_string(i)));
    CHECK(shown.find("is a string, expected int") != std::string::npos);
    (shown.find("(at many.json:1:") != std::string::npos ? located : unlocated)++;
  }
  CHECK(located == static_cast<int>(kMaxLocatedValues));
  CHECK(unlocated == 20 - static_cast<int>(kMaxLocatedValues));
}
