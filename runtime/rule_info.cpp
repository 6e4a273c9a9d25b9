#include "runtime/rule_info.h"

namespace edict {

const char* level_name(Level level) {
  switch (level) {
    case Level::kInfo: return "info";
    case Level::kLow: return "low";
    case Level::kMedium: return "medium";
    case Level::kHigh: return "high";
    case Level::kCritical: return "critical";
  }
  return "medium";
}

std::optional<Level> parse_level(std::string_view text) {
  if (text == "info") return Level::kInfo;
  if (text == "low") return Level::kLow;
  if (text == "medium") return Level::kMedium;
  if (text == "high") return Level::kHigh;
  if (text == "critical") return Level::kCritical;
  return std::nullopt;
}

const char* enforcement_name(Enforcement enforcement) {
  return enforcement == Enforcement::kAdvisory ? "advisory" : "mandatory";
}

std::optional<Enforcement> parse_enforcement(std::string_view text) {
  if (text == "advisory") return Enforcement::kAdvisory;
  if (text == "mandatory") return Enforcement::kMandatory;
  return std::nullopt;
}

}  // namespace edict
