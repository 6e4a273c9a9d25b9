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

// to_display() cut to kMaxTracedValueChars.
std::string display_traced(const Value& value);

}  // namespace edict
