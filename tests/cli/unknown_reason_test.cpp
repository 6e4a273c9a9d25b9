// No unknown without a reason (issue 13): a rule that is unknown because a key is absent
// from a fact map (a sysctl key this kernel lacks) names it as a missing fact, with and
// without --explain, and the explanation says the key is absent. Also the baseline's
// ptrace_scope on a kernel without Yama: a fail that shows the scope it assumed.
#include <catch2/catch.hpp>

#include <fstream>

#include "tests/cli/run_edict.h"

using edict::testing::run_edict;
using edict::testing::scratch_dir;

namespace {

std::string write(const std::string& name, const std::string& text) {
  std::string path = scratch_dir("unknown-reason") + "/" + name;
  std::ofstream(path) << text;
  return path;
}

const char* kPolicy = R"(package probe

import std.linux

policy p "probe" {
  severity    medium
  enforcement mandatory
  rule fwd "IPv6 forwarding is off" {
    require linux.sysctl_is("net.ipv6.conf.all.forwarding", "0")
  }
}
)";

}  // namespace

TEST_CASE("check: an absent sysctl key is named as a missing fact, not a bare UNKNOWN") {
  std::string policy = write("probe.edict", kPolicy);
  std::string facts = write("facts.json", R"({"os": {"family": "linux"}, "sysctl": {"net.ipv4.ip_forward": "0"}})");
  auto plain = run_edict("check '" + policy + "' --facts '" + facts + "'", ".");
  CHECK(plain.exit_code == 3);
  CHECK(plain.out.find("UNKNOWN probe.p.fwd") != std::string::npos);
  CHECK(plain.out.find("missing facts: sysctl[\"net.ipv6.conf.all.forwarding\"]") != std::string::npos);

  auto explained = run_edict("check --explain '" + policy + "' --facts '" + facts + "'", ".");
  CHECK(explained.out.find("note: key `net.ipv6.conf.all.forwarding` is absent from `sysctl`") != std::string::npos);
}

TEST_CASE("check: the JSON report lists the absent key among the missing facts") {
  std::string policy = write("probe2.edict", kPolicy);
  std::string facts = write("facts2.json", R"({"os": {"family": "linux"}, "sysctl": {}})");
  auto r = run_edict("check '" + policy + "' --facts '" + facts + "' --format json", ".");
  CHECK(r.exit_code == 3);
  CHECK(r.out.find(R"(sysctl[\"net.ipv6.conf.all.forwarding\"])") != std::string::npos);
}

TEST_CASE("check: a kernel without Yama fails ptrace_scope (classic ptrace, scope 0) instead of unknown") {
  std::string facts = write("noyama.json", R"({"os": {"family": "linux"}, "sysctl": {"kernel.randomize_va_space": "2"}})");
  auto r = run_edict("check --explain policies/linux --facts '" + facts + "'", ".");
  CHECK(r.out.find("FAIL    linux.baseline.ptrace_scope") != std::string::npos);
  CHECK(r.out.find("\"0\"") != std::string::npos);
  CHECK(r.out.find("key `kernel.yama.ptrace_scope` is absent from `sysctl`") != std::string::npos);
}

TEST_CASE("check: absent-key notes stop at kMaxAbsentNotes (8) for one requirement") {
  std::string policy = write("many.edict", R"(package probe

policy p "probe" {
  severity    medium
  enforcement mandatory
  rule many "ten keys" {
    require all k in ["k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9"] : sysctl[k] == "0"
  }
}
)");
  std::string facts = write("many.json", R"({"os": {"family": "linux"}, "sysctl": {}})");
  auto r = run_edict("check --explain '" + policy + "' --facts '" + facts + "'", ".");
  CHECK(r.exit_code == 3);
  size_t notes = 0;
  for (size_t at = r.out.find("is absent from `sysctl`"); at != std::string::npos;
       at = r.out.find("is absent from `sysctl`", at + 1)) {
    ++notes;
  }
  CHECK(notes == 8);
  CHECK(r.out.find("key `k7` is absent") != std::string::npos);
  CHECK(r.out.find("key `k8` is absent") == std::string::npos);
}
