// merge_declared_document (see merge.h): the loader's two steps (document.h) with a walk
// that keeps declared facts only.
#include "runtime/facts/merge.h"

#include "runtime/facts/document.h"

namespace edict {

namespace {

// Declared leaves are converted and set, namespaces of declared facts are walked,
// everything else is reported as ignored.
// `root` is a flag, not `path.empty()`: a key "" would otherwise be taken for the root
// and a scalar's items() walked forever (the bug fuzz_facts found in convert.cpp).
void merge(const nlohmann::json& j, const std::string& path, internal::ConvertContext& context, FactsBuilder& out,
           const Provenance& provenance, std::vector<std::string>& ignored, bool root = false) {
  if (!root) {
    if (const FactDecl* decl = context.schema.find(path)) {
      Value v = internal::convert_typed(j, *decl->type, path, context);
      if (context.failed) return;
      out.set(path, v);
      if (!v.is_unknown()) out.set_provenance(path, provenance);
      return;
    }
    // Core namespaces are walked too, so `os.name` (a built-in's fact) is reported by name.
    bool walk = context.schema.is_namespace(path) || FactSchema::core().is_namespace(path);
    if (!walk || !j.is_object()) {
      ignored.push_back(path);
      return;
    }
  }
  for (const auto& [key, value] : j.items()) {
    internal::StepScope step(context, internal::DocumentStep::of_key(&key));
    merge(value, root ? key : path + "." + key, context, out, provenance, ignored);
  }
}

}  // namespace

std::string first_diagnostic_text(const DiagnosticSink& sink) {
  if (sink.diagnostics().empty()) return "invalid output";
  const Diagnostic& d = sink.diagnostics().front();
  std::string where;
  if (d.span.valid()) where = "line " + std::to_string(d.span.line) + ", column " + std::to_string(d.span.column) + ": ";
  return where + d.message;
}

MergeResult merge_declared_document(FactsDocument document, const FactSchema& declared, const FactsLimits& limits,
                                    const Provenance& provenance, FactsBuilder& out) {
  MergeResult result;
  SourceManager sources;
  DiagnosticSink sink;
  FactsFormat format = document.format == FactsFormat::kAuto ? internal::detect_format(document.name, document.text)
                                                             : document.format;
  uint32_t id = sources.add(document.name, std::move(document.text));
  auto parsed = internal::parse_document(id, sources, format, sink, limits);
  if (!parsed) {
    result.status = MergeStatus::kNotADocument;
    result.error = first_diagnostic_text(sink);
    return result;
  }
  internal::ConvertContext context{out.arena(), declared, limits, sink, document.name};
  if (document.positions == TextPositions::kPointInto) {
    context.source = sources.get(id);
    context.file_id = id;
    context.format = format;
  }
  merge(*parsed, "", context, out, provenance, result.paths_ignored, /*root=*/true);
  if (context.failed) {
    result.status = MergeStatus::kRefused;
    result.error = first_diagnostic_text(sink);
  }
  return result;
}

}  // namespace edict
