// The json report read back (`edict report`): a per-host report written by `edict check
// --format json` (or one line of `--format ndjson`) -> the Report every format renders.
// Everything the schema (docs/report.schema.json) requires is checked; what the json
// does not carry (descriptions, tags, remediation) stays empty. The gate is decided
// again from the rules and settings (decide_gate), never taken from the file: a report
// edited to say `pass` over failing rules still fails.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "report/report.h"

namespace edict::report {

// nullopt with `why` (one line, naming the field) when `doc` is not an Edict json report.
std::optional<Report> report_from_json(const nlohmann::json& doc, std::string* why);

}  // namespace edict::report
