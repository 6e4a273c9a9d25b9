// The report model: one run's rules, outcomes after waivers, evidence and the gate
// decision, self-contained so every format renders from it alone. build_report() is the
// single place where waivers apply and the gate is decided (docs/exit-codes.md); the
// formats (text.cpp, json.cpp, ...) only print.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "report/config.h"
#include "runtime/diagnostic.h"
#include "runtime/facts.h"
#include "runtime/result.h"
#include "runtime/rule_info.h"

namespace edict::report {

// A waiver expiring within this many days is warned about (W0601), so someone renews
// or fixes it before the gate starts failing without notice.
constexpr int64_t kWaiverWarnDays = 14;

enum class WaiverState { kActive, kExpiring, kExpired };
const char* waiver_state_name(WaiverState state);  // "active", "expiring", "expired"

struct WaiverUse {
  std::string pattern;  // the waiver's `rule` as written
  std::string reason;
  std::string approved_by;
  std::string expires;  // "2027-03-31", empty when it never expires
  WaiverState state = WaiverState::kActive;
  int64_t days_left = 0;  // expires - today; negative once expired
  SourceLocation location;
};

// A fact's value as report data, in no output format's types: the json format writes it
// as `value`, and a report read back (`edict report`) fills it from there. Versions are
// strings and an error value is a map {"error": message}, so a consumer needs no Edict
// types.
struct EvidenceValue {
  enum class Kind { kNull, kBool, kInt, kFloat, kString, kList, kMap };
  Kind kind = Kind::kNull;
  bool boolean = false;
  int64_t integer = 0;
  double number = 0;
  std::string text;                   // kString
  std::vector<std::string> keys;      // kMap: the keys, in order, unique
  std::vector<EvidenceValue> items;   // kList: the items; kMap: the values, keys[i]'s at i
};

struct FactEvidence {
  std::string path;
  std::optional<std::string> value;  // to_display(); nullopt = the host did not provide it
  EvidenceValue data;                // the same value as data (versions as strings); kNull when unknown
  // value and json show only the start of a value larger than kMaxEvidenceBytes
  // (evidence.h): report size must not be facts x rules.
  bool truncated = false;
  std::string source;                // provenance; empty when unrecorded
  std::string collected_at;
};

struct RuleEntry {
  RuleInfo info;
  std::string policy_id;
  Outcome outcome = Outcome::kUnknown;  // after waivers
  bool gating = false;                  // mandatory and severity >= fail_on
  bool blocks = false;                  // this rule decides a non-zero exit
  std::string error;
  std::vector<std::string> missing_facts;
  std::optional<Explanation> explanation;
  std::optional<WaiverUse> waiver;  // active (outcome waived) or expired (outcome stays fail)
  std::vector<FactEvidence> evidence;
};

enum class Gate { kPass, kFail, kBlocked };
const char* gate_name(Gate gate);  // "pass", "fail", "blocked"

constexpr int kExitPass = 0;
constexpr int kExitFail = 1;
constexpr int kExitUsage = 2;
constexpr int kExitBlocked = 3;

struct Summary {
  int total = 0;
  // Indexed by Outcome: pass, fail, unknown, error, skip, waived.
  std::array<int, 6> counts{};
  Gate gate = Gate::kPass;
  int exit_code = kExitPass;
  int count(Outcome o) const { return counts[static_cast<size_t>(o)]; }
};

struct ReportWarning {
  std::string code;  // "W0601"
  std::string message;
};

struct Report {
  std::string tool_version;
  std::optional<std::string> host;  // host.name; nullopt when the facts lack it
  std::string generated_at;         // RFC 3339 of "now" (pinned by --now)
  GateSettings settings;
  std::string config_path;  // empty when no edict.toml
  // Absolute directory SARIF locations are relative to (`%SRCROOT%`, docs/report-formats.md);
  // empty = locations as the compiler wrote them.
  std::string source_root;
  std::vector<PolicyInfo> policies;
  std::vector<RuleEntry> rules;  // rule-table order
  std::vector<ReportWarning> warnings;
  Summary summary;
};

struct BuildInput {
  const std::vector<PolicyInfo>* policies = nullptr;
  const std::vector<RuleInfo>* rules = nullptr;
  const std::vector<RuleResult>* results = nullptr;  // any order; matched by rule_index
  const Facts* facts = nullptr;                      // may be null (no evidence then)
  const Config* config = nullptr;                    // thresholds and waivers; null = defaults
  int64_t now = 0;                                   // Unix seconds
  std::string tool_version;
  // Fill each rule's `evidence` from `facts`. A fleet writing only text (which shows no
  // evidence) leaves it off: it is a fifth of a host's cost. host.name is read either way.
  bool evidence = true;
};

// Applies waivers, decides gating, gathers evidence, counts. Waiver warnings (W0601
// expiring, W0602 expired, W0603 matches no rule) go both into report.warnings and,
// located at the waiver, into `sink` when given.
Report build_report(const BuildInput& input, DiagnosticSink* sink = nullptr);

// The gate decision for a set of entries (used by build_report and by tests):
// 1 when a gating rule fails; else 3 when a gating rule is `error` (always), or
// `unknown` under unknown = "fail"; else 0. Marks the deciding entries' `blocks`.
Summary decide_gate(std::vector<RuleEntry>& rules, const GateSettings& settings);
// What build_report decides from the outcomes alone, without building the report: each
// failing rule a waiver covers on `host` becomes kWaived in `outcomes` (one per rule of
// `rules`), and the summary is build_report's. A text-only fleet shows nothing more per
// host, so it skips the report (and the re-runs that explain non-passing rules).
Summary summarize_outcomes(const std::vector<RuleInfo>& rules, Outcome* outcomes,
                           const std::optional<std::string>& host, const Config* config, int64_t now);
// Whether a rule can gate at all: mandatory, and severity at or above fail_on. Only such
// rules can fail the gate or block it with unknown/error; advisory rules never do.
bool is_gating(const RuleInfo& rule, const GateSettings& settings);

}  // namespace edict::report
