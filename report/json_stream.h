// A host's JSON report written straight into a string, without building nlohmann's
// DOM: a json or ndjson fleet spent ~10 M of its ~12 M instructions per 5 KB host
// building and dumping the DOM of a 53 KB report (bench/README.md, "Fleets").
//
// The bytes are exactly report_to_json(report) plus `source` (and `load_error`) dumped
// compactly with error_handler_t::replace: same keys in the same order, same string
// escapes, same numbers. tests/report/json_stream_test.cpp holds the two side by side.
#pragma once

#include <optional>
#include <string>

#include "report/fleet.h"
#include "report/report.h"

namespace edict::report {

// Appends the compact JSON of one fleet host (no newline) to `out`.
void append_host_json(const Report& report, const std::string& source, const std::optional<HostError>& error,
                      std::string& out);

}  // namespace edict::report
