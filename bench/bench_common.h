// Shared inputs of the benchmarks: the host (a ~5 KB JSON facts document of a Windows
// Server 2008 host on ESU), the 10-condition rule and the 50-rule pack built from it with
// varied constants, and compile/load helpers that abort loudly instead of measuring junk.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "compiler/compile.h"
#include "runtime/facts/load.h"

namespace edict::bench {

inline constexpr int kPackRules = 50;
inline constexpr int kHotfixes = 40;
inline constexpr int kRoutes = 8;

inline std::string hotfix(int j) { return j == 20 ? "KB4493471" : "KB" + std::to_string(4480000 + j * 1013); }

// The constants of rule i of the pack; rule 0 is the 10-condition rule of the brief.
struct RuleParams {
  int64_t min_build;
  std::string kb;
  std::string bad_destination;
  std::string pattern;
  int64_t min_hotfixes;
};

inline RuleParams rule_params(int i) {
  if (i == 0) {
    return {6003, "KB4493471", "0.0.0.0/0", "^Windows Server 2008( R2)? (Standard|Enterprise|Datacenter)", 10};
  }
  return {6003 - i, hotfix((i * 7) % kHotfixes), "0.0.0.0/" + std::to_string(i % 32),
          "^Windows Server 2008( R2)? (Standard|Enterprise|Datacenter|Edition" + std::to_string(i) + ")",
          10 + i % 20};
}

// `rules` rules, ten per policy, each the 10 conditions `and`ed in one require.
inline std::string pack_source(int rules) {
  std::string s = "package bench\n";
  for (int i = 0; i < rules; ++i) {
    if (i % 10 == 0) {
      if (i) s += "}\n";
      s += "policy p" + std::to_string(i / 10) + " \"Benchmark policy\" {\n";
    }
    RuleParams p = rule_params(i);
    s += "  rule r" + std::to_string(i) + " \"Ten conditions\" {\n    require os.family == \"windows\" and os.build >= " +
         std::to_string(p.min_build) + " and windows.esu.licensed and \"" + p.kb +
         "\" in windows.hotfixes and (none rt in network.routes : rt.destination == \"" + p.bad_destination +
         "\") and windows.firewall.public.enabled and windows.rdp.nla_required and not windows.smb.v1_enabled" +
         " and os.name matches \"" + p.pattern + "\" and len(windows.hotfixes) >= " + std::to_string(p.min_hotfixes) +
         "\n  }\n";
  }
  s += "}\n";
  return s;
}

// A Windows Server 2008 SP2 host on ESU where every rule of the pack passes.
inline std::string host_json() {
  std::string s = R"({
  "host": {"name": "legacy-db-01.corp.example", "id": "0f5c9a3e2d6b4c71a8e9f0d1c2b3a4e5"},
  "os": {"family": "windows", "name": "Windows Server 2008 Standard", "distro": "windows",
         "version": "6.0.6003", "build": 6003, "service_pack": 2, "product_type": "server",
         "arch": "x86_64", "kernel": {"release": "6.0.6003", "version": "6.0.6003"}},
  "network": {"proxy": "", "routes": [)";
  for (int i = 0; i < kRoutes; ++i) {
    s += std::string(i ? "," : "") + "\n    {\"destination\": \"10." + std::to_string(i) +
         ".0.0/16\", \"gateway\": \"10.0.0.1\", \"interface\": \"Local Area Connection " + std::to_string(i % 2) +
         "\", \"metric\": " + std::to_string(10 + i) + ", \"family\": \"ipv4\"}";
  }
  s += "],\n  \"interfaces\": [";
  for (int i = 0; i < 4; ++i) {
    s += std::string(i ? "," : "") + "\n    {\"name\": \"Local Area Connection " + std::to_string(i) +
         "\", \"up\": true, \"addresses\": [\"10." + std::to_string(i) + ".0.15/16\", \"fe80::" +
         std::to_string(i + 1) + ":5efe:a00:f/64\"]}";
  }
  s += "]},\n  \"windows\": {\n    \"hotfixes\": [";
  for (int j = 0; j < kHotfixes; ++j) s += std::string(j ? ", " : "") + (j % 6 == 0 ? "\n      " : "") + "\"" + hotfix(j) + "\"";
  s += R"(],
    "esu": {"licensed": true, "year": 3, "products": [
      {"id": "553673ed-6ddf-419c-a153-b760283472fd", "name": "Windows(R), Server-ESU-Year1 add-on for Standard", "license_status": 1},
      {"id": "04fa0286-fa74-401e-bbe9-fbfbb158010d", "name": "Windows(R), Server-ESU-Year2 add-on for Standard", "license_status": 1},
      {"id": "16c08c85-0c8b-4009-9b2b-f1f7319e45f9", "name": "Windows(R), Server-ESU-Year3 add-on for Standard", "license_status": 1}]},
    "firewall": {"domain": {"enabled": true}, "private": {"enabled": true}, "public": {"enabled": true}},
    "rdp": {"enabled": true, "nla_required": true},
    "smb": {"v1_enabled": false}
  },
  "inventory": {"owner": "database-team", "location": "dc2-row7-rack12", "notes": ")";
  // Site inventory that rides along in real snapshots (undeclared paths are kept as is):
  // it brings the document to the ~5 KB of a typical exported host.
  while (s.size() < 5000) s += "Migration to Windows Server 2022 is tracked in change 4411. ";
  s += "\"}\n}\n";
  return s;
}

inline const std::string kHostJson = host_json();

inline Program compile_or_die(const std::string& source) {
  SourceManager sources;
  DiagnosticSink sink;
  auto program = compiler::compile_sources({{"bench.edict", source}}, {}, sources, sink);
  if (!program) {
    std::fputs(render_all(sink, sources).c_str(), stderr);
    std::abort();
  }
  return std::move(*program);
}

inline Facts facts_or_die(const std::string& json, const FactSchema& schema = FactSchema::core()) {
  SourceManager sources;
  DiagnosticSink sink;
  auto facts = load_facts_text("host.json", json, FactsFormat::kJson, schema, sources, sink);
  if (!facts) {
    std::fputs(render_all(sink, sources).c_str(), stderr);
    std::abort();
  }
  return std::move(*facts);
}

}  // namespace edict::bench
