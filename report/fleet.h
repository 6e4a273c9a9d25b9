// Fleet reports: many hosts checked against one policy set (`edict check --facts
// hosts.ndjson`, `edict report`). Each host is rendered on its own, by the worker that
// evaluated it, into a fragment of the chosen format (FleetHost); the fleet document is
// then head + summary + the fragments in input order + tail. The single-host renderers
// (json.cpp, junit.cpp, sarif.cpp, text.cpp) make each host's part; this file adds
// only what a fleet has and a host has not: the summary across hosts.
//
// Memory: a FleetHost keeps its fragment and one byte per rule, never the Report, so a
// text or ndjson fleet streamed to stdout stays flat whatever the number of hosts.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "report/formats.h"
#include "report/report.h"

namespace edict::report {

// A fleet host's gate: a host's own gate, or `error` when the host could not be
// evaluated at all (its facts line is not JSON, over a limit, not UTF-8, a repeated
// key; a report file that is not an Edict report; a report from another policy set).
enum class FleetGate { kPass, kFail, kBlocked, kError };
const char* fleet_gate_name(FleetGate gate);  // "pass", "fail", "blocked", "error"

// Why a host could not be evaluated: the first error diagnostic of its input.
struct HostError {
  std::string code;     // "E0503"
  std::string message;  // one line, as the diagnostic says it
};

// What the fleet keeps of one host once it is rendered.
struct FleetHost {
  std::string name;    // host.name; else the source
  std::string source;  // "hosts.ndjson:3", "facts/web-01.json", "reports/web-01.json"
  FleetGate gate = FleetGate::kError;
  Summary summary;                // zero for an error host
  std::vector<uint8_t> outcomes;  // one Outcome per rule of the fleet's rule table; empty for an error host
  std::optional<HostError> error;
  std::string fragment;  // this host's part of the fleet document, in the fleet's format
};

// What every host of a fleet shares: the policy set and the settings.
struct FleetContext {
  std::string tool_version;
  std::string generated_at;  // RFC 3339 of now
  GateSettings settings;
  std::string config_path;
  std::vector<PolicyInfo> policies;
  std::vector<RuleInfo> rules;
  std::string policy_digest;  // policy_set_digest() of the rules
  // `edict report`: reports refused because they came from another policy set (E0832).
  size_t refused_other_policy_set = 0;
};

// A digest of what a report was evaluated against: the Edict version and, per rule, its
// id, policy, severity, enforcement and requirements as written. Two reports with the
// same digest can be counted rule by rule; two with different digests cannot.
std::string policy_set_digest(const std::string& tool_version, const std::vector<PolicyInfo>& policies,
                              const std::vector<RuleInfo>& rules);

// The report of a host that could not be evaluated: every rule `error` with the
// reason, the gate blocked (exit 3) whatever the rules' severities. Its FleetGate is kError.
Report error_host_report(const FleetContext& context, const std::string& name, const HostError& error);

// Renders one host into a FleetHost (fragment in `format`). `error` is set for an error
// host (its report from error_host_report). `report.rules` follows context.rules.
FleetHost make_fleet_host(const Report& report, std::string source, std::optional<HostError> error,
                          const FleetContext& context, Format format, const TextOptions& text);

// A text fleet's host from its outcomes alone (after waivers, one per rule of the
// fleet's rule table) and its summary (summarize_outcomes): the same FleetHost, line
// and counts make_fleet_host gives for the host's full report in Format::kText.
FleetHost make_fleet_text_host(const std::optional<std::string>& host_name, std::string source,
                               const Summary& summary, const std::vector<Outcome>& outcomes, const TextOptions& text);

// Counts across hosts, kept as hosts arrive (in input order).
struct FleetSummary {
  // How many "rules failing on most hosts" and "worst hosts" the summaries list.
  static constexpr size_t kTopListed = 20;

  size_t hosts = 0;
  std::array<size_t, 4> gates{};                     // indexed by FleetGate
  std::vector<std::array<size_t, 6>> rule_counts;    // per rule, indexed by Outcome
  struct Worst {
    size_t index;  // input order
    std::string name, source;
    FleetGate gate;
    int fails, blocking;  // failed rules, error/unknown rules
  };
  std::vector<Worst> worst;  // the kTopListed worst so far, worst first

  explicit FleetSummary(size_t rules = 0) : rule_counts(rules) {}
  void add(const FleetHost& host);
  size_t gate_count(FleetGate g) const { return gates[static_cast<size_t>(g)]; }
  // 1 if any host fails its gate; else 3 if any is blocked or an error host; else 0;
  // 2 when no host could be evaluated at all (none, or every one an error host).
  int exit_code() const;
  FleetGate gate() const;
};

// "fleet: 5 hosts: 2 pass, 1 fail, 1 blocked, 1 error - gate fail (exit 1)"
std::string fleet_summary_line(const FleetSummary& summary);

// Text and ndjson stream: each host's fragment can be written as soon as it is ready,
// and the fleet summary (text) comes last. The other formats put the summary first, so
// the fragments are kept until every host is done.
bool fleet_streams(Format format);
// What a streaming format writes after the last host (text: the fleet summary).
std::string render_fleet_stream_tail(Format format, const FleetContext& context, const FleetSummary& summary,
                                     const TextOptions& text);
// The whole document, from every host's fragment in input order.
std::string render_fleet(Format format, const FleetContext& context, const FleetSummary& summary,
                         const std::vector<std::string>& fragments, const TextOptions& text);

}  // namespace edict::report
