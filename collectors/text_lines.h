// The line walk under every text file a Linux collector parses (os-release, dpkg status,
// /etc/environment, passwd, /proc/net/*): one place that decides what a line is.
#pragma once

#include <string_view>

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

}  // namespace edict::collectors
