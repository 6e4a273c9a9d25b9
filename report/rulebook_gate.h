// The rulebook's "Gate" section (`edict doc`): fail_on, unknown and every waiver of
// edict.toml with its rule, hosts, reason, approver, expiry and state, so an auditor
// reading the rulebook sees what the gate really enforces. Markdown and HTML.
#pragma once

#include <string>

#include "report/formats.h"

namespace edict::report {

std::string rulebook_gate_markdown(const Rulebook& book);
std::string rulebook_gate_html(const Rulebook& book);

}  // namespace edict::report
