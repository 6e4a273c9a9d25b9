// What a report needs to know about a policy and a rule, independent of how it was
// compiled: the metadata of the language page, and where the rule was written.
// The Program's rule table holds these; bundles serialize them.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edict {

enum class Level { kInfo, kLow, kMedium, kHigh, kCritical };  // a rule's severity
enum class Enforcement { kAdvisory, kMandatory };

// Each enum's words, indexed by its value: the one place they are spelled (the
// checker's messages and suggestions, reports and bundles all go through these).
inline constexpr std::array<const char*, 5> kLevelNames = {"info", "low", "medium", "high", "critical"};
inline constexpr std::array<const char*, 2> kEnforcementNames = {"advisory", "mandatory"};

const char* level_name(Level level);              // kLevelNames[level]
std::optional<Level> parse_level(std::string_view text);
const char* enforcement_name(Enforcement enforcement);  // kEnforcementNames[enforcement]
std::optional<Enforcement> parse_enforcement(std::string_view text);

// A position that survives without the source file (bundles carry these).
struct SourceLocation {
  std::string path;
  uint32_t line = 0;
  uint32_t column = 0;
};

struct PolicyInfo {
  std::string id;     // "windows.server2008.esu" (package + policy name)
  std::string name;   // "esu"
  std::string title;
  std::string description;
  Level severity = Level::kMedium;
  Enforcement enforcement = Enforcement::kMandatory;
  std::vector<std::string> tags;
  std::vector<std::string> refs;
  std::string when_text;  // the `when` condition as written, empty if none
  SourceLocation location;
};

struct RuleInfo {
  std::string id;         // "windows.server2008.esu.build"
  uint32_t policy_index = 0;  // into the program's policy table
  std::string name;       // "build"
  std::string title;
  std::string description;  // the rule's own, else the policy's
  std::string remediation;
  Level severity = Level::kMedium;             // after rule overrides
  Enforcement enforcement = Enforcement::kMandatory;
  std::vector<std::string> tags;               // policy's tags plus the rule's
  std::vector<std::string> refs;               // policy's refs plus the rule's
  std::string when_text;                        // the rule's own `when`, empty if none
  std::vector<std::string> require_texts;       // each `require` as written
  std::vector<SourceLocation> require_locations;
  std::vector<std::string> fact_paths;          // every fact path the rule (and its policy's when) reads
  SourceLocation location;
};

}  // namespace edict
