// Bounded evidence for report entries (see evidence.h).
#include "report/evidence.h"

#include <utility>

#include "runtime/value.h"

namespace edict::report {

namespace {

using Json = nlohmann::ordered_json;

// Facts as JSON for the json report: versions and errors become strings, so a consumer
// needs no Edict types. Each item or entry is charged its display size against `budget`;
// once it is spent, lists and maps end early and `*cut` is set. Depth is bounded by the
// facts loader's own nesting limit.
Json value_to_json(const Value& v, size_t& budget, bool* cut) {
  auto charge = [&](const Value& scalar) {
    size_t cost = to_display(scalar).size();
    budget = cost < budget ? budget - cost : 0;
  };
  switch (v.kind) {
    case ValueKind::kUnknown:
    case ValueKind::kNull: charge(v); return nullptr;
    case ValueKind::kBool: charge(v); return v.boolean;
    case ValueKind::kInt: charge(v); return v.integer;
    case ValueKind::kFloat: charge(v); return v.number;
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
      return std::string(s);
    }
    case ValueKind::kError: {
      size_t cost = v.size + 12;
      budget = cost < budget ? budget - cost : 0;
      return Json{{"error", std::string(v.str())}};
    }
    case ValueKind::kVersion: {
      std::string text = to_display(v);  // v"6.0.6003"
      budget = text.size() < budget ? budget - text.size() : 0;
      if (text.size() >= 3 && text[0] == 'v' && text[1] == '"') text = text.substr(2, text.size() - 3);
      return text;
    }
    case ValueKind::kList: {
      Json out = Json::array();
      budget = budget > 2 ? budget - 2 : 0;
      for (uint32_t i = 0; i < v.size; ++i) {
        if (budget == 0) {
          *cut = true;
          break;
        }
        budget -= 1;  // the comma
        out.push_back(value_to_json(v.items[i], budget, cut));
      }
      return out;
    }
    case ValueKind::kMap: {
      Json out = Json::object();
      // Entries go straight into ordered_json's vector: its operator[] searches the keys
      // linearly, which made a 50,000-key sysctl map take a minute (quadratic). A Value
      // map's keys are already unique and sorted.
      auto& entries = static_cast<Json::object_t::Container&>(out.get_ref<Json::object_t&>());
      budget = budget > 2 ? budget - 2 : 0;
      for (uint32_t i = 0; i < v.size; ++i) {
        if (budget == 0) {
          *cut = true;
          break;
        }
        const MapEntry& e = v.entries[i];
        budget = e.key.size() + 4 < budget ? budget - e.key.size() - 4 : 0;
        entries.emplace_back(std::string(e.key), value_to_json(e.value, budget, cut));
      }
      return out;
    }
  }
  return nullptr;
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
    bool display_cut = false, json_cut = false;
    std::string display = to_display_bounded(*v, kMaxEvidenceBytes, &display_cut);
    if (display_cut) display += cut_note(*v);
    ev.value = std::move(display);
    size_t budget = kMaxEvidenceBytes;
    ev.json = value_to_json(*v, budget, &json_cut);
    ev.truncated = display_cut || json_cut;
  }
  if (const Provenance* p = facts.provenance(path)) {
    ev.source = p->source;
    ev.collected_at = p->collected_at;
  }
  return ev;
}

}  // namespace edict::report
