// The html format (audit report) and the html rulebook: one self-contained file with
// inline CSS, no scripts and no external assets, that reads on screen and prints well.
// All text is HTML-escaped (fact values come from hosts).
#include <array>

#include "report/escape.h"
#include "report/formats.h"
#include "report/gate_view.h"
#include "report/inline_code.h"
#include "report/rulebook_gate.h"

namespace edict::report {

namespace {

constexpr const char* kStyle = R"css(
:root { --fail:#b3261e; --warn:#8a5a00; --ok:#1e6b31; --waived:#255d8a; --muted:#555; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #111; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid #ddd; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .3rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; display: block; max-width: 100%; overflow-x: auto; }
h3 code, li code { overflow-wrap: anywhere; }
table.waivers td code { white-space: nowrap; }
th, td { border: 1px solid #ccc; padding: .25rem .6rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.count { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .9em; }
pre { background: #f6f6f6; border: 1px solid #e3e3e3; padding: .5rem .75rem; white-space: pre-wrap; word-break: break-word; }
.meta { color: var(--muted); margin: .2rem 0; }
.badge { display: inline-block; min-width: 4.5rem; text-align: center; font-weight: 600; border-radius: 3px; padding: 0 .4rem; color: #fff; background: #777; }
.o-fail { background: var(--fail); } .o-error, .o-unknown { background: var(--warn); }
.o-pass { background: var(--ok); } .o-waived { background: var(--waived); } .o-skip { background: #888; }
.gate-fail { color: var(--fail); } .gate-blocked { color: var(--warn); } .gate-pass { color: var(--ok); }
section.rule { border-left: 4px solid #ddd; padding-left: .8rem; margin-bottom: 1rem; page-break-inside: avoid; break-inside: avoid; }
section.rule.fail { border-color: var(--fail); } section.rule.error, section.rule.unknown { border-color: var(--warn); }
section.rule.waived { border-color: var(--waived); } section.rule.pass { border-color: var(--ok); }
.waiver { background: #eef4fa; border: 1px solid #c9dbeb; padding: .4rem .7rem; }
.waiver.expired { background: #fbeeee; border-color: #e6c3c1; }
.verdict { font-size: 1.2rem; margin: .4rem 0 1rem; padding: .5rem .8rem; border: 2px solid currentColor; border-radius: 4px; }
ol.failures { padding-left: 1.4rem; } ol.failures > li { margin-bottom: .8rem; }
.not-gating { color: var(--muted); }
nav#toc ul { padding-left: 1.2rem; }
/* An explanation keeps its carets under the requirement: the requirement and the caret
   lines never wrap (the box scrolls sideways instead); a value wraps inside its own
   column, to the right of the carets that point at it. */
div.explanation { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .9em; background: #f6f6f6; border: 1px solid #e3e3e3; padding: .5rem .75rem; overflow-x: auto; }
div.explanation .l { white-space: pre; }
div.explanation .row { display: flex; }
div.explanation .bars { white-space: pre; flex: none; }
div.explanation .val { white-space: pre-wrap; overflow-wrap: anywhere; min-width: 0; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { page-break-before: auto; break-after: avoid; } h3 { break-after: avoid; }
  .badge { color: #000; background: none !important; border: 1px solid #000; }
  pre { white-space: pre-wrap; }
  a { color: inherit; text-decoration: none; }
}
)css";

std::string esc(const std::string& s) { return xml_escape(s); }

std::string code(const std::string& s) { return "<code>" + esc(s) + "</code>"; }

std::string list_code(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + code(items[i]);
  return out;
}

std::string loc(const SourceLocation& l) {
  return code(l.path + ":" + std::to_string(l.line) + ":" + std::to_string(l.column));
}

std::string paragraphs(const std::string& text) {
  std::string out, current;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (line.find_first_not_of(" \t\r") == std::string::npos) {
      if (!current.empty()) out += "<p>" + html_inline(current) + "</p>\n";
      current.clear();
    } else {
      current += (current.empty() ? "" : " ") + line.substr(line.find_first_not_of(" \t"));
    }
    start = end + 1;
  }
  if (!current.empty()) out += "<p>" + html_inline(current) + "</p>\n";
  return out;
}

std::string head(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         esc(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
}

std::string policy_header(const PolicyInfo& p, size_t index) {
  std::string out = "<section class=\"policy\" id=\"policy-" + std::to_string(index) + "\">\n<h2>Policy " + code(p.id) +
                    ": " + esc(p.title) + "</h2>\n<p class=\"meta\">Severity " + level_name(p.severity) +
                    "; enforcement " + enforcement_name(p.enforcement) + "; source " + loc(p.location) + "</p>\n";
  if (!p.tags.empty()) out += "<p class=\"meta\">Tags: " + list_code(p.tags) + "</p>\n";
  if (!p.refs.empty()) out += "<p class=\"meta\">References: " + list_code(p.refs) + "</p>\n";
  out += "<p>Applies when: " + (p.when_text.empty() ? std::string("always") : code(p.when_text)) + "</p>\n";
  out += paragraphs(p.description);
  return out;
}

std::string rule_body(const RuleInfo& r, const PolicyInfo* policy) {
  std::string out = "<p class=\"meta\">Severity " + std::string(level_name(r.severity)) + "; enforcement " +
                    enforcement_name(r.enforcement) + "; source " + loc(r.location) + "</p>\n";
  if (!r.tags.empty()) out += "<p class=\"meta\">Tags: " + list_code(r.tags) + "</p>\n";
  if (!r.refs.empty()) out += "<p class=\"meta\">References: " + list_code(r.refs) + "</p>\n";
  if (!r.when_text.empty()) out += "<p>Applies when: " + code(r.when_text) + "</p>\n";
  if (!r.description.empty() && (!policy || r.description != policy->description)) out += paragraphs(r.description);
  std::string reqs;
  for (const auto& q : r.require_texts) reqs += "require " + q + "\n";
  out += "<p>Requirement" + std::string(r.require_texts.size() == 1 ? "" : "s (all must hold)") + ":</p>\n<pre class=\"requirement\">" +
         esc(reqs) + "</pre>\n";
  if (!r.remediation.empty()) out += "<p>Remediation: " + html_inline(r.remediation) + "</p>\n";
  return out;
}

// The text explanation (render_explanation_text), one block per line: the requirement
// and the caret-only lines as they are; a line that ends in a value split into its caret
// prefix (kept) and the value (which may wrap). See div.explanation in kStyle.
std::string explanation_html(const Explanation& e) {
  std::string text = render_explanation_text(e, 0);
  std::string out = "<div class=\"explanation\">\n";
  size_t start = 0;
  bool first = true;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    size_t value_at = line.find_first_not_of(" |");
    if (first || value_at == std::string::npos) {
      out += "<div class=\"l\">" + (line.empty() ? std::string(" ") : esc(line)) + "</div>\n";
    } else {
      out += "<div class=\"row\"><span class=\"bars\">" + esc(line.substr(0, value_at)) + "</span><span class=\"val\">" +
             esc(line.substr(value_at)) + "</span></div>\n";
    }
    first = false;
  }
  return out + "</div>\n";
}

std::string rule_anchor(const std::string& id) { return "rule-" + esc(id); }

bool is_failure(const RuleEntry& r) {
  return r.outcome == Outcome::kFail || r.outcome == Outcome::kUnknown || r.outcome == Outcome::kError;
}

// The verdict and the list an auditor reads first: every fail, unknown and error, those
// that count against the gate first, each with why (its explanation, error or missing
// facts) and a link to its full entry.
std::string failures_html(const Report& report) {
  std::vector<const RuleEntry*> list;
  for (const auto& r : report.rules)
    if (is_failure(r) && counts_against_gate(r, report.settings)) list.push_back(&r);
  for (const auto& r : report.rules)
    if (is_failure(r) && !counts_against_gate(r, report.settings)) list.push_back(&r);
  std::string out = "<section id=\"failures\">\n<h2>Failures</h2>\n";
  if (list.empty()) return out + "<p>No rule failed, and none is unknown or in error.</p>\n</section>\n";
  out += "<ol class=\"failures\">\n";
  for (const RuleEntry* r : list) {
    std::string o = outcome_name(r->outcome);
    std::string why = why_not_gating(*r, report.settings);
    out += "<li class=\"failure\" data-rule=\"" + esc(r->info.id) + "\"><span class=\"badge o-" + o + "\">" + o +
           "</span> <a href=\"#" + rule_anchor(r->info.id) + "\">" + code(r->info.id) + "</a>: " + esc(r->info.title) +
           (why.empty() ? std::string(" <strong>(gating)</strong>") : " <span class=\"not-gating\">(not gating: " + esc(why) + ")</span>") +
           "\n";
    if (!r->error.empty()) out += "<p>Error: " + esc(r->error) + "</p>\n";
    if (!r->missing_facts.empty()) out += "<p>Missing facts: " + list_code(r->missing_facts) + "</p>\n";
    if (r->explanation) out += explanation_html(*r->explanation);
    if (r->outcome == Outcome::kFail && !r->info.remediation.empty())
      out += "<p>Remediation: " + html_inline(r->info.remediation) + "</p>\n";
    out += "</li>\n";
  }
  return out + "</ol>\n</section>\n";
}

std::string toc_html(const Report& report) {
  std::string out = "<nav id=\"toc\">\n<h2>Contents</h2>\n<ul>\n";
  for (size_t i = 0; i < report.policies.size(); ++i) {
    std::array<int, 6> counts{};
    int total = 0;
    for (const auto& r : report.rules)
      if (r.info.policy_index == i) ++counts[static_cast<size_t>(r.outcome)], ++total;
    std::string tally = std::to_string(total) + (total == 1 ? " rule" : " rules");
    for (Outcome o : {Outcome::kFail, Outcome::kUnknown, Outcome::kError, Outcome::kWaived})
      if (counts[static_cast<size_t>(o)]) tally += ", " + std::to_string(counts[static_cast<size_t>(o)]) + " " + outcome_name(o);
    out += "<li><a href=\"#policy-" + std::to_string(i) + "\">" + code(report.policies[i].id) + "</a>: " +
           esc(report.policies[i].title) + " <span class=\"meta\">(" + tally + ")</span></li>\n";
  }
  return out + "</ul>\n</nav>\n";
}

std::string rule_result(const RuleEntry& r) {
  std::string out = "<p>Outcome: <strong>" + std::string(outcome_name(r.outcome)) + "</strong>" +
                    (r.gating ? " (gating)" : " (does not gate)") + (r.blocks ? "; this rule decides the gate" : "") +
                    "</p>\n";
  if (!r.error.empty()) out += "<p>Error: " + esc(r.error) + "</p>\n";
  if (!r.missing_facts.empty()) out += "<p>Missing facts: " + list_code(r.missing_facts) + "</p>\n";
  if (r.explanation) out += "<p>Explanation:</p>\n" + explanation_html(*r.explanation);
  if (!r.evidence.empty()) {
    out += "<table class=\"evidence\">\n<tr><th>fact</th><th>value</th><th>source</th><th>collected at</th></tr>\n";
    for (const auto& ev : r.evidence)
      out += "<tr><td>" + code(ev.path) + "</td><td>" + (ev.value ? code(*ev.value) : std::string("<em>unknown</em>")) +
             "</td><td>" + esc(ev.source.empty() ? "-" : ev.source) + "</td><td>" +
             esc(ev.collected_at.empty() ? "-" : ev.collected_at) + "</td></tr>\n";
    out += "</table>\n";
  }
  if (r.waiver) {
    const auto& w = *r.waiver;
    bool expired = w.state == WaiverState::kExpired;
    out += "<div class=\"waiver" + std::string(expired ? " expired" : "") + "\"><p><strong>" +
           (expired ? "Expired waiver (no longer applies)" : "Waiver") + ":</strong> " + esc(w.reason) + "</p>\n";
    out += "<p class=\"meta\">Pattern " + code(w.pattern) +
           (w.approved_by.empty() ? "" : "; approved by " + esc(w.approved_by)) + "; expires " +
           (w.expires.empty() ? std::string("never") : esc(w.expires)) + " (" + waiver_state_name(w.state) +
           "); declared at " + loc(w.location) + "</p></div>\n";
  }
  return out;
}

std::string summary_table(const Report& report) {
  std::string out = "<h2 id=\"summary\">Summary</h2>\n<table class=\"summary\">\n<tr><th>total</th>";
  const Outcome order[] = {Outcome::kPass, Outcome::kFail, Outcome::kUnknown, Outcome::kError, Outcome::kSkip, Outcome::kWaived};
  for (Outcome o : order) out += std::string("<th>") + outcome_name(o) + "</th>";
  out += "</tr>\n<tr><td class=\"count\" id=\"count-total\">" + std::to_string(report.summary.total) + "</td>";
  for (Outcome o : order)
    out += std::string("<td class=\"count\" id=\"count-") + outcome_name(o) + "\">" +
           std::to_string(report.summary.count(o)) + "</td>";
  return out + "</tr>\n</table>\n";
}

}  // namespace

std::string render_html(const Report& report) {
  std::string out = head("Edict audit report" + (report.host ? " - " + *report.host : std::string()));
  std::string gate = gate_name(report.summary.gate);
  out += "<h1>Edict audit report</h1>\n";
  int against = 0;
  for (const auto& r : report.rules) against += is_failure(r) && counts_against_gate(r, report.settings);
  out += "<p id=\"verdict\" class=\"verdict gate-" + gate + "\"><strong>Gate " + gate + "</strong> (exit " +
         std::to_string(report.summary.exit_code) + ")" + (report.host ? " for " + esc(*report.host) : std::string()) +
         ": " + std::to_string(against) + (against == 1 ? " rule counts" : " rules count") + " against the gate.</p>\n";
  out += summary_table(report);
  out += failures_html(report);
  out += "<h2>About this run</h2>\n<table class=\"about\">\n";
  out += "<tr><th>Host</th><td id=\"host\">" + (report.host ? esc(*report.host) : std::string("<em>unknown</em>")) + "</td></tr>\n";
  out += "<tr><th>Time</th><td>" + esc(report.generated_at) + "</td></tr>\n";
  out += "<tr><th>Tool</th><td>edict " + esc(report.tool_version) + "</td></tr>\n";
  out += "<tr><th>Config</th><td>" + (report.config_path.empty() ? std::string("<em>none</em>") : code(report.config_path)) +
         "; fail_on = " + level_name(report.settings.fail_on) + ", unknown = " +
         unknown_mode_name(report.settings.unknown) + "</td></tr>\n";
  out += "<tr><th>Gate</th><td id=\"gate\" class=\"gate-" + gate + "\" data-exit-code=\"" +
         std::to_string(report.summary.exit_code) + "\"><strong>" + gate + "</strong> (exit " +
         std::to_string(report.summary.exit_code) + ")</td></tr>\n</table>\n";
  if (!report.warnings.empty()) {
    out += "<h2>Warnings</h2>\n<ul class=\"warnings\">\n";
    for (const auto& w : report.warnings) out += "<li>" + esc(w.code) + ": " + html_inline(w.message) + "</li>\n";
    out += "</ul>\n";
  }
  out += toc_html(report);
  for (size_t i = 0; i < report.policies.size(); ++i) {
    out += policy_header(report.policies[i], i);
    for (const auto& r : report.rules) {
      if (r.info.policy_index != i) continue;
      std::string o = outcome_name(r.outcome);
      out += "<section class=\"rule " + o + "\" id=\"" + rule_anchor(r.info.id) + "\">\n<h3><span class=\"badge o-" + o + "\">" + o + "</span> " +
             code(r.info.id) + ": " + esc(r.info.title) + "</h3>\n";
      out += rule_body(r.info, &report.policies[i]) + rule_result(r) + "</section>\n";
    }
    out += "</section>\n";
  }
  out += "</body>\n</html>\n";
  return out;
}

std::string render_rulebook_html(const Rulebook& book) {
  std::string out = head("Edict rulebook");
  out += "<h1>Edict rulebook</h1>\n<p id=\"counts\">" + std::to_string(book.policies.size()) +
         (book.policies.size() == 1 ? " policy, " : " policies, ") + std::to_string(book.rules.size()) +
         (book.rules.size() == 1 ? " rule" : " rules") +
         ". Each rule holds only where its policy's (and its own) <code>when</code> holds; a rule passes when every "
         "requirement holds, and a fact the host did not provide makes it unknown, never pass.</p>\n";
  out += rulebook_gate_html(book);
  for (size_t i = 0; i < book.policies.size(); ++i) {
    out += policy_header(book.policies[i], i);
    for (const auto& r : book.rules) {
      if (r.policy_index != i) continue;
      out += "<section class=\"rule\">\n<h3>" + code(r.id) + ": " + esc(r.title) + "</h3>\n" +
             rule_body(r, &book.policies[i]) + "</section>\n";
    }
    out += "</section>\n";
  }
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace edict::report
