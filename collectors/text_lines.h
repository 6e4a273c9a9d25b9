// The line walk under every text file a Linux collector parses (os-release, dpkg status,
// /etc/environment, passwd, /proc/net/*): one place that decides what a line is.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace edict::collectors {

// Calls fn(line) for each '\n'-separated line of `text`, without the '\n'. A last line
// without one is still a line; an empty text has none.
template <typename Fn>
void for_each_line(std::string_view text, Fn fn) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    fn(text.substr(start, end - start));
    start = end + 1;
  }
}

// The words of a line separated by spaces and tabs (the layout of /proc/net/*,
// /proc/modules, modprobe.d and fstab), empty words dropped.
inline std::vector<std::string_view> whitespace_fields(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

// Up to 16 hex digits (either case) as a number; false for anything else, empty included.
inline bool parse_hex(std::string_view s, uint64_t* out) {
  if (s.empty() || s.size() > 16) return false;
  uint64_t v = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return false;
    v = (v << 4) | static_cast<uint64_t>(d);
  }
  *out = v;
  return true;
}

}  // namespace edict::collectors
