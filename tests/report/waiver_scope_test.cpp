// Issue 17: W0603 (a waiver matches no rule) only for waivers whose package was loaded.
#include <catch2/catch.hpp>

#include "report/report.h"
#include "report/waiver_scope.h"
#include "sample.h"

using namespace edict;
using namespace edict::report;
using edict::testing::make_sample;
using edict::testing::Scenario;

namespace {

std::vector<ReportWarning> warnings_for(const std::string& pattern) {
  auto s = make_sample(Scenario::kFailing);  // packages windows.server2008 and windows
  Config config;
  Waiver w;
  w.rule = pattern;
  w.reason = "r";
  config.waivers = {w};
  BuildInput in{&s.policies, &s.rules, &s.results, &s.facts, &config, 0, "0.1.0"};
  return build_report(in).warnings;
}

}  // namespace

TEST_CASE("waiver scope: a waiver naming a loaded package and matching no rule is W0603") {
  auto w = warnings_for("windows.server2008.esu.biuld");
  REQUIRE(w.size() == 1);
  CHECK(w[0].code == "W0603");
  CHECK(warnings_for("windows.server2008.nothing.*").size() == 1);
  CHECK(warnings_for("win*.nothing").size() == 1);  // a glob that reaches a loaded package
  CHECK(warnings_for("*.biuld").size() == 1);
}

TEST_CASE("waiver scope: a waiver for a package this run did not load is not judged") {
  CHECK(warnings_for("linux.baseline.ssh_root_login").empty());
  CHECK(warnings_for("linux.*").empty());
  CHECK(warnings_for("acme.site.inventory.owner_known").empty());
}

TEST_CASE("waiver scope: the package is the policy id less its name, dots included") {
  std::vector<PolicyInfo> policies(1);
  policies[0].id = "acme.site.inventory";
  policies[0].name = "inventory";
  CHECK(waiver_in_loaded_packages("acme.site.other.rule", policies));
  CHECK(waiver_in_loaded_packages("acme.*", policies));
  CHECK_FALSE(waiver_in_loaded_packages("acme.sitex.inventory.rule", policies));
  CHECK_FALSE(waiver_in_loaded_packages("acme", policies));  // not "acme.site." nor a glob reaching it
  CHECK(waiver_in_loaded_packages("anything", {}));          // nothing loaded: cannot tell, warn
}
