// The fleet path of `edict check` (see check_fleet.h).
#include "cli/check_fleet.h"

#ifndef _WIN32
#include <sched.h>  // sched_getaffinity: the CPUs a container or taskset allows
#include <signal.h>
#endif
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <cerrno>
#include <cstring>
#include <thread>

#include "engine/evaluate_report.h"
#include "report/escape.h"
#include "report/output.h"
#include "report/time_util.h"
#include "runtime/facts/builder.h"
#include "runtime/vm.h"

namespace edict::cli {

namespace {

// A diagnostic of an NDJSON line names the line's source `hosts.ndjson:3` and a position
// inside the line, line 1: `hosts.ndjson:3:1:17`. Shown as `hosts.ndjson:3:17`.
void fix_line_positions(std::string* text, const std::string& source) {
  const std::string from = source + ":1:";
  size_t at = 0;
  while ((at = text->find(from, at)) != std::string::npos) {
    text->replace(at, from.size(), source + ":");
    at += source.size() + 1;
  }
}

struct HostWork {
  report::FleetHost host;
  std::vector<std::string> fragments;  // per destination
  std::string diagnostics;             // rendered, for stderr
};

struct Shared {
  const FleetRun& run;
  const report::FleetContext& context;
  const std::vector<FleetDestination>& destinations;
  bool color = false;
  // What the formats written show: text shows neither explanations nor evidence, so a
  // text-only fleet skips both (the traced re-run of every non-passing rule, the
  // rendering of every fact a rule reads).
  bool explain = true;
  bool evidence = true;
  // A text-only fleet shows per host only its gate and counts: it is decided from the
  // VM's outcomes (report::summarize_outcomes), without the report and without the
  // re-run of each non-passing rule that fills its error and missing facts.
  bool outcomes_only = false;
};

// One worker thread's memory, reused from host to host (the VM's stack, locals and
// scratch arena; the outcome buffer).
struct Worker {
  EvalScratch scratch;
  std::vector<Outcome> outcomes;
};

HostWork evaluate_host(HostInput& in, const Shared& sh, Worker& worker) {
  SourceManager sources;
  DiagnosticSink sink;
  const Program& program = *sh.run.program;
  std::optional<Facts> facts;
  if (in.read_error) {
    sink.report(*in.read_error);
  } else if (in.is_line) {
    facts = load_facts_text(in.source, std::move(in.text), FactsFormat::kJson, program.schema, sources, sink,
                            sh.run.limits);
  } else if (in.has_text) {
    facts = load_facts_text(in.source, std::move(in.text), FactsFormat::kAuto, program.schema, sources, sink,
                            sh.run.limits);
  } else {
    facts = load_facts_file(in.path, program.schema, sources, sink, FactsFormat::kAuto, sh.run.limits);
  }

  HostWork work;
  std::optional<report::HostError> error;
  RenderOptions options{sh.color};
  for (const auto& d : sink.diagnostics()) {
    Diagnostic shown = d;
    shown.message = report::terminal_text(d.message);
    shown.help = report::terminal_text(d.help);
    std::string text = render(shown, sources, options);
    if (in.is_line) fix_line_positions(&text, in.source);
    if (d.severity == Severity::kError && !error) {
      // The host's error in reports: the diagnostic's first line without its label.
      std::string first = render(shown, sources, RenderOptions{false});
      first = first.substr(0, first.find('\n'));
      if (in.is_line) fix_line_positions(&first, in.source);
      std::string label = "error[" + d.code + "]: ";
      size_t at = first.find(label);
      if (at != std::string::npos) first.erase(at, label.size());
      if (first.find(in.source) == std::string::npos) first = in.source + ": " + first;
      error = report::HostError{d.code, first};
    }
    if (sh.run.text.quiet && d.severity != Severity::kError) continue;
    work.diagnostics += text;
  }
  if (!facts && !error) error = report::HostError{"E0500", in.source + ": the facts could not be loaded"};

  if (!error && sh.outcomes_only) {
    EvalOptions eval;
    eval.now = sh.run.now;
    eval.max_steps = sh.run.max_steps;
    worker.outcomes.assign(program.rules.size(), Outcome::kError);
    BoundProgram(program, *facts).evaluate_outcomes(worker.scratch, eval, worker.outcomes.data());
    std::optional<std::string> name;  // as build_report reads it
    const Value* v = facts->find("host.name");
    if (v && v->kind == ValueKind::kString) name = std::string(v->str());
    report::Summary summary =
        report::summarize_outcomes(program.rules, worker.outcomes.data(), name, sh.run.config, sh.run.now);
    work.host = report::make_fleet_text_host(name, in.source, summary, worker.outcomes, sh.run.text);
    work.fragments.assign(sh.destinations.size(), work.host.fragment);
    return work;
  }
  report::Report rep;
  if (error) {
    rep = report::error_host_report(sh.context, in.source, *error);
  } else {
    facts->set_provenance("", Provenance{"file:" + in.source, in.mtime});
    engine::EvaluateInput input;  // the step edict::check takes for one host
    input.program = &program;
    input.facts = &*facts;
    input.config = sh.run.config;
    input.now = sh.run.now;
    input.max_steps = sh.run.max_steps;
    input.tool_version = sh.context.tool_version;
    input.explain = sh.explain;
    input.evidence = sh.evidence;
    rep = engine::evaluate_to_report(input, nullptr);  // waiver warnings: once for the fleet, not per host
    // A host without host.name is named by where it came from; host-scoped waivers
    // did not apply to it (build_report saw no name): unknown is not a match.
    if (!rep.host) rep.host = in.source;
    if (in.is_line)
      for (auto& r : rep.rules)
        if (!r.error.empty()) fix_line_positions(&r.error, in.source);
  }
  for (size_t i = 0; i < sh.destinations.size(); ++i) {
    report::FleetHost h = report::make_fleet_host(rep, in.source, error, sh.context, sh.destinations[i].format,
                                                  sh.run.text);
    work.fragments.push_back(std::move(h.fragment));
    if (i == 0) work.host = std::move(h);
  }
  return work;
}

// A window of hosts: read by the main thread, evaluated by the workers (each host
// claimed once through `next`), written in order by the main thread once `finished`
// reaches its size.
struct FleetWindow {
  std::vector<HostInput> in;
  std::vector<HostWork> done;
  size_t next = 0;      // the next host to claim (under FleetPipeline's mutex)
  size_t finished = 0;  // hosts evaluated (under the mutex)
};

// `jobs` worker threads that live for the whole fleet and evaluate the queued windows'
// hosts in order, while the main thread reads the next window and writes the finished
// one: the serial parts overlap the evaluation instead of stopping it (a window read,
// evaluated by a fresh set of threads, then written, left the cores idle meanwhile).
class FleetPipeline {
 public:
  FleetPipeline(const Shared& shared, unsigned jobs) : shared_(shared), jobs_(jobs) {}
  ~FleetPipeline() { stop(); }

  size_t queued() {
    std::lock_guard<std::mutex> lock(mutex_);
    return queue_.size();
  }
  bool pending() { return queued() > 0; }

  void push(std::unique_ptr<FleetWindow> window) {
    window->done.resize(window->in.size());
    hosts_pushed_ += window->in.size();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.push_back(std::move(window));
    }
    work_ready_.notify_all();
    // Never more threads than hosts (`--jobs 1024` on three hosts starts three).
    while (threads_.size() < std::min<size_t>(jobs_, hosts_pushed_)) threads_.emplace_back([this] { work(); });
  }

  // The oldest window once all its hosts are evaluated; null when none is queued.
  std::unique_ptr<FleetWindow> pop_done() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (queue_.empty()) return nullptr;
    FleetWindow* front = queue_.front().get();
    window_done_.wait(lock, [&] { return front->finished == front->in.size(); });
    std::unique_ptr<FleetWindow> window = std::move(queue_.front());
    queue_.pop_front();
    return window;
  }

  // Ends the workers (after the hosts they hold); idempotent.
  void stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    work_ready_.notify_all();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

 private:
  void work() {
    Worker worker;
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
      FleetWindow* window = nullptr;
      for (auto& w : queue_) {
        if (w->next < w->in.size()) {
          window = w.get();
          break;
        }
      }
      if (!window) {
        work_ready_.wait(lock);
        continue;
      }
      size_t i = window->next++;
      lock.unlock();
      window->done[i] = evaluate_host(window->in[i], shared_, worker);
      lock.lock();
      if (++window->finished == window->in.size()) window_done_.notify_all();
    }
  }

  const Shared& shared_;
  const unsigned jobs_;
  size_t hosts_pushed_ = 0;  // the main thread's only
  std::mutex mutex_;
  std::condition_variable work_ready_, window_done_;
  std::deque<std::unique_ptr<FleetWindow>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace

unsigned available_cpus() {
#ifndef _WIN32
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) == 0) {
    int n = CPU_COUNT(&set);
    if (n > 0) return static_cast<unsigned>(n);
  }
#endif
  unsigned n = std::thread::hardware_concurrency();
  return n > 0 ? n : 1;
}

report::FleetContext fleet_context(const std::vector<PolicyInfo>& policies, const std::vector<RuleInfo>& rules,
                                   const report::Config& config, int64_t now, const std::string& tool_version) {
  report::FleetContext c;
  c.tool_version = tool_version;
  c.generated_at = report::format_rfc3339(now);
  c.settings = config.gate;
  c.config_path = config.path;
  c.policies = policies;
  c.rules = rules;
  c.policy_digest = report::policy_set_digest(tool_version, policies, rules);
  return c;
}

FleetWriter::FleetWriter(const report::FleetContext& context, std::vector<FleetDestination> destinations,
                         const report::TextOptions& text)
    : context_(context), destinations_(std::move(destinations)), text_(text), summary_(context.rules.size()) {
  streaming_ = destinations_.size() == 1 && destinations_[0].path == "-" && report::fleet_streams(destinations_[0].format);
#ifndef _WIN32  // Windows has no SIGPIPE: a closed pipe is already a write error there
  if (streaming_) {
    // A closed reader is an EPIPE error (E0801), as for every other output.
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    ::sigaction(SIGPIPE, &ignore, nullptr);
  }
#endif
  kept_.resize(streaming_ ? 0 : destinations_.size());
}

bool FleetWriter::add(const report::FleetHost& host, std::vector<std::string>&& fragments, DiagnosticSink& sink) {
  summary_.add(host);
  if (!streaming_) {
    for (size_t i = 0; i < fragments.size() && i < kept_.size(); ++i) kept_[i].push_back(std::move(fragments[i]));
    return true;
  }
  int error = 0;
  if (fragments.empty() || report::write_all(1, fragments[0], &error)) return true;
  sink.report(Diagnostic::error("E0801", Span{}, std::string("cannot write standard output: ") + std::strerror(error),
                                error == EPIPE ? "the reader closed its end before the output was written" : ""));
  return false;
}

bool FleetWriter::finish(RunContext& ctx) {
  if (streaming_) {
    std::string tail = report::render_fleet_stream_tail(destinations_[0].format, context_, summary_, text_);
    int error = 0;
    if (report::write_all(1, tail, &error)) return true;
    ctx.sink.report(Diagnostic::error("E0801", Span{}, std::string("cannot write standard output: ") + std::strerror(error)));
    return false;
  }
  std::vector<report::OutputFile> files;
  for (size_t i = 0; i < destinations_.size(); ++i) {
    report::TextOptions text = text_;
    text.color = false;
    files.push_back({destinations_[i].path,
                     report::render_fleet(destinations_[i].format, context_, summary_, kept_[i], text)});
    kept_[i].clear();
  }
  return write_outputs(files, ctx);
}

bool add_missing_hosts(const std::vector<std::string>& names, const report::FleetContext& context,
                       const report::TextOptions& text, FleetWriter& writer, DiagnosticSink& sink) {
  for (const auto& name : names) {
    report::HostError error{"E0836", name + ": sent no facts or report (unreachable, or failed before edict ran)"};
    report::Report rep = report::error_host_report(context, name, error);
    std::vector<std::string> fragments;
    report::FleetHost first;
    for (size_t i = 0; i < writer.destinations().size(); ++i) {
      report::FleetHost h = report::make_fleet_host(rep, name, error, context, writer.destinations()[i].format, text);
      fragments.push_back(std::move(h.fragment));
      if (i == 0) first = std::move(h);
    }
    if (!writer.add(first, std::move(fragments), sink)) return false;
  }
  return true;
}

int run_fleet(const FleetRun& run, FleetPlan plan, RunContext& ctx) {
  const Program& program = *run.program;
  report::FleetContext context = fleet_context(program.policies, program.rules, *run.config, run.now, EDICT_VERSION);
  {
    // The waiver warnings (expiring, expired, matching no rule) once for the fleet.
    report::BuildInput probe;
    probe.policies = &program.policies;
    probe.rules = &program.rules;
    probe.config = run.config;
    probe.now = run.now;
    report::build_report(probe, &ctx.sink);
    ctx.flush_diagnostics();
  }
  FleetWriter writer(context, run.destinations, run.text);
  Shared shared{run, context, writer.destinations(), want_color(2)};
  bool text_only = std::all_of(run.destinations.begin(), run.destinations.end(),
                               [](const FleetDestination& d) { return d.format == report::Format::kText; });
  shared.explain = shared.evidence = !text_only;
  shared.outcomes_only = text_only;
  const size_t window_hosts = text_only ? kFleetWindowHosts : kFleetWindowReportHosts;
  HostStream stream(std::move(plan.sources), run.limits.max_bytes);
  unsigned jobs = std::max(1u, run.jobs);

  FleetPipeline pipeline(shared, jobs);
  bool more = true, ok = true;
  while (ok && (more || pipeline.pending())) {
    // Keep the workers fed: read ahead while fewer than kFleetWindowsInFlight are queued.
    while (more && pipeline.queued() < kFleetWindowsInFlight) {
      auto window = std::make_unique<FleetWindow>();
      size_t bytes = 0;
      while (window->in.size() < window_hosts && bytes < kFleetWindowBytes / kFleetWindowsInFlight) {
        HostInput in;
        if (!stream.next(&in)) {
          more = false;
          break;
        }
        bytes += in.text.size();
        window->in.push_back(std::move(in));
      }
      if (window->in.empty()) break;
      pipeline.push(std::move(window));
    }
    std::unique_ptr<FleetWindow> window = pipeline.pop_done();  // the oldest, once evaluated
    if (!window) break;
    window->in = {};  // its inputs are done with: only the queued windows' are held
    for (auto& w : window->done) {
      if (!w.diagnostics.empty()) std::fputs(w.diagnostics.c_str(), stderr);
      if (!writer.add(w.host, std::move(w.fragments), ctx.sink)) {
        ok = false;
        break;
      }
    }
  }
  pipeline.stop();
  if (ok && writer.summary().hosts > 0) ok = add_missing_hosts(run.missing_hosts, context, run.text, writer, ctx.sink);
  if (ok && writer.summary().hosts == 0) {
    ctx.sink.report(Diagnostic::error("E0831", Span{}, "no host to check: the `--facts` inputs hold no facts document",
                                      "an NDJSON file needs one JSON object per line; a directory, *.json or *.toml files"));
    ctx.flush_diagnostics();
    return report::kExitUsage;
  }
  if (!ok || !writer.finish(ctx)) {
    ctx.flush_diagnostics();
    return report::kExitUsage;
  }
  ctx.flush_diagnostics();
  return writer.summary().exit_code();
}

}  // namespace edict::cli
