// Fleet markdown and html (see fleet_pages.h). Every string from a host or a policy
// goes through report/escape.h, as in the single-host pages.
#include "report/fleet_pages.h"

#include <algorithm>

#include "report/escape.h"

namespace edict::report {

namespace {

constexpr Outcome kOutcomes[] = {Outcome::kPass, Outcome::kFail, Outcome::kUnknown,
                                 Outcome::kError, Outcome::kSkip, Outcome::kWaived};

bool listed(const RuleEntry& r) { return r.outcome != Outcome::kPass && r.outcome != Outcome::kSkip; }

// Rules by the number of hosts they fail on, most first; only rules failing somewhere.
std::vector<size_t> most_failing(const FleetSummary& s) {
  std::vector<size_t> out;
  for (size_t i = 0; i < s.rule_counts.size(); ++i)
    if (s.rule_counts[i][static_cast<size_t>(Outcome::kFail)] > 0) out.push_back(i);
  std::stable_sort(out.begin(), out.end(), [&](size_t a, size_t b) { return s.rule_counts[a][1] > s.rule_counts[b][1]; });
  if (out.size() > FleetSummary::kTopListed) out.resize(FleetSummary::kTopListed);
  return out;
}

// What a non-passing rule says beyond its outcome: the error, the missing facts, the waiver.
std::string rule_note(const RuleEntry& r) {
  std::string note;
  if (!r.error.empty()) note = r.error;
  if (!r.missing_facts.empty()) {
    note = "missing facts:";
    for (const auto& m : r.missing_facts) note += " " + m;
  }
  if (r.waiver) note = (r.waiver->state == WaiverState::kExpired ? "waiver expired: " : "waived: ") + r.waiver->reason;
  return note;
}

// The single-host html's <head> (its stylesheet), retitled: one look for both pages.
std::string html_head() {
  Report empty;
  std::string page = render_html(empty);
  std::string head = page.substr(0, page.find("<body>") + std::string("<body>\n").size());
  const std::string old_title = "<title>Edict audit report</title>";
  size_t at = head.find(old_title);
  if (at != std::string::npos) head.replace(at, old_title.size(), "<title>Edict fleet report</title>");
  return head;
}

const char* gate_badge(FleetGate g) {
  switch (g) {
    case FleetGate::kPass: return "o-pass";
    case FleetGate::kFail: return "o-fail";
    case FleetGate::kBlocked: return "o-unknown";
    case FleetGate::kError: return "o-error";
  }
  return "o-error";
}

}  // namespace

std::string markdown_host_section(const FleetHost& h, const Report& report) {
  std::string out = "## Host " + md_code(h.name) + ": " + fleet_gate_name(h.gate) + "\n\n";
  out += "- Source: " + md_code(h.source) + "\n";
  if (h.error) out += "- Not evaluated: error[" + h.error->code + "]: " + md_escape(h.error->message) + "\n";
  else out += "- " + md_escape(summary_line(report.summary)) + "\n";
  out += "\n";
  if (h.error) return out;
  for (const auto& r : report.rules) {
    if (!listed(r)) continue;
    out += "- **" + std::string(outcome_name(r.outcome)) + "** " + md_code(r.info.id) + ": " + md_escape(r.info.title);
    std::string note = rule_note(r);
    if (!note.empty()) out += " (" + md_escape(note) + ")";
    out += "\n";
    if (r.explanation) {
      std::string text = render_explanation_text(*r.explanation, 0);
      std::string fence = md_fence(text);
      out += "\n  " + fence + "text\n";
      std::string body = md_block_text(text);
      size_t start = 0;
      while (start < body.size()) {
        size_t end = body.find('\n', start);
        if (end == std::string::npos) end = body.size();
        out += "  " + body.substr(start, end - start) + "\n";
        start = end + 1;
      }
      out += "  " + fence + "\n\n";
    }
  }
  return out + "\n";
}

std::string render_fleet_markdown(const FleetContext& context, const FleetSummary& summary,
                                  const std::vector<std::string>& sections) {
  std::string out = "# Edict fleet report\n\n| | |\n|---|---|\n";
  out += "| Hosts | " + std::to_string(summary.hosts) + " |\n";
  out += "| Time | " + md_escape(context.generated_at) + " |\n";
  out += "| Tool | edict " + md_escape(context.tool_version) + " |\n";
  out += "| Policy set | " + md_cell_code(context.policy_digest) + ", " + std::to_string(context.rules.size()) + " rules |\n";
  if (context.refused_other_policy_set > 0)
    out += "| Refused | " + std::to_string(context.refused_other_policy_set) +
           " reports from another policy set (counted as error hosts) |\n";
  out += "| Gate | **" + std::string(fleet_gate_name(summary.gate())) + "** (exit " + std::to_string(summary.exit_code()) +
         ") |\n\n";
  out += "## Hosts per gate\n\n| pass | fail | blocked | error |\n|---:|---:|---:|---:|\n";
  for (FleetGate g : {FleetGate::kPass, FleetGate::kFail, FleetGate::kBlocked, FleetGate::kError})
    out += "| " + std::to_string(summary.gate_count(g)) + " ";
  out += "|\n\n## Rules failing on most hosts\n\n";
  auto failing = most_failing(summary);
  if (failing.empty()) out += "No rule fails on any host.\n\n";
  else {
    out += "| rule | title | fail | unknown | error | waived |\n|---|---|---:|---:|---:|---:|\n";
    for (size_t i : failing) {
      const auto& c = summary.rule_counts[i];
      out += "| " + md_cell_code(context.rules[i].id) + " | " + md_escape(context.rules[i].title) + " | " +
             std::to_string(c[1]) + " | " + std::to_string(c[2]) + " | " + std::to_string(c[3]) + " | " +
             std::to_string(c[5]) + " |\n";
    }
    out += "\n";
  }
  out += "## Worst hosts\n\n";
  if (summary.worst.empty()) out += "Every host passes.\n\n";
  else {
    out += "| host | source | gate | fail | unknown or error |\n|---|---|---|---:|---:|\n";
    for (const auto& w : summary.worst)
      out += "| " + md_cell_code(w.name) + " | " + md_cell_code(w.source) + " | " + fleet_gate_name(w.gate) + " | " +
             std::to_string(w.fails) + " | " + std::to_string(w.blocking) + " |\n";
    out += "\n";
  }
  out += "## Rule outcomes across hosts\n\n| rule | pass | fail | unknown | error | skip | waived |\n"
         "|---|---:|---:|---:|---:|---:|---:|\n";
  for (size_t i = 0; i < context.rules.size() && i < summary.rule_counts.size(); ++i) {
    out += "| " + md_cell_code(context.rules[i].id);
    for (Outcome o : kOutcomes) out += " | " + std::to_string(summary.rule_counts[i][static_cast<size_t>(o)]);
    out += " |\n";
  }
  out += "\n";
  for (const auto& s : sections) out += s;
  return out;
}

std::string html_host_section(const FleetHost& h, const Report& report) {
  std::string gate = fleet_gate_name(h.gate);
  std::string out = "<details class=\"host\" data-gate=\"" + gate + "\"><summary><span class=\"badge " +
                    gate_badge(h.gate) + "\">" + gate + "</span> <strong>" + xml_escape(h.name) + "</strong>";
  if (h.source != h.name) out += " <span class=\"meta\">" + xml_escape(h.source) + "</span>";
  if (h.error)
    out += " error[" + xml_escape(h.error->code) + "]: " + xml_escape(h.error->message) + "</summary></details>\n";
  else
    out += " " + xml_escape(summary_line(report.summary)) + "</summary>\n";
  if (h.error) return out;
  for (const auto& r : report.rules) {
    if (!listed(r)) continue;
    std::string o = outcome_name(r.outcome);
    out += "<p><span class=\"badge o-" + o + "\">" + o + "</span> <code>" + xml_escape(r.info.id) + "</code>: " +
           xml_escape(r.info.title);
    std::string note = rule_note(r);
    if (!note.empty()) out += " (" + xml_escape(note) + ")";
    out += "</p>\n";
    if (r.explanation) out += "<pre>" + xml_escape(render_explanation_text(*r.explanation, 0)) + "</pre>\n";
  }
  return out + "</details>\n";
}

std::string render_fleet_html(const FleetContext& context, const FleetSummary& summary,
                              const std::vector<std::string>& sections) {
  std::string gate = fleet_gate_name(summary.gate());
  std::string out = html_head();
  out += "<h1>Edict fleet report</h1>\n<table class=\"about\">\n";
  out += "<tr><th>Hosts</th><td id=\"hosts\">" + std::to_string(summary.hosts) + "</td></tr>\n";
  out += "<tr><th>Time</th><td>" + xml_escape(context.generated_at) + "</td></tr>\n";
  out += "<tr><th>Tool</th><td>edict " + xml_escape(context.tool_version) + "</td></tr>\n";
  out += "<tr><th>Policy set</th><td><code>" + xml_escape(context.policy_digest) + "</code>, " +
         std::to_string(context.rules.size()) + " rules</td></tr>\n";
  if (context.refused_other_policy_set > 0)
    out += "<tr><th>Refused</th><td id=\"refused\">" + std::to_string(context.refused_other_policy_set) +
           " reports from another policy set (counted as error hosts)</td></tr>\n";
  out += "<tr><th>Gate</th><td id=\"gate\" class=\"gate-" + gate + "\" data-exit-code=\"" +
         std::to_string(summary.exit_code()) + "\"><strong>" + gate + "</strong> (exit " +
         std::to_string(summary.exit_code()) + ")</td></tr>\n</table>\n";
  out += "<h2>Hosts per gate</h2>\n<table class=\"summary\">\n<tr>";
  const FleetGate gates[] = {FleetGate::kPass, FleetGate::kFail, FleetGate::kBlocked, FleetGate::kError};
  for (FleetGate g : gates) out += std::string("<th>") + fleet_gate_name(g) + "</th>";
  out += "</tr>\n<tr>";
  for (FleetGate g : gates)
    out += std::string("<td class=\"count\" id=\"hosts-") + fleet_gate_name(g) + "\">" +
           std::to_string(summary.gate_count(g)) + "</td>";
  out += "</tr>\n</table>\n<h2>Rules failing on most hosts</h2>\n";
  auto failing = most_failing(summary);
  if (failing.empty()) out += "<p>No rule fails on any host.</p>\n";
  else {
    out += "<table class=\"failing\">\n<tr><th>rule</th><th>title</th><th>fail</th><th>unknown</th><th>error</th>"
           "<th>waived</th></tr>\n";
    for (size_t i : failing) {
      const auto& c = summary.rule_counts[i];
      out += "<tr><td><code>" + xml_escape(context.rules[i].id) + "</code></td><td>" + xml_escape(context.rules[i].title) +
             "</td><td class=\"count\">" + std::to_string(c[1]) + "</td><td class=\"count\">" + std::to_string(c[2]) +
             "</td><td class=\"count\">" + std::to_string(c[3]) + "</td><td class=\"count\">" + std::to_string(c[5]) +
             "</td></tr>\n";
    }
    out += "</table>\n";
  }
  out += "<h2>Worst hosts</h2>\n";
  if (summary.worst.empty()) out += "<p>Every host passes.</p>\n";
  else {
    out += "<table class=\"worst\">\n<tr><th>host</th><th>source</th><th>gate</th><th>fail</th><th>unknown or error</th></tr>\n";
    for (const auto& w : summary.worst)
      out += "<tr><td>" + xml_escape(w.name) + "</td><td>" + xml_escape(w.source) + "</td><td>" + fleet_gate_name(w.gate) +
             "</td><td class=\"count\">" + std::to_string(w.fails) + "</td><td class=\"count\">" +
             std::to_string(w.blocking) + "</td></tr>\n";
    out += "</table>\n";
  }
  out += "<h2>Hosts</h2>\n<p class=\"meta\">In input order; open a host to see the rules it does not pass.</p>\n";
  for (const auto& s : sections) out += s;
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace edict::report
