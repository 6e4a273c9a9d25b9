// SARIF's `tool.driver.informationUri` comes from the build setting EDICT_HOMEPAGE_URL
// (docs/report-formats.md): present when a distributor set it, left out when empty (the
// default: the project has no public home yet). tests/floors/homepage_option_test.sh
// checks the setting reaches the generated header and the .deb's `Homepage:`.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "report/formats.h"
#include "report/time_util.h"
#include "sample.h"

using namespace edict;
using namespace edict::report;
using nlohmann::json;

namespace {

Report sample_report() {
  testing::Sample sample = testing::make_sample(testing::Scenario::kFailing);
  Config config;
  BuildInput in{&sample.policies, &sample.rules, &sample.results, &sample.facts, &config,
                *parse_timestamp("2026-11-21T10:00:00Z"), "0.1.0"};
  return build_report(in);
}

}  // namespace

TEST_CASE("sarif: informationUri is the home page the build names, and absent without one") {
  Report report = sample_report();
  json with = json::parse(render_sarif(report, "https://example.org/edict"));
  CHECK(with["runs"][0]["tool"]["driver"]["informationUri"] == "https://example.org/edict");
  json without = json::parse(render_sarif(report, ""));
  CHECK_FALSE(without["runs"][0]["tool"]["driver"].contains("informationUri"));
  // This build's setting (empty unless configured with -DEDICT_HOMEPAGE_URL=...).
  json built = json::parse(render_sarif(report));
  CHECK(built["runs"][0]["tool"]["driver"].contains("informationUri") == (std::string(EDICT_TEST_HOMEPAGE_URL) != ""));
}
