// Keyed resources (compiler/keyed_reads.cpp): `files` is read only at the literal keys
// a program names. The compiler records each key and the fields read after it in the
// slot; the bundle keeps them; every other use of the resource is a compile error with
// a help that says why. Catches: a computed key silently compiled (the collector would
// have nothing to gather, so the rule would be unknown on every host), a quantifier over
// `files` (there is no list of every file), keys lost in a bundle round trip.
#include <catch2/catch.hpp>

#include "runtime/bundle.h"
#include "test_support.h"

using namespace edict;
using namespace edict::testing;

namespace {

std::string policy(const std::string& require, const std::string& before = "") {
  return "package t\n" + before + "policy p \"P\" {\n  rule r \"R\" {\n    require " + require + "\n  }\n}\n";
}

const FactSlot* slot_of(const Program& p, const std::string& path) {
  for (const auto& s : p.slots) {
    if (s.path == path) return &s;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("keyed facts: literal keys and the fields read are recorded in the slot") {
  auto c = compile_text(policy(
      "files[\"/etc/shadow\"].mode == 416 and files[\"/etc/shadow\"].owner == \"root\" and "
      "files[\"/etc/passwd\"].sha256 != \"\" and files[\"/etc/motd\"] != {}"));
  REQUIRE(c->program);
  INFO(c->diagnostics());
  const FactSlot* files = slot_of(*c->program, "files");
  REQUIRE(files);
  REQUIRE(files->keys.size() == 3);
  CHECK(files->keys[0].key == "/etc/motd");
  CHECK(files->keys[0].whole);
  CHECK(files->keys[1].key == "/etc/passwd");
  CHECK(files->keys[1].fields == std::vector<std::string>{"sha256"});
  CHECK(files->keys[2].key == "/etc/shadow");
  CHECK(files->keys[2].fields == std::vector<std::string>{"mode", "owner"});
  CHECK_FALSE(files->keys[2].whole);
  CHECK(c->program->schema.find("files")->keyed);
}

TEST_CASE("keyed facts: a let constant and a def argument that is a literal are literal keys") {
  auto c = compile_text(policy("mode_of(\"/etc/gshadow\") == 416 and files[shadow].exists",
                               "let shadow = \"/etc/\" + \"shadow\"\ndef mode_of(p) = files[p].mode\n"));
  INFO(c->diagnostics());
  REQUIRE(c->program);
  const FactSlot* files = slot_of(*c->program, "files");
  REQUIRE(files);
  REQUIRE(files->keys.size() == 2);
  CHECK(files->keys[0].key == "/etc/gshadow");
  CHECK(files->keys[1].key == "/etc/shadow");
}

TEST_CASE("keyed facts: a computed key, a quantifier, a whole use and a relative key are compile errors") {
  auto computed = compile_text(policy("files[os.name].exists"));
  CHECK_FALSE(computed->program);
  CHECK(computed->diagnostics().find("error[E0413]: the key of `files` must be a literal string") != std::string::npos);
  CHECK(computed->diagnostics().find("it does not list every file on the host") != std::string::npos);

  auto each = compile_text(policy("all f in files : f.mode == 420"));
  CHECK_FALSE(each->program);
  CHECK(each->diagnostics().find("error[E0414]: cannot walk `files`: it is a keyed resource") != std::string::npos);

  auto from_list = compile_text(policy("all p in [\"/a\", \"/b\"] : files[p].exists"));
  CHECK_FALSE(from_list->program);
  CHECK(from_list->diagnostics().find("E0413") != std::string::npos);

  auto whole = compile_text(policy("len(files) > 0"));
  CHECK_FALSE(whole->program);
  CHECK(whole->diagnostics().find("error[E0415]: `files` cannot be used whole") != std::string::npos);

  auto relative = compile_text(policy("files[\"etc/passwd\"].exists"));
  CHECK_FALSE(relative->program);
  CHECK(relative->diagnostics().find("error[E0416]: `etc/passwd` is not an absolute path") != std::string::npos);
}

TEST_CASE("keyed facts: the keys survive a bundle round trip") {
  auto c = compile_text(policy("files[\"/etc/shadow\"].mode == 416 and files[\"/etc/issue\"].lines == []"));
  REQUIRE(c->program);
  std::string bytes;
  REQUIRE(save_bundle(*c->program, &bytes));
  DiagnosticSink sink;
  auto loaded = load_bundle(bytes, "t.edictc", sink);
  REQUIRE(loaded);
  const FactSlot* files = slot_of(*loaded, "files");
  REQUIRE(files);
  REQUIRE(files->keys.size() == 2);
  CHECK(files->keys[0].key == "/etc/issue");
  CHECK(files->keys[0].fields == std::vector<std::string>{"lines"});
  CHECK(files->keys[1].key == "/etc/shadow");
  CHECK(files->keys[1].fields == std::vector<std::string>{"mode"});
  CHECK(loaded->schema.find("files")->keyed);
}

TEST_CASE("keyed facts: a format 3 bundle (before keyed resources) still loads, as signed evidence needs") {
  // tests/data/bundle/small-format3.edictc: the golden bundle as format 3 wrote it.
  auto bytes = read_file(std::string(EDICT_SOURCE_DIR) + "/tests/data/bundle/small-format3.edictc");
  REQUIRE(bytes);
  REQUIRE(static_cast<unsigned char>((*bytes)[8]) == 3);
  DiagnosticSink sink;
  auto loaded = load_bundle(*bytes, "small-format3.edictc", sink);
  REQUIRE(loaded);
  CHECK_FALSE(loaded->rules.empty());
  for (const auto& s : loaded->slots) CHECK(s.keys.empty());
  // A version past this edict's is still refused.
  std::string future = *bytes;
  future[8] = 5;
  DiagnosticSink refused;
  CHECK_FALSE(load_bundle(future, "future.edictc", refused));
}
