// The two steps under every facts loader (files, NDJSON lines, external collectors):
// text -> JSON DOM with the document limits enforced, then DOM -> VM Values checked
// against a fact schema. Internal to runtime/facts: code outside it (the external
// collector) uses merge.h.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/diagnostic.h"
#include "runtime/facts/load.h"
#include "runtime/facts/locate.h"
#include "runtime/schema.h"
#include "runtime/source.h"
#include "runtime/value.h"

namespace edict::internal {

// By extension (.json/.ndjson, .toml), else sniffed: a document whose first non-blank
// byte is `{` is JSON, anything else is tried as TOML.
FactsFormat detect_format(std::string_view name, std::string_view text);

// Byte offset of the first byte that is not well-formed UTF-8 (overlong forms,
// surrogates and code points past U+10FFFF included), or npos.
size_t find_invalid_utf8(std::string_view text);

// Parses the text of file `file_id` (already in `sources`). Reports E0502 (UTF-8),
// E0503 (JSON), E0504 (TOML), E0505 (depth), E0508 (top level not a map), E0516 (a TOML
// `nan` or `inf`), E0517 (a JSON map naming a key twice) and returns nullopt on any of
// them. The byte-size limit is the caller's (it applies before the
// text is read).
std::optional<nlohmann::json> parse_document(uint32_t file_id, const SourceManager& sources, FactsFormat format,
                                             DiagnosticSink& sink, const FactsLimits& limits);

// Finding a value in the text rescans it (locate.h), so only the first 16 values reported
// in a document get a line and column: a million wrong values cost 16 rescans, not a million.
constexpr uint32_t kMaxLocatedValues = 16;

struct ConvertContext {
  Arena& arena;
  const FactSchema& schema;
  const FactsLimits& limits;
  DiagnosticSink& sink;
  std::string file;     // for diagnostics about a whole value (E0506, E0507)
  bool failed = false;  // set when a limit was hit: the document is refused
  // The document's text, so a wrong-typed value can name its line and column; null when
  // there is none to point into.
  const SourceFile* source = nullptr;
  uint32_t file_id = 0;
  FactsFormat format = FactsFormat::kJson;  // as parsed: kJson or kToml
  std::vector<DocumentStep> steps{};        // from the root to the value being converted
  uint32_t locations_left = kMaxLocatedValues;
};

// Keeps `context.steps` in step with the walk: pushed for the scope of one entry or item.
class StepScope {
 public:
  StepScope(ConvertContext& context, DocumentStep step) : steps_(context.steps) { steps_.push_back(step); }
  ~StepScope() { steps_.pop_back(); }
  StepScope(const StepScope&) = delete;
  StepScope& operator=(const StepScope&) = delete;

 private:
  std::vector<DocumentStep>& steps_;
};

// Where the value being converted is in the text (its first byte), while the budget
// lasts; nullopt without text or once kMaxLocatedValues have been located.
std::optional<Span> locate_current(ConvertContext& context);

// The whole document (an object) against the schema: declared paths typed, namespaces
// walked, undeclared paths kept as-is.
Value convert_document(const nlohmann::json& root, ConvertContext& context);
// The value at a declared fact path, converted to (or checked against) its type.
// Unknown for null. Wrong types become error values naming `path` and the type.
Value convert_typed(const nlohmann::json& value, const Type& type, const std::string& path, ConvertContext& context);
// A value kept as it is: objects -> maps, arrays -> lists, numbers -> int or float.
Value convert_as_is(const nlohmann::json& value, const std::string& path, ConvertContext& context);

}  // namespace edict::internal
