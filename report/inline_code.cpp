// See inline_code.h.
#include "report/inline_code.h"

#include <vector>

#include "report/escape.h"

namespace edict::report {

namespace {

struct Piece {
  std::string_view text;
  bool code = false;
};

// Splits on paired backticks: `a` -> code; an unpaired one stays in the text.
std::vector<Piece> split(std::string_view text) {
  std::vector<Piece> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t open = text.find('`', start);
    size_t close = open == std::string_view::npos ? open : text.find('`', open + 1);
    if (close == std::string_view::npos) {
      out.push_back({text.substr(start), false});
      break;
    }
    if (open > start) out.push_back({text.substr(start, open - start), false});
    if (close > open + 1) out.push_back({text.substr(open + 1, close - open - 1), true});
    start = close + 1;
  }
  return out;
}

}  // namespace

std::string html_inline(std::string_view text) {
  std::string out;
  for (const auto& p : split(text)) out += p.code ? "<code>" + xml_escape(p.text) + "</code>" : xml_escape(p.text);
  return out;
}

std::string md_inline(std::string_view text) {
  std::string out;
  for (const auto& p : split(text)) out += p.code ? md_code(p.text) : md_escape(p.text);
  return out;
}

}  // namespace edict::report
