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

// What a policy and a rule both carry (a rule's copy is its own, after overrides).
struct Metadata {
  std::string id;     // "windows.server2008.esu" (package + policy name), "windows.server2008.esu.build"
  std::string name;   // "esu", "build"
  std::string title;
  std::string description;  // a rule's own, else its policy's
  Level severity = Level::kMedium;  // a rule's after its overrides
  Enforcement enforcement = Enforcement::kMandatory;
  std::vector<std::string> tags;  // a rule's: its policy's plus its own
  std::vector<std::string> refs;  // a rule's: its policy's plus its own
  std::string when_text;          // the `when` condition as written (a rule's own), empty if none
  SourceLocation location;
};

struct PolicyInfo : Metadata {};

struct RuleInfo : Metadata {
  uint32_t policy_index = 0;  // into the program's policy table
  std::string remediation;
  std::vector<std::string> require_texts;       // each `require` as written
  std::vector<SourceLocation> require_locations;
  std::vector<std::string> fact_paths;          // every fact path the rule (and its policy's when) reads
};

}  // namespace edict
