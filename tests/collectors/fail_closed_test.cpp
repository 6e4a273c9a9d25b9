// Facts that no rule may read as a pass: NaN and infinities (no comparison with NaN is
// true, so `not (load >= 90.0)` held on it) and a JSON key written twice in one map
// (the last one won, so `"licensed": false, "licensed": true` read as licensed). Each is
// refused where the document loads, with a code and a caret, in files, NDJSON lines and
// facts.d output alike.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "collectors/external.h"
#include "collectors/registry.h"
#include "runtime/facts/document.h"
#include "runtime/facts/load.h"
#include "runtime/facts/schema_file.h"
#include "tests/collectors/collector_reports.h"
#include "tests/facts/temp_tree.h"

using namespace edict;
namespace fs = std::filesystem;

namespace {

struct Loaded {
  SourceManager sources;
  DiagnosticSink sink;
  std::optional<Facts> facts;
  std::string rendered() const { return render_all(sink, sources); }
  std::string code() const { return sink.diagnostics().empty() ? "" : sink.diagnostics().front().code; }
  std::string where() const {
    if (sink.diagnostics().empty()) return "none";
    const Span& s = sink.diagnostics().front().span;
    return std::to_string(s.line) + ":" + std::to_string(s.column);
  }
};

FactSchema schema_of(const std::string& text) {
  FactSchema schema = FactSchema::core();
  SourceManager sources;
  DiagnosticSink sink;
  REQUIRE(load_schema_text("test.schema.toml", text, schema, sources, sink));
  return schema;
}

const FactSchema& cpu_schema() {
  static const FactSchema schema = schema_of("[facts]\n\"cpu.load\" = \"float\"\n\"cpu.count\" = \"int\"\n"
                                             "\"app.licensed\" = \"bool\"\n\"app.loads\" = \"list<float>\"\n");
  return schema;
}

std::unique_ptr<Loaded> load(std::string name, std::string text) {
  auto out = std::make_unique<Loaded>();
  out->facts = load_facts_text(std::move(name), std::move(text), FactsFormat::kAuto, cpu_schema(), out->sources,
                               out->sink);
  return out;
}

// A directory for facts.d that no other user can write (the collectors refuse others).
struct PrivateDir {
  std::string path;
  PrivateDir() {
    std::string tmpl = edict::testing::trusted_base_dir() + "/edict-facts-d-XXXXXX";
    path = mkdtemp(tmpl.data());
    chmod(path.c_str(), 0755);
  }
  ~PrivateDir() { fs::remove_all(path); }
  void write(const std::string& name, const std::string& text, mode_t mode) const {
    std::ofstream(path + "/" + name) << text;
    chmod((path + "/" + name).c_str(), mode);
  }
};

}  // namespace

TEST_CASE("TOML nan and infinities are refused where they load, with a caret on the value") {
  struct Case {
    const char* text;
    const char* shown;
    const char* path;
    const char* at;
  };
  for (const Case& c : {Case{"[cpu]\nload = nan\n", "nan", "cpu.load", "2:8"},
                        Case{"[cpu]\nload = +nan\n", "nan", "cpu.load", "2:8"},
                        Case{"[cpu]\nload = inf\n", "inf", "cpu.load", "2:8"},
                        Case{"[cpu]\nload = -inf\n", "-inf", "cpu.load", "2:8"},
                        Case{"cpu = { load = 1.5, count = nan }\n", "nan", "cpu.count", "1:29"},
                        Case{"[app]\nloads = [1.0, nan]\n", "nan", "app.loads[]", "2:15"},
                        Case{"[other]\nx = { y = -inf }\n", "-inf", "other.x.y", "2:11"}}) {
    INFO(c.text);
    auto r = load("host.toml", c.text);
    CHECK_FALSE(r->facts);
    CHECK(r->code() == "E0516");
    CHECK(r->where() == c.at);
    CHECK(r->rendered().find("fact `" + std::string(c.path) + "` is `" + c.shown + "`, not a number a fact can hold") !=
          std::string::npos);
    CHECK(r->rendered().find("host.toml:" + std::string(c.at) + ": error[E0516]") != std::string::npos);
    CHECK(r->rendered().find("is null") == std::string::npos);  // it was once reported as null
  }
}

TEST_CASE("finite TOML floats still load, and JSON's non-numbers stay syntax errors") {
  auto ok = load("host.toml", "[cpu]\nload = 95.5\ncount = 4\n");
  REQUIRE(ok->facts);
  CHECK(edict::testing::show(*ok->facts, "cpu.load") == "95.5");
  for (const char* text : {R"({"cpu": {"load": NaN}})", R"({"cpu": {"load": Infinity}})",
                           R"({"cpu": {"load": -Infinity}})", R"({"cpu": {"load": 1e400}})"}) {
    INFO(text);
    auto r = load("host.json", text);
    CHECK_FALSE(r->facts);
    CHECK(r->code() == "E0503");
  }
}

TEST_CASE("a JSON key written twice in one map refuses the document, at every depth") {
  struct Case {
    const char* text;
    const char* key;
    const char* second;  // where the caret points: the repeated key
    const char* first;   // named in the help
  };
  for (const Case& c : {
           Case{R"({"app": {"licensed": false, "licensed": true}})", "licensed", "1:29", "1:10"},
           Case{"{\"app\": {\"licensed\": true},\n \"app\": {\"licensed\": false}}", "app", "2:2", "1:2"},
           Case{R"({"a": [{"k": 1}, {"k": 2, "x": 0, "k": 3}]})", "k", "1:35", "1:19"},
           Case{R"({"a": {"b": {"c": {"d": 1, "d": 1}}}})", "d", "1:28", "1:20"},
           // The same key spelled with an escape is the same key.
           Case{R"({"app": {"licensed": false, "licen\u0073ed": true}})", "licensed", "1:29", "1:10"},
           Case{R"({"": 1, "": 2})", "", "1:9", "1:2"},
       }) {
    INFO(c.text);
    auto r = load("host.json", c.text);
    CHECK_FALSE(r->facts);
    CHECK(r->code() == "E0517");
    CHECK(r->where() == c.second);
    std::string rendered = r->rendered();
    CHECK(rendered.find("host.json:" + std::string(c.second) + ": error[E0517]: key `" + c.key +
                        "` appears twice in the same map") != std::string::npos);
    std::string first_line = std::string(c.first).substr(0, std::string(c.first).find(':'));
    std::string first_col = std::string(c.first).substr(std::string(c.first).find(':') + 1);
    CHECK(rendered.find("the first `" + std::string(c.key) + "` is at line " + first_line + ", column " + first_col) !=
          std::string::npos);
    CHECK(rendered.find('^') != std::string::npos);
  }
}

TEST_CASE("equal keys in different maps are not repeats, and a clean document still loads") {
  auto r = load("host.json", R"({"app": {"licensed": true, "x": {"licensed": 1}}, "l": [{"k": 1}, {"k": 2}]})");
  REQUIRE(r->facts);
  CHECK(r->sink.diagnostics().empty());
  CHECK(edict::testing::show(*r->facts, "app.licensed") == "true");
}

TEST_CASE("an NDJSON line that repeats a key is refused on its own line, the others load") {
  std::string path = (fs::path(EDICT_BINARY).parent_path() / "fleet-dup.ndjson").string();
  std::ofstream(path) << "{\"host\": {\"name\": \"a\"}}\n"
                         "{\"host\": {\"name\": \"b\"}, \"app\": {\"licensed\": false, \"licensed\": true}}\n";
  SourceManager sources;
  DiagnosticSink sink;
  auto hosts = load_facts_ndjson(path, cpu_schema(), sources, sink);
  fs::remove(path);
  REQUIRE(hosts);
  CHECK(hosts->size() == 1);
  REQUIRE(sink.diagnostics().size() == 1);
  CHECK(sink.diagnostics()[0].code == "E0517");
  CHECK(render_all(sink, sources).find("fleet-dup.ndjson:2:1:52: error[E0517]") != std::string::npos);
}

TEST_CASE("facts.d output that repeats a key or holds nan fails that collector, its facts stay unknown") {
  PrivateDir dir;
  dir.write("app.schema.toml", "[facts]\n\"app.licensed\" = \"bool\"\n\"app.load\" = \"float\"\n", 0644);
  dir.write("10-dup.sh", "#!/bin/sh\necho '{\"app\": {\"licensed\": false, \"licensed\": true}}'\n", 0755);
  dir.write("20-nan.toml", "[app]\nload = nan\n", 0644);
  CollectOptions options;
  options.root = std::string(EDICT_SOURCE_DIR) + "/tests/data/facts/roots/debian12";
  options.facts_d = {dir.path};
  std::vector<CollectorReport> reports;
  Facts facts = collect_facts(CollectorRegistry::with_builtin_host(), {}, options, &reports, true);
  CHECK(edict::testing::show(facts, "app.licensed") == "absent");
  CHECK(edict::testing::show(facts, "app.load") == "absent");
  const CollectorReport* dup = edict::testing::report_of(reports, "external:10-dup.sh");
  REQUIRE(dup);
  CHECK_FALSE(dup->ok);
  CHECK(dup->message.find("key `licensed` appears twice in the same map") != std::string::npos);
  const CollectorReport* nan = edict::testing::report_of(reports, "external:20-nan.toml");
  REQUIRE(nan);
  CHECK_FALSE(nan->ok);
  CHECK(nan->message.find("fact `app.load` is `nan`") != std::string::npos);
}

TEST_CASE("a non-finite float that reaches the converter another way is an error that names it, not null") {
  // The loaders refuse these first (E0516); the converter is the second line, and its
  // message once said `is null` for a NaN at an int path.
  Facts facts;
  DiagnosticSink sink;
  FactsLimits limits;
  internal::ConvertContext c{facts.arena(), cpu_schema(), limits, sink, "dom"};
  Value as_int = internal::convert_typed(nlohmann::json(std::nan("")), *cpu_schema().find("cpu.count")->type,
                                         "cpu.count", c);
  CHECK(to_display(as_int) == "error(\"fact `cpu.count` is nan, expected int\")");
  Value as_float = internal::convert_typed(nlohmann::json(HUGE_VAL), *cpu_schema().find("cpu.load")->type,
                                           "cpu.load", c);
  CHECK(to_display(as_float) == "error(\"fact `cpu.load` is inf, not a finite number\")");
  Value kept = internal::convert_as_is(nlohmann::json(-HUGE_VAL), "other.x", c);
  CHECK(to_display(kept) == "error(\"fact `other.x` is -inf, not a finite number\")");
  CHECK_FALSE(c.failed);
}
