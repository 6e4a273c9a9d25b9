// edict.toml: every key is read, and every mistake is a located error. Catches: a
// misspelt `fail_on` silently loosening the gate, a waiver without a reason, a quoted
// date that would never expire.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "report/config.h"
#include "report/time_util.h"

using namespace edict;
using namespace edict::report;

namespace {

struct Parsed {
  SourceManager sources;
  DiagnosticSink sink;
  std::optional<Config> config;
  std::string rendered() const { return render_all(sink, sources); }
};

std::unique_ptr<Parsed> parse(const std::string& text) {
  auto p = std::make_unique<Parsed>();
  p->config = parse_config("/repo/edict.toml", text, p->sources, p->sink);
  return p;
}

}  // namespace

TEST_CASE("a full edict.toml is read, paths resolved against its directory") {
  auto p = parse(R"TOML(
policies = ["policies/windows", "/abs/network"]
fail_on  = "high"
unknown  = "warn"

[collect]
root = "mnt/image"
facts_d = "facts.d"
timeout = "1500ms"
max_output = 65536

[[waiver]]
rule    = "windows.server2008.esu.air_gapped"
hosts   = ["legacy-db-*"]
reason  = "Vendor link until the migration (change 4411)"
approved_by = "ciso@example.com"
expires = 2027-03-31
)TOML");
  INFO(p->rendered());
  REQUIRE(p->config);
  const Config& c = *p->config;
  CHECK(c.policies == std::vector<std::string>{"/repo/policies/windows", "/abs/network"});
  CHECK(c.gate.fail_on == Level::kHigh);
  CHECK(c.gate.unknown == UnknownMode::kWarn);
  CHECK(c.collect.root == "/repo/mnt/image");
  CHECK(c.collect.facts_d == "/repo/facts.d");
  CHECK(c.collect.timeout_ms == 1500);
  CHECK(c.collect.max_output == 65536);
  REQUIRE(c.waivers.size() == 1);
  CHECK(c.waivers[0].rule == "windows.server2008.esu.air_gapped");
  CHECK(c.waivers[0].hosts == std::vector<std::string>{"legacy-db-*"});
  CHECK(c.waivers[0].approved_by == "ciso@example.com");
  CHECK(c.waivers[0].expires == days_from_civil(2027, 3, 31));
  CHECK(c.waivers[0].location.line == 12);
}

TEST_CASE("defaults: every mandatory rule gates and unknown fails") {
  auto p = parse("");
  REQUIRE(p->config);
  CHECK(p->config->gate.fail_on == Level::kInfo);
  CHECK(p->config->gate.unknown == UnknownMode::kFail);
  CHECK(p->config->policies.empty());
}

TEST_CASE("an unknown key is an error with did-you-mean and line:col") {
  auto p = parse("policies = []\nfail_onn = \"high\"\n");
  CHECK_FALSE(p->config);
  REQUIRE(p->sink.diagnostics().size() == 1);
  const auto& d = p->sink.diagnostics()[0];
  CHECK(d.code == "E0602");
  CHECK(d.message == "unknown key `fail_onn` in edict.toml");
  CHECK(d.help == "did you mean `fail_on`?");
  CHECK(d.span.line == 2);
  CHECK(d.span.column == 1);
  CHECK(p->rendered().find("/repo/edict.toml:2:1: error[E0602]") != std::string::npos);
}

TEST_CASE("unknown keys inside [collect] and [[waiver]] are errors too") {
  auto p = parse("[collect]\nrot = \"/\"\n[[waiver]]\nrule = \"a.b.c\"\nreason = \"x\"\nexpire = 2027-01-01\n");
  CHECK_FALSE(p->config);
  REQUIRE(p->sink.diagnostics().size() == 2);
  CHECK(p->sink.diagnostics()[0].help == "did you mean `root`?");
  CHECK(p->sink.diagnostics()[1].help == "did you mean `expires`?");
  CHECK(p->sink.diagnostics()[1].span.line == 6);
}

TEST_CASE("bad values are located errors") {
  struct Case {
    const char* text;
    const char* code;
    uint32_t line;
  };
  for (const Case& c : {Case{"fail_on = \"severe\"", "E0603", 1}, Case{"unknown = \"ignore\"", "E0603", 1},
                        Case{"policies = \"policies\"", "E0603", 1}, Case{"policies = [1]", "E0603", 1},
                        Case{"[collect]\ntimeout = \"forever\"", "E0606", 2},
                        Case{"[collect]\ntimeout = \"11m\"", "E0606", 2},
                        Case{"[collect]\nmax_output = -1", "E0606", 2},
                        Case{"[[waiver]]\nrule = \"a.b.c\"", "E0604", 1},
                        Case{"[[waiver]]\nrule = \"a.b.c\"\nreason = \"  \"", "E0604", 3},
                        Case{"[[waiver]]\nreason = \"r\"", "E0604", 1},
                        Case{"[[waiver]]\nrule = \"a\"\nreason = \"r\"\nexpires = \"2027-01-01\"", "E0605", 4},
                        Case{"waiver = 3", "E0603", 1},
                        Case{"fail_on = \"high\"\npolicies = ]\n", "E0601", 2}}) {
    INFO(c.text);
    auto p = parse(c.text);
    CHECK_FALSE(p->config);
    REQUIRE_FALSE(p->sink.diagnostics().empty());
    CHECK(p->sink.diagnostics()[0].code == c.code);
    CHECK(p->sink.diagnostics()[0].span.line == c.line);
  }
}

TEST_CASE("load_config refuses missing and oversized files, find_config walks upward") {
  namespace fs = std::filesystem;
  SourceManager sources;
  DiagnosticSink sink;
  CHECK_FALSE(load_config("/nonexistent/edict.toml", sources, sink));
  CHECK(sink.diagnostics().at(0).code == "E0607");

  fs::path dir = fs::temp_directory_path() / ("edict-config-" + std::to_string(::getpid()));
  fs::create_directories(dir / "a" / "b");
  {
    std::ofstream out(dir / "edict.toml");
    out << "fail_on = \"low\"\n";
  }
  CHECK(find_config((dir / "a" / "b").string()) == (dir / "edict.toml").string());
  {
    std::ofstream big(dir / "a" / "edict.toml");
    big << "# " << std::string(kMaxConfigBytes, 'x') << "\n";
  }
  CHECK(find_config((dir / "a" / "b").string()) == (dir / "a" / "edict.toml").string());
  DiagnosticSink sink2;
  CHECK_FALSE(load_config((dir / "a" / "edict.toml").string(), sources, sink2));
  CHECK(sink2.diagnostics().at(0).code == "E0608");
  fs::remove_all(dir);
}
