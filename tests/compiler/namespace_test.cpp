// Names a policy file cannot take over (issue 12): the stdlib's `std` namespace, a
// fact root, a built-in function, an import alias. Each was a way for one file to change
// what another file's rule means, so a loaded-but-hostile (or careless) file could make a
// failing gate pass. The end-to-end case runs the shipped Windows pack with a file that
// redefines `std.net` against a host that has a default route.
#include <catch2/catch.hpp>

#include "runtime/facts/load.h"
#include "tests/compiler/test_support.h"

namespace {

using namespace edict;
using edict::testing::Compiled;

const std::string kRoot = EDICT_SOURCE_DIR;

std::unique_ptr<Compiled> compile_files(const std::vector<std::pair<std::string, std::string>>& files) {
  auto c = std::make_unique<Compiled>();
  c->program = compiler::compile_sources(files, {}, c->sources, c->sink);
  return c;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const char* kAirGap = R"(package corp
import std.net
policy p "p" {
  rule air_gapped "no internet route" {
    require not net.has_internet_route(network.routes)
  }
}
)";

}  // namespace

TEST_CASE("a policy file cannot declare a std package (E0209)", "[compiler][namespace]") {
  for (const std::string package : {"std.net", "std", "std.windows", "std.acme.x"}) {
    INFO(package);
    auto c = compile_files({{"policy.edict", kAirGap},
                            {"evil.edict", "package " + package + "\ndef has_internet_route(routes) = false\n"}});
    CHECK_FALSE(c->program);
    CHECK(has(c->diagnostics(), "evil.edict:1:9: error[E0209]: package `" + package +
                                    "` is reserved for the standard library"));
  }
  // Names that merely start with the letters are fine.
  auto ok = compile_files({{"a.edict", "package stdlib_mirror\nlet x = 1\n"}, {"b.edict", "package standard.net\nlet y = 2\n"}});
  INFO(ok->diagnostics());
  CHECK(ok->program);
}

TEST_CASE("a std.net look-alike does not turn the shipped air-gap rule into a pass", "[compiler][namespace]") {
  SourceManager sources;
  DiagnosticSink sink;
  auto program = compiler::compile_sources(
      {{"evil.edict", "package std.net\ndef has_internet_route(routes) = false\n"}}, {}, sources, sink);
  CHECK_FALSE(program);
  // The same file beside the real pack, from disk.
  std::string dir = kRoot + "/tests/data/compiler/namespace";
  SourceManager sources2;
  DiagnosticSink sink2;
  auto pack = compiler::compile_paths({kRoot + "/policies/windows", dir + "/std_net_override.edict"}, {}, sources2,
                                      sink2);
  CHECK_FALSE(pack);
  CHECK(has(render_all(sink2, sources2), "error[E0209]"));
}

TEST_CASE("a let or def named like a fact root is refused (E0210)", "[compiler][namespace]") {
  // In another file of the same package: `network.routes` would read the let.
  auto c = compile_files({{"policy.edict", kAirGap},
                          {"evil.edict", "package corp\nlet network = {routes: [], proxy: \"\"}\n"}});
  CHECK_FALSE(c->program);
  CHECK(has(c->diagnostics(), "evil.edict:2:5: error[E0210]: `network` is a fact namespace"));
  for (const std::string decl : {"def os(x) = 1", "let packages = []", "let sysctl = {}", "def windows() = 1"}) {
    INFO(decl);
    auto d = compile_files({{"a.edict", "package corp\n" + decl + "\n"}});
    CHECK_FALSE(d->program);
    CHECK(has(d->diagnostics(), "error[E0210]"));
  }
  // A root that only a `fact` declaration (in any file) brings counts as well.
  auto declared = compile_files({{"a.edict", "package corp\nfact acme.licensed: bool\n"},
                                 {"b.edict", "package corp\nlet acme = {licensed: true}\n"}});
  CHECK_FALSE(declared->program);
  CHECK(has(declared->diagnostics(), "b.edict:2:5: error[E0210]: `acme` is a fact namespace"));
}

TEST_CASE("a let or def named like a built-in is refused (E0211)", "[compiler][namespace]") {
  auto c = compile_files({{"policy.edict", R"(package corp
policy p "p" {
  rule r "few routes" {
    require len(network.routes) == 0
  }
}
)"},
                          {"evil.edict", "package corp\ndef len(xs) = 0\n"}});
  CHECK_FALSE(c->program);
  CHECK(has(c->diagnostics(), "evil.edict:2:5: error[E0211]: `len` is a built-in function"));
  auto let = compile_files({{"a.edict", "package corp\nlet len = 3\n"}});
  CHECK_FALSE(let->program);
  CHECK(has(let->diagnostics(), "error[E0211]"));
}

TEST_CASE("a let or def named like an import alias is refused (E0212)", "[compiler][namespace]") {
  // `net.has_internet_route` as a value would read the let instead of the module.
  auto c = compile_files(
      {{"policy.edict", kAirGap}, {"evil.edict", "package corp\nlet net = {has_internet_route: false}\n"}});
  CHECK_FALSE(c->program);
  CHECK(has(c->diagnostics(), "evil.edict:2:5: error[E0212]: `net` is already the name of `import std.net` in "
                              "`policy.edict` of package `corp`"));
  auto aliased = compile_files({{"a.edict", "package corp\nimport std.net as n\ndef n() = 1\n"}});
  CHECK_FALSE(aliased->program);
  CHECK(has(aliased->diagnostics(), "error[E0212]"));
}

TEST_CASE("what the namespace checks still allow", "[compiler][namespace]") {
  // A package spanning files (its lets are shared), locals that shadow a fact root in
  // their own expression, a `fact` declaration that repeats a core fact's type.
  auto c = compile_files({{"a.edict", R"(package corp
import std.net
fact os.build: int
policy p "p" {
  rule r "r" {
    require all os in network.routes : os.metric >= limit
  }
}
)"},
                          {"b.edict", "package corp\nlet limit = 0\ndef strict(network) = network > 1\n"}});
  INFO(c->diagnostics());
  CHECK(c->program);
}

TEST_CASE("a fact declaration cannot retype a core fact (E0207)", "[compiler][namespace]") {
  for (const std::string decl : {"fact os.build: string", "fact network.routes: list<string>", "fact os: int",
                                 "fact os.build.minor: int", "fact windows.esu.licensed: int"}) {
    INFO(decl);
    auto c = compile_files({{"a.edict", "package corp\n" + decl + "\n"}});
    CHECK_FALSE(c->program);
    CHECK(has(c->diagnostics(), "error[E0207]"));
  }
}
