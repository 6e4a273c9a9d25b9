// Issue 17: the HTML report and the HTML rulebook in headless Chromium at 1280 and 390
// pixels wide. A measuring script is added to a copy of each page (the pages themselves
// have no script) and writes what it measured into the DOM, which --dump-dom returns:
// the verdict and the failure list start on the first screen, the summary is above the
// first rule, the list holds every failure, nothing scrolls the page sideways, and an
// explanation's requirement and caret lines do not wrap while a long value wraps beside
// its carets. Screenshots are written for a person to look at (path printed).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "report/formats.h"
#include "report/time_util.h"
#include "sample.h"

using namespace edict;
using namespace edict::report;
using edict::testing::make_sample;
using edict::testing::Scenario;
using nlohmann::json;

namespace {

namespace fs = std::filesystem;

// Longer than Chromium needs to start, load a local file and lay it out on a loaded CI
// machine; a hang fails the test instead of stalling the suite.
constexpr int kChromiumTimeoutSeconds = 120;
constexpr int kScreenHeight = 844;  // a phone's first screen is the shorter one

constexpr const char* kMeasure = R"js(<script>
(function () {
  var r = {vw: window.innerWidth, vh: window.innerHeight};
  function top(sel) { var e = document.querySelector(sel); return e ? e.getBoundingClientRect().top + window.scrollY : -1; }
  r.verdict = top('#verdict'); r.summary = top('#summary'); r.failures = top('#failures');
  r.firstRule = top('section.rule'); r.gateSettings = top('#gate-settings');
  r.listed = Array.prototype.map.call(document.querySelectorAll('li.failure'), function (li) { return li.getAttribute('data-rule'); });
  r.scrollWidth = document.documentElement.scrollWidth;
  var unwrapped = true, aligned = true, wrapped = false, rows = 0;
  document.querySelectorAll('div.explanation').forEach(function (d) {
    var ls = d.querySelectorAll('.l'); if (!ls.length) return;
    var h = ls[0].getBoundingClientRect().height, left = ls[0].getBoundingClientRect().left;
    ls.forEach(function (l) { if (l.getBoundingClientRect().height > h * 1.5) unwrapped = false; });
    d.querySelectorAll('.row').forEach(function (row) {
      ++rows;
      var b = row.querySelector('.bars').getBoundingClientRect(), v = row.querySelector('.val').getBoundingClientRect();
      if (Math.abs(b.left - left) > 1 || Math.abs(v.left - b.right) > 1) aligned = false;
      if (v.height > h * 1.5) wrapped = true;
    });
  });
  r.linesUnwrapped = unwrapped; r.valuesAligned = aligned; r.someValueWrapped = wrapped; r.rows = rows;
  var out = window.parent.document;  // the page runs in an iframe of the width under test
  var pre = out.createElement('pre'); pre.id = 'measure'; pre.textContent = JSON.stringify(r);
  out.body.appendChild(pre);
})();
</script>
)js";

std::string run(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  ::pclose(pipe);
  return out;
}

fs::path work_dir() {
  fs::path dir = fs::temp_directory_path() / ("edict-html-browser-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

std::string chromium(const std::string& args) {
  char profile[] = "/tmp/edict-chromium-XXXXXX";
  if (!::mkdtemp(profile)) return {};
  std::string out = run("timeout " + std::to_string(kChromiumTimeoutSeconds) +
                        " chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
                        "--disable-background-networking --disable-component-update --disable-sync --hide-scrollbars "
                        "--user-data-dir=" + std::string(profile) + " " + args + " 2>/dev/null");
  fs::remove_all(profile);
  return out;
}

std::string attribute_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '&') out += "&amp;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

// Loads `html` at `width` with the measuring script; the measurements as JSON. Headless
// Chromium will not make its window narrower than 500 px, so the page runs in an
// iframe (srcdoc: same origin as its parent) exactly `width` px wide, and the script
// writes into the parent, which --dump-dom returns.
json measure(const std::string& html, const std::string& name, int width) {
  std::string page = html;
  page.insert(page.rfind("</body>"), kMeasure);
  std::string wrapper = "<!DOCTYPE html><html><body style=\"margin:0\"><iframe style=\"border:0;display:block\" width=\"" +
                        std::to_string(width) + "\" height=\"" + std::to_string(kScreenHeight) + "\" srcdoc=\"" +
                        attribute_escape(page) + "\"></iframe></body></html>";
  fs::path path = work_dir() / (name + "-measure.html");
  std::ofstream(path) << wrapper;
  std::string dom = chromium("--window-size=" + std::to_string(width + 200) + "," + std::to_string(kScreenHeight + 200) +
                             " --dump-dom 'file://" + path.string() + "'");
  size_t start = dom.find("<pre id=\"measure\">");
  size_t end = start == std::string::npos ? start : dom.find("</pre>", start);
  if (end == std::string::npos) return json();
  start += std::string("<pre id=\"measure\">").size();
  return json::parse(dom.substr(start, end - start), nullptr, false);
}

std::string screenshot(const std::string& html, const std::string& name, int width) {
  fs::path page = work_dir() / (name + ".html");
  std::ofstream(page) << html;
  fs::path png = work_dir() / (name + "-" + std::to_string(width) + ".png");
  chromium("--window-size=" + std::to_string(width) + "," + std::to_string(kScreenHeight) + " --screenshot=" +
           png.string() + " 'file://" + page.string() + "'");
  return png.string();
}

bool have_chromium() {
  if (std::system("command -v chromium >/dev/null 2>&1") == 0) return true;
  WARN("chromium is not installed: skipping the browser check (scripts/bootstrap installs it)");
  return false;
}

Report failing_report() {
  auto s = make_sample(Scenario::kFailing);
  Config config;
  config.gate.fail_on = Level::kHigh;
  BuildInput in{&s.policies, &s.rules, &s.results, &s.facts, &config, *parse_timestamp("2026-11-21T10:00:00Z"), "0.1.0"};
  Report rep = build_report(in);
  // A long value (a package list) under a short requirement: it must wrap beside its caret.
  std::string packages;
  for (int i = 0; i < 40; ++i) packages += (i ? ", " : "[") + std::string("\"libexample-component-") + std::to_string(i) + "\"";
  rep.rules[0].explanation->values[0].value = packages + "]";
  return rep;
}

}  // namespace

TEST_CASE("html in Chromium: the report opens with the verdict and every failure, at 1280 and 390 px", "[browser]") {
  if (!have_chromium()) return;
  Report rep = failing_report();
  std::set<std::string> failures;
  for (const auto& r : rep.rules)
    if (r.outcome == Outcome::kFail || r.outcome == Outcome::kUnknown || r.outcome == Outcome::kError) failures.insert(r.info.id);
  REQUIRE(failures.size() == 3);
  std::string html = render_html(rep);
  for (int width : {1280, 390}) {
    INFO("width " << width);
    json m = measure(html, "report-" + std::to_string(width), width);
    REQUIRE(m.is_object());
    CHECK(m["vw"] == width);
    CHECK(m["verdict"].get<double>() >= 0);
    CHECK(m["verdict"].get<double>() < kScreenHeight);
    CHECK(m["summary"].get<double>() < m["firstRule"].get<double>());
    CHECK(m["failures"].get<double>() < kScreenHeight);  // the list starts on the first screen
    CHECK(m["failures"].get<double>() < m["firstRule"].get<double>());
    std::set<std::string> listed;
    for (const auto& id : m["listed"]) listed.insert(id.get<std::string>());
    CHECK(listed == failures);
    CHECK(m["scrollWidth"].get<int>() <= width);  // nothing pushes the page sideways
    CHECK(m["rows"].get<int>() > 0);
    CHECK(m["linesUnwrapped"] == true);
    CHECK(m["valuesAligned"] == true);
    CHECK(m["someValueWrapped"] == true);  // the long package list wrapped, beside its carets
    std::string png = screenshot(html, "report", width);
    CHECK(fs::file_size(png) > 0);
    WARN("screenshot for a person to look at: " << png);
  }
}

TEST_CASE("html in Chromium: the rulebook states the gate above the rules, at 1280 and 390 px", "[browser]") {
  if (!have_chromium()) return;
  auto s = make_sample(Scenario::kFailing);
  Rulebook book{s.policies, s.rules, "0.1.0"};
  book.config_path = "edict.toml";
  book.settings.fail_on = Level::kHigh;
  Waiver w;
  w.rule = "windows.server2008.esu.air_gapped";
  w.hosts = {"legacy-db-*"};
  w.reason = "Vendor support link until the migration (change 4411)";
  w.approved_by = "ciso@example.com";
  w.expires = days_from_civil(2027, 3, 31);
  book.waivers = {w};
  book.today = days_from_civil(2026, 11, 21);
  std::string html = render_rulebook_html(book);
  for (int width : {1280, 390}) {
    INFO("width " << width);
    json m = measure(html, "rulebook-" + std::to_string(width), width);
    REQUIRE(m.is_object());
    CHECK(m["gateSettings"].get<double>() >= 0);
    CHECK(m["gateSettings"].get<double>() < m["firstRule"].get<double>());
    CHECK(m["scrollWidth"].get<int>() <= width);
    std::string png = screenshot(html, "rulebook", width);
    CHECK(fs::file_size(png) > 0);
    WARN("screenshot for a person to look at: " << png);
  }
}
