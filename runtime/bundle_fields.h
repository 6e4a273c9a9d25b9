// The bundle's records, each declared ONCE as a list of fields: a function templated on
// the archive, which bundle_write.cpp runs with its Writer (the record is const: every
// field is written) and bundle_read.cpp with its Reader (every field is read, bounded
// and checked). A third archive, MinSize, runs the same list to find the fewest bytes a
// record can take, which bounds the counts the reader accepts. So the two directions
// and the size bounds cannot drift apart: a field added to a list is written, read and
// counted. The layout these produce is docs/bundle.md's (format version
// kBundleFormatVersion); the order of the fields is the order of the bytes.
//
// Archive interface (T may be const for the Writer):
//   u8 u16 u32 i32 u64 i64 (T&)       fixed-width little-endian integers
//   flag(bool&)                        one byte, 0 or 1
//   enumerator(E&, limit, what)        one byte below `limit`
//   str(std::string&)                  u32 length + UTF-8 bytes
//   strings / u32s (std::vector&)      u32 count + items
//   type(TypeRef&, what, of)           a type as its source text ("any" when absent)
//   sequence(std::vector<R>&, fields)  u32 count + each record by `fields`
// and, for constants (the arena-held Value, recursive):
//   ok()                               false once the archive has failed
//   f64(double&)                       IEEE bits as a u64
//   arena_str(chars, size) / (string_view&)  a str whose bytes live in the constant arena
//   array(const T*&, uint32_t&, fields)      u32 count + each item by `fields`, in the arena
//   spelling(Value&)                   a version's text as written, "" when its parts give it
//   check(bool, message())             an invariant: the Reader refuses a record that breaks
//                                      it, the Writer refuses to write one
#pragma once

#include <cstddef>
#include <string>
#include <type_traits>
#include <vector>

#include "runtime/bundle.h"
#include "runtime/program.h"
#include "runtime/value.h"

namespace edict::bundle_fields {

template <class Ar, class L>
void location(Ar& ar, L& l) {
  ar.str(l.path);
  ar.u32(l.line);
  ar.u32(l.column);
}

// What a policy and a rule both carry, in the policy record's order.
template <class Ar, class M>
void metadata(Ar& ar, M& m) {
  ar.str(m.id);
  ar.str(m.name);
  ar.str(m.title);
  ar.str(m.description);
  ar.enumerator(m.severity, static_cast<uint8_t>(kLevelNames.size()), "a severity");
  ar.enumerator(m.enforcement, static_cast<uint8_t>(kEnforcementNames.size()), "an enforcement");
  ar.strings(m.tags);
  ar.strings(m.refs);
  ar.str(m.when_text);
  location(ar, m.location);
}

template <class Ar, class D>
void fact_decl(Ar& ar, D& d) {
  ar.str(d.path);
  ar.type(d.type, "the schema type", "of `" + d.path + "`");
  ar.str(d.provider);
  ar.str(d.description);
  if (ar.version() >= 4) ar.flag(d.keyed);
}

template <class Ar, class S>
void slot(Ar& ar, S& s) {
  ar.str(s.path);
  ar.type(s.type, "the type", "of slot `" + s.path + "`");
  if (ar.version() < 4) return;
  ar.sequence(s.keys, [](auto& a, auto& k) {
    a.str(k.key);
    a.strings(k.fields);
    a.flag(k.whole);
  });
}

template <class Ar, class I, class C>
void policy(Ar& ar, I& info, C& code) {
  metadata(ar, info);
  ar.i32(code.when_entry);
  ar.i32(code.traced_when_entry);
  ar.u32s(code.slots);
}

// The rule record keeps the order of format 1, where the rule's own fields sit among
// the shared ones (policy_index after the id, remediation after the description).
template <class Ar, class I, class C>
void rule(Ar& ar, I& info, C& code) {
  ar.str(info.id);
  ar.u32(info.policy_index);
  ar.str(info.name);
  ar.str(info.title);
  ar.str(info.description);
  ar.str(info.remediation);
  ar.enumerator(info.severity, static_cast<uint8_t>(kLevelNames.size()), "a severity");
  ar.enumerator(info.enforcement, static_cast<uint8_t>(kEnforcementNames.size()), "an enforcement");
  ar.strings(info.tags);
  ar.strings(info.refs);
  ar.str(info.when_text);
  ar.strings(info.require_texts);
  ar.sequence(info.require_locations, [](auto& a, auto& l) { location(a, l); });
  ar.strings(info.fact_paths);
  location(ar, info.location);
  ar.i32(code.when_entry);
  ar.i32(code.traced_when_entry);
  ar.u32s(code.require_entries);
  ar.u32s(code.traced_require_entries);
  ar.u32s(code.slots);
}

template <class Ar, class E>
void entry(Ar& ar, E& e) {
  ar.u32(e.start);
  ar.u32(e.end);
  ar.u32(e.max_stack);
  ar.u32(e.locals);
}

template <class Ar, class I>
void instruction(Ar& ar, I& ins) {
  ar.enumerator(ins.op, static_cast<uint8_t>(kOpCount), "an opcode");
  ar.u8(ins.a);
  ar.u16(ins.b);
  ar.u32(ins.c);
}

template <class Ar, class T>
void trace_point(Ar& ar, T& tp) {
  location(ar, tp.location);
  ar.u32(tp.length);
  ar.str(tp.source);
  ar.flag(tp.quantifier);
  ar.str(tp.label);
}

// A constant: u8 kind, then the kind's fields. Lists and maps nest at most
// kMaxConstantDepth levels, and a map's keys are sorted by bytes and unique (value.h's
// INVARIANT, which map lookups rely on): both directions check both.
template <class Ar, class V>
void constant(Ar& ar, V& v, uint32_t depth) {
  ar.check(depth <= kMaxConstantDepth,
           [] { return "a constant is nested deeper than " + std::to_string(kMaxConstantDepth) + " levels"; });
  ar.enumerator(v.kind, static_cast<uint8_t>(ValueKind::kError) + 1, "a value kind");
  if (!ar.ok()) return;
  switch (v.kind) {
    case ValueKind::kUnknown: case ValueKind::kNull: break;
    case ValueKind::kBool: ar.flag(v.boolean); break;
    case ValueKind::kInt: ar.i64(v.integer); break;
    case ValueKind::kFloat: ar.f64(v.number); break;
    case ValueKind::kString: case ValueKind::kError: ar.arena_str(v.chars, v.size); break;
    case ValueKind::kVersion:
      ar.array(v.parts, v.size, [](auto& a, auto& part) { a.i64(part); });
      ar.spelling(v);
      break;
    case ValueKind::kList:
      ar.array(v.items, v.size, [depth](auto& a, auto& item) { constant(a, item, depth + 1); });
      break;
    case ValueKind::kMap:
      ar.array(v.entries, v.size, [depth](auto& a, auto& entry) {
        a.arena_str(entry.key);
        constant(a, entry.value, depth + 1);
      });
      for (uint32_t i = 1; i < v.size && ar.ok(); ++i) {
        ar.check(v.entries[i - 1].key < v.entries[i].key,
                 [] { return std::string("a constant map's keys are not sorted and unique"); });
      }
      break;
  }
}

// Counts the fewest bytes a record takes: every string and list empty.
class MinSize {
 public:
  // The oldest layout: the fewest bytes a record takes in any format this edict reads.
  uint32_t version() const { return kOldestBundleFormatVersion; }
  template <class T> void u8(T&) { bytes += 1; }
  template <class T> void u16(T&) { bytes += 2; }
  template <class T> void u32(T&) { bytes += 4; }
  template <class T> void i32(T&) { bytes += 4; }
  template <class T> void u64(T&) { bytes += 8; }
  template <class T> void i64(T&) { bytes += 8; }
  template <class T> void flag(T&) { bytes += 1; }
  template <class E> void enumerator(E&, uint8_t, const char*) { bytes += 1; }
  template <class S> void str(S&) { bytes += 4; }
  template <class V> void strings(V&) { bytes += 4; }
  template <class V> void u32s(V&) { bytes += 4; }
  template <class T> void type(T&, const char*, const std::string&) { bytes += 4; }
  template <class V, class F> void sequence(V&, F) { bytes += 4; }
  bool ok() const { return true; }
  template <class T> void f64(T&) { bytes += 8; }
  template <class C, class N> void arena_str(C&, N&) { bytes += 4; }
  template <class S> void arena_str(S&) { bytes += 4; }
  template <class P, class N, class F> void array(P&, N&, F) { bytes += 4; }
  template <class V> void spelling(V&) { bytes += 4; }
  template <class M> void check(bool, M) {}
  size_t bytes = 0;
};

// The fewest bytes of a record of type R (and C, for the records of two tables).
template <class R, class F>
size_t min_size(F fields) {
  MinSize m;
  R r{};
  fields(m, r);
  return m.bytes;
}
template <class R, class C, class F>
size_t min_size(F fields) {
  MinSize m;
  R r{};
  C c{};
  fields(m, r, c);
  return m.bytes;
}

// Each section's body, in the order of BundleSection. The reader and the writer differ
// only in how a table is walked (Ar::sequence, Ar::tables) and in the schema, which is
// a map written in path order and read back through FactSchema::add (its consistency
// check).
template <class Ar, class P>
void section(Ar& ar, P& p, BundleSection id) {
  switch (id) {
    case BundleSection::kConstants:
      ar.sequence(p.constants, [](auto& a, auto& v) { constant(a, v, 0); });
      break;
    case BundleSection::kRegexes: ar.strings(p.regex_patterns); break;
    case BundleSection::kSchema: ar.schema(p.schema, [](auto& a, auto& d) { fact_decl(a, d); }); break;
    case BundleSection::kSlots: ar.sequence(p.slots, [](auto& a, auto& s) { slot(a, s); }); break;
    case BundleSection::kPolicies:
      ar.tables(p.policies, p.policy_code, [](auto& a, auto& info, auto& code) { policy(a, info, code); });
      break;
    case BundleSection::kRules:
      ar.tables(p.rules, p.rule_code, [](auto& a, auto& info, auto& code) { rule(a, info, code); });
      break;
    case BundleSection::kEntries: ar.sequence(p.entries, [](auto& a, auto& e) { entry(a, e); }); break;
    case BundleSection::kCode: ar.sequence(p.code, [](auto& a, auto& i) { instruction(a, i); }); break;
    case BundleSection::kTracePoints:
      ar.sequence(p.trace_points, [](auto& a, auto& t) { trace_point(a, t); });
      break;
  }
}

}  // namespace edict::bundle_fields
