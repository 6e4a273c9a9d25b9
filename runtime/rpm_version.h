// RPM's version ordering, reimplemented so the evaluating runtime needs no librpm:
// rpmvercmp (one version or release string) and rpmverCmp (a whole
// `[epoch:]version[-release]`), as rpm 4.18's rpmio/rpmver.c define them.
#pragma once

#include <string_view>

namespace edict {

// rpmvercmp: -1, 0 or 1. Alphanumeric segments compared in turn (numbers as numbers,
// leading zeros ignored, a number beats letters), other ASCII characters only
// separate, `~` sorts before anything (even the end), `^` after the end but before
// anything else.
int rpm_segment_compare(std::string_view a, std::string_view b);

// rpmverCmp on two EVR strings: epochs (absent is "0"), then versions, then releases,
// each with rpm_segment_compare; an absent release sorts before any release, as in
// rpm's compare_values. False when either string is empty (rpmverParse refuses it).
bool rpm_version_compare(std::string_view a, std::string_view b, int* result);

}  // namespace edict
