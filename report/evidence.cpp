// Bounded evidence for report entries (see evidence.h).
#include "report/evidence.h"

#include <utility>

#include "runtime/value.h"

namespace edict::report {

namespace {

using Kind = EvidenceValue::Kind;

EvidenceValue scalar(Kind kind) {
  EvidenceValue out;
  out.kind = kind;
  return out;
}

EvidenceValue string_value(std::string text) {
  EvidenceValue out = scalar(Kind::kString);
  out.text = std::move(text);
  return out;
}

// Facts as report data for the json report: versions and errors become strings, so a
// consumer needs no Edict types. Each item or entry is charged its display size against
// `budget` (as the json format will write it); once it is spent, lists and maps end early
// and `*cut` is set. Depth is bounded by the facts loader's own nesting limit.
EvidenceValue value_to_data(const Value& v, size_t& budget, bool* cut) {
  auto charge = [&](const Value& scalar) {
    size_t cost = to_display(scalar).size();
    budget = cost < budget ? budget - cost : 0;
  };
  switch (v.kind) {
    case ValueKind::kUnknown:
    case ValueKind::kNull: charge(v); return scalar(Kind::kNull);
    case ValueKind::kBool: {
      charge(v);
      EvidenceValue out = scalar(Kind::kBool);
      out.boolean = v.boolean;
      return out;
    }
    case ValueKind::kInt: {
      charge(v);
      EvidenceValue out = scalar(Kind::kInt);
      out.integer = v.integer;
      return out;
    }
    case ValueKind::kFloat: {
      charge(v);
      EvidenceValue out = scalar(Kind::kFloat);
      out.number = v.number;
      return out;
    }
    case ValueKind::kString: {
      std::string_view s = v.str();
      if (s.size() + 2 > budget) {
        // The start of the string, cut on a UTF-8 boundary.
        size_t keep = budget > 2 ? budget - 2 : 0;
        while (keep > 0 && keep < s.size() && (static_cast<unsigned char>(s[keep]) & 0xC0) == 0x80) --keep;
        s = s.substr(0, keep);
        *cut = true;
      }
      budget = s.size() + 2 < budget ? budget - s.size() - 2 : 0;
      return string_value(std::string(s));
    }
    case ValueKind::kError: {
      size_t cost = v.size + 12;
      budget = cost < budget ? budget - cost : 0;
      EvidenceValue out = scalar(Kind::kMap);
      out.keys.push_back("error");
      out.items.push_back(string_value(std::string(v.str())));
      return out;
    }
    case ValueKind::kVersion: {
      std::string text = to_display(v);  // v"6.0.6003"
      budget = text.size() < budget ? budget - text.size() : 0;
      if (text.size() >= 3 && text[0] == 'v' && text[1] == '"') text = text.substr(2, text.size() - 3);
      return string_value(std::move(text));
    }
    case ValueKind::kList: {
      EvidenceValue out = scalar(Kind::kList);
      budget = budget > 2 ? budget - 2 : 0;
      for (uint32_t i = 0; i < v.size; ++i) {
        if (budget == 0) {
          *cut = true;
          break;
        }
        budget -= 1;  // the comma
        out.items.push_back(value_to_data(v.items[i], budget, cut));
      }
      return out;
    }
    case ValueKind::kMap: {
      EvidenceValue out = scalar(Kind::kMap);
      budget = budget > 2 ? budget - 2 : 0;
      for (uint32_t i = 0; i < v.size; ++i) {
        if (budget == 0) {
          *cut = true;
          break;
        }
        const MapEntry& e = v.entries[i];
        budget = e.key.size() + 4 < budget ? budget - e.key.size() - 4 : 0;
        out.keys.emplace_back(e.key);  // a Value map's keys are already unique and sorted
        out.items.push_back(value_to_data(e.value, budget, cut));
      }
      return out;
    }
  }
  return scalar(Kind::kNull);
}

// "[12 items]"-style note closing a cut display, so a reader knows how much is missing.
std::string cut_note(const Value& v) {
  switch (v.kind) {
    case ValueKind::kList: return "... (" + std::to_string(v.size) + " items in all)";
    case ValueKind::kMap: return "... (" + std::to_string(v.size) + " entries in all)";
    case ValueKind::kString: return "... (" + std::to_string(v.size) + " bytes in all)";
    default: return "...";
  }
}

}  // namespace

FactEvidence evidence_of(const Facts& facts, const std::string& path) {
  FactEvidence ev;
  ev.path = path;
  const Value* v = facts.find(path);
  if (v && !v->is_unknown()) {
    bool display_cut = false, data_cut = false;
    std::string display = to_display_bounded(*v, kMaxEvidenceBytes, &display_cut);
    if (display_cut) display += cut_note(*v);
    ev.value = std::move(display);
    size_t budget = kMaxEvidenceBytes;
    ev.data = value_to_data(*v, budget, &data_cut);
    ev.truncated = display_cut || data_cut;
  }
  if (const Provenance* p = facts.provenance(path)) {
    ev.source = p->source;
    ev.collected_at = p->collected_at;
  }
  return ev;
}

}  // namespace edict::report
