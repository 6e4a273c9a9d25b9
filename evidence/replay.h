// Replay: evaluate an evidence file's bundle against its facts at its `now`, under its
// config and waivers, and build the JSON report exactly as `edict check` does. The same
// function serves both sides: `check --evidence` replays before it signs (a run that
// would not reproduce is refused, E0917), and `verify` replays what was signed.
#pragma once

#include <optional>
#include <string>

#include "evidence/statement.h"
#include "report/report.h"

namespace edict::evidence {

struct Replayed {
  report::Report report;
  std::string json;  // render_json(report)
};

// nullopt with `why` when the bundle or the config does not load in this edict.
std::optional<Replayed> replay(const EvidenceParts& parts, const Facts& facts, std::string* why);

// Where two JSON reports first differ, as a JSON path and both values
// ("`rules[3].outcome`: signed \"pass\", replayed \"fail\""); the first differing line
// when either is not JSON; empty when the texts are equal. A signed report whose
// explanations predate `clause` (issue 17) has its explanations compared by presence
// only (docs/evidence.md, "What cannot be pinned").
std::string first_difference(const std::string& signed_json, const std::string& replayed_json);

}  // namespace edict::evidence
