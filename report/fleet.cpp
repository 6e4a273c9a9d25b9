// Fleet reports (see fleet.h): per-host fragments made from the single-host renderers,
// the summary across hosts, and the text, ndjson, json, junit and sarif documents.
// Markdown and html are in fleet_pages.cpp.
#include "report/fleet.h"

#include <algorithm>
#include <cstdio>

#include "report/escape.h"
#include "report/fleet_pages.h"
#include "report/json_stream.h"

namespace edict::report {

using Json = nlohmann::ordered_json;

namespace {

constexpr Outcome kOutcomes[] = {Outcome::kPass, Outcome::kFail, Outcome::kUnknown,
                                 Outcome::kError, Outcome::kSkip, Outcome::kWaived};

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string text_line(const FleetHost& h) {
  std::string label = upper(fleet_gate_name(h.gate));
  label.resize(7, ' ');
  std::string out = label + " " + terminal_text(h.name);
  if (h.source != h.name) out += "  (" + terminal_text(h.source) + ")";
  if (h.error)
    out += "  error[" + h.error->code + "]: " + terminal_text(h.error->message);
  else
    out += "  " + summary_line(h.summary);
  return out + "\n";
}

// render_junit's testsuites are one per policy; a fleet's are one per host: the
// testcases are taken from it as rendered (the testsuite lines are the only ones that
// start with "  <testsuite" or "  </testsuite>": every '<' of a value is escaped).
std::string junit_suite(const FleetHost& h, const Report& report) {
  std::string rendered = render_junit(report);
  std::string cases;
  size_t start = 0;
  while (start < rendered.size()) {
    size_t end = rendered.find('\n', start);
    if (end == std::string::npos) end = rendered.size();
    std::string_view line(rendered.data() + start, end - start);
    bool wrapper = line.rfind("<?xml", 0) == 0 || line.rfind("<testsuites", 0) == 0 ||
                   line.rfind("</testsuites>", 0) == 0 || line.rfind("  <testsuite", 0) == 0 ||
                   line.rfind("  </testsuite>", 0) == 0;
    if (!wrapper) cases += std::string(line) + "\n";
    start = end + 1;
  }
  const Summary& s = report.summary;
  int errors = s.count(Outcome::kError) + s.count(Outcome::kUnknown);
  int skipped = s.count(Outcome::kSkip) + s.count(Outcome::kWaived);
  std::string out = "  <testsuite name=\"" + xml_escape(h.name) + "\" tests=\"" + std::to_string(s.total) +
                    "\" failures=\"" + std::to_string(s.count(Outcome::kFail)) + "\" errors=\"" +
                    std::to_string(errors) + "\" skipped=\"" + std::to_string(skipped) + "\" time=\"0\" timestamp=\"" +
                    xml_escape(report.generated_at.substr(0, 19)) + "\" hostname=\"" + xml_escape(h.name) + "\">\n";
  out += "    <properties><property name=\"source\" value=\"" + xml_escape(h.source) + "\"/><property name=\"gate\" value=\"" +
         fleet_gate_name(h.gate) + "\"/></properties>\n";
  return out + cases + "  </testsuite>\n";
}

// render_sarif's results, each naming its host in a property and in the message.
std::string sarif_results(const FleetHost& h, const Report& report) {
  Json doc = Json::parse(render_sarif(report));
  std::string out;
  for (auto& result : doc["runs"][0]["results"]) {
    result["message"]["text"] = "[" + valid_utf8(h.name) + "] " + result["message"]["text"].get<std::string>();
    result["properties"]["host"] = valid_utf8(h.name);
    result["properties"]["source"] = valid_utf8(h.source);
    out += (out.empty() ? "" : ",") + result.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  return out;
}

Json fleet_summary_json(const FleetContext& context, const FleetSummary& summary) {
  Json hosts = Json::object();
  hosts["total"] = summary.hosts;
  for (FleetGate g : {FleetGate::kPass, FleetGate::kFail, FleetGate::kBlocked, FleetGate::kError})
    hosts[fleet_gate_name(g)] = summary.gate_count(g);
  Json rules = Json::array();
  for (size_t i = 0; i < context.rules.size() && i < summary.rule_counts.size(); ++i) {
    Json r{{"id", valid_utf8(context.rules[i].id)}};
    for (Outcome o : kOutcomes) r[outcome_name(o)] = summary.rule_counts[i][static_cast<size_t>(o)];
    rules.push_back(r);
  }
  return Json{{"hosts", hosts},
              {"gate", fleet_gate_name(summary.gate())},
              {"exit_code", summary.exit_code()},
              {"rules", rules}};
}

std::string template_sarif(const FleetContext& context, const FleetSummary& summary,
                           const std::vector<std::string>& fragments) {
  Report shape;
  shape.tool_version = context.tool_version;
  shape.generated_at = context.generated_at;
  for (const auto& rule : context.rules) {
    RuleEntry e;
    e.info = rule;
    e.outcome = Outcome::kPass;  // no result of its own: the hosts' results go in
    shape.rules.push_back(std::move(e));
  }
  Json doc = Json::parse(render_sarif(shape));
  doc["runs"][0]["invocations"][0]["exitCode"] = summary.exit_code();
  doc["runs"][0]["properties"] = Json{{"fleet", fleet_summary_json(context, summary)}};
  doc["runs"][0]["results"] = Json::array();
  std::string text = doc.dump(-1, ' ', false, Json::error_handler_t::replace);
  const std::string empty = "\"results\":[]";
  size_t at = text.find(empty);
  std::string joined;
  for (const auto& f : fragments) {
    if (f.empty()) continue;
    if (!joined.empty()) joined += ",";
    joined += f;
  }
  return text.substr(0, at) + "\"results\":[" + joined + "]" + text.substr(at + empty.size()) + "\n";
}

std::string fleet_json(const FleetContext& context, const FleetSummary& summary, const std::vector<std::string>& fragments) {
  Json head{{"report_version", 1},
            {"kind", "fleet"},
            {"tool", Json{{"name", "edict"}, {"version", context.tool_version}}},
            {"time", context.generated_at},
            {"config", Json{{"path", context.config_path.empty() ? Json(nullptr) : Json(valid_utf8(context.config_path))},
                            {"fail_on", level_name(context.settings.fail_on)},
                            {"unknown", unknown_mode_name(context.settings.unknown)}}},
            {"policy_set", Json{{"digest", context.policy_digest},
                                {"tool_version", context.tool_version},
                                {"refused_other_policy_set", context.refused_other_policy_set}}},
            {"fleet", fleet_summary_json(context, summary)},
            {"hosts", Json::array()}};
  std::string text = head.dump(-1, ' ', false, Json::error_handler_t::replace);
  text.resize(text.size() - 3);  // `[]}`: the hosts go in between
  text += "[\n";
  for (size_t i = 0; i < fragments.size(); ++i) text += fragments[i] + (i + 1 < fragments.size() ? ",\n" : "\n");
  return text + "]}\n";
}

std::string text_tail(const FleetContext& context, const FleetSummary& summary) {
  std::string out;
  std::vector<size_t> failing;
  for (size_t i = 0; i < summary.rule_counts.size(); ++i)
    if (summary.rule_counts[i][static_cast<size_t>(Outcome::kFail)] > 0) failing.push_back(i);
  std::stable_sort(failing.begin(), failing.end(), [&](size_t a, size_t b) {
    return summary.rule_counts[a][1] > summary.rule_counts[b][1];
  });
  if (failing.size() > FleetSummary::kTopListed) failing.resize(FleetSummary::kTopListed);
  if (!failing.empty()) {
    out += "rules failing on most hosts:\n";
    for (size_t i : failing) {
      size_t n = summary.rule_counts[i][1];
      out += "  " + std::to_string(n) + (n == 1 ? " host   " : " hosts  ") + terminal_text(context.rules[i].id) + "  " +
             terminal_text(context.rules[i].title) + "\n";
    }
  }
  out += fleet_summary_line(summary) + "\n";
  return out;
}

}  // namespace

const char* fleet_gate_name(FleetGate gate) {
  switch (gate) {
    case FleetGate::kPass: return "pass";
    case FleetGate::kFail: return "fail";
    case FleetGate::kBlocked: return "blocked";
    case FleetGate::kError: return "error";
  }
  return "error";
}

std::string fleet_summary_line(const FleetSummary& s) {
  return "fleet: " + std::to_string(s.hosts) + (s.hosts == 1 ? " host: " : " hosts: ") +
         std::to_string(s.gate_count(FleetGate::kPass)) + " pass, " + std::to_string(s.gate_count(FleetGate::kFail)) +
         " fail, " + std::to_string(s.gate_count(FleetGate::kBlocked)) + " blocked, " +
         std::to_string(s.gate_count(FleetGate::kError)) + " error - gate " + fleet_gate_name(s.gate()) + " (exit " +
         std::to_string(s.exit_code()) + ")";
}

std::string policy_set_digest(const std::string& tool_version, const std::vector<PolicyInfo>& policies,
                              const std::vector<RuleInfo>& rules) {
  // FNV-1a 64: it tells policy sets apart for grouping, it is no signature (a bundle's
  // own signature is docs/bundle.md's business).
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;  // a separator no UTF-8 text holds
  };
  mix(tool_version);
  for (const auto& r : rules) {
    mix(r.id);
    mix(r.policy_index < policies.size() ? policies[r.policy_index].id : std::string());
    mix(level_name(r.severity));
    mix(enforcement_name(r.enforcement));
    for (const auto& q : r.require_texts) mix(q);
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return std::string("fnv1a64:") + buf;
}

Report error_host_report(const FleetContext& context, const std::string& name, const HostError& error) {
  Report report;
  report.tool_version = context.tool_version;
  report.host = name;
  report.generated_at = context.generated_at;
  report.settings = context.settings;
  report.config_path = context.config_path;
  report.policies = context.policies;
  for (const auto& rule : context.rules) {
    RuleEntry e;
    e.info = rule;
    if (rule.policy_index < context.policies.size()) e.policy_id = context.policies[rule.policy_index].id;
    e.outcome = Outcome::kError;
    e.gating = is_gating(rule, context.settings);
    e.error = "the host could not be evaluated: error[" + error.code + "]: " + error.message;
    report.rules.push_back(std::move(e));
  }
  report.summary = decide_gate(report.rules, context.settings);
  // Fail closed: a host nobody could evaluate blocks even when no rule of it gates.
  report.summary.gate = Gate::kBlocked;
  report.summary.exit_code = kExitBlocked;
  report.warnings.push_back({error.code, error.message});
  return report;
}

FleetHost make_fleet_host(const Report& report, std::string source, std::optional<HostError> error,
                          const FleetContext& context, Format format, const TextOptions& text) {
  FleetHost h;
  h.name = report.host ? *report.host : source;
  h.source = std::move(source);
  h.error = std::move(error);
  h.summary = report.summary;
  h.gate = h.error                              ? FleetGate::kError
           : report.summary.gate == Gate::kFail    ? FleetGate::kFail
           : report.summary.gate == Gate::kBlocked ? FleetGate::kBlocked
                                                   : FleetGate::kPass;
  h.outcomes.assign(context.rules.size(), static_cast<uint8_t>(Outcome::kError));
  for (size_t i = 0; i < report.rules.size() && i < h.outcomes.size(); ++i)
    h.outcomes[i] = static_cast<uint8_t>(report.rules[i].outcome);
  switch (format) {
    case Format::kText: h.fragment = text.quiet ? std::string() : text_line(h); break;
    case Format::kNdjson:
      // host_json(...).dump(-1) byte for byte, written directly (json_stream.h).
      append_host_json(report, h.source, h.error, h.fragment);
      h.fragment += '\n';
      break;
    case Format::kJson: append_host_json(report, h.source, h.error, h.fragment); break;
    case Format::kJunit: h.fragment = junit_suite(h, report); break;
    case Format::kSarif: h.fragment = sarif_results(h, report); break;
    case Format::kMarkdown: h.fragment = markdown_host_section(h, report); break;
    case Format::kHtml: h.fragment = html_host_section(h, report); break;
  }
  return h;
}

FleetHost make_fleet_text_host(const std::optional<std::string>& host_name, std::string source,
                               const Summary& summary, const std::vector<Outcome>& outcomes, const TextOptions& text) {
  FleetHost h;
  h.name = host_name ? *host_name : source;
  h.source = std::move(source);
  h.summary = summary;
  h.gate = summary.gate == Gate::kFail      ? FleetGate::kFail
           : summary.gate == Gate::kBlocked ? FleetGate::kBlocked
                                            : FleetGate::kPass;
  h.outcomes.resize(outcomes.size());
  for (size_t i = 0; i < outcomes.size(); ++i) h.outcomes[i] = static_cast<uint8_t>(outcomes[i]);
  if (!text.quiet) h.fragment = text_line(h);
  return h;
}

void FleetSummary::add(const FleetHost& host) {
  size_t index = hosts++;
  ++gates[static_cast<size_t>(host.gate)];
  for (size_t i = 0; i < host.outcomes.size() && i < rule_counts.size(); ++i) ++rule_counts[i][host.outcomes[i]];
  Worst w{index, host.name, host.source, host.gate, host.summary.count(Outcome::kFail),
          host.summary.count(Outcome::kError) + host.summary.count(Outcome::kUnknown)};
  if (host.gate == FleetGate::kPass) return;
  auto worse = [](const Worst& a, const Worst& b) {
    if (a.fails != b.fails) return a.fails > b.fails;
    if (a.blocking != b.blocking) return a.blocking > b.blocking;
    return a.index < b.index;
  };
  if (worst.size() == kTopListed && !worse(w, worst.back())) return;
  worst.insert(std::upper_bound(worst.begin(), worst.end(), w, worse), std::move(w));
  if (worst.size() > kTopListed) worst.pop_back();
}

int FleetSummary::exit_code() const {
  if (hosts == gate_count(FleetGate::kError)) return kExitUsage;
  if (gate_count(FleetGate::kFail) > 0) return kExitFail;
  if (gate_count(FleetGate::kBlocked) + gate_count(FleetGate::kError) > 0) return kExitBlocked;
  return kExitPass;
}

FleetGate FleetSummary::gate() const {
  if (hosts == gate_count(FleetGate::kError)) return FleetGate::kError;
  if (gate_count(FleetGate::kFail) > 0) return FleetGate::kFail;
  if (gate_count(FleetGate::kBlocked) + gate_count(FleetGate::kError) > 0) return FleetGate::kBlocked;
  return FleetGate::kPass;
}

bool fleet_streams(Format format) { return format == Format::kText || format == Format::kNdjson; }

std::string render_fleet_stream_tail(Format format, const FleetContext& context, const FleetSummary& summary,
                                     const TextOptions& text) {
  (void)text;
  return format == Format::kText ? text_tail(context, summary) : std::string();
}

std::string render_fleet(Format format, const FleetContext& context, const FleetSummary& summary,
                         const std::vector<std::string>& fragments, const TextOptions& text) {
  switch (format) {
    case Format::kText:
    case Format::kNdjson: {
      std::string out;
      for (const auto& f : fragments) out += f;
      return out + render_fleet_stream_tail(format, context, summary, text);
    }
    case Format::kJson: return fleet_json(context, summary, fragments);
    case Format::kJunit: {
      std::array<size_t, 6> all{};
      for (const auto& r : summary.rule_counts)
        for (size_t i = 0; i < 6; ++i) all[i] += r[i];
      size_t tests = 0;
      for (size_t n : all) tests += n;
      std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"edict fleet\" tests=\"" +
                        std::to_string(tests) + "\" failures=\"" + std::to_string(all[1]) + "\" errors=\"" +
                        std::to_string(all[2] + all[3]) + "\" skipped=\"" + std::to_string(all[4] + all[5]) +
                        "\" time=\"0\">\n";
      for (const auto& f : fragments) out += f;
      return out + "</testsuites>\n";
    }
    case Format::kSarif: return template_sarif(context, summary, fragments);
    case Format::kMarkdown: return render_fleet_markdown(context, summary, fragments);
    case Format::kHtml: return render_fleet_html(context, summary, fragments);
  }
  return {};
}

}  // namespace edict::report
