// A facts document merged into a FactsBuilder, keeping only the facts a schema declares:
// the public "document -> FactsBuilder" step. The external collector (collectors/
// external.cpp) feeds what a facts.d program printed, or a static file beside it, through
// this; it needs nothing of the loader's internals (runtime/facts/document.h).
//
//   FactsBuilder out;
//   MergeResult r = merge_declared_document({"facts.d/site", text, FactsFormat::kJson},
//                                           declared, limits, {"external:facts.d/site", now_rfc3339()}, out);
//   if (r.status != MergeStatus::kMerged) report(r.error);
#pragma once

#include <string>
#include <vector>

#include "runtime/diagnostic.h"
#include "runtime/facts.h"
#include "runtime/facts/builder.h"
#include "runtime/facts/load.h"
#include "runtime/schema.h"

namespace edict {

struct FactsDocument {
  std::string name;  // the file or program, for messages
  std::string text;
  FactsFormat format = FactsFormat::kJson;  // kAuto: by the name's extension, else sniffed
  // kNone for a program's output: it is no file a line number could point into.
  TextPositions positions = TextPositions::kPointInto;
};

enum class MergeStatus {
  kMerged,        // every declared fact in it was set (wrong-typed ones as error values)
  kNotADocument,  // not UTF-8, not JSON/TOML, too deep, not a map at the top: nothing set
  kRefused,       // a document limit was hit while converting: what was set must not be trusted
};

struct MergeResult {
  MergeStatus status = MergeStatus::kMerged;
  // Why it was not merged: the first diagnostic, "line L, column C: " first where known.
  std::string error;
  // Paths in the document that `declared` does not declare (nor is a namespace of), in
  // key order: left out, for the caller to report.
  std::vector<std::string> paths_ignored;
};

// Parses `document` under `limits` and sets each fact `declared` declares (converted to its
// type: a wrong type becomes an error value naming the path, null leaves it unset) with
// `provenance`. Namespaces of declared facts and of core facts are walked, so a core fact
// that the schema does not declare is named in paths_ignored rather than dropped silently.
// A sink's first diagnostic on one line, "line L, column C: message" where it has a
// position ("invalid output" when empty): how collector reports quote a document's problem.
std::string first_diagnostic_text(const DiagnosticSink& sink);

MergeResult merge_declared_document(FactsDocument document, const FactSchema& declared, const FactsLimits& limits,
                                    const Provenance& provenance, FactsBuilder& out);

}  // namespace edict
