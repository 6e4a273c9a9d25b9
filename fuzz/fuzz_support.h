// Helpers shared by the fuzz targets (header-only: fuzz/CMakeLists.txt turns every
// fuzz_*.cpp into a target, so shared code lives here): a fixed host, a pinned clock,
// and fail(), which prints what broke an invariant and aborts so libFuzzer keeps it.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "compiler/compile.h"
#include "runtime/facts.h"
#include "runtime/facts/load.h"
#include "runtime/schema.h"

namespace edict::fuzz {

// Evaluations in fuzzers pin `now` so a crasher replays the same way on any day.
inline constexpr int64_t kFixedNow = 1'767'225'600;  // 2026-01-01T00:00:00Z
// A tenth of the default step budget: a fuzzed nested quantifier then ends in `error`
// within milliseconds instead of tripping libFuzzer's timeout.
inline constexpr uint64_t kFuzzMaxSteps = 100'000;

// A host with a bit of every core namespace (mixing Windows and Linux facts on purpose).
inline constexpr const char* kSampleFactsJson = R"json({
  "host": {"name": "fuzz-01", "id": "5d2c1f0e"},
  "os": {"family": "windows", "name": "Windows Server 2008", "distro": "windows",
         "version": "6.0.6003", "build": 6003, "service_pack": 2, "product_type": "server",
         "arch": "x86_64", "kernel": {"release": "6.1.0-27-amd64", "version": "6.1.0"}},
  "network": {
    "routes": [
      {"destination": "0.0.0.0/0", "gateway": "192.168.1.1", "interface": "eth0", "metric": 100, "family": "ipv4"},
      {"destination": "10.0.0.0/8", "gateway": "0.0.0.0", "interface": "eth1", "metric": 5, "family": "ipv4"},
      {"destination": "::/0", "gateway": "fe80::1", "interface": "eth0", "metric": 1024, "family": "ipv6"}],
    "interfaces": [
      {"name": "eth0", "up": true, "addresses": ["192.168.1.40/24", "fe80::2/64"]},
      {"name": "eth1", "up": false, "addresses": []}],
    "proxy": ""},
  "packages": {"openssh-server": {"version": "1:9.2p1-2+deb12u3", "arch": "amd64"},
               "telnet": {"version": "0.17+2.4-2", "arch": "all"}},
  "sysctl": {"net.ipv4.ip_forward": "0", "kernel.randomize_va_space": "2"},
  "windows": {
    "hotfixes": ["KB4493471", "KB4499149"],
    "esu": {"licensed": true, "year": 2,
            "products": [{"id": "04fa0286-fa74-401e-bbe9-fbfbb158010d", "name": "ESU Year 2", "license_status": 1}]},
    "firewall": {"domain": {"enabled": true}, "private": {"enabled": true}, "public": {"enabled": false}},
    "rdp": {"enabled": true, "nla_required": false},
    "smb": {"v1_enabled": false}}
})json";

[[noreturn]] inline void fail(const std::string& what, const std::string& input, const std::string& detail) {
  std::fprintf(stderr, "\n==== fuzz invariant broken: %s\n---- input\n%s\n---- detail\n%s\n", what.c_str(),
               input.c_str(), detail.c_str());
  std::abort();
}

inline Facts load_or_die(const char* json) {
  SourceManager sources;
  DiagnosticSink sink;
  auto facts = load_facts_text("fuzz-host.json", json, FactsFormat::kJson, FactSchema::core(), sources, sink);
  if (!facts) fail("the fixed facts document does not load", json, render_all(sink, sources));
  return std::move(*facts);
}

// Compiles a fixed program once (a fuzzer's setup); aborts if it does not compile.
inline Program compile_or_die(const std::string& source, bool fold = true) {
  SourceManager sources;
  DiagnosticSink sink;
  compiler::CompileOptions options;
  options.fold_constants = fold;
  auto program = compiler::compile_sources({{"fuzz-fixed.edict", source}}, options, sources, sink);
  if (!program) fail("the fixed program does not compile", source, render_all(sink, sources));
  return std::move(*program);
}

}  // namespace edict::fuzz
