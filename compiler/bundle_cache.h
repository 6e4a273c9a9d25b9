// The bundle cache: `edict check PATHS` reuses the program a previous run compiled from
// the same inputs, as a verified bundle in $XDG_CACHE_HOME/edict (else ~/.cache/edict).
//
// The key is content-addressed: a 128-bit hash of every policy file (path and bytes, in
// compile order), the stdlib (the embedded modules' text, or every file under
// --stdlib DIR), the base fact schema, the compile options, the bundle format version,
// the opcode table's hash, the edict version, and the identity of the running
// executable (device, inode, size, mtime), so a rebuilt edict never reuses a program
// compiled by another build. A hit is loaded like any bundle — decoded and VERIFIED
// (runtime/bundle.h) — so a corrupt or foreign entry is ignored and rebuilt, never
// trusted. Only compiles without any diagnostic are stored (a hit would otherwise drop
// the warnings).
//
// The directory must be ours: a real directory (not a symlink), owned by the effective
// user and not writable by group or others; entries are opened without following
// symlinks and must be regular files of ours. Anything else (another user's directory,
// a planted symlink, a read-only or missing home) disables the cache for the run: the
// policies are compiled as without it. Entries are written to a temporary name and
// renamed, so a reader never sees half an entry. The directory is bounded: after a write,
// the least recently used entries (a hit touches its entry's mtime) past
// kMaxCacheEntries or kMaxCacheBytes are removed, and nothing that is not one of our
// entries (by name, type and owner) ever is (docs/config.md). Not on Windows (always
// compiles).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/compile.h"

namespace edict::compiler {

struct BundleCacheOptions {
  bool enabled = true;
  std::string dir;           // empty: the environment's (bundle_cache_dir())
  std::string tool_version;  // the edict version, part of the key
};

// $XDG_CACHE_HOME/edict when XDG_CACHE_HOME is an absolute path, else $HOME/.cache/edict;
// empty when neither is set.
std::string bundle_cache_dir();

// True when the environment turns the cache off: EDICT_NO_CACHE set and not "0" or empty.
bool bundle_cache_disabled_by_environment();

// compile_paths, through the cache: the verified program of a previous compile of the
// same inputs, or a fresh compile (stored when it had no diagnostics). Diagnostics are
// exactly compile_paths' (the cache never reports anything).
std::optional<Program> compile_paths_cached(const std::vector<std::string>& paths, const CompileOptions& options,
                                            const BundleCacheOptions& cache, SourceManager& sources,
                                            DiagnosticSink& sink);

// The cache key of these inputs (32 hex digits), or nullopt when one cannot be read
// (the compile then reports it). Exposed for tests.
std::optional<std::string> bundle_cache_key(const std::vector<std::string>& paths, const CompileOptions& options,
                                            const std::string& tool_version);

}  // namespace edict::compiler
