// The checker's diagnostic codes (docs/diagnostics.md, sections E02xx, E03xx, E04xx).
// Stable public contracts: never renumber, only add.
#pragma once

namespace edict::compiler::codes {

// E02xx names and resolution
inline constexpr const char* kUnknownName = "E0201";       // a bare name nothing declares
inline constexpr const char* kUnknownFactPath = "E0202";   // `os.biuld`: not in the fact schema
inline constexpr const char* kUnknownModule = "E0203";     // `import std.nett`
inline constexpr const char* kNamespaceNotFact = "E0204";  // `windows.esu` used as a value
inline constexpr const char* kUnknownMember = "E0205";     // `net.nope`: the module has no such name
inline constexpr const char* kDuplicateName = "E0206";     // two `let`/`def` of one name in a package; alias clash
inline constexpr const char* kFactConflict = "E0207";      // a `fact` declaration that clashes with the schema
inline constexpr const char* kNotAValue = "E0208";         // a function or module used as a value
// Names a policy file may not take, because another file's code resolves them
// (docs/language.md, "Names a file cannot take over"):
inline constexpr const char* kReservedPackage = "E0209";   // `package std.net` outside the stdlib
inline constexpr const char* kShadowsFactRoot = "E0210";   // `let network = ...`: a fact root
inline constexpr const char* kShadowsBuiltin = "E0211";    // `def len(x) = ...`: a built-in function
inline constexpr const char* kShadowsImport = "E0212";     // `let net = ...` beside `import std.net`

// W02xx warnings about names (compiler/warnings.cpp); a name starting with `_` is never "unused"
inline constexpr const char* kUnusedDeclaration = "W0201";  // a `let` or `def` nothing uses
inline constexpr const char* kUnusedImport = "W0202";       // an `import` its file never uses
inline constexpr const char* kHidesFactRoot = "W0203";      // `def f(os) = ...`: the parameter hides `os.*`

// E03xx types
inline constexpr const char* kTypeMismatch = "E0301";  // `"6003" >= 6003`, `os.build == "6003"`
inline constexpr const char* kNoField = "E0302";       // `r.destnation`, a field of a non-record
inline constexpr const char* kNotBool = "E0303";       // a condition that is not a bool
inline constexpr const char* kBadArgument = "E0304";   // a built-in or quantifier given the wrong kind
inline constexpr const char* kBadType = "E0305";       // a malformed type in a `fact` declaration
inline constexpr const char* kBadLiteral = "E0306";    // `v"6..0"`

// E04xx other compile-time checks
inline constexpr const char* kRecursion = "E0401";      // a def or let that reaches itself
inline constexpr const char* kBadRegex = "E0402";       // a literal pattern RE2 refuses
inline constexpr const char* kDuplicateId = "E0403";    // two rules (or policies) with one id
inline constexpr const char* kArity = "E0404";          // wrong number of arguments
inline constexpr const char* kBadWord = "E0405";        // `severity hihg`, `enforcement strict`
inline constexpr const char* kNotCallable = "E0406";    // calling something that is not a function
inline constexpr const char* kTooComplex = "E0407";     // an expression past a size or stack limit
inline constexpr const char* kNoRequire = "E0408";      // a rule without `require`
inline constexpr const char* kNoPaths = "E0409";        // nothing to compile
// E0410 (no rule loaded) is reported by the CLI (cli/report_support.cpp).
inline constexpr const char* kLetTooLarge = "E0411";    // a `let` folding past kMaxFoldedLetBytes
inline constexpr const char* kBadConstantArgument = "E0412";  // `version("3.0.15-1~deb12u1")`: fails on every host
// Keyed resources (keyed_reads.cpp): read only at literal keys.
inline constexpr const char* kKeyedComputedKey = "E0413";  // `files[p]`, p computed when the policy runs
inline constexpr const char* kKeyedQuantifier = "E0414";   // `all f in files : ...`
inline constexpr const char* kKeyedWhole = "E0415";        // `len(files)`, `files == {}`
inline constexpr const char* kKeyedBadKey = "E0416";       // `files["etc/passwd"]`: not an absolute path

}  // namespace edict::compiler::codes
