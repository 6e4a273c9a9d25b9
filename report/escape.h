// Escaping shared by the formats. Fact values come from hosts and may hold any bytes:
// every format first makes text valid UTF-8, then escapes for its syntax.
#pragma once

#include <string>
#include <string_view>

namespace edict::report {

// Replaces each invalid UTF-8 sequence with U+FFFD.
std::string valid_utf8(std::string_view text);
// XML 1.0 text and attribute content: & < > " ' escaped; control characters XML 1.0
// cannot carry (all below 0x20 but tab, LF, CR) become U+FFFD. Also used for HTML.
std::string xml_escape(std::string_view text);
// Markdown inline text: backslash-escapes the characters that start markup, and turns
// newlines into spaces (callers that keep paragraphs split first).
std::string md_escape(std::string_view text);
// A Markdown code span that survives backticks inside the code.
std::string md_code(std::string_view text);
// A fence (``` or longer) that does not occur in `text`.
std::string md_fence(std::string_view text);

}  // namespace edict::report
