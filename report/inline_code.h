// Inline code in policy prose. Descriptions, remediations and warnings write commands
// and fact paths in backticks (`sysctl -w net.ipv4.ip_forward=0`); an auditor's report
// should show them as code, not as literal backticks (HTML) or `\``-escaped ones
// (Markdown). A backtick with no partner stays a literal character.
#pragma once

#include <string>
#include <string_view>

namespace edict::report {

// HTML: text escaped (escape.h), each `span` as <code>span</code>.
std::string html_inline(std::string_view text);
// Markdown inline text: md_escape outside the spans, each `span` a code span (md_code).
std::string md_inline(std::string_view text);

}  // namespace edict::report
