// Facts documents: what a wrong type, a bad document or a limit becomes. Catches a
// loader that crashes, passes silently, or loses the position of an error.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>

#include "runtime/facts/builder.h"
#include "runtime/facts/document.h"
#include "runtime/facts/load.h"
#include "runtime/facts/schema_file.h"

using namespace edict;

namespace {

struct Loaded {
  SourceManager sources;
  DiagnosticSink sink;
  std::optional<Facts> facts;
  std::string rendered() const { return render_all(sink, sources); }
  std::string code() const { return sink.diagnostics().empty() ? "" : sink.diagnostics().front().code; }
};

std::unique_ptr<Loaded> load(std::string name, std::string text, FactsFormat format = FactsFormat::kAuto,
                             const FactsLimits& limits = {}, const FactSchema& schema = FactSchema::core()) {
  auto out = std::make_unique<Loaded>();
  out->facts = load_facts_text(std::move(name), std::move(text), format, schema, out->sources, out->sink, limits);
  return out;
}

std::string show(const Facts& facts, const char* path) {
  const Value* v = facts.find(path);
  return v ? to_display(*v) : "absent";
}

}  // namespace

TEST_CASE("a well-typed JSON facts file loads with versions and ints converted") {
  auto r = load("host.json", R"({"os": {"family": "windows", "version": "6.0.6003", "build": 6003.0,
                                 "service_pack": 2}, "windows": {"hotfixes": ["KB4493471"]},
                                 "inventory": {"owner": "ops", "weird": [1, 2.5, null]}})");
  REQUIRE(r->facts);
  CHECK(r->facts->find("os.version")->kind == ValueKind::kVersion);
  CHECK(show(*r->facts, "os.version") == "v\"6.0.6003\"");
  CHECK(r->facts->find("os.build")->kind == ValueKind::kInt);
  CHECK(show(*r->facts, "os.build") == "6003");
  CHECK(show(*r->facts, "windows.hotfixes") == "[\"KB4493471\"]");
  // Undeclared paths are kept as they are.
  CHECK(show(*r->facts, "inventory.weird") == "[1, 2.5, null]");
  const Provenance* p = r->facts->provenance("os.build");
  REQUIRE(p);
  CHECK(p->source == "file:host.json");
  CHECK(p->collected_at.size() == 20);
  CHECK(p->collected_at.back() == 'Z');
}

TEST_CASE("wrong-typed facts become error values naming the path, the expected type and where they are") {
  auto r = load("bad.json", R"({"os": {"build": "6003", "version": "six", "service_pack": 2.5},
                               "windows": {"esu": {"licensed": "yes"}},
                               "network": {"routes": [{"destination": "0.0.0.0/0", "metric": "low"}, null]},
                               "packages": {"openssl": {"version": 3}}})");
  REQUIRE(r->facts);
  CHECK(show(*r->facts, "os.build") == "error(\"fact `os.build` is a string, expected int (at bad.json:1:18)\")");
  CHECK(show(*r->facts, "os.version") ==
        "error(\"fact `os.version` is `six`, not a version (expected dotted numbers) (at bad.json:1:37)\")");
  CHECK(show(*r->facts, "os.service_pack") == "error(\"fact `os.service_pack` is 2.5, expected int (at bad.json:1:60)\")");
  CHECK(show(*r->facts, "windows.esu.licensed") ==
        "error(\"fact `windows.esu.licensed` is a string, expected bool (at bad.json:2:64)\")");
  // One wrong field or item makes the whole fact that error (the first one found): a rule
  // reading routes or packages is `error`, never evaluated over the entries that were fine.
  CHECK(show(*r->facts, "network.routes") ==
        "error(\"fact `network.routes[0].metric` is a string, expected int (at bad.json:3:94)\")");
  CHECK(show(*r->facts, "packages") ==
        "error(\"fact `packages[\\\"openssl\\\"].version` is an int, expected string (at bad.json:4:68)\")");
  // The rest of a namespace is still read.
  CHECK(show(*r->facts, "os.build") != show(*r->facts, "os.family"));
  CHECK(r->sink.diagnostics().empty());
}

TEST_CASE("a null item makes a typed list an error, a null field leaves the field unknown") {
  auto r = load("n.json", R"({"windows": {"hotfixes": ["KB1", null]},
    "network": {"routes": [{"destination": "0.0.0.0/0", "gateway": null}]}})");
  REQUIRE(r->facts);
  CHECK(show(*r->facts, "windows.hotfixes") ==
        "error(\"fact `windows.hotfixes[1]` is null, expected string (at n.json:1:34)\")");
  CHECK(show(*r->facts, "network.routes") == "[{\"destination\": \"0.0.0.0/0\"}]");
}

TEST_CASE("a namespace given as a scalar is an error, null leaves a fact unknown") {
  auto r = load("ns.json", R"({"os": "linux", "host": {"name": null, "id": "abc"}})");
  REQUIRE(r->facts);
  CHECK(show(*r->facts, "os") == "error(\"fact `os` is a string, expected a map of facts (at ns.json:1:8)\")");
  CHECK(r->facts->find("host.name") == nullptr);  // unknown, not null and not ""
  CHECK(show(*r->facts, "host.id") == "\"abc\"");
}

TEST_CASE("TOML facts load with the same rules as JSON") {
  auto r = load("host.toml", R"(
[os]
family = "linux"
version = "12"
build = "x"
[[network.routes]]
destination = "0.0.0.0/0"
gateway = "10.0.0.1"
interface = "eth0"
metric = 100
family = "ipv4"
[inventory]
since = 2024-01-02
)");
  REQUIRE(r->facts);
  CHECK(show(*r->facts, "os.version") == "v\"12\"");
  CHECK(show(*r->facts, "os.build") == "error(\"fact `os.build` is a string, expected int (at host.toml:5:9)\")");
  CHECK(show(*r->facts, "network.routes") ==
        "[{\"destination\": \"0.0.0.0/0\", \"family\": \"ipv4\", \"gateway\": \"10.0.0.1\", \"interface\": \"eth0\", "
        "\"metric\": 100}]");
  CHECK(show(*r->facts, "inventory.since") == "\"2024-01-02\"");
}

TEST_CASE("the format is sniffed when the name has no known extension") {
  CHECK(internal::detect_format("-", "  {\"os\": {}}") == FactsFormat::kJson);
  CHECK(internal::detect_format("facts", "[os]\nfamily = \"linux\"") == FactsFormat::kToml);
  CHECK(internal::detect_format("x.toml", "{") == FactsFormat::kToml);
  auto r = load("<stdin>", "[os]\nfamily = \"linux\"\n");
  REQUIRE(r->facts);
  CHECK(show(*r->facts, "os.family") == "\"linux\"");
}

TEST_CASE("invalid JSON is reported at its line and column with a caret") {
  auto r = load("broken.json", "{\n  \"os\": {\"build\": 6003,}\n}\n");
  CHECK_FALSE(r->facts);
  CHECK(r->code() == "E0503");
  std::string text = r->rendered();
  CHECK(text.find("broken.json:2:") == 0);
  CHECK(text.find("invalid JSON") != std::string::npos);
  CHECK(text.find("^") != std::string::npos);
}

TEST_CASE("invalid TOML is reported at its line and column") {
  auto r = load("broken.toml", "[os]\nfamily = \"linux\"\nbuild = = 3\n");
  CHECK_FALSE(r->facts);
  CHECK(r->code() == "E0504");
  CHECK(r->rendered().find("broken.toml:3:") == 0);
}

TEST_CASE("a document that is not a map at the top level is refused") {
  auto r = load("list.json", "[1, 2]");
  CHECK_FALSE(r->facts);
  CHECK(r->code() == "E0508");
}

TEST_CASE("invalid UTF-8 is refused with the position of the first bad byte") {
  auto r = load("latin1.json", "{\"host\": {\"name\": \"caf\xe9\"}}");
  CHECK_FALSE(r->facts);
  CHECK(r->code() == "E0502");
  CHECK(r->rendered().find("latin1.json:1:23:") == 0);
  // Overlong encodings and surrogates are not UTF-8 either.
  CHECK(internal::find_invalid_utf8("\xc0\xaf") == 0);
  CHECK(internal::find_invalid_utf8("ok\xed\xa0\x80") == 2);
  CHECK(internal::find_invalid_utf8("caf\xc3\xa9 \xf0\x9f\x98\x80") == std::string::npos);
}

TEST_CASE("100 levels of nesting hit the depth limit (64) cleanly, in JSON and TOML") {
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "{\"a\": ";
  deep += "1";
  for (int i = 0; i < 100; ++i) deep += "}";
  auto r = load("deep.json", deep);
  CHECK_FALSE(r->facts);
  CHECK(r->code() == "E0505");
  CHECK(r->rendered().find("deep.json:1:") == 0);
  CHECK(r->rendered().find("deeper than 64 levels") != std::string::npos);

  std::string toml = "x = ";
  for (int i = 0; i < 100; ++i) toml += "[";
  for (int i = 0; i < 100; ++i) toml += "]";
  auto t = load("deep.toml", toml + "\n");
  CHECK_FALSE(t->facts);
  CHECK(t->code() == "E0505");

  // Exactly at the limit loads.
  std::string ok;
  for (int i = 0; i < 64; ++i) ok += "{\"a\": ";
  ok += "1";
  for (int i = 0; i < 64; ++i) ok += "}";
  CHECK(load("ok.json", ok)->facts);
}

TEST_CASE("a string over the string limit and a list over the item limit are refused") {
  FactsLimits limits;
  limits.max_string_bytes = 16;
  limits.max_list_items = 3;
  auto s = load("s.json", R"({"host": {"name": "a-very-long-host-name"}})", FactsFormat::kAuto, limits);
  CHECK_FALSE(s->facts);
  CHECK(s->code() == "E0506");
  CHECK(s->rendered().find("fact `host.name` is a string of 21 bytes") != std::string::npos);
  // The caret is on the value, not only the file named.
  CHECK(s->rendered().find("s.json:1:19: error[E0506]") != std::string::npos);
  auto l = load("l.json", "{\"windows\":\n  {\"hotfixes\": [\"a\", \"b\", \"c\", \"d\"]}}", FactsFormat::kAuto, limits);
  CHECK_FALSE(l->facts);
  CHECK(l->code() == "E0507");
  CHECK(l->sink.diagnostics().front().span.line == 2);
  CHECK(l->sink.diagnostics().front().span.column == 16);
  CHECK(load("ok.json", R"({"windows": {"hotfixes": ["a", "b", "c"]}})", FactsFormat::kAuto, limits)->facts);
}

TEST_CASE("a document over 64 MiB is refused before it is parsed") {
  // Generated here, never committed: 65 MiB of valid JSON.
  char path[] = "/tmp/edict-facts-big-XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  std::string chunk = "{\"inventory\": {\"blob\": \"" + std::string(1 << 20, 'x') + "\"";
  REQUIRE(write(fd, chunk.data(), chunk.size()) == static_cast<ssize_t>(chunk.size()));
  std::string more = ", \"k\": \"" + std::string(1 << 20, 'y') + "\"";
  for (int i = 0; i < 65; ++i) REQUIRE(write(fd, more.data(), more.size()) == static_cast<ssize_t>(more.size()));
  REQUIRE(write(fd, "}}", 2) == 2);
  close(fd);
  SourceManager sources;
  DiagnosticSink sink;
  auto facts = load_facts_file(path, FactSchema::core(), sources, sink);
  std::remove(path);
  CHECK_FALSE(facts);
  REQUIRE(sink.diagnostics().size() == 1);
  CHECK(sink.diagnostics()[0].code == "E0501");
  CHECK(render_all(sink, sources).find("larger than 64 MiB") != std::string::npos);
  CHECK(sources.size() == 0);  // never read into memory

  // The same limit applies to text handed in directly.
  FactsLimits small;
  small.max_bytes = 10;
  CHECK(load("t.json", "{\"os\": {\"family\": \"linux\"}}", FactsFormat::kAuto, small)->code() == "E0501");
}

TEST_CASE("a missing facts file is a diagnostic, not a crash") {
  SourceManager sources;
  DiagnosticSink sink;
  CHECK_FALSE(load_facts_file("/nonexistent/host.json", FactSchema::core(), sources, sink));
  REQUIRE(sink.has_errors());
  CHECK(sink.diagnostics()[0].code == "E0500");
  CHECK(render_all(sink, sources).find("No such file or directory") != std::string::npos);
}

TEST_CASE("NDJSON fleets load one host per line, a bad line is reported with its line number") {
  char path[] = "/tmp/edict-facts-fleet-XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  std::string text = "{\"host\": {\"name\": \"a\"}}\n\n{\"host\": {\"name\": \"b\"},}\n{\"host\": {\"name\": \"c\"}}\n";
  REQUIRE(write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  close(fd);
  SourceManager sources;
  DiagnosticSink sink;
  auto hosts = load_facts_ndjson(path, FactSchema::core(), sources, sink);
  std::remove(path);
  REQUIRE(hosts);
  REQUIRE(hosts->size() == 2);
  CHECK(show((*hosts)[0], "host.name") == "\"a\"");
  CHECK(show((*hosts)[1], "host.name") == "\"c\"");
  CHECK((*hosts)[1].provenance("host.name")->source == std::string("file:") + path + ":4");
  REQUIRE(sink.diagnostics().size() == 1);
  CHECK(render_all(sink, sources).find(std::string(path) + ":3:1:") == 0);
}

TEST_CASE("facts round-trip through JSON and TOML output with stable key order") {
  auto r = load("host.json", R"({"os": {"version": "6.0.6003", "family": "windows", "build": 6003},
                                 "sysctl": {"net.ipv4.ip_forward": "0"},
                                 "network": {"routes": [{"destination": "0.0.0.0/0", "metric": 1}]}})");
  REQUIRE(r->facts);
  std::string json = facts_to_json(*r->facts);
  CHECK(json.find("\"build\": 6003,\n    \"family\": \"windows\",\n    \"version\": \"6.0.6003\"") !=
        std::string::npos);
  auto again = load("again.json", json);
  REQUIRE(again->facts);
  CHECK(facts_to_json(*again->facts) == json);
  CHECK(again->facts->find("os.version")->kind == ValueKind::kVersion);

  std::string toml = facts_to_toml(*r->facts);
  CHECK(toml.find("'net.ipv4.ip_forward' = '0'") != std::string::npos);
  CHECK(toml.find("[[network.routes]]") != std::string::npos);
  auto from_toml = load("again.toml", toml);
  REQUIRE(from_toml->facts);
  CHECK(facts_to_json(*from_toml->facts) == json);
}

TEST_CASE("schema files declare facts, bad types and conflicts are reported at the entry") {
  FactSchema schema = FactSchema::core();
  SourceManager sources;
  DiagnosticSink sink;
  REQUIRE(load_schema_text("esu.schema.toml", R"([facts]
"esu.vendor_link" = "string"
"esu.tickets" = { type = "list<string>", description = "open change tickets" }
)", schema, sources, sink));
  REQUIRE(schema.find("esu.vendor_link"));
  CHECK(schema.find("esu.vendor_link")->provider == "external");
  CHECK(type_to_string(*schema.find("esu.tickets")->type) == "list<string>");

  DiagnosticSink bad;
  CHECK_FALSE(load_schema_text("bad.schema.toml", "[facts]\n\"a.b\" = \"lst<int>\"\n\"os.build\" = \"string\"\n",
                               schema, sources, bad));
  REQUIRE(bad.diagnostics().size() == 2);
  CHECK(bad.diagnostics()[0].code == "E0511");
  CHECK(bad.diagnostics()[0].span.line == 2);
  CHECK(bad.diagnostics()[1].code == "E0512");
  CHECK(bad.diagnostics()[1].span.line == 3);
  CHECK_FALSE(schema.find("a.b"));  // nothing added from a bad file

  // A declared fact is then typed when a facts file gives it.
  auto r = load("x.json", R"({"esu": {"vendor_link": 5}})", FactsFormat::kAuto, {}, schema);
  REQUIRE(r->facts);
  CHECK(show(*r->facts, "esu.vendor_link") ==
        "error(\"fact `esu.vendor_link` is an int, expected string (at x.json:1:25)\")");
}

TEST_CASE("the builder replaces, removes and freezes into sorted maps") {
  FactsBuilder b;
  b.set("os.name", make_string(b.arena(), "Debian"));
  b.set("os.family", make_string(b.arena(), "linux"));
  b.set("os.kernel.release", make_string(b.arena(), "6.1.0"));
  b.set("host.name", make_string(b.arena(), "x"));
  b.set("host.name", Value());  // unknown removes
  CHECK(b.has("os.kernel"));
  CHECK_FALSE(b.has("host"));
  Facts f = b.freeze();
  CHECK(to_display(f.root()) ==
        "{\"os\": {\"family\": \"linux\", \"kernel\": {\"release\": \"6.1.0\"}, \"name\": \"Debian\"}}");
}
