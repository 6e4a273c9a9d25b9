// Rule outcomes from entry values (the table in vm.h), the fast and tracing drivers,
// and the explanation built from a trace. The interpreter itself is vm_exec.cpp.
#include "runtime/vm.h"

#include <algorithm>
#include <chrono>
#include <tuple>

#include "runtime/bind.h"
#include "runtime/explain.h"
#include "runtime/vm_internal.h"

namespace edict {

EvalScratch::EvalScratch() : state_(std::make_unique<State>()) {}
EvalScratch::~EvalScratch() = default;
EvalScratch::EvalScratch(EvalScratch&&) noexcept = default;
EvalScratch& EvalScratch::operator=(EvalScratch&&) noexcept = default;

namespace {

int64_t resolve_now(const EvalOptions& options) {
  if (options.now) return *options.now;
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The stack and locals bounds of every entry of the program.
std::pair<uint32_t, uint32_t> frame_bounds(const Program& program) {
  uint32_t stack = 1, locals = 1;
  for (const Entry& e : program.entries) {
    stack = std::max(stack, e.max_stack);
    locals = std::max(locals, e.locals);
  }
  return {stack, locals};
}

void reserve_frame(uint32_t stack, uint32_t locals, EvalScratch::State& st) {
  if (st.stack.size() < stack) st.stack.resize(stack);
  if (st.locals.size() < locals) st.locals.resize(locals);
}

void prepare(const Program& program, EvalScratch::State& st) {
  auto [stack, locals] = frame_bounds(program);
  reserve_frame(stack, locals, st);
}

// The verdict of one `when` or `require` value.
enum class Truth : uint8_t { kFalse, kTrue, kUnknown, kError };

// Runs entries of one program against one host; its ExecContext (and the error
// string in it) is built once per evaluation and reused by every entry run.
struct Runner {
  ExecContext ctx;
  EvalScratch::State& st;

  Runner(const Program& program, const Value* slots, const StringListIndex* const* slot_indexes,
         EvalScratch::State& state, int64_t now)
      : st(state) {
    ctx.program = &program;
    ctx.slots = slots;
    ctx.slot_indexes = slot_indexes;
    ctx.stack = st.stack.data();
    ctx.locals = st.locals.data();
    ctx.scratch = &st.arena;
    ctx.now = now;
  }

  // Starts a rule: the step budget is per rule, shared by its entries.
  void start_rule(uint64_t steps) {
    ctx.steps_left = steps;
    st.arena.reset();
  }

  template <bool kTrace>
  Truth run(uint32_t entry, std::string* error, const char* what) {
    if constexpr (kTrace) {
      st.trace.reset(ctx.program->trace_points.size());
      ctx.trace = &st.trace;
    }
    Value v;
    if (!execute<kTrace>(ctx, entry, &v)) {
      *error = std::move(ctx.error);
      ctx.error.clear();
      return Truth::kError;
    }
    if (v.kind == ValueKind::kBool) return v.boolean ? Truth::kTrue : Truth::kFalse;
    if (v.is_unknown()) return Truth::kUnknown;
    *error = std::string("`") + what + "` must be a bool, got " + a_kind(v.kind);
    return Truth::kError;
  }
};

Explanation explanation_from_trace(const Program& program, const TraceBuffer& trace, std::string keyword,
                                   std::string text, SourceLocation location, uint32_t require_index) {
  Explanation e;
  e.keyword = std::move(keyword);
  e.require_text = std::move(text);
  e.location = std::move(location);
  e.require_index = require_index;
  for (size_t tp = 0; tp < trace.hit.size(); ++tp) {
    if (!trace.notes[tp].empty()) e.notes.push_back(trace.notes[tp]);
    if (!trace.hit[tp]) continue;
    const TracePoint& point = program.trace_points[tp];
    // A value point's label names the `def` call it sits inside (codegen), if any.
    e.values.push_back(TracedValue{point.location, point.length, point.source, display_traced(trace.values[tp]),
                                   point.quantifier ? std::string() : point.label});
  }
  std::stable_sort(e.values.begin(), e.values.end(), [](const TracedValue& a, const TracedValue& b) {
    return a.location.line != b.location.line ? a.location.line < b.location.line : a.location.column < b.location.column;
  });
  for (const std::string& note : trace.absent) e.notes.push_back(note);
  if (e.keyword == "when") anchor_when(&e);
  return e;
}

// Evaluates one rule. `policy_when` is the policy's cached `when` verdict (with its
// error), or nullptr to evaluate it here (tracing always re-evaluates).
// `absent_facts` (traced runs only, may be null): the fact-map keys the deciding
// expression looked up and did not find (`sysctl["kernel.yama.ptrace_scope"]`).
template <bool kTrace>
Outcome eval_rule(Runner& runner, uint32_t rule_index, const EvalOptions& options,
                  const std::pair<Truth, std::string>* policy_when, std::string* error,
                  std::optional<Explanation>* explanation, std::vector<std::string>* absent_facts = nullptr) {
  const Program& program = *runner.ctx.program;
  EvalScratch::State& st = runner.st;
  const RuleInfo& info = program.rules[rule_index];
  const RuleCode& code = program.rule_code[rule_index];
  const PolicyInfo& policy = program.policies[info.policy_index];
  const PolicyCode& pcode = program.policy_code[info.policy_index];
  runner.start_rule(options.max_steps);

  auto when_verdict = [&](int32_t /*entry: the trace already holds it*/, const std::string& text, const SourceLocation& loc,
                          Truth truth) -> std::optional<Outcome> {
    if (truth == Truth::kTrue) return std::nullopt;
    if (truth == Truth::kFalse) return Outcome::kSkip;
    if constexpr (kTrace) {
      *explanation = explanation_from_trace(program, st.trace, "when", text, loc, 0);
      if (absent_facts) *absent_facts = st.trace.absent_paths;
    }
    return truth == Truth::kUnknown ? Outcome::kUnknown : Outcome::kError;
  };

  if (pcode.when_entry >= 0) {
    Truth t;
    if (policy_when && !kTrace) {
      t = policy_when->first;
      if (t == Truth::kError) *error = policy_when->second;
    } else {
      t = runner.run<kTrace>(static_cast<uint32_t>(kTrace ? pcode.traced_when_entry : pcode.when_entry), error, "when");
    }
    if (auto o = when_verdict(pcode.when_entry, policy.when_text, policy.location, t)) return *o;
  }
  if (code.when_entry >= 0) {
    Truth t = runner.run<kTrace>(static_cast<uint32_t>(kTrace ? code.traced_when_entry : code.when_entry), error, "when");
    if (auto o = when_verdict(code.when_entry, info.when_text, info.location, t)) return *o;
  }
  bool unknown = false;
  for (size_t i = 0; i < code.require_entries.size(); ++i) {
    Truth t = runner.run<kTrace>(kTrace ? code.traced_require_entries[i] : code.require_entries[i], error, "require");
    if (t == Truth::kTrue) continue;
    if constexpr (kTrace) {
      if (t != Truth::kUnknown || !unknown) {
        *explanation = explanation_from_trace(program, st.trace, "require", info.require_texts[i],
                                              info.require_locations[i], static_cast<uint32_t>(i));
        if (absent_facts) *absent_facts = st.trace.absent_paths;
      }
    }
    if (t == Truth::kFalse) return Outcome::kFail;
    if (t == Truth::kError) return Outcome::kError;
    unknown = true;
  }
  return unknown ? Outcome::kUnknown : Outcome::kPass;
}

void fill_missing(const Program& program, const Value* slots, uint32_t rule_index, RuleResult* r) {
  for (uint32_t s : program.rule_code[rule_index].slots) {
    if (slots[s].is_unknown()) r->missing_facts.push_back(program.slots[s].path);
  }
}

}  // namespace

BoundProgram::BoundProgram(const Program& program, const Facts& facts) : program_(&program) {
  slots_ = bind_slots(program, facts, arena_);
  // Hashed views of the lists many rules test with `in`: built once here, so each test
  // is a probe instead of a scan (bind_index.h).
  for (size_t s = 0; s < program.in_slot_tests.size() && s < slots_.size(); ++s) {
    if (program.in_slot_tests[s] < kMinInTestsToIndex) continue;
    const StringListIndex* index = StringListIndex::build(slots_[s], arena_);
    if (!index) continue;
    if (slot_indexes_.empty()) slot_indexes_.assign(slots_.size(), nullptr);
    slot_indexes_[s] = index;
  }
  std::tie(max_stack_, max_locals_) = frame_bounds(program);
}

void BoundProgram::evaluate_outcomes(EvalScratch& scratch, const EvalOptions& options, Outcome* out) const {
  const Program& program = *program_;
  EvalScratch::State& st = scratch.state();
  reserve_frame(max_stack_, max_locals_, st);
  Runner runner(program, slots_.data(), slot_indexes_.empty() ? nullptr : slot_indexes_.data(), st,
                resolve_now(options));
  std::string error;
  // Policy `when`s are evaluated once per evaluation, not once per rule.
  uint32_t current_policy = UINT32_MAX;
  std::pair<Truth, std::string> when{Truth::kTrue, {}};
  for (uint32_t r = 0; r < program.rules.size(); ++r) {
    uint32_t p = program.rules[r].policy_index;
    if (p != current_policy) {
      current_policy = p;
      when.first = Truth::kTrue;
      if (program.policy_code[p].when_entry >= 0) {
        runner.start_rule(options.max_steps);
        when.first = runner.run<false>(static_cast<uint32_t>(program.policy_code[p].when_entry), &when.second, "when");
      }
    }
    out[r] = eval_rule<false>(runner, r, options, &when, &error, nullptr);
  }
}

RuleResult BoundProgram::evaluate_rule(uint32_t rule_index, EvalScratch& scratch, const EvalOptions& options) const {
  const Program& program = *program_;
  EvalScratch::State& st = scratch.state();
  reserve_frame(max_stack_, max_locals_, st);
  Runner runner(program, slots_.data(), slot_indexes_.empty() ? nullptr : slot_indexes_.data(), st,
                resolve_now(options));
  RuleResult result;
  result.rule_index = rule_index;
  result.outcome = eval_rule<false>(runner, rule_index, options, nullptr, &result.error, nullptr);
  if (result.outcome != Outcome::kError) result.error.clear();
  if (result.outcome == Outcome::kUnknown) fill_missing(program, slots_.data(), rule_index, &result);
  if (options.explain && (result.outcome == Outcome::kFail || result.outcome == Outcome::kUnknown ||
                          result.outcome == Outcome::kError)) {
    std::string ignored;
    std::vector<std::string> absent_facts;
    eval_rule<true>(runner, rule_index, options, nullptr, &ignored, &result.explanation, &absent_facts);
    // A key absent from a fact map is a missing fact too (`sysctl["kernel.yama.ptrace_scope"]`).
    bool absent_keys_only = false;
    if (result.explanation && result.outcome == Outcome::kUnknown && result.missing_facts.empty()) {
      result.missing_facts = absent_facts;
      absent_keys_only = !result.missing_facts.empty();  // the absent-key notes already say it
    }
    if (result.explanation && result.outcome == Outcome::kUnknown && !result.missing_facts.empty() &&
        !absent_keys_only) {
      std::string names;
      for (const std::string& path : result.missing_facts) names += (names.empty() ? "`" : ", `") + path + "`";
      result.explanation->notes.push_back("the host did not provide " + names);
    }
    // No unknown without a reason: when no fact is missing and no absent key was met,
    // say so rather than print UNKNOWN with nothing under it.
    if (result.explanation && result.outcome == Outcome::kUnknown && result.explanation->notes.empty()) {
      result.explanation->notes.push_back("a value this requirement reads is unknown, though every fact it names was provided");
    }
    // An error's message is the result's `error`, which every report prints: not a note too.
  }
  return result;
}

std::vector<RuleResult> BoundProgram::evaluate(const EvalOptions& options) const {
  const Program& program = *program_;
  EvalScratch scratch;
  // One clock reading for the whole evaluation: the fast pass and the re-runs agree.
  EvalOptions pinned = options;
  pinned.now = resolve_now(options);
  std::vector<Outcome> outcomes(program.rules.size());
  evaluate_outcomes(scratch, pinned, outcomes.data());
  std::vector<RuleResult> results(program.rules.size());
  for (uint32_t r = 0; r < program.rules.size(); ++r) {
    if (outcomes[r] == Outcome::kPass || outcomes[r] == Outcome::kSkip) {
      results[r].rule_index = r;
      results[r].outcome = outcomes[r];
    } else {
      // The rare path: re-run for the error message, the missing facts, the trace.
      results[r] = evaluate_rule(r, scratch, pinned);
    }
  }
  return results;
}

std::vector<RuleResult> evaluate(const Program& program, const Facts& facts, const EvalOptions& options) {
  return BoundProgram(program, facts).evaluate(options);
}

bool evaluate_entry(const Program& program, uint32_t entry, const Value* slots, EvalScratch& scratch,
                    const EvalOptions& options, Value* out, std::string* error) {
  EvalScratch::State& st = scratch.state();
  prepare(program, st);
  ExecContext ctx;
  ctx.program = &program;
  ctx.slots = slots;
  ctx.stack = st.stack.data();
  ctx.locals = st.locals.data();
  ctx.scratch = &st.arena;
  ctx.now = resolve_now(options);
  ctx.steps_left = options.max_steps;
  if (!execute<false>(ctx, entry, out)) {
    *error = std::move(ctx.error);
    return false;
  }
  return true;
}

}  // namespace edict
