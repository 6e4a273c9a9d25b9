// Schema files: fact declarations for facts no built-in collector provides (from
// facts files or external collectors), written in TOML:
//
//   [facts]
//   "esu.vendor_link" = "string"
//   "esu.tickets"     = { type = "list<string>", description = "open change tickets" }
//
// Keys are dotted fact paths (quote them); types are spelled as in docs/facts.md.
#pragma once

#include <string>

#include "runtime/diagnostic.h"
#include "runtime/schema.h"
#include "runtime/source.h"

namespace edict {

// Adds every declaration of the file to `schema` with the given provider. Reports
// E0510 (not TOML / wrong shape), E0511 (bad type), E0512 (conflicts with a declared
// fact) with the position of the offending entry; returns false on any error, and
// then adds nothing.
bool load_schema_file(const std::string& path, FactSchema& schema, SourceManager& sources, DiagnosticSink& sink,
                      const std::string& provider = "external");
bool load_schema_text(std::string name, std::string text, FactSchema& schema, SourceManager& sources,
                      DiagnosticSink& sink, const std::string& provider = "external");

}  // namespace edict
