// The VM end to end: explanations as the language page draws them, limits (step
// budget, memory), thread safety of one Program shared by many threads, the
// no-allocation path, and the 10-condition rule's speed.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>

#include "runtime/explain.h"
#include "test_support.h"

using namespace edict;
using namespace edict::testing;

namespace {

const char* kTenConditions = R"edict(
package bench
policy p "Ten conditions" {
  rule ten "Ten conditions" {
    require os.family == "windows" and os.build >= 6003 and windows.esu.licensed and "KB4493471" in windows.hotfixes and (none r in network.routes : r.destination == "0.0.0.0/0") and windows.firewall.public.enabled and windows.rdp.nla_required and not windows.smb.v1_enabled and os.name matches "^Windows Server 2008( R2)? (Standard|Enterprise|Datacenter)" and len(windows.hotfixes) >= 10
  }
}
)edict";

std::string host_facts(int build) {
  std::string hotfixes;
  for (int i = 0; i < 39; ++i) hotfixes += "\"KB45000" + std::to_string(10 + i) + "\", ";
  hotfixes += "\"KB4493471\"";
  std::string routes;
  for (int i = 0; i < 8; ++i) {
    routes += std::string(i ? ", " : "") + "{\"destination\": \"10." + std::to_string(i) +
              ".0.0/16\", \"gateway\": \"10.0.0.1\", \"interface\": \"eth0\", \"metric\": 1, \"family\": \"inet\"}";
  }
  return R"({"os": {"family": "windows", "name": "Windows Server 2008 R2 Enterprise", "build": )" + std::to_string(build) +
         R"(}, "windows": {"esu": {"licensed": true}, "hotfixes": [)" + hotfixes +
         R"(], "firewall": {"public": {"enabled": true}}, "rdp": {"nla_required": true}, "smb": {"v1_enabled": false}},
           "network": {"routes": [)" + routes + "]}}";
}

}  // namespace

TEST_CASE("vm: a failing rule is explained with the value under the sub-expression") {
  auto c = compile_text(R"(
package windows.server2008
policy esu "ESU" {
  rule build "The OS build is 6003 or later" { require os.build >= 6003 }
  rule two "Two values" { require os.family == "windows" and os.build >= 6003 }
})");
  REQUIRE(c->program);
  Facts facts = facts_from_json(R"({"os": {"family": "windows", "build": 6002}})");
  EvalOptions options;
  options.explain = true;
  auto results = evaluate(*c->program, facts, options);
  REQUIRE(results[0].outcome == Outcome::kFail);
  REQUIRE(results[0].explanation);
  CHECK(render_explanation(*results[0].explanation) ==
        "  require os.build >= 6003\n"
        "          |\n"
        "          6002\n");
  REQUIRE(results[1].explanation);
  CHECK(render_explanation(*results[1].explanation) ==
        "  require os.family == \"windows\" and os.build >= 6003\n"
        "          |                          |\n"
        "          |                          6002\n"
        "          \"windows\"\n");
}

TEST_CASE("vm: an unknown rule names its missing facts and passing rules carry no explanation") {
  auto c = compile_text(R"(
policy p "P" {
  rule u "Unknown" { require windows.esu.licensed and os.build > 1 }
  rule ok "Passes" { require os.build > 1 }
})");
  REQUIRE(c->program);
  Facts facts = facts_from_json(R"({"os": {"build": 6002}})");
  EvalOptions options;
  options.explain = true;
  auto results = evaluate(*c->program, facts, options);
  CHECK(results[0].outcome == Outcome::kUnknown);
  CHECK(results[0].missing_facts == std::vector<std::string>{"windows.esu.licensed"});
  REQUIRE(results[0].explanation);
  CHECK(render_explanation(*results[0].explanation).find("did not provide `windows.esu.licensed`") != std::string::npos);
  CHECK(results[1].outcome == Outcome::kPass);
  CHECK_FALSE(results[1].explanation);
  CHECK(c->program->rules[0].fact_paths == std::vector<std::string>{"os.build", "windows.esu.licensed"});
}

TEST_CASE("vm: the step budget ends a runaway evaluation with error, never a hang") {
  auto c = compile_text(R"(
fact spec.xs: list<int>
policy p "P" {
  rule r "Quadratic" { require (count a in spec.xs : (count b in spec.xs : a == b) > 0) > 0 }
})");
  REQUIRE(c->program);
  std::string xs;
  for (int i = 0; i < 2000; ++i) xs += (i ? "," : "") + std::to_string(i);
  Facts facts = facts_from_json(R"({"spec": {"xs": [)" + xs + "]}}");
  EvalOptions options;
  auto results = evaluate(*c->program, facts, options);
  CHECK(results[0].outcome == Outcome::kError);  // 4 million steps > kDefaultMaxSteps
  CHECK(results[0].error.find("step budget") != std::string::npos);
  options.max_steps = 10'000'000;
  CHECK(evaluate(*c->program, facts, options)[0].outcome == Outcome::kPass);
}

TEST_CASE("vm: run-time memory is bounded (kMaxScratchBytes)") {
  auto c = compile_text(R"(
fact spec.s: string
fact spec.xs: list<int>
policy p "P" {
  rule r "Grows" { require len([x in spec.xs : true] + [x in spec.xs : true]) > 0 }
})");
  REQUIRE(c->program);
  std::string xs;
  for (int i = 0; i < 300000; ++i) xs += (i ? "," : "") + std::to_string(i);
  Facts facts = facts_from_json(R"({"spec": {"xs": [)" + xs + "]}}");
  auto results = evaluate(*c->program, facts);
  // 300k elements x 16 bytes x 3 lists is 14 MB: allowed. The bound is far above it.
  CHECK(results[0].outcome == Outcome::kPass);
}

TEST_CASE("vm: one Program evaluated from many threads gives the same results") {
  auto c = compile_text(kTenConditions);
  REQUIRE(c->program);
  Facts good = facts_from_json(host_facts(6003));
  Facts bad = facts_from_json(host_facts(6002));
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      const Facts& facts = t % 2 ? good : bad;
      Outcome want = t % 2 ? Outcome::kPass : Outcome::kFail;
      for (int i = 0; i < 2000; ++i) {
        EvalOptions options;
        options.explain = (i % 100 == 0);
        auto r = evaluate(*c->program, facts, options);
        if (r[0].outcome != want) ++mismatches;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(mismatches == 0);
}

TEST_CASE("vm: the 10-condition rule against bound facts is fast and allocation-free") {
  auto c = compile_text(kTenConditions);
  REQUIRE(c->program);
  Facts facts = facts_from_json(host_facts(6003));
  BoundProgram bound(*c->program, facts);
  EvalScratch scratch;
  EvalOptions options;
  options.now = kTestNow;
  Outcome out = Outcome::kUnknown;
  bound.evaluate_outcomes(scratch, options, &out);
  REQUIRE(out == Outcome::kPass);
  constexpr int kRuns = 200000;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kRuns; ++i) bound.evaluate_outcomes(scratch, options, &out);
  double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count() / kRuns;
  WARN("10-condition rule: " << ns << " ns per evaluation (this build's optimisation level)");
  CHECK(out == Outcome::kPass);
}
