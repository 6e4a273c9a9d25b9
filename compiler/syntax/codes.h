// The E00xx (reading input) and E01xx (syntax) diagnostic codes of the front end.
// Stable public contract: each is listed with an example in docs/diagnostics.md.
#pragma once

namespace edict::syntax::codes {

inline constexpr const char* kCannotRead = "E0001";       // missing or unreadable file
inline constexpr const char* kTooLarge = "E0002";         // file over ParseLimits::max_source_bytes
inline constexpr const char* kNotUtf8 = "E0003";          // invalid UTF-8 sequence
inline constexpr const char* kNulByte = "E0004";          // NUL byte in a source file
// A policy directory the walk cannot read whole: an unreadable subdirectory, a dangling
// symlink, a symlink loop, a non-regular *.edict (compiler/policy_files.cpp).
inline constexpr const char* kUnreadablePolicyTree = "E0005";
inline constexpr const char* kTooManyTokens = "E0006";    // a file past ParseLimits::max_tokens

inline constexpr const char* kSyntax = "E0101";           // unexpected token / expected something else
inline constexpr const char* kUnterminatedString = "E0102";
inline constexpr const char* kUnterminatedTriple = "E0103";
inline constexpr const char* kBadCharacter = "E0104";
inline constexpr const char* kBadEscape = "E0105";
inline constexpr const char* kIntTooLarge = "E0106";
inline constexpr const char* kBadNumber = "E0107";
inline constexpr const char* kBadVersion = "E0108";
inline constexpr const char* kTooDeep = "E0109";
inline constexpr const char* kChainedComparison = "E0110";
inline constexpr const char* kMisplacedClause = "E0111";
inline constexpr const char* kUnknownClause = "E0112";
inline constexpr const char* kBadClauseValue = "E0113";
inline constexpr const char* kRuleWithoutRequire = "E0114";
inline constexpr const char* kDuplicateClause = "E0115";
inline constexpr const char* kDeclarationOrder = "E0116";
inline constexpr const char* kMissingName = "E0117";
// Habits from other languages, each reported once and repaired so no cascade follows:
inline constexpr const char* kForeignOperator = "E0118";    // `&&`, `||` (and `&`, `|`): write `and`, `or`
inline constexpr const char* kStrayAssign = "E0119";        // `a = b` in a comparison, `severity = high`
inline constexpr const char* kSingleQuotedString = "E0120"; // `'linux'`: strings use double quotes

}  // namespace edict::syntax::codes
