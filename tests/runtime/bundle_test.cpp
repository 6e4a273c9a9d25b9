// Bundles from the runtime's side alone (no compiler): the committed small.edictc loads,
// disassembles to the golden text the compiler's in-memory program printed, evaluates to
// the expected outcomes; and every truncation and every bit flip of it is rejected with
// an E07xx diagnostic or, when a flip is harmless and verifies, evaluates without crashing.
// Catches: a loader that trusts a length, a count, an index or an enum byte; a verifier
// that lets a corrupted program reach the VM.
#include <catch2/catch.hpp>

#include "tests/support/files.h"
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "runtime/bundle.h"
#include "runtime/disasm.h"
#include "runtime/verify.h"
#include "runtime/vm.h"

namespace {

using namespace edict;

const std::string kDir = std::string(EDICT_SOURCE_DIR) + "/tests/data/bundle/";

using test_support::read_file;

Value json_to_value(Arena& arena, const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::boolean: return Value::of_bool(j.get<bool>());
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return Value::of_int(j.get<int64_t>());
    case nlohmann::json::value_t::number_float: return Value::of_float(j.get<double>());
    case nlohmann::json::value_t::string: return make_string(arena, j.get<std::string>());
    case nlohmann::json::value_t::array: {
      Value* items = arena.allocate_array<Value>(j.size());
      uint32_t n = 0;
      for (const auto& x : j) items[n++] = json_to_value(arena, x);
      return Value::of_list(items, n);
    }
    case nlohmann::json::value_t::object: {
      MapEntry* entries = arena.allocate_array<MapEntry>(j.size());
      uint32_t n = 0;
      for (const auto& [k, v] : j.items()) {
        entries[n].key = arena.copy(k);
        entries[n].value = json_to_value(arena, v);
        ++n;
      }
      return make_map(entries, n);
    }
    default: return Value::null();
  }
}

// Facts from a JSON fixture, without the facts loader (not part of the runtime target).
Facts facts_from(const std::string& file) {
  Facts facts;
  facts.set_root(json_to_value(facts.arena(), nlohmann::json::parse(read_file(kDir + file))));
  return facts;
}

std::string outcomes(const Program& program, const Facts& facts) {
  std::string out;
  EvalOptions options;
  options.now = 1'800'000'000;
  for (const RuleResult& r : evaluate(program, facts, options)) {
    out += program.rules[r.rule_index].id + "=" + outcome_name(r.outcome) + "\n";
  }
  return out;
}

std::string first_code(const DiagnosticSink& sink) {
  return sink.diagnostics().empty() ? "" : sink.diagnostics().front().code;
}

std::string reseal(std::string bytes) {
  uint64_t sum = bundle_checksum(std::string_view(bytes).substr(kBundleHeaderSize));
  for (int i = 0; i < 8; ++i) bytes[kBundleChecksumOffset + i] = static_cast<char>((sum >> (8 * i)) & 0xff);
  return bytes;
}

}  // namespace

TEST_CASE("the committed small bundle loads, disassembles like the in-memory program, and evaluates") {
  DiagnosticSink sink;
  auto program = load_bundle_file(kDir + "small.edictc", sink);
  REQUIRE(program);
  CHECK(sink.diagnostics().empty());
  // small.disasm is `edict disasm small.edict`: the compiler's in-memory program.
  CHECK(disassemble(*program) == read_file(kDir + "small.disasm"));
  CHECK(outcomes(*program, facts_from("host.json")) ==
        "bundle.small.core.build=pass\nbundle.small.core.routes=fail\nbundle.small.core.name=pass\n");
  CHECK(outcomes(*program, facts_from("host-missing.json")) ==
        "bundle.small.core.build=fail\nbundle.small.core.routes=unknown\nbundle.small.core.name=skip\n");
  // Metadata survives: what reports print comes from the bundle alone.
  REQUIRE(program->rules.size() == 3);
  CHECK(program->rules[1].severity == Level::kCritical);
  CHECK(program->rules[0].remediation == "Update.");
  CHECK(program->policies[0].tags == std::vector<std::string>{"test"});
  CHECK(program->schema.find("site.tier") != nullptr);
  CHECK(program->regexes.size() == program->regex_patterns.size());
}

TEST_CASE("an explanation from a bundle names the values, as from source") {
  DiagnosticSink sink;
  auto program = load_bundle_file(kDir + "small.edictc", sink);
  REQUIRE(program);
  Facts facts = facts_from("host.json");
  EvalOptions options;
  options.explain = true;
  auto results = evaluate(*program, facts, options);
  REQUIRE(results[1].outcome == Outcome::kFail);
  REQUIRE(results[1].explanation);
  CHECK(results[1].explanation->require_text.find("none r in network.routes") != std::string::npos);
}

TEST_CASE("saving a loaded bundle gives back the same bytes") {
  std::string bytes = read_file(kDir + "small.edictc");
  DiagnosticSink sink;
  auto program = load_bundle(bytes, "small.edictc", sink);
  REQUIRE(program);
  std::string again;
  REQUIRE(save_bundle(*program, &again));
  CHECK(again == bytes);
}

TEST_CASE("a bundle truncated at every byte position is rejected") {
  std::string bytes = read_file(kDir + "small.edictc");
  REQUIRE(bytes.size() > kBundleHeaderSize);
  for (size_t n = 0; n < bytes.size(); ++n) {
    DiagnosticSink sink;
    auto program = load_bundle(std::string_view(bytes).substr(0, n), "t.edictc", sink);
    INFO("truncated to " << n << " bytes");
    REQUIRE_FALSE(program);
    REQUIRE(sink.diagnostics().size() == 1);
    std::string code = first_code(sink);
    CHECK(code.rfind("E07", 0) == 0);
    // Every prefix of a bundle is a truncated bundle, except the empty file.
    CHECK(code == (n == 0 ? bundle_codes::kNotABundle : bundle_codes::kTruncated));
  }
}

TEST_CASE("a bundle with a bit flipped at any position is rejected, or verifies and runs") {
  std::string bytes = read_file(kDir + "small.edictc");
  Facts host = facts_from("host.json");
  Facts missing = facts_from("host-missing.json");
  size_t accepted = 0, rejected_by_verifier = 0;
  for (size_t pos = 0; pos < bytes.size(); ++pos) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string flipped = bytes;
      flipped[pos] = static_cast<char>(flipped[pos] ^ (1 << bit));
      INFO("byte " << pos << " bit " << bit);
      {
        // As corrupted on disk: the checksum (or a header check) catches it.
        DiagnosticSink sink;
        REQUIRE_FALSE(load_bundle(flipped, "f.edictc", sink));
        CHECK(first_code(sink).rfind("E07", 0) == 0);
      }
      // Re-sealing decodes and verifies the whole bundle: one bit per byte position
      // (cycling through the bit indices) keeps the test fast and still hits every field.
      if (pos < kBundleHeaderSize || bit != static_cast<int>(pos % 8)) continue;
      // Re-sealed, as a crafted file would be: the verifier alone stands between it and the VM.
      DiagnosticSink sink;
      auto program = load_bundle(reseal(flipped), "f.edictc", sink);
      if (!program) {
        ++rejected_by_verifier;
        REQUIRE(sink.diagnostics().size() == 1);
        CHECK(first_code(sink).rfind("E07", 0) == 0);
        CHECK_FALSE(sink.diagnostics().front().message.empty());
        continue;
      }
      ++accepted;
      // Semantically harmless (a changed title, a constant's value): it must run to the end.
      (void)disassemble(*program);
      EvalOptions options;
      options.explain = true;
      options.now = 1'800'000'000;
      CHECK(evaluate(*program, host, options).size() == program->rules.size());
      CHECK(evaluate(*program, missing, options).size() == program->rules.size());
    }
  }
  // Both sides are exercised: many flips only change text, many break the structure.
  CHECK(accepted > 0);
  CHECK(rejected_by_verifier > 0);
}

TEST_CASE("bundle header errors have their own codes") {
  std::string bytes = read_file(kDir + "small.edictc");
  auto code_of = [](std::string_view b) {
    DiagnosticSink sink;
    auto p = load_bundle(b, "h.edictc", sink);
    return p ? std::string("ok") : first_code(sink);
  };
  CHECK(code_of("") == bundle_codes::kNotABundle);
  CHECK(code_of("package x\npolicy p \"t\" {}\n") == bundle_codes::kNotABundle);
  std::string next = bytes;  // the next format version: not this edict's
  next[8] = static_cast<char>(kBundleFormatVersion + 1);
  CHECK(code_of(next) == bundle_codes::kVersion);
  std::string previous = bytes;  // version 2 had no instruction-set hash: refused
  previous[8] = static_cast<char>(kOldestBundleFormatVersion - 1);
  CHECK(code_of(previous) == bundle_codes::kVersion);
  CHECK(code_of(bytes + "x") == bundle_codes::kMalformed);  // bytes after the payload
  std::string flags = bytes;
  flags[12] = 1;
  CHECK(code_of(flags) == bundle_codes::kMalformed);
  // The size limit: one byte over kMaxBundleBytes is refused before anything is decoded.
  std::string huge(kMaxBundleBytes + 1, '\0');
  std::copy(bytes.begin(), bytes.begin() + kBundleHeaderSize, huge.begin());
  CHECK(code_of(huge) == bundle_codes::kTooLarge);
}

TEST_CASE("bundle files: a missing file, and writing whole or not at all") {
  DiagnosticSink sink;
  CHECK_FALSE(load_bundle_file(kDir + "no-such.edictc", sink));
  CHECK(first_code(sink) == bundle_codes::kUnreadable);

  DiagnosticSink load_sink;
  auto program = load_bundle_file(kDir + "small.edictc", load_sink);
  REQUIRE(program);
  auto dir = std::filesystem::temp_directory_path() / "edict-bundle-test";
  std::filesystem::create_directories(dir);
  std::string out = (dir / "out.edictc").string();
  DiagnosticSink write_sink;
  REQUIRE(write_bundle_file(*program, out, write_sink));
  CHECK(read_file(out) == read_file(kDir + "small.edictc"));
  // An unwritable target: a diagnostic, and no partial file left behind.
  DiagnosticSink bad_sink;
  std::string bad = (dir / "missing-dir" / "out.edictc").string();
  CHECK_FALSE(write_bundle_file(*program, bad, bad_sink));
  CHECK(first_code(bad_sink) == bundle_codes::kUnwritable);
  CHECK_FALSE(std::filesystem::exists(bad));
  std::filesystem::remove_all(dir);
}
