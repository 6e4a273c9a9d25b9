// The evidence statement: an in-toto Statement v1 whose subject is the JSON report's
// SHA-256 and whose predicate (type kPredicateType) holds everything a replay needs.
// Field by field in docs/evidence.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "report/config.h"
#include "report/report.h"
#include "runtime/facts.h"

namespace edict::evidence {

inline constexpr const char* kStatementType = "https://in-toto.io/Statement/v1";
// A URN, not a URL: Edict owns no domain, and in-toto allows any URI.
inline constexpr const char* kPredicateType = "urn:edict:evidence:v1";
inline constexpr const char* kReportSubjectName = "report.json";

// `check --max-steps` accepts at most 2^40 (cli/cmd_check.cpp); a statement asking a
// replay for more is not one check wrote.
inline constexpr uint64_t kMaxReplaySteps = uint64_t{1} << 40;

// What one `edict check` run evaluated and produced, facts aside.
struct EvidenceParts {
  std::string edict_version;   // of the edict that signed
  int64_t now = 0;             // Unix seconds: `--now`, or the clock at the run
  std::string bundle;          // the compiled bundle, verbatim
  std::string bundle_signature;  // the signed bundle's DSSE envelope; empty when it was unsigned
  std::string config_path;     // as the report names it; empty when no edict.toml
  std::optional<std::string> config_text;  // edict.toml verbatim
  report::GateSettings gate;   // in force (edict.toml, then --fail-on / --unknown)
  uint64_t max_steps = 0;
  std::vector<report::ReportWarning> collector_warnings;  // W0521: not derivable from facts
  std::string report_json;     // the JSON report, exactly as written
};

// The per-part SHA-256 digests the statement records.
struct PartDigests {
  std::string report, bundle, facts, config;
};

// The statement's JSON text (the DSSE payload).
std::string make_statement(const EvidenceParts& parts, const Facts& facts);

struct DecodedStatement {
  EvidenceParts parts;
  Facts facts;
  PartDigests recorded;  // as written in the statement
  PartDigests actual;    // computed from the parts it holds
};

// nullopt with `why` when `payload` is not an Edict evidence statement.
std::optional<DecodedStatement> parse_statement(std::string_view payload, std::string* why);

// The first part whose recorded digest differs from its content ("report", "facts",
// "bundle", "config"); empty when all agree.
std::string mismatched_part(const DecodedStatement& statement);

}  // namespace edict::evidence
