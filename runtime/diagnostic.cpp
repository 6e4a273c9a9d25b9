#include "runtime/diagnostic.h"

#include <algorithm>
#include <vector>

namespace edict {

Diagnostic Diagnostic::error(std::string code, Span span, std::string message, std::string help) {
  return Diagnostic{std::move(code), Severity::kError, span, {}, std::move(message), std::move(help)};
}

Diagnostic Diagnostic::warning(std::string code, Span span, std::string message, std::string help) {
  return Diagnostic{std::move(code), Severity::kWarning, span, {}, std::move(message), std::move(help)};
}

void DiagnosticSink::report(Diagnostic diagnostic) {
  if (diagnostic.severity == Severity::kError) {
    if (full()) {
      ++error_count_;
      ++dropped_;
      return;
    }
    ++error_count_;
  }
  diagnostics_.push_back(std::move(diagnostic));
}

namespace {

const char* severity_word(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "error";
}

const char* severity_color(Severity s) {
  switch (s) {
    case Severity::kError: return "\x1b[1;31m";
    case Severity::kWarning: return "\x1b[1;33m";
    case Severity::kNote: return "\x1b[1;36m";
  }
  return "";
}

// Number of code points in the bytes [begin, end) of a line; tabs count as one.
size_t code_points(std::string_view text) {
  size_t n = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace

std::string render(const Diagnostic& d, const SourceManager& sources, RenderOptions options) {
  const SourceFile* file = d.span.valid() ? sources.get(d.span.file_id) : nullptr;
  std::string out;
  const char* bold = options.color ? "\x1b[1m" : "";
  const char* reset = options.color ? "\x1b[0m" : "";
  out += bold;
  if (file) {
    out += file->path() + ":" + std::to_string(d.span.line) + ":" + std::to_string(d.span.column) + ": ";
  } else if (!d.path.empty()) {
    out += d.path + ": ";
  }
  out += reset;
  if (options.color) out += severity_color(d.severity);
  out += severity_word(d.severity);
  if (!d.code.empty()) out += "[" + d.code + "]";
  out += reset;
  out += std::string(bold) + ": " + d.message + reset + "\n";

  if (file) {
    std::string_view line = file->line_text(d.span.line);
    std::string gutter = std::to_string(d.span.line);
    std::string pad(gutter.size(), ' ');
    out += pad + " |\n";
    out += gutter + " | ";
    size_t col = d.span.column > 0 ? d.span.column - 1 : 0;
    // A very long line (generated or minified input) is shown as a window around the
    // caret, so one diagnostic cannot print megabytes.
    std::vector<size_t> starts;  // byte offset of each code point
    for (size_t i = 0; i < line.size(); ++i) {
      if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) starts.push_back(i);
    }
    size_t first = 0, last = starts.size();  // code points shown: [first, last)
    if (starts.size() > kMaxShownLineWidth) {
      first = col > kMaxShownLineWidth / 3 ? std::min(col - kMaxShownLineWidth / 3, starts.size() - kMaxShownLineWidth) : 0;
      last = first + kMaxShownLineWidth;
    }
    auto byte_at = [&](size_t cp) { return cp < starts.size() ? starts[cp] : line.size(); };
    if (first > 0) out += "...";
    // Tabs become single spaces so the caret line stays aligned.
    for (char c : line.substr(byte_at(first), byte_at(last) - byte_at(first))) out += (c == '\t' ? ' ' : c);
    if (last < starts.size()) out += "...";
    out += "\n" + pad + " | ";
    col = col >= first ? col - first + (first > 0 ? 3 : 0) : 0;
    out += std::string(col, ' ');
    // Underline the span on its first line (at least one caret).
    uint32_t line_end_offset = d.span.begin;
    std::string_view text = file->text();
    while (line_end_offset < text.size() && text[line_end_offset] != '\n' && line_end_offset < d.span.end) ++line_end_offset;
    size_t width = d.span.end > d.span.begin && d.span.begin < text.size()
                       ? code_points(text.substr(d.span.begin, line_end_offset - d.span.begin))
                       : 1;
    width = std::max<size_t>(std::min(width, kMaxShownLineWidth), 1);
    if (options.color) out += severity_color(d.severity);
    out += std::string(width, '^');
    out += reset;
    out += "\n";
  }
  if (!d.help.empty()) {
    out += "  = help: " + d.help + "\n";
  }
  return out;
}

std::string render_all(const DiagnosticSink& sink, const SourceManager& sources, RenderOptions options) {
  std::string out;
  for (const auto& d : sink.diagnostics()) out += render(d, sources, options);
  if (sink.dropped() > 0) {
    out += "note: " + std::to_string(sink.dropped()) + " more errors not shown\n";
  }
  return out;
}

}  // namespace edict
