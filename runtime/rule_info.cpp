#include "runtime/rule_info.h"

namespace edict {

namespace {

// The enum whose name in `names` is `text`; the names are indexed by value.
template <typename Enum, size_t N>
std::optional<Enum> parse_name(std::string_view text, const std::array<const char*, N>& names) {
  for (size_t i = 0; i < N; ++i) {
    if (text == names[i]) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace

const char* level_name(Level level) {
  size_t i = static_cast<size_t>(level);
  return i < kLevelNames.size() ? kLevelNames[i] : "medium";
}

std::optional<Level> parse_level(std::string_view text) { return parse_name<Level>(text, kLevelNames); }

const char* enforcement_name(Enforcement enforcement) {
  size_t i = static_cast<size_t>(enforcement);
  return i < kEnforcementNames.size() ? kEnforcementNames[i] : "mandatory";
}

std::optional<Enforcement> parse_enforcement(std::string_view text) {
  return parse_name<Enforcement>(text, kEnforcementNames);
}

}  // namespace edict
