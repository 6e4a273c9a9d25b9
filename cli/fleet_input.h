// Where a fleet's hosts come from (`edict check --facts ...`): what the --facts values
// name, and a stream that hands out one host document at a time so a fleet of any size
// is read with bounded memory.
//
//   --facts hosts.ndjson | hosts.jsonl   one JSON facts document per line (blank lines skipped)
//   --facts DIR                          every *.json and *.toml in DIR (not below), by name
//   --facts a.json --facts b.toml        each a host
//   --facts -                            stdin: NDJSON when its first non-blank line is a whole
//                                        JSON document and another non-blank line follows;
//                                        otherwise one facts document (JSON or TOML), as before
//
// A single file (or a single-document stdin) is not a fleet: `check` runs as it always did.
#pragma once

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/diagnostic.h"

namespace edict::cli {

// One host's input as the stream hands it out.
struct HostInput {
  std::string source;  // how reports name it: "hosts.ndjson:3", "facts/web-01.json", "<stdin>:2"
  bool is_line = false;  // an NDJSON line (JSON); else a whole file (JSON or TOML by extension)
  std::string path;      // the file to read (a whole-file host without `text`)
  std::string text;      // the line, or a whole document already read (stdin)
  bool has_text = false;
  std::string mtime;     // RFC 3339 of the file the line came from
  // Set when the line could not even be read whole: E0501 (over --max-facts-bytes).
  std::optional<Diagnostic> read_error;
};

struct FleetSourceSpec;
class LineReader;  // fleet_input.cpp

class HostStream {
 public:
  HostStream(std::vector<FleetSourceSpec> specs, size_t max_bytes);
  ~HostStream();
  HostStream(const HostStream&) = delete;
  HostStream& operator=(const HostStream&) = delete;
  // The next host in input order; false at the end.
  bool next(HostInput* out);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// What one --facts value names.
struct FleetSourceSpec {
  enum Kind { kFile, kNdjson } kind = kFile;
  std::string path;  // "-" for stdin
  std::string shown;  // "<stdin>" for "-"
  // Stdin only: what sniffing already read (lines for kNdjson, the document for kFile).
  std::vector<std::pair<size_t, std::string>> read_lines;  // (line number, text)
  std::string read_text;
  bool stdin_read = false;
  size_t stdin_next_line = 1;
  std::shared_ptr<LineReader> stdin_reader;  // what is left of stdin after sniffing
};

struct FleetPlan {
  bool is_fleet = false;
  std::vector<FleetSourceSpec> sources;
  // Not a fleet, and the document came from stdin: its text (the single-host path
  // cannot read stdin again).
  std::optional<std::string> single_stdin_text;
};

// Decides from the --facts values whether this is a fleet. Reports E0500 (a path that
// does not exist, an unreadable directory) and E0501 (stdin over max_bytes) into `sink`;
// nullopt then.
// `noun` names the inputs in messages ("facts file"; `edict report`: "report").
std::optional<FleetPlan> plan_fleet(const std::vector<std::string>& facts, size_t max_bytes, DiagnosticSink& sink,
                                    const std::string& noun = "facts file");

}  // namespace edict::cli
