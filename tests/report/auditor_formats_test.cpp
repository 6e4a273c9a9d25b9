// Issue 17, auditors: the HTML report opens with the verdict and the failures (each with
// its explanation), then a table of contents by policy; an explanation's carets stay
// aligned while a long value wraps in its own column; inline code in prose renders as
// code (HTML) and as a code span (Markdown, not `\``); the rulebook states the gate's
// settings and the waivers in force.
#include <catch2/catch.hpp>

#include "report/formats.h"
#include "report/inline_code.h"
#include "report/time_util.h"
#include "sample.h"

using namespace edict;
using namespace edict::report;
using edict::testing::make_sample;
using edict::testing::Scenario;

namespace {

Report build(Scenario scenario, GateSettings gate = {}) {
  auto s = make_sample(scenario);
  Config config;
  config.gate = gate;
  BuildInput in{&s.policies, &s.rules, &s.results, &s.facts, &config, *parse_timestamp("2026-11-21T10:00:00Z"), "0.1.0"};
  return build_report(in);
}

size_t at(const std::string& html, const std::string& part) {
  size_t p = html.find(part);
  INFO(part);
  CHECK(p != std::string::npos);
  return p;
}

}  // namespace

TEST_CASE("html report: verdict, summary and the failures come first, then contents, then the rules") {
  GateSettings gate;
  gate.fail_on = Level::kHigh;
  Report rep = build(Scenario::kFailing, gate);
  std::string html = render_html(rep);
  size_t verdict = at(html, "<p id=\"verdict\" class=\"verdict gate-fail\"><strong>Gate fail</strong> (exit 1)");
  size_t summary = at(html, "<h2 id=\"summary\">Summary</h2>");
  size_t failures = at(html, "<section id=\"failures\">");
  size_t toc = at(html, "<nav id=\"toc\">");
  size_t first_rule = at(html, "<section class=\"rule ");
  CHECK(verdict < summary);
  CHECK(summary < failures);
  CHECK(failures < toc);
  CHECK(toc < first_rule);
  // Every fail/unknown/error is in the list, gating ones first: smb1 (low, advisory) last.
  size_t build_li = at(html, "<li class=\"failure\" data-rule=\"windows.server2008.esu.build\">");
  size_t air_li = at(html, "<li class=\"failure\" data-rule=\"windows.server2008.esu.air_gapped\">");
  size_t smb_li = at(html, "<li class=\"failure\" data-rule=\"windows.hygiene.smb1_disabled\">");
  CHECK(build_li < air_li);
  CHECK(air_li < smb_li);
  CHECK(html.find("(not gating: advisory)", smb_li) < toc);
  // Each with its explanation, before the table of contents.
  size_t explanation = at(html.substr(failures), "<div class=\"row\"><span class=\"bars\">        </span><span class=\"val\">6002</span></div>");
  CHECK(failures + explanation < toc);
  CHECK(html.find("<a href=\"#rule-windows.server2008.esu.build\">") < toc);
  CHECK(html.find("id=\"rule-windows.server2008.esu.build\"") > toc);
  CHECK(html.find("<li><a href=\"#policy-0\"><code>windows.server2008.esu</code></a>") != std::string::npos);
}

TEST_CASE("html report: a passing run says so in its failures section") {
  std::string html = render_html(build(Scenario::kPassing));
  CHECK(html.find("<p id=\"verdict\" class=\"verdict gate-pass\"><strong>Gate pass</strong> (exit 0)") != std::string::npos);
  CHECK(html.find("No rule failed, and none is unknown or in error.") != std::string::npos);
}

TEST_CASE("html report: non-gating failures are listed after the gating ones, with the reason") {
  GateSettings gate;
  gate.fail_on = Level::kCritical;  // air_gapped (high) no longer gates
  std::string html = render_html(build(Scenario::kFailing, gate));
  size_t build_li = at(html, "data-rule=\"windows.server2008.esu.build\"><span class=\"badge o-fail\">fail</span>");
  size_t air_li = at(html, "data-rule=\"windows.server2008.esu.air_gapped\"");
  CHECK(build_li < air_li);
  CHECK(html.find("(not gating: high is below fail_on = critical)") != std::string::npos);
}

TEST_CASE("html report: an explanation keeps the requirement and the carets unwrapped, the value wraps in its column") {
  Report rep = build(Scenario::kFailing);
  rep.rules[0].explanation->values[0].value = std::string(300, 'x');
  std::string html = render_html(rep);
  CHECK(html.find("<div class=\"l\">require os.build &gt;= 6003</div>") != std::string::npos);
  CHECK(html.find("<div class=\"l\">        |</div>") != std::string::npos);
  CHECK(html.find("<span class=\"bars\">        </span><span class=\"val\">" + std::string(300, 'x') + "</span>") !=
        std::string::npos);
  CHECK(html.find("div.explanation .l { white-space: pre; }") != std::string::npos);
  CHECK(html.find("div.explanation .val { white-space: pre-wrap;") != std::string::npos);
}

TEST_CASE("inline code: backticks in prose render as code in HTML and as code spans in Markdown") {
  CHECK(html_inline("run `sysctl -w a=1` & reboot") == "run <code>sysctl -w a=1</code> &amp; reboot");
  CHECK(html_inline("a `<b>` tag") == "a <code>&lt;b&gt;</code> tag");
  CHECK(html_inline("one ` alone") == "one ` alone");
  CHECK(md_inline("run `sysctl -w a=1` now") == "run `sysctl -w a=1` now");
  CHECK(md_inline("a * b `x|y`").find("\\`") == std::string::npos);
  Report rep = build(Scenario::kFailing);
  rep.rules[0].info.remediation = "Run `wusa.exe KB4493471.msu` then reboot.";
  rep.policies[0].description = "Check `os.build` on every host.";
  std::string html = render_html(rep);
  CHECK(html.find("Remediation: Run <code>wusa.exe KB4493471.msu</code> then reboot.") != std::string::npos);
  CHECK(html.find("<p>Check <code>os.build</code> on every host.</p>") != std::string::npos);
  std::string md = render_markdown(rep);
  CHECK(md.find("Remediation: Run `wusa.exe KB4493471.msu` then reboot.") != std::string::npos);
  CHECK(md.find("Check `os.build` on every host.") != std::string::npos);
  CHECK(md.find("\\`") == std::string::npos);
}

TEST_CASE("rulebook: the gate's settings and every waiver with rule, hosts, reason, expiry and state") {
  auto s = make_sample(Scenario::kFailing);
  Rulebook book{s.policies, s.rules, "0.1.0"};
  book.config_path = "edict.toml";
  book.settings.fail_on = Level::kHigh;
  book.settings.unknown = UnknownMode::kWarn;
  Waiver active;
  active.rule = "windows.server2008.esu.air_gapped";
  active.hosts = {"legacy-db-*"};
  active.reason = "Vendor link | change 4411";
  active.approved_by = "ciso@example.com";
  active.expires = days_from_civil(2027, 3, 31);
  Waiver expired = active;
  expired.rule = "windows.hygiene.*";
  expired.hosts.clear();
  expired.expires = days_from_civil(2026, 1, 1);
  book.waivers = {active, expired};
  book.today = days_from_civil(2026, 11, 21);
  std::string md = render_rulebook_markdown(book);
  CHECK(md.find("## Gate\n\n- Config: `edict.toml`\n- fail_on: `high`: mandatory rules of severity high or above gate") !=
        std::string::npos);
  CHECK(md.find("- unknown: `warn`: a gating rule the host gave no facts for is reported only") != std::string::npos);
  CHECK(md.find("| `windows.server2008.esu.air_gapped` | `legacy-db-*` | Vendor link \\| change 4411 | ciso@example.com | "
                "2027-03-31 | active |") != std::string::npos);
  CHECK(md.find("| `windows.hygiene.*` | every host |") != std::string::npos);
  CHECK(md.find("| 2026-01-01 | expired (no longer applies) |") != std::string::npos);
  CHECK(md.find("## Gate") < md.find("## Policy"));
  std::string html = render_rulebook_html(book);
  CHECK(html.find("<code id=\"fail-on\">high</code>") != std::string::npos);
  CHECK(html.find("<code id=\"unknown-mode\">warn</code>") != std::string::npos);
  CHECK(html.find("<td><code>windows.server2008.esu.air_gapped</code></td><td><code>legacy-db-*</code></td>") !=
        std::string::npos);
  CHECK(html.find("<section id=\"gate-settings\">") < html.find("<section class=\"policy\""));
  Rulebook none{s.policies, s.rules, "0.1.0"};
  CHECK(render_rulebook_markdown(none).find("- Config: none (the defaults)\n- fail_on: `info`") != std::string::npos);
  CHECK(render_rulebook_markdown(none).find("No waivers.") != std::string::npos);
}
