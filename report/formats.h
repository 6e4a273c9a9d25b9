// The output formats of `edict check` and `edict doc`, each rendered from a Report (or,
// for the rulebook, from the rule table alone). One file per format; this header is
// their one entry point. Every renderer is deterministic: the same Report gives the
// same bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/report.h"

namespace edict::report {

// kNdjson: one JSON report per line (a fleet: one line per host; one host: one line).
enum class Format { kText, kJson, kJunit, kSarif, kMarkdown, kHtml, kNdjson };
std::optional<Format> parse_format(std::string_view name);
const char* format_name(Format format);
// "text|json|junit|sarif|markdown|html|ndjson", for help and errors.
std::string format_names();

struct TextOptions {
  bool color = false;    // ANSI colour (only on a tty, and never with NO_COLOR)
  bool explain = false;  // explanations under every non-passing rule
  bool quiet = false;    // the summary line only
};

std::string render_text(const Report& report, const TextOptions& options);
std::string render_json(const Report& report);
// The json report as a value, and as one line (the ndjson format).
nlohmann::ordered_json report_to_json(const Report& report);
// A fact's evidence value as the json format writes it (`rules[].facts[].value`).
nlohmann::ordered_json evidence_value_to_json(const EvidenceValue& value);
std::string render_ndjson(const Report& report);
std::string render_junit(const Report& report);
// `information_uri`: the tool's home page, `tool.driver.informationUri` (left out when
// empty). The one-argument form uses the build's EDICT_HOMEPAGE_URL.
std::string render_sarif(const Report& report);
std::string render_sarif(const Report& report, std::string_view information_uri);
std::string render_markdown(const Report& report);
std::string render_html(const Report& report);
std::string render_report(const Report& report, Format format, const TextOptions& text_options = {});

// The rulebook (`edict doc`): every policy and rule with its metadata, applicability
// and requirements as written; nothing is evaluated.
struct Rulebook {
  std::vector<PolicyInfo> policies{};
  std::vector<RuleInfo> rules{};
  std::string tool_version{};
  // What the gate enforces (issue 17): edict.toml's settings and waivers, so the
  // rulebook is not read as "every rule gates". config_path empty = no edict.toml.
  std::string config_path{};
  GateSettings settings{};
  std::vector<Waiver> waivers{};
  int64_t today = 0;  // days since 1970-01-01, for each waiver's state
};
std::string render_rulebook_markdown(const Rulebook& book);
std::string render_rulebook_html(const Rulebook& book);

// An explanation as the language page shows it: the requirement as written, `|` lines
// under each traced sub-expression and its value, then notes. Every line is indented
// by `indent` spaces and ends in '\n'.
std::string render_explanation_text(const Explanation& explanation, size_t indent = 2);
// The one-line summary: "7 rules: 3 pass, 1 fail, ... - gate fail (exit 1)".
std::string summary_line(const Summary& summary);

}  // namespace edict::report
