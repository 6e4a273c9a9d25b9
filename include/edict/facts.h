// Edict's facts for programs that embed it (target edict::facts): read a facts file (JSON
// or TOML) against a program's fact schema, or build facts in memory.
//
//   edict::SourceManager sources;
//   std::optional<edict::Facts> facts =
//       edict::load_facts_file("host.json", program->schema, sources, sink);
//
// The limits of edict::FactsLimits apply as they do for `edict check --facts`.
#pragma once

#include "runtime/facts.h"          // Facts
#include "runtime/facts/builder.h"  // building facts in memory
#include "runtime/facts/load.h"     // load_facts_file, load_facts_text, facts_to_json
#include "runtime/schema.h"         // FactSchema
#include "edict/runtime.h"
