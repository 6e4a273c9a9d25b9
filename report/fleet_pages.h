// The fleet's markdown and html documents (report/fleet.h): the fleet summary first
// (hosts per gate, the rules failing on most hosts, the worst hosts), then each host:
// its gate, its counts, and every rule that did not pass with the explanation the
// single-host report gives (render_explanation_text). Passing rules are counted, not
// listed, so 10,000 hosts stay one readable, self-contained page.
#pragma once

#include <string>
#include <vector>

#include "report/fleet.h"

namespace edict::report {

std::string markdown_host_section(const FleetHost& host, const Report& report);
std::string html_host_section(const FleetHost& host, const Report& report);
std::string render_fleet_markdown(const FleetContext& context, const FleetSummary& summary,
                                  const std::vector<std::string>& sections);
std::string render_fleet_html(const FleetContext& context, const FleetSummary& summary,
                              const std::vector<std::string>& sections);

}  // namespace edict::report
