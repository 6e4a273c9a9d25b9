// Bundle constants, declared once (runtime/bundle_fields.h's `constant`) for the Writer
// and the Reader: the checks the reader makes (nesting, map-key order, a version's
// spelling) on crafted bytes, the writer refusing what the reader would refuse, and a
// version's spelling (`v"22.04"`, bundle format 4) kept through the constant pool and
// a save/load round trip. Format 3 (no spellings) still loads: signed evidence carries
// its bundle (docs/evidence.md).
#include <catch2/catch.hpp>

#include <cstring>

#include "runtime/bundle.h"
#include "runtime/vm.h"
#include "tests/support/assembler.h"

namespace {

using namespace edict;
using testing::assemble;

// One policy and one rule whose `require` returns constant 0; `extra` is added after it.
Program program_with(const Value& extra) {
  Program p;
  PolicyInfo policy;
  policy.id = "t.p";
  policy.name = "p";
  p.policies.push_back(policy);
  p.policy_code.emplace_back();
  RuleInfo info;
  info.id = "t.p.r";
  info.require_texts = {"x"};
  info.require_locations = {SourceLocation{}};
  p.rules.push_back(info);
  RuleCode rc;
  rc.require_entries = {0};
  rc.traced_require_entries = {0};
  p.rule_code.push_back(rc);
  p.code = assemble("CONST 0; RETURN");
  p.entries.push_back(Entry{0, static_cast<uint32_t>(p.code.size()), 1, 0});
  p.add_constant(Value::of_bool(true));
  p.add_constant(extra);
  return p;
}

std::string saved(const Program& p) {
  std::string bytes;
  REQUIRE(save_bundle(p, &bytes));
  return bytes;
}

void put_u32(std::string& b, size_t at, uint64_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}
uint32_t get_u32(const std::string& b, size_t at) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(static_cast<unsigned char>(b[at + i])) << (8 * i);
  return v;
}

// Replaces `remove` bytes at `at` (inside the constants section, the payload's first)
// with `insert`, and fixes the section length, the payload size and the checksum: the
// bytes reach the constant decoder as a writer could have written them.
std::string spliced(std::string b, size_t at, size_t remove, const std::string& insert) {
  b.replace(at, remove, insert);
  int64_t delta = static_cast<int64_t>(insert.size()) - static_cast<int64_t>(remove);
  const size_t section_length = kBundleHeaderSize + 4;
  put_u32(b, section_length, get_u32(b, section_length) + delta);
  put_u32(b, kBundleSizeOffset, b.size() - kBundleHeaderSize);
  for (int i = 4; i < 8; ++i) b[kBundleSizeOffset + i] = 0;
  uint64_t sum = bundle_checksum(std::string_view(b).substr(kBundleHeaderSize));
  for (int i = 0; i < 8; ++i) b[kBundleChecksumOffset + i] = static_cast<char>((sum >> (8 * i)) & 0xff);
  return b;
}

// The load's first diagnostic ("" when it loads); `loaded` receives the program.
std::string load_error(const std::string& bytes, std::optional<Program>* loaded = nullptr) {
  DiagnosticSink sink;
  auto p = load_bundle(bytes, "c.edictc", sink);
  if (loaded) *loaded = std::move(p);
  if (sink.diagnostics().empty()) return "";
  return sink.diagnostics().front().code + ": " + sink.diagnostics().front().message;
}

Value version_of(Arena& arena, const char* text) {
  Value v;
  REQUIRE(parse_version(arena, text, &v));
  return v;
}

}  // namespace

TEST_CASE("bundle constants: every kind round-trips through the one declaration") {
  Arena arena;
  Value items[3] = {Value::of_float(-0.0), make_string(arena, "caf\xc3\xa9"), version_of(arena, "6.0.6003")};
  MapEntry entries[2] = {{"b", Value::of_list(items, 3)}, {"a", Value::null()}};
  Value map = make_map(entries, 2);
  std::optional<Program> loaded;
  REQUIRE(load_error(saved(program_with(map)), &loaded) == "");
  REQUIRE(loaded->constants.size() == 2);
  CHECK(to_display(loaded->constants[1]) == "{\"a\": null, \"b\": [-0.0, \"caf\xc3\xa9\", v\"6.0.6003\"]}");
  // And the bytes again: the Writer and the Reader agree field for field.
  CHECK(saved(*loaded) == saved(program_with(map)));
}

TEST_CASE("bundle constants: a version keeps its spelling through the pool and the bundle") {
  Arena arena;
  Program p = program_with(version_of(arena, "22.04"));
  // v"22.4" equals v"22.04" but prints otherwise: its own pool slot.
  uint32_t plain = p.add_constant(version_of(arena, "22.4"));
  CHECK(plain == 2);
  CHECK(to_display(p.constants[1]) == "v\"22.04\"");
  CHECK(to_display(p.constants[2]) == "v\"22.4\"");
  std::optional<Program> loaded;
  REQUIRE(load_error(saved(p), &loaded) == "");
  CHECK(to_display(loaded->constants[1]) == "v\"22.04\"");
  CHECK(to_display(loaded->constants[2]) == "v\"22.4\"");
  CHECK(values_equal(loaded->constants[1], loaded->constants[2]));
  CHECK(compare_versions(loaded->constants[1], loaded->constants[2]) == 0);
}

TEST_CASE("bundle constants: a spelling that does not read as its parts is refused") {
  Arena arena;
  std::string bytes = saved(program_with(version_of(arena, "22.04")));
  size_t at = bytes.find("22.04");
  REQUIRE(at != std::string::npos);
  // Another version's text: an auditor would read 22.05 where the rule compares 22.4.
  CHECK(load_error(spliced(bytes, at, 5, "22.05")).find("E0706: section `constants` holds a version whose spelling") == 0);
  // The parts' own text (no leading zero) is not a spelling: a writer leaves it empty.
  std::string plain = spliced(bytes, at - 4, 9, std::string("\x04\0\0\0", 4) + "22.4");
  CHECK(load_error(plain).find("E0706") == 0);
  CHECK(load_error(spliced(bytes, at, 5, "22.0x")).find("E0706") == 0);
  // An empty spelling: the version as its parts.
  std::optional<Program> loaded;
  REQUIRE(load_error(spliced(bytes, at - 4, 9, std::string(4, '\0')), &loaded) == "");
  CHECK(to_display(loaded->constants[1]) == "v\"22.4\"");
}

TEST_CASE("bundle constants: a map's keys sorted and unique, checked both ways") {
  Arena arena;
  MapEntry entries[2] = {{"a", Value::of_int(1)}, {"b", Value::of_int(2)}};
  std::string bytes = saved(program_with(make_map(entries, 2)));
  size_t a = bytes.find(std::string("\x01\0\0\0a", 5));
  size_t b = bytes.find(std::string("\x01\0\0\0b", 5));
  REQUIRE(a != std::string::npos);
  REQUIRE(b != std::string::npos);
  std::string swapped = bytes;
  std::swap(swapped[a + 4], swapped[b + 4]);
  CHECK(load_error(spliced(swapped, 0 + kBundleHeaderSize + 8, 0, "")) ==
        "E0706: a constant map's keys are not sorted and unique (section at byte 40)");
  std::string duplicate = bytes;
  duplicate[b + 4] = 'a';
  CHECK(load_error(spliced(duplicate, kBundleHeaderSize + 8, 0, "")).find("not sorted and unique") != std::string::npos);
  // The writer refuses to write such a map (of_map skips make_map's sorting).
  MapEntry unsorted[2] = {{"b", Value::of_int(2)}, {"a", Value::of_int(1)}};
  std::string out;
  CHECK_FALSE(save_bundle(program_with(Value::of_map(unsorted, 2)), &out));
}

TEST_CASE("bundle constants: format 3 (no spellings) still loads, its versions as their parts") {
  Arena arena;
  std::string bytes = saved(program_with(version_of(arena, "6.0.6003")));
  // Format 4 writes an empty spelling after the parts; format 3 had none.
  std::string parts;
  for (int64_t part : {6, 0, 6003}) {
    for (int i = 0; i < 8; ++i) parts += static_cast<char>((static_cast<uint64_t>(part) >> (8 * i)) & 0xff);
  }
  size_t at = bytes.find(parts);
  REQUIRE(at != std::string::npos);
  std::string v3 = spliced(bytes, at + parts.size(), 4, "");
  put_u32(v3, 8, 3);
  std::optional<Program> loaded;
  REQUIRE(load_error(v3, &loaded) == "");
  CHECK(to_display(loaded->constants[1]) == "v\"6.0.6003\"");
  // The same bytes read as format 4 lack the spelling field.
  put_u32(v3, 8, 4);
  CHECK(load_error(v3).find("E0706") == 0);
  // Formats before 3 stay refused, with the versions this edict reads.
  put_u32(v3, 8, 2);
  CHECK(load_error(v3) == "E0702: bundle format version 2 is not supported (this edict reads versions 3 to 4)");
}

TEST_CASE("bundle constants: nesting past kMaxConstantDepth is refused by the reader") {
  Arena arena;
  Value v = Value::of_int(1);
  for (uint32_t i = 0; i < kMaxConstantDepth; ++i) {
    Value* item = arena.allocate_array<Value>(1);
    *item = v;
    v = Value::of_list(item, 1);
  }
  std::string bytes = saved(program_with(v));
  REQUIRE(load_error(bytes) == "");
  // One more list level than the writer would write.
  const std::string level("\x07\x01\0\0\0", 5);
  size_t at = bytes.find(level);
  REQUIRE(at != std::string::npos);
  CHECK(load_error(spliced(bytes, at, 0, level)).find("E0706: a constant is nested deeper than 256 levels") == 0);
}
