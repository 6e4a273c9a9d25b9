// Escaping shared by the formats. Fact values come from hosts and may hold any bytes:
// every format first makes text valid UTF-8, then escapes for its syntax.
#pragma once

#include <string>
#include <string_view>

namespace edict::report {

// Replaces each invalid UTF-8 sequence with U+FFFD.
std::string valid_utf8(std::string_view text);
// Control characters are how host text drives a terminal (ESC [2J clears it, OSC 8
// forges a link), rings its bell or cuts a document (NUL): C0 but tab and newline, DEL,
// and C1 (U+0080-U+009F, which some terminals read as CSI and OSC). Makes `text` valid
// UTF-8, then replaces each control with `replacement`; newlines stay only when
// `keep_newlines`.
std::string replace_controls(std::string_view text, std::string_view replacement, bool keep_newlines = true);
// Text for a terminal or a CI log: controls become `?` (ASCII, shown by every
// terminal), newlines stay.
std::string terminal_text(std::string_view text);
// XML 1.0 text and attribute content: & < > " ' escaped; control characters XML 1.0
// cannot carry (all below 0x20 but tab, LF, CR) become U+FFFD. Also used for HTML.
std::string xml_escape(std::string_view text);
// Markdown inline text: backslash-escapes the characters that start markup (`|`
// included, so it is also safe in a table cell), turns newlines into spaces (callers
// that keep paragraphs split first) and controls into U+FFFD.
std::string md_escape(std::string_view text);
// A Markdown code span that survives backticks inside the code; newlines become
// spaces and controls U+FFFD. Not for a table cell: see md_cell_code.
std::string md_code(std::string_view text);
// md_code for a GFM table cell: a `|` even inside a code span ends the cell unless
// it is written `\|` (the table reads that as `|` before the span is parsed).
std::string md_cell_code(std::string_view text);
// The body of a fenced code block: valid UTF-8, controls U+FFFD, newlines kept.
std::string md_block_text(std::string_view text);
// A fence (``` or longer) that does not occur in `text`.
std::string md_fence(std::string_view text);

}  // namespace edict::report
