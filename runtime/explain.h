// Explanations: turns the trace of a rule that did not pass into the power-assert
// picture of language.md (the requirement as written, a `|` under each traced
// sub-expression, values listed right to left) plus notes (deciding quantifier
// elements, missing facts).
#pragma once

#include <string>

#include "runtime/result.h"
#include "runtime/value.h"

namespace edict {

// Traced values longer than this are cut (with "...") so a 10,000-element list does
// not flood a report.
inline constexpr size_t kMaxTracedValueChars = 120;

// ```
//   require os.build >= 6003
//           |
//           6002
// ```
// Each line ends with '\n'; notes follow as "  note: ..." lines.
std::string render_explanation(const Explanation& explanation);

// A `when`'s explanation starts with its policy's or rule's location: the rule table
// (and so a bundle) keeps no position for the `when` itself. This moves it to where the
// `when` text starts, the one column at which every traced value on that line sits on
// its own source text, so that its values get carets like a `require`'s; when no column
// fits them all, the location stays and the values are listed below the text.
void anchor_when(Explanation* explanation);

// to_display() cut to kMaxTracedValueChars.
std::string display_traced(const Value& value);

}  // namespace edict
