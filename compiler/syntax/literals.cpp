// Literal decoding; see literals.h for the rules each function applies.
#include "compiler/syntax/literals.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <algorithm>
#include <cctype>

#include "compiler/syntax/codes.h"
#include "runtime/string_codec.h"

namespace edict::syntax {
namespace {

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (true) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      lines.push_back(text.substr(start));
      return lines;
    }
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
}

// Applies escapes to `body`, whose first byte is at `base` in the raw spelling. The
// escape language itself is runtime/string_codec.h's, shared with encode_string.
std::optional<std::string> unescape(std::string_view body, size_t base, LiteralError* error) {
  EscapeError escape_error;
  std::optional<std::string> value = decode_escapes(body, &escape_error);
  if (!value && error) {
    *error = LiteralError{codes::kBadEscape, base + escape_error.offset, escape_error.length,
                          std::move(escape_error.message), std::move(escape_error.help)};
  }
  return value;
}

}  // namespace

TripleQuotedLayout layout_triple_quoted(std::string_view raw) {
  TripleQuotedLayout layout;
  std::string_view content = raw.substr(3, raw.size() >= 6 ? raw.size() - 6 : 0);
  std::vector<std::string_view> lines = split_lines(content);
  if (lines.size() > 1 && is_blank(lines.front())) {
    layout.leading_break = true;
    lines.erase(lines.begin());
  }
  if (lines.size() > 1 && is_blank(lines.back())) {
    layout.closing_on_own_line = true;
    lines.pop_back();
  } else if (layout.leading_break && lines.size() == 1 && is_blank(lines.back())) {
    layout.closing_on_own_line = true;
    lines.pop_back();
  }
  // The first line, when it follows the opening quotes directly, has no indentation of
  // its own and takes no part in finding the common one.
  size_t first_indented = layout.leading_break ? 0 : 1;
  std::string_view prefix;
  bool have_prefix = false;
  for (size_t i = first_indented; i < lines.size(); ++i) {
    if (is_blank(lines[i])) continue;
    std::string_view ws = lines[i].substr(0, lines[i].find_first_not_of(" \t"));
    if (!have_prefix) {
      prefix = ws;
      have_prefix = true;
      continue;
    }
    // A common prefix, character by character, so tabs and spaces never get mixed up.
    size_t k = 0;
    while (k < prefix.size() && k < ws.size() && prefix[k] == ws[k]) ++k;
    prefix = prefix.substr(0, k);
  }
  size_t common = prefix.size();
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (i >= first_indented && is_blank(line)) {
      layout.lines.emplace_back();
    } else if (i >= first_indented) {
      layout.lines.emplace_back(line.substr(common));
    } else {
      layout.lines.emplace_back(line);
    }
  }
  return layout;
}

std::optional<std::string> decode_string(std::string_view raw, LiteralError* error) {
  if (raw.size() >= 6 && raw.substr(0, 3) == "\"\"\"") {
    TripleQuotedLayout layout = layout_triple_quoted(raw);
    std::string joined;
    for (size_t i = 0; i < layout.lines.size(); ++i) {
      if (i) joined += '\n';
      joined += layout.lines[i];
    }
    // Escapes are applied after dedenting, so offsets into the raw text are lost; point
    // the error at the string's start (the message names the escape).
    return unescape(joined, 0, error);
  }
  if (raw.size() < 2) return std::string();
  return unescape(raw.substr(1, raw.size() - 2), 1, error);
}

std::optional<int64_t> decode_int(std::string_view raw, bool negated, LiteralError* error) {
  if (raw.back() == '_' || raw.find("__") != std::string_view::npos) {
    if (error) *error = LiteralError{codes::kBadNumber, 0, raw.size(), "invalid number `" + std::string(raw) + "`",
                                     "`_` may only separate digits, as in `1_000`"};
    return std::nullopt;
  }
  uint64_t value = 0;
  const uint64_t limit = negated ? uint64_t{1} << 63 : static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  for (char c : raw) {
    if (c == '_') continue;
    uint64_t digit = static_cast<uint64_t>(c - '0');
    if (value > (limit - digit) / 10) {
      if (error) *error = LiteralError{codes::kIntTooLarge, 0, raw.size(), "integer `" + std::string(raw) + "` does not fit in 64 bits",
                                       "integers range from -9223372036854775808 to 9223372036854775807"};
      return std::nullopt;
    }
    value = value * 10 + digit;
  }
  if (negated) return value == (uint64_t{1} << 63) ? std::numeric_limits<int64_t>::min() : -static_cast<int64_t>(value);
  return static_cast<int64_t>(value);
}

std::optional<double> decode_float(std::string_view raw, LiteralError* error) {
  std::string digits;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '_') {
      bool between = i > 0 && i + 1 < raw.size() && std::isdigit(static_cast<unsigned char>(raw[i - 1])) &&
                     std::isdigit(static_cast<unsigned char>(raw[i + 1]));
      if (!between) {
        if (error) *error = LiteralError{codes::kBadNumber, 0, raw.size(), "invalid number `" + std::string(raw) + "`",
                                         "`_` may only separate digits, as in `1_000.5`"};
        return std::nullopt;
      }
      continue;
    }
    digits += raw[i];
  }
  errno = 0;
  double value = std::strtod(digits.c_str(), nullptr);
  if (errno == ERANGE && std::isinf(value)) {
    if (error) *error = LiteralError{codes::kBadNumber, 0, raw.size(), "number `" + std::string(raw) + "` is too large", ""};
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> decode_version(std::string_view raw, LiteralError* error) {
  std::string_view text = raw.substr(2, raw.size() >= 3 ? raw.size() - 3 : 0);
  bool ok = !text.empty() && text.front() != '.' && text.back() != '.' && text.find("..") == std::string_view::npos;
  for (char c : text) {
    if (!(c == '.' || (c >= '0' && c <= '9'))) ok = false;
  }
  if (!ok) {
    if (error) *error = LiteralError{codes::kBadVersion, 0, raw.size(), "invalid version `" + std::string(raw) + "`",
                                     "a version is dot-separated numbers, as in `v\"6.0.6003\"`"};
    return std::nullopt;
  }
  return std::string(text);
}

}  // namespace edict::syntax
