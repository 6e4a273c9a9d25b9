// Fuzz target: a facts document from an untrusted host (JSON when its first byte is `{`
// or `[`, TOML otherwise) -> load against the core schema -> evaluate a fixed program.
// Invariants: no crash; a rule passes only when the facts it reads really say so (a
// wrong-typed or missing fact is never a pass); a typed fact is an error as a whole or
// holds no error inside (one bad item once let `not (x in list)` pass); no float that
// loads is NaN or infinite (every comparison with NaN is false, so `not (x >= 90.0)`
// passed on it); a JSON document that names a key twice in one map never loads (the last
// one used to win); what `edict facts` writes loads back and reaches a fixed point; the
// simdjson fast path accepts only what the full path accepts, with identical values.
#include <cstddef>
#include <cstdint>
#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz/fuzz_support.h"
#include "runtime/facts/json_fast_check.h"
#include "runtime/facts/load.h"
#include "runtime/vm.h"

namespace {

using namespace edict;

// Each rule has an oracle below that reads the loaded tree directly.
constexpr const char* kProgram = R"edict(
package fz
import std.net
policy p "fixed" {
  rule build "build" { require os.build >= 6003 }
  rule licensed "licensed" { require windows.esu.licensed }
  rule no_default "no default route" { require not any r in network.routes : r.destination == "0.0.0.0/0" }
  rule version "version" { require os.version >= v"6.0.6003" }
  rule kbs "hotfixes" { require all k in windows.hotfixes : k startswith "KB" }
  rule ifaces "interfaces" { require (count i in network.interfaces : i.up and len(i.addresses) > 0) >= 1 }
  rule pkgs "packages" { require none p in packages : p.key == "telnet" or p.value.version matches "^0\\." }
  rule forward "sysctl" { require sysctl["net.ipv4.ip_forward"] == "0" }
  rule internet "internet" { require not net.has_internet_route(network.routes) }
  rule family "family" {
    when os.family == "linux"
    require lower(os.name) contains "debian"
  }
  rule fallback "fallback" { require (windows.esu.year ?? 0) + os.service_pack >= 3 }
  rule no_kb9 "no KB9" { require not ("KB9" in windows.hotfixes) }
  rule some_pkgs "some packages" { require len(packages) >= 1 }
}
)edict";

const Program& program() {
  static const Program p = fuzz::compile_or_die(kProgram);
  return p;
}

size_t rule_index(const char* id) {
  const Program& p = program();
  for (size_t i = 0; i < p.rules.size(); ++i) {
    if (p.rules[i].id == std::string("fz.p.") + id) return i;
  }
  fuzz::fail(std::string("no rule ") + id, "", "");
}

bool is_number_at_least(const Value* v, int64_t n) {
  if (!v) return false;
  if (v->kind == ValueKind::kInt) return v->integer >= n;
  if (v->kind == ValueKind::kFloat) return v->number >= static_cast<double>(n);
  return false;
}

// A pass must be backed by the facts themselves.
void check_passes(const Facts& facts, const std::vector<RuleResult>& results, const std::string& input) {
  auto passed = [&](const char* id) { return results[rule_index(id)].outcome == Outcome::kPass; };
  auto broken = [&](const char* id) { fuzz::fail(std::string("rule `") + id + "` passed without the facts to back it", input, ""); };
  if (passed("build") && !is_number_at_least(facts.find("os.build"), 6003)) broken("build");
  if (passed("licensed")) {
    const Value* v = facts.find("windows.esu.licensed");
    if (!v || v->kind != ValueKind::kBool || !v->boolean) broken("licensed");
  }
  if (passed("no_default")) {
    const Value* routes = facts.find("network.routes");
    if (!routes || routes->kind != ValueKind::kList) broken("no_default");
    for (uint32_t i = 0; i < routes->size; ++i) {
      const Value& r = routes->items[i];
      const Value* d = r.kind == ValueKind::kMap ? map_find(r, "destination") : nullptr;
      if (!d || d->kind != ValueKind::kString || d->str() == "0.0.0.0/0") broken("no_default");
    }
  }
  if (passed("version")) {
    const Value* v = facts.find("os.version");
    if (!v || (v->kind != ValueKind::kVersion && v->kind != ValueKind::kString)) broken("version");
  }
  if (passed("kbs")) {
    const Value* v = facts.find("windows.hotfixes");
    if (!v || v->kind != ValueKind::kList) broken("kbs");
    for (uint32_t i = 0; i < v->size; ++i) {
      if (v->items[i].kind != ValueKind::kString || v->items[i].str().substr(0, 2) != "KB") broken("kbs");
    }
  }
  if (passed("forward")) {
    const Value* s = facts.find("sysctl");
    const Value* f = s && s->kind == ValueKind::kMap ? map_find(*s, "net.ipv4.ip_forward") : nullptr;
    if (!f || f->kind != ValueKind::kString || f->str() != "0") broken("forward");
  }
  if (passed("fallback") && !facts.find("os.service_pack")) broken("fallback");
  if (passed("no_kb9")) {
    const Value* v = facts.find("windows.hotfixes");
    if (!v || v->kind != ValueKind::kList) broken("no_kb9");
    for (uint32_t i = 0; i < v->size; ++i) {
      if (v->items[i].kind != ValueKind::kString || v->items[i].str() == "KB9") broken("no_kb9");
    }
  }
  if (passed("some_pkgs")) {
    const Value* v = facts.find("packages");
    if (!v || v->kind != ValueKind::kMap || v->size == 0) broken("some_pkgs");
  }
  for (const RuleResult& r : results) {
    if (r.outcome == Outcome::kError && r.error.empty()) fuzz::fail("an error outcome without a reason", input, "");
  }
}

bool holds_error(const Value& v) {
  if (v.kind == ValueKind::kError) return true;
  if (v.kind == ValueKind::kList) {
    for (uint32_t i = 0; i < v.size; ++i) if (holds_error(v.items[i])) return true;
  }
  if (v.kind == ValueKind::kMap) {
    for (uint32_t i = 0; i < v.size; ++i) if (holds_error(v.entries[i].value)) return true;
  }
  return false;
}

// Walks namespaces down to declared facts: each is an error as a whole or has none inside.
void check_whole_fact_errors(const Value& node, const std::string& path, const std::string& input) {
  const FactSchema& schema = FactSchema::core();
  if (!path.empty() && schema.find(path)) {
    if (node.kind != ValueKind::kError && holds_error(node)) {
      fuzz::fail("fact `" + path + "` holds an error inside instead of being one", input, to_display(node));
    }
    return;
  }
  if (!path.empty() && !schema.is_namespace(path)) return;  // undeclared: kept as it is
  if (node.kind != ValueKind::kMap) return;
  for (uint32_t i = 0; i < node.size; ++i) {
    std::string key(node.entries[i].key);
    check_whole_fact_errors(node.entries[i].value, path.empty() ? key : path + "." + key, input);
  }
}

// Every float in the tree is finite (E0516 refuses TOML's nan/inf where they load).
void check_finite(const Value& v, const std::string& input) {
  if (v.kind == ValueKind::kFloat && !std::isfinite(v.number)) fuzz::fail("a non-finite float loaded", input, "");
  if (v.kind == ValueKind::kList) {
    for (uint32_t i = 0; i < v.size; ++i) check_finite(v.items[i], input);
  }
  if (v.kind == ValueKind::kMap) {
    for (uint32_t i = 0; i < v.size; ++i) check_finite(v.entries[i].value, input);
  }
}

size_t count_entries(const nlohmann::json& j) {
  size_t n = j.is_object() ? j.size() : 0;
  if (j.is_structured()) {
    for (const auto& child : j) n += count_entries(child);
  }
  return n;
}

// An oracle apart from the loader: nlohmann's own parser (which keeps the last of a
// repeated key) reports every key it reads; more keys read than entries kept means a key
// was repeated, and such a document must have been refused (E0517).
void check_no_repeated_key(const std::string& text) {
  size_t keys_read = 0;
  nlohmann::json dom;
  try {
    dom = nlohmann::json::parse(text, [&](int, nlohmann::json::parse_event_t event, nlohmann::json&) {
      if (event == nlohmann::json::parse_event_t::key) ++keys_read;
      return true;
    });
  } catch (const nlohmann::json::exception&) {
    fuzz::fail("a JSON document loaded that nlohmann does not parse", text, "");
  }
  if (keys_read != count_entries(dom)) fuzz::fail("a JSON document with a repeated key loaded", text, "");
}

std::optional<Facts> load(const std::string& text, FactsFormat format, std::string* rendered) {
  SourceManager sources;
  DiagnosticSink sink;
  auto facts = load_facts_text("fuzz-facts", text, format, FactSchema::core(), sources, sink);
  *rendered = render_all(sink, sources);  // every diagnostic must render
  if (!facts && !sink.has_errors()) fuzz::fail("facts refused without a diagnostic", text, "");
  return facts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  FactsFormat format = size > 0 && (data[0] == '{' || data[0] == '[') ? FactsFormat::kJson : FactsFormat::kToml;
  std::string rendered;
  if (format == FactsFormat::kJson) {
    internal::FastPathVerdict verdict = internal::compare_fast_and_full(text, FactSchema::core());
    if (!verdict.agrees) fuzz::fail("the fast JSON path disagrees with the full path", text, verdict.detail);
  }
  auto facts = load(text, format, &rendered);
  if (!facts) return 0;

  EvalOptions options;
  options.explain = true;
  options.now = fuzz::kFixedNow;
  std::vector<RuleResult> results = evaluate(program(), *facts, options);
  check_passes(*facts, results, text);
  check_whole_fact_errors(facts->root(), "", text);
  check_finite(facts->root(), text);
  if (format == FactsFormat::kJson) check_no_repeated_key(text);

  // What `edict facts` prints for a host must load back, and a second round must
  // change nothing (the first may drop error values, which it writes as null).
  std::string json = facts_to_json(*facts);
  auto again = load(json, FactsFormat::kJson, &rendered);
  if (!again) fuzz::fail("facts_to_json output does not load back", text, json + "\n" + rendered);
  std::string json2 = facts_to_json(*again);
  auto third = load(json2, FactsFormat::kJson, &rendered);
  if (!third || facts_to_json(*third) != json2) fuzz::fail("facts_to_json is not a fixed point", json, json2);
  facts_to_toml(*facts);
  return 0;
}
