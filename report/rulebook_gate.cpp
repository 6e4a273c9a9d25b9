// See rulebook_gate.h.
#include "report/rulebook_gate.h"

#include "report/escape.h"
#include "report/inline_code.h"
#include "report/time_util.h"

namespace edict::report {

namespace {

struct Row {
  std::string state;  // "active", "expiring", "expired (no longer applies)", "never expires"
  std::string expires;
};

Row row_of(const Waiver& w, int64_t today) {
  if (!w.expires) return {"active", "never"};
  std::string date = format_date(*w.expires);
  if (*w.expires < today) return {"expired (no longer applies)", date};
  if (*w.expires - today <= kWaiverWarnDays) return {"expiring", date};
  return {"active", date};
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out;
}

std::string fail_on_sentence(const GateSettings& s) {
  return std::string("mandatory rules of severity ") + level_name(s.fail_on) +
         " or above gate; advisory rules, and rules below it, are reported only";
}

std::string unknown_sentence(const GateSettings& s) {
  return s.unknown == UnknownMode::kFail ? "a gating rule the host gave no facts for blocks the gate (exit 3)"
                                         : "a gating rule the host gave no facts for is reported only";
}

}  // namespace

std::string rulebook_gate_markdown(const Rulebook& book) {
  std::string out = "## Gate\n\n";
  out += "- Config: " + (book.config_path.empty() ? std::string("none (the defaults)") : md_code(book.config_path)) + "\n";
  out += "- fail_on: `" + std::string(level_name(book.settings.fail_on)) + "`: " + fail_on_sentence(book.settings) + "\n";
  out += "- unknown: `" + std::string(unknown_mode_name(book.settings.unknown)) + "`: " + unknown_sentence(book.settings) +
         "\n\n";
  out += "### Waivers\n\n";
  if (book.waivers.empty()) return out + "No waivers.\n\n";
  out += "| rule | hosts | reason | approved by | expires | state |\n|---|---|---|---|---|---|\n";
  for (const auto& w : book.waivers) {
    Row row = row_of(w, book.today);
    std::vector<std::string> hosts;
    for (const auto& h : w.hosts) hosts.push_back(md_cell_code(h));
    out += "| " + md_cell_code(w.rule) + " | " + (hosts.empty() ? std::string("every host") : join(hosts)) + " | " +
           md_escape(w.reason) + " | " + (w.approved_by.empty() ? std::string("-") : md_escape(w.approved_by)) + " | " +
           row.expires + " | " + row.state + " |\n";
  }
  return out + "\n";
}

std::string rulebook_gate_html(const Rulebook& book) {
  std::string out = "<section id=\"gate-settings\">\n<h2>Gate</h2>\n<ul>\n";
  out += "<li>Config: " +
         (book.config_path.empty() ? std::string("none (the defaults)") : "<code>" + xml_escape(book.config_path) + "</code>") +
         "</li>\n";
  out += "<li>fail_on: <code id=\"fail-on\">" + std::string(level_name(book.settings.fail_on)) + "</code>: " +
         fail_on_sentence(book.settings) + "</li>\n";
  out += "<li>unknown: <code id=\"unknown-mode\">" + std::string(unknown_mode_name(book.settings.unknown)) + "</code>: " +
         unknown_sentence(book.settings) + "</li>\n</ul>\n<h3>Waivers</h3>\n";
  if (book.waivers.empty()) return out + "<p>No waivers.</p>\n</section>\n";
  out += "<table class=\"waivers\">\n<tr><th>rule</th><th>hosts</th><th>reason</th><th>approved by</th><th>expires</th>"
         "<th>state</th></tr>\n";
  for (const auto& w : book.waivers) {
    Row row = row_of(w, book.today);
    std::vector<std::string> hosts;
    for (const auto& h : w.hosts) hosts.push_back("<code>" + xml_escape(h) + "</code>");
    out += "<tr><td><code>" + xml_escape(w.rule) + "</code></td><td>" +
           (hosts.empty() ? std::string("every host") : join(hosts)) + "</td><td>" + html_inline(w.reason) + "</td><td>" +
           (w.approved_by.empty() ? std::string("-") : xml_escape(w.approved_by)) + "</td><td>" + row.expires +
           "</td><td>" + row.state + "</td></tr>\n";
  }
  return out + "</table>\n</section>\n";
}

}  // namespace edict::report
