// Schema files (see schema_file.h) -> FactSchema declarations.
#include "runtime/facts/schema_file.h"

#include <toml++/toml.h>

#include <cctype>

#include "runtime/facts/load.h"

namespace edict {

namespace {

// A schema file is a few lines; anything near this is not one.
constexpr size_t kMaxSchemaFileBytes = 1 << 20;

Span span_of(const SourceFile& file, uint32_t file_id, const toml::source_region& region) {
  if (region.begin.line == 0) return Span{};
  std::string_view line = file.line_text(region.begin.line);
  size_t offset = static_cast<size_t>(line.data() - file.text().data());
  uint32_t col = 1;
  size_t i = 0;
  while (col < region.begin.column && i < line.size()) {
    ++i;
    while (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) ++i;
    ++col;
  }
  uint32_t begin = static_cast<uint32_t>(offset + i);
  return file.span(file_id, begin, begin + 1);
}

bool valid_path(std::string_view path) {
  if (path.empty() || path.front() == '.' || path.back() == '.' || path.find("..") != std::string_view::npos) return false;
  for (char c : path) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-')) return false;
  }
  return true;
}

}  // namespace

bool load_schema_text(std::string name, std::string text, FactSchema& schema, SourceManager& sources,
                      DiagnosticSink& sink, const std::string& provider) {
  uint32_t id = sources.add(name, std::move(text));
  const SourceFile& file = *sources.get(id);
  toml::table doc;
  try {
    doc = toml::parse(file.text(), file.path());
  } catch (const toml::parse_error& e) {
    sink.report(Diagnostic::error("E0510", span_of(file, id, e.source()),
                                  "invalid schema file: " + std::string(e.description())));
    return false;
  }
  const toml::table* facts = doc["facts"].as_table();
  if (!facts) {
    Diagnostic d = Diagnostic::error("E0510", Span{}, "schema file has no `[facts]` table",
                                     "write `[facts]` then `\"path.to.fact\" = \"type\"` lines");
    d.path = file.path();
    sink.report(std::move(d));
    return false;
  }
  FactSchema staged = schema;
  bool ok = true;
  for (const auto& [key, node] : *facts) {
    std::string path(key.str());
    Span at = span_of(file, id, key.source());
    std::string type_text, description;
    if (const auto* s = node.as_string()) {
      type_text = s->get();
    } else if (const auto* t = node.as_table()) {
      type_text = (*t)["type"].value_or(std::string());
      description = (*t)["description"].value_or(std::string());
    }
    if (!valid_path(path)) {
      sink.report(Diagnostic::error("E0510", at, "`" + path + "` is not a fact path",
                                    "use dotted names of letters, digits and `_`"));
      ok = false;
      continue;
    }
    if (type_text.empty()) {
      sink.report(Diagnostic::error("E0510", span_of(file, id, node.source()), "fact `" + path + "` has no type",
                                    "write `\"" + path + "\" = \"string\"` or `{ type = \"...\" }`"));
      ok = false;
      continue;
    }
    std::string error;
    auto type = parse_type(type_text, &error);
    if (!type) {
      sink.report(Diagnostic::error("E0511", span_of(file, id, node.source()),
                                    "bad type `" + type_text + "` for fact `" + path + "`: " + error,
                                    "types are string, int, bool, float, version, list<T>, map<string, T>, {f: T}"));
      ok = false;
      continue;
    }
    std::string conflict;
    if (!staged.add(FactDecl{path, *type, provider, description}, &conflict)) {
      sink.report(Diagnostic::error("E0512", at, "cannot declare fact `" + path + "`: " + conflict));
      ok = false;
    }
  }
  if (ok) schema = std::move(staged);
  return ok;
}

bool load_schema_file(const std::string& path, FactSchema& schema, SourceManager& sources, DiagnosticSink& sink,
                      const std::string& provider) {
  std::string text, error;
  if (!read_whole_file(path, kMaxSchemaFileBytes, &text, &error)) {
    Diagnostic d = Diagnostic::error("E0510", Span{}, "cannot read schema file `" + path + "`: " + error);
    d.path = path;
    sink.report(std::move(d));
    return false;
  }
  return load_schema_text(path, std::move(text), schema, sources, sink, provider);
}

}  // namespace edict
