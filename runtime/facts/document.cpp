// Facts document text -> JSON DOM (see document.h). TOML is turned into the same DOM
// so that schema checking is written once.
#include "runtime/facts/document.h"

#include <toml++/toml.h>

#include <cmath>
#include <sstream>

#include "runtime/facts/json_dom.h"
#include "runtime/facts/locate.h"

namespace edict::internal {

using nlohmann::json;

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

Span span_at(const SourceManager& sources, uint32_t file_id, size_t offset) {
  const SourceFile* file = sources.get(file_id);
  size_t size = file->text().size();
  if (offset > size) offset = size;
  return file->span(file_id, static_cast<uint32_t>(offset), static_cast<uint32_t>(offset < size ? offset + 1 : offset));
}

// Strips nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 5: "
// so the message reads like ours.
std::string json_error_text(const std::string& what) {
  std::string s = what;
  size_t bracket = s.find("] ");
  if (bracket != std::string::npos) s = s.substr(bracket + 2);
  size_t colon = s.find(": ");
  if (s.rfind("parse error", 0) == 0 && colon != std::string::npos) s = s.substr(colon + 2);
  return s;
}

// The first `{`/`[` that nests deeper than max_depth, outside strings, or npos. Done
// before parsing so a hostile document never reaches a recursive walk.
size_t find_too_deep_json(std::string_view text, uint32_t max_depth) {
  uint32_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') {
      if (++depth > max_depth) return i;
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return std::string_view::npos;
}

// E0517: the second of two equal keys in one JSON map, with the first named in the help.
// Last-one-wins would let `"licensed": false, "licensed": true` read as licensed.
void report_repeated_key(const JsonDuplicateKey& repeat, uint32_t file_id, const SourceManager& sources,
                         DiagnosticSink& sink) {
  const SourceFile& file = *sources.get(file_id);
  std::vector<DocumentStep> steps;
  for (const auto& step : repeat.map_steps) {
    steps.push_back(step.is_key ? DocumentStep::of_key(&step.key) : DocumentStep::of_index(step.index));
  }
  std::optional<RepeatedKey> at = locate_repeated_key(file, file_id, steps, repeat.key);
  std::string help = "a map names each key once; keep the one you mean";
  if (at) help = "the first `" + repeat.key + "` is at line " + std::to_string(at->first.line) + ", column " +
                 std::to_string(at->first.column) + "; " + help;
  Diagnostic d = Diagnostic::error("E0517", at ? at->second : span_at(sources, file_id, 0),
                                   "key `" + repeat.key + "` appears twice in the same map", help);
  sink.report(std::move(d));
}

// How a non-finite float is written in TOML, for messages.
std::string toml_float_text(double d) {
  if (std::isnan(d)) return "nan";
  return d < 0 ? "-inf" : "inf";
}

class TomlToJson {
 public:
  TomlToJson(uint32_t file_id, const SourceManager& sources, DiagnosticSink& sink, uint32_t max_depth)
      : file_id_(file_id), sources_(sources), sink_(sink), max_depth_(max_depth) {}

  bool convert(const toml::node& node, json* out, uint32_t depth) {
    if (depth > max_depth_) {
      const auto& begin = node.source().begin;
      size_t offset = offset_of(*sources_.get(file_id_), begin.line, begin.column);
      sink_.report(Diagnostic::error("E0505", span_at(sources_, file_id_, offset),
                                     "facts document is nested deeper than " + std::to_string(max_depth_) + " levels",
                                     "flatten the document; no fact is that deep"));
      return false;
    }
    if (const auto* table = node.as_table()) {
      *out = json::object();
      for (const auto& [key, child] : *table) {
        json value;
        path_.push_back(key.str());
        if (!convert(child, &value, depth + 1)) return false;
        path_.pop_back();
        (*out)[std::string(key.str())] = std::move(value);
      }
      return true;
    }
    if (const auto* array = node.as_array()) {
      *out = json::array();
      for (const auto& child : *array) {
        json value;
        path_.push_back({});  // an item: its index is not needed, the caret shows it
        if (!convert(child, &value, depth + 1)) return false;
        path_.pop_back();
        out->push_back(std::move(value));
      }
      return true;
    }
    if (const auto* f = node.as_floating_point(); f && !std::isfinite(f->get())) {
      // JSON cannot spell NaN or infinity; TOML can. Neither is a fact: every comparison
      // with NaN is false, so `not (load >= 90.0)` would pass on it.
      const auto& begin = node.source().begin;
      size_t offset = offset_of(*sources_.get(file_id_), begin.line, begin.column);
      std::string value = toml_float_text(f->get());
      sink_.report(Diagnostic::error("E0516", span_at(sources_, file_id_, offset),
                                     "fact `" + dotted_path() + "` is `" + value + "`, not a number a fact can hold",
                                     "write a finite number, or leave the fact out so that it is unknown"));
      return false;
    }
    if (const auto* s = node.as_string()) *out = s->get();
    else if (const auto* i = node.as_integer()) *out = i->get();
    else if (const auto* f = node.as_floating_point()) *out = f->get();
    else if (const auto* b = node.as_boolean()) *out = b->get();
    else {
      // Dates and times become their RFC 3339 text.
      std::ostringstream text;
      if (const auto* d = node.as_date()) text << d->get();
      else if (const auto* t = node.as_time()) text << t->get();
      else if (const auto* dt = node.as_date_time()) text << dt->get();
      *out = text.str();
    }
    return true;
  }

 private:
  // The keys from the root to the node being converted, dotted; list items show as `[]`.
  std::string dotted_path() const {
    std::string out;
    for (std::string_view key : path_) {
      if (key.data() == nullptr) {
        out += "[]";
        continue;
      }
      if (!out.empty()) out += '.';
      out += key;
    }
    return out;
  }

  std::vector<std::string_view> path_;
  uint32_t file_id_;
  const SourceManager& sources_;
  DiagnosticSink& sink_;
  uint32_t max_depth_;
};

}  // namespace

FactsFormat detect_format(std::string_view name, std::string_view text) {
  if (ends_with(name, ".json") || ends_with(name, ".ndjson") || ends_with(name, ".jsonl")) return FactsFormat::kJson;
  if (ends_with(name, ".toml")) return FactsFormat::kToml;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{' ? FactsFormat::kJson : FactsFormat::kToml;
  }
  return FactsFormat::kJson;
}

size_t find_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) len = 4, cp = c & 0x07;
    else return i;
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
      return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

std::optional<json> parse_document(uint32_t file_id, const SourceManager& sources, FactsFormat format,
                                   DiagnosticSink& sink, const FactsLimits& limits) {
  const SourceFile& file = *sources.get(file_id);
  std::string_view text = file.text();
  if (size_t bad = find_invalid_utf8(text); bad != std::string_view::npos) {
    sink.report(Diagnostic::error("E0502", span_at(sources, file_id, bad), "facts document is not valid UTF-8",
                                  "save the file as UTF-8"));
    return std::nullopt;
  }
  if (format == FactsFormat::kAuto) format = detect_format(file.path(), text);

  json root;
  if (format == FactsFormat::kJson) {
    if (size_t deep = find_too_deep_json(text, limits.max_depth); deep != std::string_view::npos) {
      sink.report(Diagnostic::error("E0505", span_at(sources, file_id, deep),
                                    "facts document is nested deeper than " + std::to_string(limits.max_depth) + " levels",
                                    "flatten the document; no fact is that deep"));
      return std::nullopt;
    }
    JsonParseResult parsed = parse_json_dom(text);
    if (parsed.duplicate) {
      report_repeated_key(*parsed.duplicate, file_id, sources, sink);
      return std::nullopt;
    }
    if (parsed.syntax && !parsed.syntax->out_of_range) {
      size_t offset = parsed.syntax->byte > 0 ? parsed.syntax->byte - 1 : 0;
      sink.report(Diagnostic::error("E0503", span_at(sources, file_id, offset),
                                    "invalid JSON: " + json_error_text(parsed.syntax->what)));
      return std::nullopt;
    }
    if (parsed.syntax) {
      // A number past double's range (`1e400`) is nlohmann's out_of_range.406, not a
      // syntax error (found by fuzz_facts); point at the number when it can be found.
      const std::string& what = parsed.syntax->what;
      size_t open = what.find('\''), close = what.rfind('\'');
      size_t at = open != std::string::npos && close > open ? text.find(what.substr(open + 1, close - open - 1)) : 0;
      sink.report(Diagnostic::error("E0503", span_at(sources, file_id, at == std::string_view::npos ? 0 : at),
                                    "invalid JSON: " + json_error_text(what), "write the number within ±1.7e308"));
      return std::nullopt;
    }
    root = std::move(*parsed.root);
  } else {
    toml::table table;
    try {
      table = toml::parse(text, file.path());
    } catch (const toml::parse_error& e) {
      const auto& begin = e.source().begin;
      sink.report(Diagnostic::error("E0504", span_at(sources, file_id, offset_of(file, begin.line, begin.column)),
                                    "invalid TOML: " + std::string(e.description())));
      return std::nullopt;
    }
    TomlToJson converter(file_id, sources, sink, limits.max_depth);
    if (!converter.convert(table, &root, 0)) return std::nullopt;
  }
  if (!root.is_object()) {
    Diagnostic d = Diagnostic::error("E0508", span_at(sources, file_id, text.find_first_not_of(" \t\r\n")),
                                     "a facts document must be a map of facts at the top level",
                                     "write `{\"os\": {...}, ...}`");
    sink.report(std::move(d));
    return std::nullopt;
  }
  return root;
}

}  // namespace edict::internal
