// Escaping for the report formats (see escape.h).
#include "report/escape.h"

#include <algorithm>

namespace edict::report {

std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = n > 0 && i + n <= s.size();
    for (size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok && n > 1) {
      // Refuse overlong forms, surrogates and code points past U+10FFFF.
      uint32_t cp = n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
      for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
      ok = !((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
             (cp >= 0xD800 && cp <= 0xDFFF));
    }
    if (!ok) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

namespace {

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

// A CR that ends a line (a file saved on Windows) is part of the newline, not a control.
std::string without_crlf(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i)
    if (!(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) out += text[i];
  return out;
}

}  // namespace

std::string replace_controls(std::string_view raw, std::string_view replacement, bool keep_newlines) {
  std::string text = valid_utf8(raw);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    bool c0 = c < 0x20 && c != '\t' && !(c == '\n' && keep_newlines);
    // C1 is U+0080-U+009F: in valid UTF-8, the two bytes C2 80 .. C2 9F.
    bool c1 = c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if (c0 || c == 0x7F || c1) {
      out += replacement;
      if (c1) ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string terminal_text(std::string_view text) { return replace_controls(text, "?"); }

std::string md_block_text(std::string_view text) { return replace_controls(without_crlf(text), kReplacementCharacter); }

std::string xml_escape(std::string_view raw) {
  std::string text = valid_utf8(raw);
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        if ((c < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || c == 0x7F) out += "\xEF\xBF\xBD";
        else out += ch;
    }
  }
  return out;
}

std::string md_escape(std::string_view raw) {
  std::string text = replace_controls(without_crlf(raw), kReplacementCharacter);
  std::string out;
  for (char ch : text) {
    if (ch == '\n') {
      out += ' ';
      continue;
    }
    // Inline markup anywhere; block markup only where it could start a block (text is one line).
    bool inline_markup = std::string_view("\\`*_[]<>|~").find(ch) != std::string_view::npos;
    bool block_markup = out.empty() && std::string_view("#+-!=").find(ch) != std::string_view::npos;
    if (inline_markup || block_markup) out += '\\';
    out += ch;
  }
  return out;
}

std::string md_code(std::string_view raw) {
  std::string text = replace_controls(without_crlf(raw), kReplacementCharacter);
  std::replace(text.begin(), text.end(), '\n', ' ');
  size_t longest = 0, run = 0;
  for (char ch : text) {
    run = ch == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string ticks(longest + 1, '`');
  bool pad = !text.empty() && (text.front() == '`' || text.back() == '`');
  if (text.empty()) return "` `";
  return ticks + (pad ? " " : "") + text + (pad ? " " : "") + ticks;
}

std::string md_cell_code(std::string_view text) {
  std::string code = md_code(text);
  std::string out;
  for (char ch : code) {
    if (ch == '|') out += '\\';
    out += ch;
  }
  return out;
}

std::string md_fence(std::string_view text) {
  size_t longest = 0, run = 0;
  for (char ch : text) {
    run = ch == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return std::string(std::max<size_t>(3, longest + 1), '`');
}

}  // namespace edict::report
