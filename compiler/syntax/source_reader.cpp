// First gate of the front end: a file's bytes become a SourceFile only if they are a
// reasonable size, contain no NUL and are valid UTF-8 (E00xx diagnostics otherwise).
// Files, FIFOs, devices and stdin are all read by runtime/bounded_read.h's one reader.
#include "compiler/syntax/codes.h"
#include "compiler/syntax/parser.h"
#include "runtime/bounded_read.h"
#include "runtime/string_codec.h"

namespace edict::syntax {

std::optional<uint32_t> add_source(std::string path, std::string text, SourceManager& sources, DiagnosticSink& sink,
                                   const ParseLimits& limits) {
  if (text.size() > limits.max_source_bytes) {
    Diagnostic d = Diagnostic::error(codes::kTooLarge, {},
                                     "file is too large to be a policy (" + std::to_string(text.size()) +
                                         " bytes, the limit is " + std::to_string(limits.max_source_bytes) + ")",
                                     "split it into several files");
    d.path = path;
    sink.report(std::move(d));
    return std::nullopt;
  }
  // Find every bad byte first; the file is then stored with them replaced by `?` (same
  // offsets) so the diagnostics can show the line with a caret.
  struct Bad { size_t offset; bool nul; };
  std::vector<Bad> bad;
  for (size_t i = 0; i < text.size();) {
    i += plain_ascii_length(text, i);
    if (i >= text.size()) break;
    if (text[i] == '\0') {
      bad.push_back({i, true});
      ++i;
      continue;
    }
    size_t n = utf8_sequence_length(text, i);
    if (n == 0) {
      bad.push_back({i, false});
      ++i;
      continue;
    }
    i += n;
  }
  if (bad.empty()) return sources.add(std::move(path), std::move(text));

  for (const Bad& b : bad) text[b.offset] = '?';
  uint32_t id = sources.add(path, std::move(text));
  const SourceFile* file = sources.get(id);
  // One diagnostic per line is plenty: a binary file would otherwise print thousands.
  uint32_t last_line = 0;
  for (const Bad& b : bad) {
    Span span = file->span(id, static_cast<uint32_t>(b.offset), static_cast<uint32_t>(b.offset + 1));
    if (span.line == last_line) continue;
    last_line = span.line;
    if (b.nul) {
      sink.report(Diagnostic::error(codes::kNulByte, span, "source file contains a NUL byte",
                                    "policy files are text; is this a binary file?"));
    } else {
      sink.report(Diagnostic::error(codes::kNotUtf8, span, "source file is not valid UTF-8",
                                    "save the file as UTF-8"));
    }
    if (sink.full()) break;
  }
  return std::nullopt;
}

std::optional<uint32_t> read_source(const std::string& path, SourceManager& sources, DiagnosticSink& sink,
                                    const ParseLimits& limits) {
  // "-" is stdin (`edict fmt -`, `edict parse -`): read through the same bounded reader
  // as files, so an endless stdin or `/dev/zero` ends in E0002, not in `bad_alloc`.
  std::string shown = path == "-" ? "<stdin>" : path;
  std::string text, error;
  bool too_large = false;
  if (!read_whole_file(path, limits.max_source_bytes, &text, &error, &too_large)) {
    Diagnostic d = too_large ? Diagnostic::error(codes::kTooLarge, {},
                                                 "file is too large to be a policy (more than " +
                                                     std::to_string(limits.max_source_bytes) + " bytes)",
                                                 "split it into several files")
                             : Diagnostic::error(codes::kCannotRead, {}, "cannot read `" + shown + "`: " + error);
    d.path = shown;
    sink.report(std::move(d));
    return std::nullopt;
  }
  return add_source(shown, std::move(text), sources, sink, limits);
}

}  // namespace edict::syntax
