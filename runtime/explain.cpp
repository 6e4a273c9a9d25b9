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

}  // namespace

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
