// See json_fast_check.h.
#include "runtime/facts/json_fast_check.h"

#include "runtime/facts/document.h"
#include <cstring>

#include "runtime/facts/json_fast.h"

namespace edict::internal {

bool values_identical(const Value& a, const Value& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case ValueKind::kUnknown:
    case ValueKind::kNull: return true;
    case ValueKind::kBool: return a.boolean == b.boolean;
    case ValueKind::kInt: return a.integer == b.integer;
    // Bitwise, so that -0.0 and 0.0 differ (a printed report would).
    case ValueKind::kFloat: return std::memcmp(&a.number, &b.number, sizeof a.number) == 0;
    case ValueKind::kString:
    case ValueKind::kError: return a.str() == b.str();
    case ValueKind::kVersion:
      if (a.size != b.size) return false;
      for (uint32_t i = 0; i < a.size; ++i) {
        if (a.parts[i] != b.parts[i]) return false;
      }
      return true;
    case ValueKind::kList:
      if (a.size != b.size) return false;
      for (uint32_t i = 0; i < a.size; ++i) {
        if (!values_identical(a.items[i], b.items[i])) return false;
      }
      return true;
    case ValueKind::kMap:
      if (a.size != b.size) return false;
      for (uint32_t i = 0; i < a.size; ++i) {
        if (a.entries[i].key != b.entries[i].key || !values_identical(a.entries[i].value, b.entries[i].value)) {
          return false;
        }
      }
      return true;
  }
  return false;
}

FastPathVerdict compare_fast_and_full(std::string_view json_text, const FactSchema& schema, const FactsLimits& limits) {
  FastPathVerdict verdict;
  Arena fast_arena;
  std::optional<Value> fast = convert_json_fast(json_text, schema, limits, fast_arena);
  verdict.fast_accepted = fast.has_value();
  if (!fast) return verdict;

  SourceManager sources;
  uint32_t id = sources.add("fast-check.json", std::string(json_text));
  DiagnosticSink sink;
  auto document = parse_document(id, sources, FactsFormat::kJson, sink, limits);
  if (!document || sink.has_errors()) {
    verdict.agrees = false;
    verdict.detail = "the full path refuses the document the fast path accepted";
    return verdict;
  }
  Arena full_arena;
  ConvertContext context{full_arena, schema, limits, sink, "fast-check.json"};
  Value full = convert_document(*document, context);
  if (context.failed || sink.has_errors()) {
    verdict.agrees = false;
    verdict.detail = "the full path hits a limit the fast path let through";
  } else if (!values_identical(*fast, full)) {
    verdict.agrees = false;
    verdict.detail = "the fast path's values differ: fast " + to_display(*fast) + " vs full " + to_display(full);
  }
  return verdict;
}

}  // namespace edict::internal
