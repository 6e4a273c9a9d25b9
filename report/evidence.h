// Evidence: what a report entry shows of each fact its rule reads. Bounded per value, so
// a report's size follows the facts and the rules, never their product: 200 rules that
// each read a 100,000-item list once took a full copy each (3.6 GB, then bad_alloc).
#pragma once

#include <cstddef>
#include <string>

#include "report/report.h"
#include "runtime/facts.h"

namespace edict::report {

// A fact's value in one entry shows at most this many bytes of its display form, and its
// JSON `value` holds about as much (a prefix of a list or map, the start of a string);
// `truncated` then says so. 4 KiB is some 300 hotfix ids: enough to audit a short value
// whole and to recognise a long one; `edict facts` prints the rest. 200 rules that read
// the same huge fact cost 200 x 8 KiB, not 200 copies of it.
constexpr size_t kMaxEvidenceBytes = 4096;

// The evidence for `path` in `facts`: value (bounded as above), provenance. Renders at
// most kMaxEvidenceBytes of the value however large it is.
FactEvidence evidence_of(const Facts& facts, const std::string& path);

}  // namespace edict::report
