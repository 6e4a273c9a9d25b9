// The size limits on what Edict reads besides facts documents: a fact schema file
// (kMaxSchemaFileBytes), a file a collector reads under --root (RootFs::kMaxFileBytes),
// a sysctl file (kMaxSysctlBytes), and the components of a version (kMaxParts). Each is
// hit on purpose, with the last size that must still load beside it.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "compiler/compile.h"
#include "collectors/registry.h"
#include "collectors/root_fs.h"
#include "runtime/facts/load.h"
#include "tests/collectors/collector_reports.h"
#include "runtime/facts/schema_file.h"
#include "runtime/program.h"
#include "runtime/vm.h"

using namespace edict;
using edict::testing::report_of;
using edict::testing::show;

namespace {

namespace fs = std::filesystem;

// The runtime's limits are private constants; these mirror them, and each test below
// fails if the runtime's value moves (the just-under case would be refused, or the
// just-over one accepted).
constexpr size_t kSchemaLimit = 1 << 20;      // kMaxSchemaFileBytes, runtime/facts/schema_file.cpp
constexpr size_t kSysctlLimit = 65536;        // kMaxSysctlBytes, collectors/linux_packages.cpp
constexpr size_t kVersionParts = 16;          // kMaxParts, runtime/value.cpp

// A fresh directory per test case, removed afterwards.
class TempDir {
 public:
  explicit TempDir(const std::string& name)
      : path_(fs::temp_directory_path() / ("edict_io_limits_" + std::to_string(::getpid())) / name) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  // Writes `text` at `name` below the directory (parents created).
  fs::path write(const std::string& name, const std::string& text) const {
    fs::create_directories((path_ / name).parent_path());
    std::ofstream(path_ / name, std::ios::binary) << text;
    return path_ / name;
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const Diagnostic* find_code(const DiagnosticSink& sink, const std::string& code) {
  for (const auto& d : sink.diagnostics()) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

// A valid schema file of exactly `size` bytes: one declaration, then comment lines.
std::string schema_of_size(size_t size) {
  std::string text = "[facts]\n\"site.owner\" = \"string\"\n";
  while (text.size() < size) {
    size_t room = size - text.size();
    size_t line = std::min<size_t>(room, 100);
    // "#" + filler + "\n" (a 1-byte remainder is a lone newline, still valid TOML).
    text += line == 1 ? std::string("\n") : "#" + std::string(line - 2, 'x') + "\n";
  }
  return text;
}

// dpkg status text with one installed package, so a file that loads has a fact to show.
constexpr const char* kDpkgStatus =
    "Package: openssl\n"
    "Status: install ok installed\n"
    "Architecture: amd64\n"
    "Version: 3.0.11-1~deb12u2\n"
    "\n";

struct Compiled {
  SourceManager sources;
  DiagnosticSink sink;
  std::optional<Program> program;
};

std::unique_ptr<Compiled> compile(const std::string& source) {
  auto c = std::make_unique<Compiled>();
  c->program = compiler::compile_sources({{"versions.edict", source}}, {}, c->sources, c->sink);
  return c;
}

// "1.2.3...n" with n components.
std::string dotted(size_t n, size_t last = 0) {
  std::string s;
  for (size_t i = 1; i <= n; ++i) s += (i > 1 ? "." : "") + std::to_string(i == n && last ? last : i);
  return s;
}

std::string rule_on_os_version(const std::string& literal) {
  return "package h\npolicy p \"p\" {\n  rule r \"r\" { require os.version >= v\"" + literal + "\" }\n}\n";
}

RuleResult run_on_os_version(const Program& program, const std::string& os_version) {
  SourceManager sources;
  DiagnosticSink sink;
  auto facts = load_facts_text("host.json", R"({"os": {"version": ")" + os_version + R"("}})", FactsFormat::kJson,
                               program.schema, sources, sink);
  INFO(render_all(sink, sources));
  REQUIRE(facts);
  std::vector<RuleResult> results = evaluate(program, *facts, {});
  REQUIRE(results.size() == 1);
  return results[0];
}

}  // namespace

TEST_CASE("fact schema file: exactly 1 MiB loads, one byte more is refused with E0510 naming the file") {
  TempDir dir("schema");
  std::string at_limit = schema_of_size(kSchemaLimit);
  REQUIRE(at_limit.size() == kSchemaLimit);

  fs::path ok_path = dir.write("at_limit.toml", at_limit);
  {
    SourceManager sources;
    DiagnosticSink sink;
    FactSchema schema = FactSchema::core();
    INFO(render_all(sink, sources));
    CHECK(load_schema_file(ok_path.string(), schema, sources, sink));
    CHECK_FALSE(sink.has_errors());
    const FactDecl* decl = schema.find("site.owner");
    REQUIRE(decl);
    CHECK(decl->provider == "external");
  }

  fs::path over_path = dir.write("over_limit.toml", at_limit + "\n");
  SourceManager sources;
  DiagnosticSink sink;
  FactSchema schema = FactSchema::core();
  CHECK_FALSE(load_schema_file(over_path.string(), schema, sources, sink));
  const Diagnostic* d = find_code(sink, "E0510");
  REQUIRE(d);
  CHECK(d->message == "cannot read schema file `" + over_path.string() + "`: larger than 1 MiB");
  CHECK(d->path == over_path.string());
  CHECK(schema.find("site.owner") == nullptr);  // nothing of a refused file is declared
}

TEST_CASE("a collector's file over RootFs::kMaxFileBytes leaves its facts unknown, the other collectors still load") {
  static_assert(RootFs::kMaxFileBytes == 64u << 20);
  TempDir dir("root_fs");
  dir.write("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
  fs::path status = dir.write("var/lib/dpkg/status", kDpkgStatus);
  CollectOptions options;
  options.root = dir.path().string();

  // Exactly at the limit (the stanza, then zeros: sparse, so the test stays fast) loads.
  fs::resize_file(status, RootFs::kMaxFileBytes);
  {
    std::vector<CollectorReport> reports;
    Facts facts = collect_facts(CollectorRegistry::with_builtin_host(), {"packages", "os.distro"}, options, &reports);
    const CollectorReport* packages = report_of(reports, "packages");
    REQUIRE(packages);
    CHECK(packages->ok);
    CHECK(show(facts, "packages") == "{\"openssl\": {\"arch\": \"amd64\", \"manager\": \"dpkg\", \"version\": \"3.0.11-1~deb12u2\", "
              "\"versions\": [\"3.0.11-1~deb12u2\"]}}");
  }

  // One byte over: refused, and `packages` is unknown, not an empty or partial map.
  fs::resize_file(status, RootFs::kMaxFileBytes + 1);
  std::vector<CollectorReport> reports;
  Facts facts = collect_facts(CollectorRegistry::with_builtin_host(), {"packages", "os.distro"}, options, &reports);
  CHECK(facts.find("packages") == nullptr);
  const CollectorReport* packages = report_of(reports, "packages");
  REQUIRE(packages);
  CHECK_FALSE(packages->ok);
  CHECK(packages->message == "var/lib/dpkg/status: larger than 67108864 bytes");
  CHECK(packages->paths_left_unknown == std::vector<std::string>{"packages"});
  // The os collector read its own file and is unaffected.
  CHECK(show(facts, "os.distro") == "\"debian\"");
  const CollectorReport* os = report_of(reports, "os");
  REQUIRE(os);
  CHECK(os->ok);
}

TEST_CASE("a sysctl file over kMaxSysctlBytes leaves that key unknown, smaller ones and other keys load") {
  TempDir dir("sysctl");
  dir.write("proc/sys/net/ipv4/ip_forward", "1\n");
  dir.write("proc/sys/site/under", std::string(kSysctlLimit - 1, 'u'));
  dir.write("proc/sys/site/at", std::string(kSysctlLimit, 'a'));
  dir.write("proc/sys/site/over", std::string(kSysctlLimit + 1, 'o'));
  CollectOptions options;
  options.root = dir.path().string();
  options.sysctl_keys = {"site.under", "site.at", "site.over"};
  std::vector<CollectorReport> reports;
  Facts facts = collect_facts(CollectorRegistry::with_builtin_host(), {"sysctl"}, options, &reports);

  const Value* sysctl = facts.find("sysctl");
  REQUIRE(sysctl);
  const Value* under = map_find(*sysctl, "site.under");
  REQUIRE(under);
  CHECK(under->str() == std::string(kSysctlLimit - 1, 'u'));
  const Value* at = map_find(*sysctl, "site.at");
  REQUIRE(at);
  CHECK(at->size == kSysctlLimit);
  CHECK(map_find(*sysctl, "site.over") == nullptr);  // unknown, not a truncated value
  const Value* ip_forward = map_find(*sysctl, "net.ipv4.ip_forward");  // a default key
  REQUIRE(ip_forward);
  CHECK(ip_forward->str() == "1");

  // The key that was asked for and refused is reported as left unknown, and the message
  // names the file and the limit; keys this kernel lacks are not mentioned.
  const CollectorReport* report = report_of(reports, "sysctl");
  REQUIRE(report);
  CHECK(report->paths_left_unknown == std::vector<std::string>{"sysctl[\"site.over\"]"});
  CHECK(report->message == "proc/sys/site/over: larger than 65536 bytes");
}

TEST_CASE("version components: 16 parse and compare, 17 are not a version (E0306 literal, error outcome from facts)") {
  REQUIRE(dotted(kVersionParts) == "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16");

  // 16 components: a literal compiles, and a fact of 16 compares component by component.
  auto ok = compile(rule_on_os_version(dotted(kVersionParts)));
  INFO(render_all(ok->sink, ok->sources));
  REQUIRE(ok->program);
  CHECK(run_on_os_version(*ok->program, dotted(kVersionParts)).outcome == Outcome::kPass);
  CHECK(run_on_os_version(*ok->program, dotted(kVersionParts, 17)).outcome == Outcome::kPass);
  CHECK(run_on_os_version(*ok->program, dotted(kVersionParts, 15)).outcome == Outcome::kFail);
  CHECK(run_on_os_version(*ok->program, dotted(kVersionParts - 1)).outcome == Outcome::kFail);

  // 17 components as a literal: a compile error at the literal.
  auto bad = compile(rule_on_os_version(dotted(kVersionParts + 1)));
  CHECK_FALSE(bad->program);
  const Diagnostic* d = find_code(bad->sink, "E0306");
  REQUIRE(d);
  CHECK(d->message == "`v\"" + dotted(kVersionParts + 1) + "\"` is not a version");

  // 17 components as a fact typed `version`: the rule reading it is `error`, never pass
  // (a 17-part version at or above the literal would pass if it were truncated).
  RuleResult from_facts = run_on_os_version(*ok->program, dotted(kVersionParts + 1));
  CHECK(from_facts.outcome == Outcome::kError);
  CHECK(has(from_facts.error, "fact `os.version` is `" + dotted(kVersionParts + 1).substr(0, 40) + "...`"));
  CHECK(has(from_facts.error, "not a version"));
}
