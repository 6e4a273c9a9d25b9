#include "runtime/value.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "runtime/string_codec.h"

namespace edict {

const char* kind_name(ValueKind kind) {
  switch (kind) {
    case ValueKind::kUnknown: return "unknown";
    case ValueKind::kNull: return "null";
    case ValueKind::kBool: return "bool";
    case ValueKind::kInt: return "int";
    case ValueKind::kFloat: return "float";
    case ValueKind::kString: return "string";
    case ValueKind::kVersion: return "version";
    case ValueKind::kList: return "list";
    case ValueKind::kMap: return "map";
    case ValueKind::kError: return "error";
  }
  return "unknown";
}

std::string a_kind(ValueKind kind) {
  const char* name = kind_name(kind);
  bool vowel = std::string_view("aeiou").find(name[0]) != std::string_view::npos;
  return (vowel ? "an " : "a ") + std::string(name);
}

Value make_string(Arena& arena, std::string_view s) { return Value::of_string(arena.copy(s)); }

Value make_error(Arena& arena, std::string_view message) { return Value::of_error(arena.copy(message)); }

bool parse_version(Arena& arena, std::string_view text, Value* out) {
  if (!text.empty() && (text[0] == 'v' || text[0] == 'V')) text.remove_prefix(1);
  if (text.empty()) return false;
  // A version has at most this many components; real ones have 2 to 4.
  constexpr size_t kMaxParts = 16;
  int64_t parts[kMaxParts];
  uint32_t n = 0;
  size_t i = 0;
  while (true) {
    if (i >= text.size() || text[i] < '0' || text[i] > '9') return false;
    int64_t part = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (part > (INT64_MAX - 9) / 10) return false;  // component overflow
      part = part * 10 + (text[i] - '0');
      ++i;
    }
    if (n == kMaxParts) return false;
    parts[n++] = part;
    if (i == text.size()) break;
    if (text[i] != '.') return false;
    ++i;
  }
  // A version whose text its parts do not give back (leading zeros: Ubuntu's "22.04")
  // keeps that text after its parts, with its length, for display.
  bool plain = true;
  for (size_t k = 0; k + 1 < text.size(); ++k) {
    if (text[k] == '0' && (k == 0 || text[k - 1] == '.') && text[k + 1] != '.') plain = false;
  }
  size_t words = n + (plain ? 0 : 1 + (text.size() + sizeof(int64_t) - 1) / sizeof(int64_t));
  int64_t* stored = arena.allocate_array<int64_t>(words);
  std::memcpy(stored, parts, sizeof(int64_t) * n);
  *out = Value::of_version(stored, n);
  if (!plain) {
    stored[n] = static_cast<int64_t>(text.size());
    std::memcpy(reinterpret_cast<char*>(stored + n + 1), text.data(), text.size());
    out->spelled = 1;
  }
  return true;
}

std::string_view version_spelling(const Value& v) {
  if (v.kind != ValueKind::kVersion || !v.spelled) return {};
  return {reinterpret_cast<const char*>(v.parts + v.size + 1), static_cast<size_t>(v.parts[v.size])};
}

Value make_map(MapEntry* entries, uint32_t n) {
  std::stable_sort(entries, entries + n, [](const MapEntry& a, const MapEntry& b) { return a.key < b.key; });
  // De-duplicate keeping the last of equal keys.
  uint32_t out = 0;
  for (uint32_t i = 0; i < n; ++i) {
    if (out > 0 && entries[out - 1].key == entries[i].key) {
      entries[out - 1] = entries[i];
    } else {
      entries[out++] = entries[i];
    }
  }
  return Value::of_map(entries, out);
}

int compare_versions(const Value& a, const Value& b) {
  uint32_t n = std::max(a.size, b.size);
  for (uint32_t i = 0; i < n; ++i) {
    int64_t x = i < a.size ? a.parts[i] : 0;
    int64_t y = i < b.size ? b.parts[i] : 0;
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

bool values_equal(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) {
    if (a.kind == ValueKind::kInt && b.kind == ValueKind::kInt) return a.integer == b.integer;
    double x = a.kind == ValueKind::kInt ? static_cast<double>(a.integer) : a.number;
    double y = b.kind == ValueKind::kInt ? static_cast<double>(b.integer) : b.number;
    return x == y;
  }
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case ValueKind::kUnknown: return false;
    case ValueKind::kError: return false;
    case ValueKind::kNull: return true;
    case ValueKind::kBool: return a.boolean == b.boolean;
    case ValueKind::kString: return a.str() == b.str();
    case ValueKind::kVersion: return compare_versions(a, b) == 0;
    case ValueKind::kList:
      if (a.size != b.size) return false;
      for (uint32_t i = 0; i < a.size; ++i) {
        if (!values_equal(a.items[i], b.items[i])) return false;
      }
      return true;
    case ValueKind::kMap:
      if (a.size != b.size) return false;
      for (uint32_t i = 0; i < a.size; ++i) {
        if (a.entries[i].key != b.entries[i].key || !values_equal(a.entries[i].value, b.entries[i].value)) return false;
      }
      return true;
    default: return false;
  }
}

const Value* map_find(const Value& map, std::string_view key) {
  const MapEntry* begin = map.entries;
  const MapEntry* end = map.entries + map.size;
  const MapEntry* it = std::lower_bound(begin, end, key, [](const MapEntry& e, std::string_view k) { return e.key < k; });
  if (it != end && it->key == key) return &it->value;
  return nullptr;
}

namespace {

// Appends v's display form, stopping (mid-value) once `out` holds more than `limit`
// bytes: a caller that wants 4 KiB of a million-item list walks a few hundred items.
// Returns false when it stopped early.
bool append_display(std::string& out, const Value& v, size_t limit) {
  if (out.size() > limit) return false;
  switch (v.kind) {
    case ValueKind::kUnknown: out += "unknown"; break;
    case ValueKind::kNull: out += "null"; break;
    case ValueKind::kBool: out += v.boolean ? "true" : "false"; break;
    case ValueKind::kInt: out += std::to_string(v.integer); break;
    case ValueKind::kFloat: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g", v.number);
      // Shortest form that round-trips: try fewer digits first.
      for (int precision = 1; precision <= 17; ++precision) {
        char shorter[32];
        std::snprintf(shorter, sizeof shorter, "%.*g", precision, v.number);
        if (std::strtod(shorter, nullptr) == v.number) {
          std::memcpy(buf, shorter, sizeof shorter);
          break;
        }
      }
      out += buf;
      if (std::isfinite(v.number) && !std::strpbrk(buf, ".eE")) out += ".0";
      break;
    }
    case ValueKind::kString: append_encoded_string(out, v.str()); break;
    case ValueKind::kVersion:
      out += "v\"";
      if (std::string_view written = version_spelling(v); !written.empty()) {
        out += written;  // digits and dots only: parse_version accepted it
        out += '"';
        break;
      }
      for (uint32_t i = 0; i < v.size; ++i) {
        if (i) out += '.';
        out += std::to_string(v.parts[i]);
      }
      out += '"';
      break;
    case ValueKind::kList:
      out += '[';
      for (uint32_t i = 0; i < v.size; ++i) {
        if (i) out += ", ";
        if (!append_display(out, v.items[i], limit)) return false;
      }
      out += ']';
      break;
    case ValueKind::kMap:
      out += '{';
      for (uint32_t i = 0; i < v.size; ++i) {
        if (i) out += ", ";
        append_encoded_string(out, v.entries[i].key);
        out += ": ";
        if (!append_display(out, v.entries[i].value, limit)) return false;
      }
      out += '}';
      break;
    case ValueKind::kError:
      out += "error(";
      append_encoded_string(out, v.str());
      out += ')';
      break;
  }
  return out.size() <= limit;
}

}  // namespace

std::string to_display(const Value& v) {
  std::string out;
  append_display(out, v, std::string::npos);
  return out;
}

std::string to_display_bounded(const Value& v, size_t max_bytes, bool* cut) {
  std::string out;
  bool whole = append_display(out, v, max_bytes);
  if (cut) *cut = !whole;
  if (!whole) {
    size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(out[end]) & 0xC0) == 0x80) --end;  // keep UTF-8 whole
    out.resize(end);
  }
  return out;
}

}  // namespace edict
