// Policies and rules: metadata (severity and enforcement words, tags and refs merged,
// descriptions inherited), and one fast and one traced entry per `when` / `require`.
#include "compiler/lower_rules.h"

#include <algorithm>
#include <map>

#include "compiler/codegen.h"
#include "compiler/codes.h"
#include "compiler/lowering.h"
#include "compiler/syntax/clauses.h"

namespace edict::compiler {

namespace {

using syntax::Block;
using syntax::Clause;

struct Compiled {
  int32_t fast = -1;
  int32_t traced = -1;
  std::vector<uint32_t> slots;
};

class RuleLowering {
 public:
  explicit RuleLowering(Checker& checker) : c_(checker), p_(checker.program()) {}

  Compiled expression(const syntax::Expr& expr, const ModuleUnit& module, const char* what) {
    Compiled out;
    uint32_t locals = 0;
    NodePtr node = c_.lower_root(expr, module, &locals, &out.slots);
    if (!node) return out;
    if (known(node->type) && node->type->kind != TypeKind::kBool) {
      c_.error(codes::kNotBool, expr.span, std::string("`") + what + "` needs a bool, got " + type_name(node->type));
    }
    out.fast = static_cast<int32_t>(emit_entry(p_, *node, locals, false, c_.sources(), expr.span));
    out.traced = static_cast<int32_t>(emit_entry(p_, *node, locals, true, c_.sources(), expr.span));
    for (int32_t e : {out.fast, out.traced}) {
      if (p_.entries[e].max_stack > kMaxStackDepth) {
        c_.error(codes::kTooComplex, expr.span,
                 "this expression needs a stack deeper than " + std::to_string(kMaxStackDepth) + " values",
                 "split it into several `require`s");
        break;
      }
    }
    return out;
  }

  std::optional<Level> level(const Clause& clause) {
    if (auto l = parse_level(clause.word)) return l;
    std::string best = closest_match(clause.word, std::vector<std::string>(kLevelNames.begin(), kLevelNames.end()));
    c_.error(codes::kBadWord, clause.word_span.valid() ? clause.word_span : clause.span,
             "unknown severity `" + clause.word + "`",
             best.empty() ? "one of " + syntax::join_words({kLevelNames.begin(), kLevelNames.end()})
                          : "did you mean `" + best + "`?");
    return std::nullopt;
  }

  std::optional<Enforcement> enforcement(const Clause& clause) {
    if (auto e = parse_enforcement(clause.word)) return e;
    std::string best =
        closest_match(clause.word, std::vector<std::string>(kEnforcementNames.begin(), kEnforcementNames.end()));
    c_.error(codes::kBadWord, clause.word_span.valid() ? clause.word_span : clause.span,
             "unknown enforcement `" + clause.word + "`",
             best.empty() ? "one of " + syntax::join_words({kEnforcementNames.begin(), kEnforcementNames.end()})
                          : "did you mean `" + best + "`?");
    return std::nullopt;
  }

  // The clauses a policy and a rule both take, written once into their shared Metadata;
  // false for the others (when, require, remediation), which each caller handles.
  bool metadata_clause(const Clause& clause, Metadata& info) {
    switch (clause.kind) {
      case Clause::Kind::kSeverity: if (auto l = level(clause)) info.severity = *l; return true;
      case Clause::Kind::kEnforcement: if (auto e = enforcement(clause)) info.enforcement = *e; return true;
      case Clause::Kind::kTags: merge(info.tags, clause.strings); return true;
      case Clause::Kind::kRefs: merge(info.refs, clause.strings); return true;
      case Clause::Kind::kDescription: info.description = clause.text.value; return true;
      default: return false;
    }
  }

  static void merge(std::vector<std::string>& into, const std::vector<syntax::StringLiteral>& strings) {
    for (const auto& s : strings) {
      if (std::find(into.begin(), into.end(), s.value) == into.end()) into.push_back(s.value);
    }
  }

  void policy(const Block& block, const ModuleUnit& module) {
    PolicyInfo info;
    info.name = block.name;
    info.id = module.package.empty() ? block.name : module.package + "." + block.name;
    if (block.title) info.title = block.title->value;
    info.location = c_.location_of(block.name_span.valid() ? block.name_span : block.span);
    PolicyCode code;
    for (const Clause& clause : block.clauses) {
      if (metadata_clause(clause, info)) continue;
      switch (clause.kind) {
        case Clause::Kind::kWhen:
          if (clause.expr) {
            Compiled w = expression(*clause.expr, module, "when");
            code.when_entry = w.fast;
            code.traced_when_entry = w.traced;
            code.slots = w.slots;
            info.when_text = c_.text_of(clause.expr->span);
          }
          break;
        default: break;
      }
    }
    auto seen = policy_ids_.find(info.id);
    if (seen != policy_ids_.end()) {
      c_.error(codes::kDuplicateId, block.name_span, "policy `" + info.id + "` is declared twice",
               "the first is at " + seen->second);
    } else {
      policy_ids_.emplace(info.id, info.location.path + ":" + std::to_string(info.location.line));
    }
    uint32_t policy_index = static_cast<uint32_t>(p_.policies.size());
    p_.policies.push_back(info);
    p_.policy_code.push_back(code);
    for (const Clause& clause : block.clauses) {
      if (clause.kind == Clause::Kind::kRule && clause.rule) rule(*clause.rule, module, policy_index);
    }
  }

  void rule(const Block& block, const ModuleUnit& module, uint32_t policy_index) {
    const PolicyInfo& policy = p_.policies[policy_index];
    const PolicyCode& pcode = p_.policy_code[policy_index];
    RuleInfo info;
    info.name = block.name;
    info.id = policy.id + "." + block.name;
    info.policy_index = policy_index;
    if (block.title) info.title = block.title->value;
    info.description = policy.description;
    info.severity = policy.severity;
    info.enforcement = policy.enforcement;
    info.tags = policy.tags;
    info.refs = policy.refs;
    info.location = c_.location_of(block.name_span.valid() ? block.name_span : block.span);
    RuleCode code;
    std::vector<uint32_t> slots = pcode.slots;
    auto add_slots = [&](const std::vector<uint32_t>& more) {
      for (uint32_t s : more) {
        if (std::find(slots.begin(), slots.end(), s) == slots.end()) slots.push_back(s);
      }
    };
    for (const Clause& clause : block.clauses) {
      if (metadata_clause(clause, info)) continue;
      switch (clause.kind) {
        case Clause::Kind::kRemediation: info.remediation = clause.text.value; break;
        case Clause::Kind::kWhen:
          if (clause.expr) {
            Compiled w = expression(*clause.expr, module, "when");
            code.when_entry = w.fast;
            code.traced_when_entry = w.traced;
            add_slots(w.slots);
            info.when_text = c_.text_of(clause.expr->span);
          }
          break;
        case Clause::Kind::kRequire:
          if (clause.expr) {
            Compiled r = expression(*clause.expr, module, "require");
            code.require_entries.push_back(static_cast<uint32_t>(std::max(r.fast, 0)));
            code.traced_require_entries.push_back(static_cast<uint32_t>(std::max(r.traced, 0)));
            add_slots(r.slots);
            info.require_texts.push_back(c_.text_of(clause.expr->span));
            info.require_locations.push_back(c_.location_of(clause.expr->span));
          }
          break;
        default: break;
      }
    }
    if (code.require_entries.empty()) {
      c_.error(codes::kNoRequire, block.name_span, "rule `" + info.id + "` has no `require`",
               "add at least one `require EXPR`");
    }
    code.slots = slots;
    for (uint32_t s : slots) info.fact_paths.push_back(p_.slots[s].path);
    std::sort(info.fact_paths.begin(), info.fact_paths.end());
    auto seen = rule_ids_.find(info.id);
    if (seen != rule_ids_.end()) {
      c_.error(codes::kDuplicateId, block.name_span, "rule id `" + info.id + "` is already used",
               "the first is at " + seen->second + "; rule ids must be unique across everything loaded");
    } else {
      rule_ids_.emplace(info.id, info.location.path + ":" + std::to_string(info.location.line));
    }
    p_.rules.push_back(std::move(info));
    p_.rule_code.push_back(std::move(code));
  }

 private:
  Checker& c_;
  Program& p_;
  std::map<std::string, std::string> rule_ids_;
  std::map<std::string, std::string> policy_ids_;
};

}  // namespace

void lower_policies(Checker& checker, const std::vector<ModuleUnit*>& modules) {
  RuleLowering lowering(checker);
  for (const ModuleUnit* m : modules) {
    for (const auto& decl : m->ast.declarations) {
      if (const auto* block = std::get_if<syntax::Block>(&decl)) lowering.policy(*block, *m);
    }
  }
}

}  // namespace edict::compiler
