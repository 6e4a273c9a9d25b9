// Glob matching for waivers. Iterative with one backtrack point, so it is linear-ish in
// practice and never recursive: patterns come from a user's file.
#include "report/glob.h"

namespace edict::report {

namespace {

// Matches a `[...]` class at pattern[p] against c; sets *next past the `]`.
// A `[` with no closing `]` is a literal `[`.
bool class_match(std::string_view pattern, size_t p, char c, size_t* next, bool* is_class) {
  size_t i = p + 1;
  bool negate = i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^');
  if (negate) ++i;
  size_t start = i;
  bool matched = false;
  while (i < pattern.size() && (pattern[i] != ']' || i == start)) {
    if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
      if (pattern[i] <= c && c <= pattern[i + 2]) matched = true;
      i += 3;
    } else {
      if (pattern[i] == c) matched = true;
      ++i;
    }
  }
  if (i >= pattern.size()) {
    *is_class = false;
    *next = p + 1;
    return c == '[';
  }
  *is_class = true;
  *next = i + 1;
  return matched != negate;
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text) {
  size_t p = 0, t = 0;
  size_t star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star_p = p++;
      star_t = t;
      continue;
    }
    if (p < pattern.size()) {
      if (pattern[p] == '?') {
        ++p;
        ++t;
        continue;
      }
      if (pattern[p] == '[') {
        size_t next;
        bool is_class;
        if (class_match(pattern, p, text[t], &next, &is_class)) {
          p = next;
          ++t;
          continue;
        }
      } else if (pattern[p] == text[t]) {
        ++p;
        ++t;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p + 1;
    t = ++star_t;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool is_glob(std::string_view pattern) { return pattern.find_first_of("*?[") != std::string_view::npos; }

}  // namespace edict::report
