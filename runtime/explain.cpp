// Renders an Explanation as the language page shows it (power-assert style).
#include "runtime/explain.h"

#include <algorithm>
#include <map>

namespace edict {

namespace {

// Display width of UTF-8 text in code points (what the columns count).
size_t width(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

void put_at(std::string& line, size_t column, std::string_view text) {
  size_t w = width(line);
  if (w < column) line.append(column - w, ' ');
  line += text;
}

// The byte offset of the `points`-th code point of `s` (s.size() past its end).
size_t byte_at(std::string_view s, size_t points) {
  size_t seen = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (seen++ == points) return i;
  }
  return seen == points ? s.size() : std::string_view::npos;
}

// True when every value on `line` lies inside `text` at its column, counted from
// `column`, and starts there with its own source text.
bool values_fit(const Explanation& e, std::string_view text, uint32_t line, uint32_t column) {
  for (const TracedValue& v : e.values) {
    if (!v.within.empty() || v.location.line != line) continue;
    if (v.location.column < column) return false;
    std::string_view source = std::string_view(v.source).substr(0, v.source.find('\n'));
    size_t at = byte_at(text, v.location.column - column);
    if (at == std::string_view::npos || text.substr(at, source.size()) != source) return false;
  }
  return true;
}

}  // namespace

void anchor_when(Explanation* e) {
  std::string_view text = e->require_text;
  std::string_view first_line = text.substr(0, text.find('\n'));
  // Only the values on the first line the `when`'s values reach can be on its first
  // line; one further down may repeat text of the first line.
  uint32_t top = UINT32_MAX;
  for (const TracedValue& v : e->values) {
    if (v.within.empty() && v.location.path == e->location.path) top = std::min(top, v.location.line);
  }
  for (const TracedValue& v : e->values) {
    if (!v.within.empty() || v.location.path != e->location.path || v.location.line != top) continue;
    std::string_view source = std::string_view(v.source).substr(0, v.source.find('\n'));
    if (source.empty()) continue;
    for (size_t at = first_line.find(source); at != std::string_view::npos; at = first_line.find(source, at + 1)) {
      size_t offset = width(first_line.substr(0, at));
      if (v.location.column <= offset) continue;
      auto column = static_cast<uint32_t>(v.location.column - offset);
      if (values_fit(*e, first_line, v.location.line, column)) {
        e->location.line = v.location.line;
        e->location.column = column;
        return;
      }
    }
  }
}

std::string display_traced(const Value& value) {
  // Bounded while rendering, not after: a 100,000-item list traced by 200 rules would
  // otherwise be rendered whole 200 times to keep 120 bytes of each.
  bool cut = false;
  std::string s = to_display_bounded(value, kMaxTracedValueChars, &cut);
  if (cut) s += "...";
  return s;
}

std::string render_explanation(const Explanation& e) {
  std::string prefix = "  " + e.keyword + " ";
  // Only the first line of a multi-line requirement gets columns; the rest are notes.
  std::string_view text = e.require_text;
  std::string_view first_line = text.substr(0, text.find('\n'));
  std::string out = prefix + std::string(first_line) + "\n";

  std::map<size_t, std::string> columns;  // column -> value; a later value at a column wins
  std::vector<std::string> off_line;
  for (const TracedValue& v : e.values) {
    if (v.location.line == e.location.line && v.location.column >= e.location.column &&
        v.location.column - e.location.column < width(first_line)) {
      columns[width(prefix) + (v.location.column - e.location.column)] = v.value;
    } else {
      off_line.push_back("`" + v.source + "` is " + v.value);
    }
  }
  if (!columns.empty()) {
    std::string bars;
    for (const auto& [column, value] : columns) put_at(bars, column, "|");
    out += bars + "\n";
    // Right to left: the rightmost value sits nearest the expression.
    for (auto it = columns.rbegin(); it != columns.rend(); ++it) {
      std::string line;
      for (const auto& [column, value] : columns) {
        if (column >= it->first) break;
        put_at(line, column, "|");
      }
      put_at(line, it->first, it->second);
      out += line + "\n";
    }
  }
  for (const std::string& note : off_line) out += "  note: " + note + "\n";
  for (const std::string& note : e.notes) out += "  note: " + note + "\n";
  return out;
}

}  // namespace edict
