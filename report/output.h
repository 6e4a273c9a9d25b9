// The one writer of every file Edict produces (`check --output`, `test -o`, `doc -o`,
// `compile -o`, `fmt` in place). A CI job that reads a half-written JUnit file, or an
// operator whose `/dev/null` became a report, is a broken pipeline, so:
//
// - A regular file (or a missing one) is written to a temporary beside it
//   (`.NAME.tmp-XXXXXX`), flushed, then renamed over it: readers see the old file or
//   the new one, never a part. An existing file keeps its permission bits and, where
//   the process may, its owner; a new one gets 0666 less the umask, as `>` would.
// - A symlink is followed to its target, and the target is replaced as above (the
//   temporary beside the target): the link stays a link.
// - A character device, a FIFO or a socket is written straight, as a shell
//   redirection would (a FIFO waits for its reader): it is never replaced by a file.
//   A block device is refused: a report written over a disk destroys it.
// - A path naming this process's standard output (`-`, `/dev/stdout`, or the file
//   stdout is redirected to) is standard output; the same for standard error.
// - One batch is all or nothing: every temporary is written first; if any write
//   fails, nothing is renamed, no stream is written and every temporary is removed.
//   Streams (devices, FIFOs, stdout) go after the temporaries, stdout last, then the
//   renames, so a failure leaves no report and no summary on stdout.
// - SIGINT, SIGTERM and SIGHUP while a batch is written remove its temporaries, then
//   end the process as the signal would have (exit status 130 / 143 / 129 in a shell).
// - A write error (ENOSPC, EIO, EPIPE, ...) is E0801 (or the caller's code) with the
//   OS's reason.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "runtime/diagnostic.h"

namespace edict::report {

// Destinations other than stdout one batch may hold. Each live temporary has a fixed
// slot the signal handler can read without allocating (async-signal-safe); 16 is well
// above the six report formats a run can ask for.
inline constexpr size_t kMaxOutputFiles = 16;

// A document to write; `path` "-" is standard output.
struct OutputFile {
  std::string path;
  std::string contents;
  // A secret (a private key): created 0600 whatever the umask, an existing file's mode
  // replaced by 0600, and only ever a regular file (never stdout, a FIFO or a device).
  bool private_file = false;
};

// True when `path` is "-" or names the file, pipe or terminal that is this process's
// standard output (so writing it must not be followed by anything else on stdout).
bool is_standard_output(const std::string& path);

// Reports E0810 for each path that names the same destination as an earlier one
// (`r.json` and `./r.json`, a symlink and its target, `-` and `/dev/stdout`), and
// E0811 past kMaxOutputFiles. `what` names the flag in the message (`--output`).
// False when it reported anything. write_outputs checks the same; commands call this
// first so a bad command line is refused before any work.
bool check_output_paths(const std::vector<std::string>& paths, const std::string& what, DiagnosticSink& sink);

// Writes every file of the batch, or none (see the top of this file). `code` is the
// diagnostic for a write failure: E0801 for reports, E0714 for bundles.
bool write_outputs(const std::vector<OutputFile>& files, DiagnosticSink& sink, const char* code = "E0801");

// One file: write_outputs({{path, contents}}, sink).
bool write_file_atomic(const std::string& path, const std::string& contents, DiagnosticSink& sink);

// Writes all of `contents` to `fd`, retrying short writes and EINTR; false with *error
// (errno) on failure. For streams a caller writes itself (a fleet's lines to stdout).
bool write_all(int fd, const std::string& contents, int* error);

}  // namespace edict::report
