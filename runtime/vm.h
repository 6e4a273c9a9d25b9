// The VM: evaluates a bound Program's rules to outcomes (runtime/result.h), and on
// request re-runs the rules that did not pass in tracing mode to explain them.
// Thread-safe: a Program and a BoundProgram are read-only during evaluation; every
// mutable thing (stack, locals, scratch arena) belongs to one call or one Scratch.
//
// Outcome of a rule (language.md):
//   policy `when` / rule `when`: false -> skip; unknown -> unknown (a rule whose
//     applicability is not known is not known either, never skipped); error -> error.
//   then each `require` in order: the first false -> fail, the first error -> error
//     (both stop); an unknown is remembered and a later false still makes it fail;
//     all true -> pass. A `require` that yields a non-bool is an error.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/arena.h"
#include "runtime/bind_index.h"
#include "runtime/facts.h"
#include "runtime/program.h"
#include "runtime/result.h"

namespace edict {

// Quantifier iterations one rule may run before it ends with `error`. A million is
// far beyond any real policy (40 hotfixes x 8 routes is 320) yet stops a nested
// quantifier over hostile facts within milliseconds.
inline constexpr uint64_t kDefaultMaxSteps = 1'000'000;
// Memory one evaluation may create at run time (strings joined, lists filtered):
// bounds `xs + xs`-style growth over large facts.
inline constexpr size_t kMaxScratchBytes = 64u << 20;

struct EvalOptions {
  bool explain = false;  // re-run non-passing rules in tracing mode, fill RuleResult::explanation
  uint64_t max_steps = kDefaultMaxSteps;  // per rule
  std::optional<int64_t> now;  // unix seconds for today()/days_since(); nullopt = the real clock
};

// Per-thread working memory of evaluations, reusable so that a warmed-up evaluation
// allocates nothing.
class EvalScratch {
 public:
  EvalScratch();
  ~EvalScratch();
  EvalScratch(EvalScratch&&) noexcept;
  EvalScratch& operator=(EvalScratch&&) noexcept;
  struct State;
  State& state() { return *state_; }

 private:
  std::unique_ptr<State> state_;
};

// A program bound to one host's facts: one Value per fact slot (bind.h), computed once.
// INVARIANT: the Program and the Facts outlive the BoundProgram.
class BoundProgram {
 public:
  BoundProgram(const Program& program, const Facts& facts);

  // Every rule's result, in rule-table order.
  std::vector<RuleResult> evaluate(const EvalOptions& options = {}) const;
  // The no-allocation path for benchmarks and fleets: outcomes only (out must hold
  // program().rules.size() entries). Allocates nothing once `scratch` is warm.
  void evaluate_outcomes(EvalScratch& scratch, const EvalOptions& options, Outcome* out) const;
  // One rule, full result (explanation when options.explain).
  RuleResult evaluate_rule(uint32_t rule_index, EvalScratch& scratch, const EvalOptions& options) const;

  const Program& program() const { return *program_; }
  const std::vector<Value>& slots() const { return slots_; }
  // Whether binding built a hashed view of this slot's list (bind_index.h).
  bool has_list_index(uint32_t slot) const { return slot < slot_indexes_.size() && slot_indexes_[slot] != nullptr; }

 private:
  const Program* program_;
  Arena arena_;  // converted facts (strings declared as versions) and bind error messages
  std::vector<Value> slots_;
  // Per slot, the hashed view of a list many rules test with `in` (bind_index.h), or
  // nullptr; empty when the program has none. In arena_.
  std::vector<const StringListIndex*> slot_indexes_;
  // The stack and locals every entry of the program needs, computed once at bind time
  // rather than by walking all entries on every evaluation.
  uint32_t max_stack_ = 1;
  uint32_t max_locals_ = 1;
};

// Binds the program's fact slots against facts once, then evaluates every rule;
// results in rule-table order.
std::vector<RuleResult> evaluate(const Program& program, const Facts& facts, const EvalOptions& options = {});

// Runs one entry (an expression) against already-bound slots. The compiler folds
// constants with it, so folding and evaluation cannot disagree. False + *error on a
// run-time error; the value may point into `scratch`.
bool evaluate_entry(const Program& program, uint32_t entry, const Value* slots, EvalScratch& scratch,
                    const EvalOptions& options, Value* out, std::string* error);

}  // namespace edict
