// Edict's runtime for programs that embed it (target edict::runtime): load a compiled
// bundle (.edictc, from `edict compile`), verify it, and evaluate it against facts.
//
//   edict::DiagnosticSink sink;
//   std::optional<edict::Program> program = edict::load_bundle_file("linux.edictc", sink);
//       // verified on load: a bundle that fails verification is nullopt + diagnostics
//   std::vector<edict::RuleResult> results = edict::evaluate(*program, facts);
//   program->rules[r.rule_index].id, edict::outcome_name(r.outcome)
//
// Facts come from edict/facts.h. Diagnostics render with edict::render_all (a
// SourceManager holds the texts they point into). The declarations live in the headers
// below, installed at their in-tree paths; this header is the stable way in.
#pragma once

#include "runtime/bundle.h"      // load_bundle, load_bundle_file, write_bundle_file
#include "runtime/diagnostic.h"  // Diagnostic, DiagnosticSink, render, render_all
#include "runtime/program.h"     // Program: policies, rules, the fact schema
#include "runtime/result.h"      // RuleResult, Outcome, outcome_name
#include "runtime/rule_info.h"   // RuleInfo: id, title, severity, remediation
#include "runtime/source.h"      // SourceManager
#include "runtime/verify.h"      // verify_program (load_bundle already calls it)
#include "runtime/vm.h"          // evaluate, EvalOptions, BoundProgram
