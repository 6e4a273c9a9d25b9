// The markdown format (audit report) and the markdown rulebook of `edict doc`: what an
// auditor reads. Every policy and rule with its metadata and the requirement as written;
// in the report also the outcome, the evidence and any waiver. Every string from a host
// or a policy goes through report/escape.h: md_escape for text, md_code for code,
// md_cell_code in a table, md_block_text in a fence.
#include "report/escape.h"
#include "report/inline_code.h"
#include "report/rulebook_gate.h"
#include "report/formats.h"

namespace edict::report {

namespace {

std::string paragraphs(const std::string& text) {
  // Blank lines separate paragraphs; single newlines inside one are spaces.
  std::string out, current;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (line.find_first_not_of(" \t\r") == std::string::npos) {
      if (!current.empty()) out += md_inline(current) + "\n\n";
      current.clear();
    } else {
      current += (current.empty() ? "" : " ") + line.substr(line.find_first_not_of(" \t"));
    }
    start = end + 1;
  }
  if (!current.empty()) out += md_inline(current) + "\n\n";
  return out;
}

std::string code_block(const std::string& text) {
  std::string fence = md_fence(text);
  std::string body = md_block_text(text);
  if (!body.empty() && body.back() != '\n') body += '\n';
  return fence + "text\n" + body + fence + "\n\n";
}

std::string join_code(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + md_code(items[i]);
  return out;
}

// Table cells: the escapes keep `|` from ending the cell and a newline from ending the row.
std::string cell(const std::string& text) { return md_escape(text); }
std::string cell_code(const std::string& text) { return md_cell_code(text); }

std::string location(const SourceLocation& loc) {
  return md_code(loc.path + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.column));
}

std::string policy_header(const PolicyInfo& p) {
  std::string out = "## Policy " + md_code(p.id) + ": " + md_escape(p.title) + "\n\n";
  out += "- Severity: " + std::string(level_name(p.severity)) + "; enforcement: " + enforcement_name(p.enforcement) + "\n";
  if (!p.tags.empty()) out += "- Tags: " + join_code(p.tags) + "\n";
  if (!p.refs.empty()) out += "- References: " + join_code(p.refs) + "\n";
  out += "- Applies when: " + (p.when_text.empty() ? std::string("always") : md_code(p.when_text)) + "\n";
  out += "- Source: " + location(p.location) + "\n\n";
  out += paragraphs(p.description);
  return out;
}

// The rule's metadata and requirements; shared by the rulebook and the audit report.
std::string rule_body(const RuleInfo& r, const PolicyInfo* policy) {
  std::string out;
  out += "- Severity: " + std::string(level_name(r.severity)) + "; enforcement: " + enforcement_name(r.enforcement) + "\n";
  if (!r.tags.empty()) out += "- Tags: " + join_code(r.tags) + "\n";
  if (!r.refs.empty()) out += "- References: " + join_code(r.refs) + "\n";
  if (!r.when_text.empty()) out += "- Applies when: " + md_code(r.when_text) + "\n";
  out += "- Source: " + location(r.location) + "\n\n";
  if (!r.description.empty() && (!policy || r.description != policy->description)) out += paragraphs(r.description);
  out += "Requirement" + std::string(r.require_texts.size() == 1 ? "" : "s (all must hold)") + ":\n\n";
  std::string reqs;
  for (const auto& req : r.require_texts) reqs += "require " + req + "\n";
  out += code_block(reqs);
  if (!r.remediation.empty()) out += "Remediation: " + md_inline(r.remediation) + "\n\n";
  return out;
}

std::string upper(const char* s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string rule_result(const RuleEntry& r) {
  std::string out = "Outcome: **" + std::string(outcome_name(r.outcome)) + "**" +
                    (r.gating ? " (gating)" : " (does not gate)") + (r.blocks ? "; this rule decides the gate" : "") +
                    "\n\n";
  if (!r.error.empty()) out += "Error: " + md_escape(r.error) + "\n\n";
  if (!r.missing_facts.empty()) out += "Missing facts: " + join_code(r.missing_facts) + "\n\n";
  if (r.explanation) out += "Explanation:\n\n" + code_block(render_explanation_text(*r.explanation, 0));
  if (!r.evidence.empty()) {
    out += "Evidence:\n\n| fact | value | source | collected at |\n|---|---|---|---|\n";
    for (const auto& ev : r.evidence)
      out += "| " + cell_code(ev.path) + " | " + (ev.value ? cell_code(*ev.value) : std::string("*unknown*")) + " | " +
             (ev.source.empty() ? std::string("-") : cell(ev.source)) + " | " +
             (ev.collected_at.empty() ? std::string("-") : cell(ev.collected_at)) + " |\n";
    out += "\n";
  }
  if (r.waiver) {
    const auto& w = *r.waiver;
    out += std::string(w.state == WaiverState::kExpired ? "Expired waiver (no longer applies)" : "Waiver") + ": " +
           md_escape(w.reason) + "\n\n";
    out += "- Pattern: " + md_code(w.pattern) + "\n";
    if (!w.approved_by.empty()) out += "- Approved by: " + md_escape(w.approved_by) + "\n";
    out += "- Expires: " + (w.expires.empty() ? std::string("never") : md_escape(w.expires)) + " (" + waiver_state_name(w.state) +
           ")\n- Declared at: " + location(w.location) + "\n\n";
  }
  return out;
}

}  // namespace

std::string render_markdown(const Report& report) {
  std::string out = "# Edict audit report\n\n| | |\n|---|---|\n";
  out += "| Host | " + (report.host ? cell_code(*report.host) : std::string("*unknown*")) + " |\n";
  out += "| Time | " + cell(report.generated_at) + " |\n";
  out += "| Tool | edict " + cell(report.tool_version) + " |\n";
  out += "| Config | " + (report.config_path.empty() ? std::string("*none*") : cell_code(report.config_path)) +
         "; fail_on = " + level_name(report.settings.fail_on) + ", unknown = " + unknown_mode_name(report.settings.unknown) +
         " |\n";
  out += "| Gate | **" + std::string(gate_name(report.summary.gate)) + "** (exit " +
         std::to_string(report.summary.exit_code) + ") |\n\n";
  out += "## Summary\n\n| total | pass | fail | unknown | error | skip | waived |\n|---:|---:|---:|---:|---:|---:|---:|\n";
  out += "| " + std::to_string(report.summary.total);
  for (Outcome o : {Outcome::kPass, Outcome::kFail, Outcome::kUnknown, Outcome::kError, Outcome::kSkip, Outcome::kWaived})
    out += " | " + std::to_string(report.summary.count(o));
  out += " |\n\n";
  if (!report.warnings.empty()) {
    out += "## Warnings\n\n";
    for (const auto& w : report.warnings) out += "- " + w.code + ": " + md_inline(w.message) + "\n";
    out += "\n";
  }
  for (size_t i = 0; i < report.policies.size(); ++i) {
    out += policy_header(report.policies[i]);
    for (const auto& r : report.rules) {
      if (r.info.policy_index != i) continue;
      out += "### " + upper(outcome_name(r.outcome)) + " " + md_code(r.info.id) + ": " + md_escape(r.info.title) + "\n\n";
      out += rule_body(r.info, &report.policies[i]);
      out += rule_result(r);
    }
  }
  return out;
}

std::string render_rulebook_markdown(const Rulebook& book) {
  std::string out = "# Edict rulebook\n\n";
  out += std::to_string(book.policies.size()) + (book.policies.size() == 1 ? " policy, " : " policies, ") +
         std::to_string(book.rules.size()) + (book.rules.size() == 1 ? " rule" : " rules") +
         ". Each rule holds only where its policy's (and its own) `when` holds; a rule passes when every "
         "requirement holds, and a fact the host did not provide makes it unknown, never pass.\n\n";
  out += rulebook_gate_markdown(book);
  for (size_t i = 0; i < book.policies.size(); ++i) {
    out += policy_header(book.policies[i]);
    for (const auto& r : book.rules) {
      if (r.policy_index != i) continue;
      out += "### " + md_code(r.id) + ": " + md_escape(r.title) + "\n\n";
      out += rule_body(r, &book.policies[i]);
    }
  }
  return out;
}

}  // namespace edict::report
