// Fuzz target: the bytes drive a small generator of well-typed Edict expressions over
// literals of every type and every operator, quantifier and pure built-in. The same
// policy is compiled with constant folding and without (CompileOptions::fold_constants),
// and the two programs must agree: each rule's outcome and the value of the entry.
// Folding may only succeed where the VM ran out of its step or memory budget (folding
// gives each sub-expression its own budget), never the other way round.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "fuzz/fuzz_support.h"
#include "runtime/vm.h"

namespace {

using namespace edict;

enum class T { kBool, kInt, kFloat, kStr, kVer, kListInt, kListStr, kRec, kCount };

class Gen {
 public:
  Gen(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  // The next choice in [0, n); 0 once the bytes run out, which always leads to a leaf.
  uint32_t pick(uint32_t n) {
    if (pos_ >= size_ || n <= 1) return 0;
    return data_[pos_++] % n;
  }

  std::string expr(T t, int depth) {
    if (depth <= 0 || pick(4) == 0) return leaf(t);
    switch (t) {
      case T::kBool: return boolean(depth - 1);
      case T::kInt: return integer(depth - 1);
      case T::kFloat: return floating(depth - 1);
      case T::kStr: return string(depth - 1);
      case T::kVer: return version(depth - 1);
      case T::kListInt: return list(T::kInt, depth - 1);
      case T::kListStr: return list(T::kStr, depth - 1);
      default: return leaf(t);
    }
  }

  std::vector<std::pair<std::string, T>> scope;  // quantifier variables and def parameters

 private:
  std::string var(T t) {
    std::vector<std::string> names;
    for (const auto& [n, vt] : scope) {
      if (vt == t) names.push_back(n);
    }
    if (names.empty()) return "";
    return names[pick(static_cast<uint32_t>(names.size()))];
  }

  std::string leaf(T t) {
    if (std::string v = var(t); !v.empty() && pick(2) == 0) return v;
    static const char* kInts[] = {"0", "1", "-1", "2", "7", "1_000", "6003", "9223372036854775807",
                                  "(-9223372036854775807 - 1)", "-3", "4294967296"};
    static const char* kFloats[] = {"0.0", "1.5", "-2.25", "1e300", "3.0", "0.1", "-0.0", "1e-320", "2.5e10"};
    static const char* kStrs[] = {"\"\"", "\"a\"", "\"KB4493471\"", "\"10.0.0.1\"", "\"192.168.1.0/24\"",
                                  "\"::/0\"", "\"fe80::1\"", "\"6.0.6003\"", "\"2026-01-01\"", "\"2024-02-29\"",
                                  "\" x \"", "\"A,b,,c\"", "\"1:9.2p1-2\"", "\"\\u{FC}ber\"", "\"\\u{1F600}\"",
                                  "\"0.0.0.0/0\"", "\"x\\ny\"", "\"a\\\"b\"", "\"8.8.8.8\"", "\"not an ip\""};
    static const char* kVers[] = {"v\"6.0.6003\"", "v\"10\"", "v\"6.0\"", "v\"0.0.0.0.1\"", "v\"6.0.6002\""};
    switch (t) {
      case T::kBool: return pick(2) ? "true" : "false";
      case T::kInt: return kInts[pick(std::size(kInts))];
      case T::kFloat: return kFloats[pick(std::size(kFloats))];
      case T::kStr: return kStrs[pick(std::size(kStrs))];
      case T::kVer: return kVers[pick(std::size(kVers))];
      case T::kListInt: return pick(2) ? "[]" : "[" + leaf(T::kInt) + ", " + leaf(T::kInt) + "]";
      case T::kListStr: return pick(2) ? "[\"b\", \"a\"]" : "[" + leaf(T::kStr) + "]";
      case T::kRec: return "{a: " + leaf(T::kInt) + ", b: " + leaf(T::kStr) + "}";
      default: return "null";
    }
  }

  std::string paren(const std::string& s) { return "(" + s + ")"; }
  std::string bin(const std::string& a, const char* op, const std::string& b) { return paren(a + " " + op + " " + b); }
  // `??` binds like a postfix operator: its operands must be atoms (`x ?? -3` is not).
  std::string coalesce(const std::string& a, const std::string& b) { return paren(paren(a) + " ?? " + paren(b)); }
  T any_type() { return static_cast<T>(pick(static_cast<uint32_t>(T::kCount))); }
  T ordered_type() {
    static const T kOrdered[] = {T::kInt, T::kFloat, T::kStr, T::kVer};
    return kOrdered[pick(4)];
  }

  std::string fresh() { return "x" + std::to_string(next_var_++); }

  // `all x in XS : P` and friends; over a record, x is each {key, value} entry.
  std::string quantifier(const char* word, int depth, bool filter = false, T* element = nullptr) {
    uint32_t over = pick(3);
    if (filter && over == 2) over = 1;  // filtering a map gives entries, not strings
    T elem = over == 0 ? T::kInt : T::kStr;
    std::string xs = over == 0 ? expr(T::kListInt, depth) : over == 1 ? expr(T::kListStr, depth) : leaf(T::kRec);
    std::string name = fresh();
    std::string body;
    if (over == 2) {
      scope.emplace_back(name + ".key", T::kStr);
      body = expr(T::kBool, depth);
      scope.pop_back();
    } else {
      scope.emplace_back(name, elem);
      body = expr(T::kBool, depth);
      scope.pop_back();
    }
    if (element) *element = elem;
    if (filter) return "[" + name + " in " + xs + " : " + body + "]";
    return paren(std::string(word) + " " + name + " in " + xs + " : " + body);
  }

  std::string boolean(int d) {
    switch (pick(16)) {
      case 0: return bin(expr(T::kBool, d), "and", expr(T::kBool, d));
      case 1: return bin(expr(T::kBool, d), "or", expr(T::kBool, d));
      case 2: return paren("not " + expr(T::kBool, d));
      case 3: {
        T t = any_type();
        return bin(expr(t, d), pick(2) ? "==" : "!=", expr(t, d));
      }
      case 4: {
        static const char* kOps[] = {"<", "<=", ">", ">="};
        T t = ordered_type();
        return bin(expr(t, d), kOps[pick(4)], expr(t, d));
      }
      case 5: {
        const char* op = pick(2) ? "in" : "not in";
        switch (pick(3)) {
          case 0: return bin(expr(T::kInt, d), op, expr(T::kListInt, d));
          case 1: return bin(expr(T::kStr, d), op, expr(T::kListStr, d));
          default: return bin(expr(T::kStr, d), op, expr(T::kStr, d));
        }
      }
      case 6: {
        static const char* kPatterns[] = {"\"^KB[0-9]+$\"", "\"a\"", "\"(?i)X\"", "\"^$\"", "\"[\\\\d.]+\"",
                                          "\"\\\\p{L}\"", "\"^(a|b)*c\""};
        return bin(expr(T::kStr, d), "matches", kPatterns[pick(std::size(kPatterns))]);
      }
      case 7: {
        static const char* kOps[] = {"startswith", "endswith", "contains"};
        return bin(expr(T::kStr, d), kOps[pick(3)], expr(T::kStr, d));
      }
      case 8: return bin(expr(T::kListInt, d), "contains", expr(T::kInt, d));
      case 9: {
        static const char* kWords[] = {"all", "any", "none"};
        return quantifier(kWords[pick(3)], d);
      }
      case 10: return "exists(" + expr(any_type(), d) + ")";
      case 11: return "ip_in_cidr(" + expr(T::kStr, d) + ", " + expr(T::kStr, d) + ")";
      case 12: return "cidr_contains(" + expr(T::kStr, d) + ", " + expr(T::kStr, d) + ")";
      case 13: return pick(2) ? "is_private_ip(" + expr(T::kStr, d) + ")" : "cidr_is_ipv6(" + expr(T::kStr, d) + ")";
      case 14: return paren("if " + expr(T::kBool, d) + " then " + expr(T::kBool, d) + " else " + expr(T::kBool, d));
      default: return coalesce(expr(T::kBool, d), expr(T::kBool, d));
    }
  }

  std::string integer(int d) {
    switch (pick(14)) {
      case 0: {
        static const char* kOps[] = {"+", "-", "*", "/", "%"};
        return bin(expr(T::kInt, d), kOps[pick(5)], expr(T::kInt, d));
      }
      case 1: return paren("-" + expr(T::kInt, d));
      case 2: {
        static const T kLen[] = {T::kStr, T::kListInt, T::kListStr, T::kRec};
        return "len(" + expr(kLen[pick(4)], d) + ")";
      }
      case 3: return quantifier("count", d);
      case 4: return "cidr_prefix_len(" + expr(T::kStr, d) + ")";
      case 5: {
        static const char* kFns[] = {"sum", "min", "max"};
        return std::string(kFns[pick(3)]) + "(" + expr(T::kListInt, d) + ")";
      }
      case 6: return "days_between(" + expr(T::kStr, d) + ", " + expr(T::kStr, d) + ")";
      case 7: {
        const char* fn = pick(2) ? "rpm_version_compare(" : "debian_version_compare(";
        return fn + expr(T::kStr, d) + ", " + expr(T::kStr, d) + ")";
      }
      case 8: return expr(T::kListInt, d) + "[" + expr(T::kInt, d) + "]";
      case 9: return paren("if " + expr(T::kBool, d) + " then " + expr(T::kInt, d) + " else " + expr(T::kInt, d));
      case 10: return leaf(T::kRec) + ".a";
      case 11: return coalesce(expr(T::kInt, d), expr(T::kInt, d));
      case 12: return call_def(T::kInt, d);
      default: return leaf(T::kInt);
    }
  }

  std::string floating(int d) {
    switch (pick(5)) {
      case 0: {
        static const char* kOps[] = {"+", "-", "*", "/", "%"};
        bool mixed = pick(2);
        return bin(expr(T::kFloat, d), kOps[pick(5)], expr(mixed ? T::kInt : T::kFloat, d));
      }
      case 1: return paren("-" + expr(T::kFloat, d));
      case 2: return paren("if " + expr(T::kBool, d) + " then " + expr(T::kFloat, d) + " else " + expr(T::kFloat, d));
      case 3: return "sum([" + expr(T::kFloat, d) + ", " + expr(T::kFloat, d) + "])";
      default: return (pick(2) ? "min([" : "max([") + expr(T::kFloat, d) + ", " + expr(T::kFloat, d) + "])";
    }
  }

  std::string string(int d) {
    switch (pick(8)) {
      case 0: return bin(expr(T::kStr, d), "+", expr(T::kStr, d));
      case 1: {
        static const char* kFns[] = {"lower", "upper", "trim", "today"};
        uint32_t f = pick(3);
        return std::string(kFns[f]) + "(" + expr(T::kStr, d) + ")";
      }
      case 2: return expr(T::kListStr, d) + "[" + expr(T::kInt, d) + "]";
      case 3: return paren("if " + expr(T::kBool, d) + " then " + expr(T::kStr, d) + " else " + expr(T::kStr, d));
      case 4: return leaf(T::kRec) + ".b";
      case 5: return leaf(T::kRec) + "[" + expr(T::kStr, d) + "]";
      case 6: return call_def(T::kStr, d);
      default: return coalesce(expr(T::kStr, d), expr(T::kStr, d));
    }
  }

  std::string version(int d) {
    switch (pick(3)) {
      // Through lower(): a string literal that is not a version is E0412 at compile time,
      // and the run-time error path is the one to compare folded and unfolded.
      case 0: return "version(lower(" + expr(T::kStr, d) + "))";
      case 1: return paren("if " + expr(T::kBool, d) + " then " + expr(T::kVer, d) + " else " + expr(T::kVer, d));
      default: return "version(" + expr(T::kVer, d) + ")";
    }
  }

  std::string list(T element, int d) {
    T list_type = element == T::kInt ? T::kListInt : T::kListStr;
    switch (pick(6)) {
      case 0: return bin(expr(list_type, d), "+", expr(list_type, d));
      case 1: {
        T got;
        std::string q = quantifier("", d, /*filter=*/true, &got);
        return got == element ? q : leaf(list_type);
      }
      case 2: return "[" + expr(element, d) + ", " + expr(element, d) + ", " + expr(element, d) + "]";
      case 3:
        if (element == T::kStr) return pick(2) ? "split(" + expr(T::kStr, d) + ", " + expr(T::kStr, d) + ")"
                                               : "keys(" + leaf(T::kRec) + ")";
        return leaf(list_type);
      case 4: return paren("if " + expr(T::kBool, d) + " then " + expr(list_type, d) + " else " + expr(list_type, d));
      default: return leaf(list_type);
    }
  }

  // A call of a `def` taking one argument of the same type (written once per type).
  std::string call_def(T t, int d) {
    if (t == T::kInt) {
      uses_int_def = true;
      return "twice(" + expr(T::kInt, d) + ")";
    }
    uses_str_def = true;
    return "wrap(" + expr(T::kStr, d) + ")";
  }

 public:
  bool uses_int_def = false;
  bool uses_str_def = false;

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
  int next_var_ = 0;
};

bool budget_error(const std::string& error) {
  return error.find("step budget") != std::string::npos || error.find("more memory") != std::string::npos;
}

struct Run {
  std::vector<Outcome> outcomes;
  std::vector<std::string> errors;
  bool ok = false;
  std::string value;  // to_display of the first require, or its error
};

Run run(const Program& program) {
  Run r;
  EvalOptions options;
  options.now = fuzz::kFixedNow;
  options.max_steps = fuzz::kFuzzMaxSteps;
  Facts facts;
  for (const RuleResult& result : evaluate(program, facts, options)) {
    r.outcomes.push_back(result.outcome);
    r.errors.push_back(result.error);
  }
  EvalScratch scratch;
  Value v;
  std::string error;
  r.ok = evaluate_entry(program, program.rule_code[0].require_entries[0], nullptr, scratch, options, &v, &error);
  r.value = r.ok ? to_display(v) : error;
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Gen gen(data, size);
  T type = static_cast<T>(gen.pick(static_cast<uint32_t>(T::kCount)));
  bool as_let = gen.pick(2);
  std::string e = gen.expr(type, 6);
  std::string src = "package fz\n";
  if (gen.uses_int_def) src += "def twice(n) = n * 2 + len([n, n])\n";
  if (gen.uses_str_def) src += "def wrap(s) = \"<\" + s + \">\"\n";
  if (as_let) {
    src += "let k = " + e + "\n";
    e = "k";
  }
  // `[E, null][0]` has no static type, so any E may stand in a `require`; the rule
  // errs when E is not a bool, and the entry's value is compared either way.
  src += "policy p \"p\" {\n  rule value \"value\" { require [" + e + ", null][0] }\n";
  if (type == T::kBool) src += "  rule plain \"plain\" { require " + e + " }\n";
  src += "}\n";
  if (std::getenv("EDICT_FUZZ_PRINT")) std::fputs(src.c_str(), stderr);

  SourceManager sources_fold, sources_plain;
  DiagnosticSink sink_fold, sink_plain;
  compiler::CompileOptions fold, plain;
  plain.fold_constants = false;
  auto folded = compiler::compile_sources({{"diff.edict", src}}, fold, sources_fold, sink_fold);
  auto unfolded = compiler::compile_sources({{"diff.edict", src}}, plain, sources_plain, sink_plain);
  if (folded.has_value() != unfolded.has_value()) {
    fuzz::fail("folding changed whether the policy compiles", src,
               render_all(sink_fold, sources_fold) + render_all(sink_plain, sources_plain));
  }
  if (!folded) {
    // The generator writes well-typed code: only a compile-time limit may refuse it.
    for (const Diagnostic& d : sink_plain.diagnostics()) {
      if (d.message.find("limit") == std::string::npos && d.message.find("deeper") == std::string::npos &&
          d.message.find("nest") == std::string::npos) {
        fuzz::fail("the generator wrote a policy that does not compile", src, render_all(sink_plain, sources_plain));
      }
    }
    return 0;
  }
  Run a = run(*folded);
  Run b = run(*unfolded);
  for (size_t i = 0; i < a.outcomes.size(); ++i) {
    if (a.outcomes[i] == b.outcomes[i] && a.errors[i] == b.errors[i]) continue;
    if (b.outcomes[i] == Outcome::kError && budget_error(b.errors[i])) continue;
    fuzz::fail("folding and the VM disagree on a rule's outcome", src,
               std::string("folded: ") + outcome_name(a.outcomes[i]) + " " + a.errors[i] + "\nvm:     " +
                   outcome_name(b.outcomes[i]) + " " + b.errors[i]);
  }
  if (a.ok != b.ok || a.value != b.value) {
    if (!b.ok && budget_error(b.value)) return 0;
    fuzz::fail("folding and the VM disagree on a value", src, "folded: " + a.value + "\nvm:     " + b.value);
  }
  return 0;
}
