// `edict check` on a fleet (cli/fleet_input.h says what makes one): every host is
// evaluated against the one compiled program, on `jobs` threads, a bounded window of
// hosts at a time, and the reports are written in input order. The exit code is the
// fleet's (docs/exit-codes.md): 1 if a host fails its gate, else 3 if a host is blocked
// or could not be evaluated, else 0; 2 when no host could be evaluated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "cli/fleet_input.h"
#include "cli/report_support.h"
#include "report/fleet.h"
#include "report/formats.h"
#include "runtime/facts/load.h"
#include "runtime/program.h"

namespace edict::cli {

// Hosts per window for a text fleet: the workers go from one window to the next without
// waiting (kFleetWindowsInFlight), so a window only needs to be large enough that reading
// and writing it cost little per host; kFleetWindowsInFlight of them are read ahead, so
// this is half of the 4,096 one window held when the threads waited at each window's end
// (peak RSS ~36 MB for 5 KB hosts either way).
constexpr size_t kFleetWindowHosts = 2048;
// Hosts per window when the output is reports (every format but text): a window keeps
// each host's rendered part until it is written, and a 5 KB host's JSON report is
// ~53 KB, so 4,096 of them held 262 MB (bench/README.md, "Fleets"). 256 keep it near
// 14 MB, and a thread still waits at most one host's time at a window's end.
constexpr size_t kFleetWindowReportHosts = 256;
// Windows in memory at once: the workers evaluate one while the main thread reads the
// next and writes the one before, so no thread waits for the input or the output (a
// single window read, evaluated, then written left a core idle for the serial parts:
// bench/README.md, "A fleet's serial part").
constexpr size_t kFleetWindowsInFlight = 2;
// Bytes of host documents in the windows in flight (each window takes its share): maximal
// lines (64 MiB each) must not hold gigabytes; a window ends at whichever limit it
// reaches first, and always takes at least one host.
constexpr size_t kFleetWindowBytes = 64 << 20;
// More threads than this is a typo (`--jobs 100000`), not a machine.
constexpr unsigned kMaxJobs = 1024;

// The CPUs this process may run on (sched_getaffinity), at least 1.
unsigned available_cpus();

struct FleetDestination {
  report::Format format;
  std::string path;  // "-" = stdout
};

struct FleetRun {
  const Program* program = nullptr;
  const report::Config* config = nullptr;
  int64_t now = 0;
  uint64_t max_steps = 0;
  FactsLimits limits;
  unsigned jobs = 1;
  std::vector<FleetDestination> destinations;
  report::TextOptions text;
  // --missing-host NAME: hosts expected that sent nothing (an Ansible play's unreachable
  // hosts); each is an error host (E0836) after the others, so the report has every host.
  std::vector<std::string> missing_hosts;
};

int run_fleet(const FleetRun& run, FleetPlan plan, RunContext& ctx);

// Adds each of `names` to the fleet as an error host (E0836: it sent no facts or report),
// in every destination's format. Shared by `check` and `edict report`.
bool add_missing_hosts(const std::vector<std::string>& names, const report::FleetContext& context,
                       const report::TextOptions& text, class FleetWriter& writer, DiagnosticSink& sink);

// Shared with `edict report`: the fleet's common part from a program's tables.
report::FleetContext fleet_context(const std::vector<PolicyInfo>& policies, const std::vector<RuleInfo>& rules,
                                   const report::Config& config, int64_t now, const std::string& tool_version);

// Renders hosts and writes the fleet's documents, in order. Text or ndjson alone on
// stdout is written host by host (flat memory); everything else is kept and written
// whole at the end through the one writer (report/output.h).
class FleetWriter {
 public:
  FleetWriter(const report::FleetContext& context, std::vector<FleetDestination> destinations,
              const report::TextOptions& text);
  const std::vector<FleetDestination>& destinations() const { return destinations_; }
  // Adds one host, rendered in every destination's format (fragments[i] for destination i).
  // False when streaming to stdout failed (reported into `sink`).
  bool add(const report::FleetHost& host, std::vector<std::string>&& fragments, DiagnosticSink& sink);
  // Writes what is left; false when a write failed. The exit code is summary().exit_code().
  bool finish(RunContext& ctx);
  const report::FleetSummary& summary() const { return summary_; }

 private:
  const report::FleetContext& context_;
  std::vector<FleetDestination> destinations_;
  report::TextOptions text_;
  bool streaming_ = false;
  report::FleetSummary summary_;
  std::vector<std::vector<std::string>> kept_;  // per destination, per host
};

}  // namespace edict::cli
