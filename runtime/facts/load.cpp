// Facts files -> Facts (see load.h): read with a size cap, parse, convert against
// the schema, stamp provenance.
#include "runtime/facts/load.h"

#include "runtime/bounded_read.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "runtime/facts/builder.h"
#include "runtime/facts/document.h"
#include "runtime/facts/json_fast.h"

namespace edict {

namespace {

Diagnostic too_large(const std::string& name, size_t limit) {
  Diagnostic d = Diagnostic::error("E0501", Span{}, "facts document is larger than " + size_text(limit),
                                   "split it (one host per file, or NDJSON), leave out bulky facts, or raise the limit "
                                   "(`edict check --max-facts-bytes`)");
  d.path = name;
  return d;
}

// Converts an already-registered source file; shared by files, stdin and NDJSON.
std::optional<Facts> load_registered(uint32_t file_id, FactsFormat format, const FactSchema& schema,
                                     SourceManager& sources, DiagnosticSink& sink, const FactsLimits& limits,
                                     Provenance provenance, TextPositions positions = TextPositions::kPointInto) {
  const SourceFile& file = *sources.get(file_id);
  FactsFormat resolved = format == FactsFormat::kAuto ? internal::detect_format(file.path(), file.text()) : format;
  // The fast path decides the documents the full path accepts as they are; anything
  // else (a diagnostic to report, an error value to place) goes the full way.
  if (resolved == FactsFormat::kJson && internal::json_fast_path_available()) {
    Facts fast;
    if (std::optional<Value> root = internal::convert_json_fast(file.text(), schema, limits, fast.arena())) {
      fast.set_root(*root);
      fast.set_provenance("", std::move(provenance));
      return fast;
    }
  }
  auto document = internal::parse_document(file_id, sources, format, sink, limits);
  if (!document) return std::nullopt;
  Facts facts;
  internal::ConvertContext context{facts.arena(), schema, limits, sink, file.path()};
  if (positions == TextPositions::kPointInto) context.source = &file;
  context.file_id = file_id;
  context.format = resolved;
  Value root = internal::convert_document(*document, context);
  if (context.failed) return std::nullopt;
  facts.set_root(root);
  facts.set_provenance("", std::move(provenance));
  return facts;
}

std::string mtime_of(const std::string& path) {
  struct stat st;
  if (path != "-" && ::stat(path.c_str(), &st) == 0) return rfc3339_utc(st.st_mtime);
  return now_rfc3339();
}

}  // namespace

std::optional<Facts> load_facts_text(std::string name, std::string text, FactsFormat format,
                                     const FactSchema& schema, SourceManager& sources, DiagnosticSink& sink,
                                     const FactsLimits& limits, TextPositions positions) {
  if (text.size() > limits.max_bytes) {
    sink.report(too_large(name, limits.max_bytes));
    return std::nullopt;
  }
  Provenance provenance{"file:" + name, now_rfc3339()};
  uint32_t id = sources.add(std::move(name), std::move(text));
  return load_registered(id, format, schema, sources, sink, limits, std::move(provenance), positions);
}

std::optional<Facts> load_facts_file(const std::string& path, const FactSchema& schema, SourceManager& sources,
                                     DiagnosticSink& sink, FactsFormat format, const FactsLimits& limits) {
  std::string text, error;
  bool over = false;
  std::string shown = path == "-" ? "<stdin>" : path;
  if (!read_whole_file(path, limits.max_bytes, &text, &error, &over)) {
    if (over) {
      sink.report(too_large(shown, limits.max_bytes));
    } else {
      Diagnostic d = Diagnostic::error("E0500", Span{}, "cannot read facts file `" + shown + "`: " + error,
                                       "check the path given to `--facts`");
      d.path = shown;
      sink.report(std::move(d));
    }
    return std::nullopt;
  }
  Provenance provenance{"file:" + shown, mtime_of(path)};
  uint32_t id = sources.add(shown, std::move(text));
  return load_registered(id, format, schema, sources, sink, limits, std::move(provenance));
}

std::optional<std::vector<Facts>> load_facts_ndjson(const std::string& path, const FactSchema& schema,
                                                    SourceManager& sources, DiagnosticSink& sink,
                                                    const FactsLimits& limits) {
  std::string text, error;
  bool over = false;
  std::string shown = path == "-" ? "<stdin>" : path;
  if (!read_whole_file(path, limits.max_bytes, &text, &error, &over)) {
    if (over) {
      sink.report(too_large(shown, limits.max_bytes));
    } else {
      Diagnostic d = Diagnostic::error("E0500", Span{}, "cannot read facts file `" + shown + "`: " + error);
      d.path = shown;
      sink.report(std::move(d));
    }
    return std::nullopt;
  }
  std::string mtime = mtime_of(path);
  std::vector<Facts> hosts;
  size_t line_number = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    ++line_number;
    std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    // Each line is its own source, named path:N, so a caret points into that line.
    std::string name = shown + ":" + std::to_string(line_number);
    Provenance provenance{"file:" + name, mtime};
    uint32_t id = sources.add(name, std::move(line));
    auto facts = load_registered(id, FactsFormat::kJson, schema, sources, sink, limits, std::move(provenance));
    if (facts) hosts.push_back(std::move(*facts));
  }
  return hosts;
}

}  // namespace edict
