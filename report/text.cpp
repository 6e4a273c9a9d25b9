// The text format: what a person sees in a terminal or a CI log. One line per
// non-passing rule, its explanation under it, and a summary line that names the gate.
#include <algorithm>

#include "report/escape.h"
#include "report/formats.h"
#include "report/gate_view.h"

namespace edict::report {

namespace {

constexpr const char* kRed = "\033[31m";
constexpr const char* kYellow = "\033[33m";
constexpr const char* kCyan = "\033[36m";
constexpr const char* kGreen = "\033[32m";
constexpr const char* kBold = "\033[1m";
constexpr const char* kReset = "\033[0m";

const char* outcome_color(Outcome o) {
  switch (o) {
    case Outcome::kFail: return kRed;
    case Outcome::kError:
    case Outcome::kUnknown: return kYellow;
    case Outcome::kWaived: return kCyan;
    default: return kGreen;
  }
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// Terminal output must not carry the host's control characters (an ANSI escape in a
// fact value could rewrite the CI log): report/escape.h decides which they are.
std::string clean(std::string_view text) { return terminal_text(text); }

// Multi-line text (a remediation written as a """ string) keeps under its label.
std::string indent_continuation(const std::string& text, const std::string& pad) {
  std::string out;
  for (char ch : text) {
    out += ch;
    if (ch == '\n') out += pad;
  }
  return out;
}

}  // namespace

std::string render_explanation_text(const Explanation& e, size_t indent) {
  std::string pad(indent, ' ');
  std::string out;
  // The clause that decided, as written: `require ...`, or `when ...` when the rule's
  // or its policy's `when` was unknown or an error.
  const std::string prefix = (e.keyword.empty() ? std::string("require") : e.keyword) + " ";
  out += pad + prefix + clean(e.require_text) + "\n";
  // Values whose position is known on the requirement's line get `|` markers under the
  // sub-expression (power-assert style); the rest are listed as `source = value`, those
  // read inside a `def` with the call that reached them.
  std::vector<std::pair<size_t, const TracedValue*>> placed;
  std::vector<const TracedValue*> listed;
  for (const auto& v : e.values) {
    if (v.within.empty() && v.location.line == e.location.line && v.location.column >= e.location.column &&
        e.location.column > 0 && v.location.column - e.location.column < e.require_text.size())
      placed.push_back({v.location.column - e.location.column, &v});
    else
      listed.push_back(&v);
  }
  // Values arrive inner before outer (the trace's order); where two start at one column
  // (`cmdb.names` and `cmdb.names[0]`), the outer one is the value the clause used.
  std::stable_sort(placed.begin(), placed.end(), [](auto& a, auto& b) { return a.first < b.first; });
  std::vector<std::pair<size_t, const TracedValue*>> outer;
  for (const auto& p : placed) {
    if (!outer.empty() && outer.back().first == p.first) outer.back() = p;
    else outer.push_back(p);
  }
  placed = std::move(outer);
  const size_t base = indent + prefix.size();
  auto bars = [&](size_t upto) {
    std::string line(base + (upto ? placed[upto - 1].first + 1 : 0), ' ');
    for (size_t i = 0; i < upto; ++i) line[base + placed[i].first] = '|';
    return line;
  };
  if (!placed.empty()) {
    out += bars(placed.size()) + "\n";
    for (size_t i = placed.size(); i-- > 0;) {
      std::string line = bars(i);
      line.resize(base + placed[i].first, ' ');
      out += line + clean(placed[i].second->value) + "\n";
    }
  }
  // As under the clause, the outer of two values that start at one place is the one
  // used; and a helper that reads one fact twice lists it once.
  auto same_place = [](const TracedValue* a, const TracedValue* b) {
    return a->within == b->within && a->location.line == b->location.line &&
           a->location.column == b->location.column && a->location.path == b->location.path;
  };
  std::vector<const TracedValue*> kept;
  for (const auto* v : listed) {
    auto it = std::find_if(kept.begin(), kept.end(), [&](const TracedValue* k) {
      return same_place(k, v) || (k->within == v->within && k->source == v->source && k->value == v->value);
    });
    if (it == kept.end()) kept.push_back(v);
    else if (same_place(*it, v)) *it = v;
  }
  listed = std::move(kept);
  // The clause's own values first, then each `def` call's, in the order first met.
  std::vector<std::string> calls{""};
  for (const auto* v : listed)
    if (std::find(calls.begin(), calls.end(), v->within) == calls.end()) calls.push_back(v->within);
  std::stable_sort(listed.begin(), listed.end(), [&](const TracedValue* a, const TracedValue* b) {
    return std::find(calls.begin(), calls.end(), a->within) < std::find(calls.begin(), calls.end(), b->within);
  });
  std::string within;
  for (const auto* v : listed) {
    if (v->within != within) {
      within = v->within;
      if (!within.empty()) out += pad + "  in " + clean(within) + ":\n";
    }
    out += pad + (within.empty() ? "  " : "    ") + clean(v->source) + " = " + clean(v->value) + "\n";
  }
  for (const auto& note : e.notes) out += pad + "note: " + clean(note) + "\n";
  return out;
}

std::string summary_line(const Summary& s) {
  std::string out = std::to_string(s.total) + (s.total == 1 ? " rule: " : " rules: ");
  const Outcome order[] = {Outcome::kPass, Outcome::kFail, Outcome::kUnknown,
                           Outcome::kError, Outcome::kSkip, Outcome::kWaived};
  for (size_t i = 0; i < 6; ++i)
    out += (i ? ", " : "") + std::to_string(s.count(order[i])) + " " + outcome_name(order[i]);
  out += " - gate " + std::string(gate_name(s.gate)) + " (exit " + std::to_string(s.exit_code) + ")";
  return out;
}

std::string render_text(const Report& report, const TextOptions& options) {
  auto paint = [&](const char* color, const std::string& text) {
    return options.color ? std::string(color) + text + kReset : text;
  };
  std::string out;
  if (!options.quiet) {
    for (const auto& rule : report.rules) {
      if (rule.outcome == Outcome::kPass || rule.outcome == Outcome::kSkip) continue;
      std::string tag = level_name(rule.info.severity);
      if (rule.info.enforcement == Enforcement::kAdvisory) tag += ", advisory";
      std::string label = upper(outcome_name(rule.outcome));
      label.resize(7, ' ');
      // Which lines decided the exit code: `gating` on those that count against the
      // gate, `not gating (why)` on the others (a waived rule shows its waiver instead).
      std::string role;
      if (counts_against_gate(rule, report.settings)) role = "  " + paint(kBold, "gating");
      else if (std::string why = why_not_gating(rule, report.settings); !why.empty()) role = "  not gating (" + why + ")";
      out += paint(outcome_color(rule.outcome), label) + " " + clean(rule.info.id) + "  " + clean(rule.info.title) +
             "   [" + tag + "]" + role + "\n";
      if (rule.outcome == Outcome::kError && !rule.error.empty()) out += "  error: " + clean(rule.error) + "\n";
      if (rule.outcome == Outcome::kUnknown && !rule.missing_facts.empty()) {
        out += "  missing facts:";
        for (size_t i = 0; i < rule.missing_facts.size(); ++i) out += (i ? ", " : " ") + clean(rule.missing_facts[i]);
        out += "\n";
      }
      if (rule.waiver) {
        const auto& w = *rule.waiver;
        if (w.state == WaiverState::kExpired)
          out += "  waiver expired on " + w.expires + ": " + clean(w.reason) + "\n";
        else
          out += "  waived: " + clean(w.reason) + (w.expires.empty() ? "" : " (until " + w.expires + ")") +
                 (w.approved_by.empty() ? "" : ", approved by " + clean(w.approved_by)) + "\n";
      }
      if (options.explain && rule.explanation) out += render_explanation_text(*rule.explanation, 2);
      if (options.explain && rule.outcome == Outcome::kFail && !rule.info.remediation.empty())
        out += "  remediation: " + indent_continuation(clean(rule.info.remediation), "    ") + "\n";
    }
  }
  const char* gate_color = report.summary.gate == Gate::kPass ? kGreen : report.summary.gate == Gate::kFail ? kRed : kYellow;
  std::string line = summary_line(report.summary);
  out += options.color ? std::string(kBold) + gate_color + line + kReset + "\n" : line + "\n";
  return out;
}

std::optional<Format> parse_format(std::string_view name) {
  for (Format f : {Format::kText, Format::kJson, Format::kJunit, Format::kSarif, Format::kMarkdown, Format::kHtml,
                  Format::kNdjson})
    if (name == format_name(f)) return f;
  if (name == "md") return Format::kMarkdown;
  return std::nullopt;
}

const char* format_name(Format format) {
  switch (format) {
    case Format::kText: return "text";
    case Format::kJson: return "json";
    case Format::kJunit: return "junit";
    case Format::kSarif: return "sarif";
    case Format::kMarkdown: return "markdown";
    case Format::kHtml: return "html";
    case Format::kNdjson: return "ndjson";
  }
  return "text";
}

std::string format_names() { return "text|json|junit|sarif|markdown|html|ndjson"; }

std::string render_report(const Report& report, Format format, const TextOptions& text_options) {
  switch (format) {
    case Format::kText: return render_text(report, text_options);
    case Format::kJson: return render_json(report);
    case Format::kJunit: return render_junit(report);
    case Format::kSarif: return render_sarif(report);
    case Format::kMarkdown: return render_markdown(report);
    case Format::kHtml: return render_html(report);
    case Format::kNdjson: return render_ndjson(report);
  }
  return {};
}

}  // namespace edict::report
