// sshd_config(5) read as OpenSSH's sshd reads it, for the `sshd` collector
// (linux_sshd.cpp): keywords case-insensitive and lower-cased, the first value of a
// keyword wins, `Include` (globs, relative to /etc/ssh, at most kMaxSshdIncludeDepth
// deep) read in place, and `Match` blocks kept apart, not merged into the global view.
// Values are normalized to what `sshd -T` prints (yes/no lower-case, times in
// seconds, `prohibit-password` as `without-password`, LogLevel upper-case).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/root_fs.h"

namespace edict::collectors {

// servconf.c's SERVCONF_MAX_DEPTH (OpenSSH 9.2): sshd refuses to start past it, so a
// deeper chain is a configuration sshd would not run with.
inline constexpr int kMaxSshdIncludeDepth = 16;
// Files one configuration may include in all: a glob over a directory of thousands of
// files is not a server configuration, and every file is read.
inline constexpr size_t kMaxSshdIncludedFiles = 256;
// The largest sshd_config (or included file) read.
inline constexpr size_t kMaxSshdConfigBytes = 1 << 20;

struct SshdMatchBlock {
  std::string criteria;                        // as written after `Match`
  std::map<std::string, std::string> config;   // keys lower-cased, first value wins
};

struct SshdConfig {
  std::map<std::string, std::string> global;  // before any Match: keys lower-cased
  std::vector<SshdMatchBlock> matches;
  // Why the configuration cannot be known (a file unreadable, an Include too deep, a
  // keyword without a value): sshd would refuse to start, so nothing is reported.
  std::vector<std::string> errors;
};

// Reads `path` (below fs's root, e.g. "/etc/ssh/sshd_config") and what it includes.
SshdConfig read_sshd_config(const RootFs& fs, const std::string& path);
// One keyword's arguments as `sshd -T` prints the value ("LoginGraceTime 2m" -> "120").
std::string normalize_sshd_value(const std::string& key, const std::vector<std::string>& args);
// Keywords sshd accumulates (Port, HostKey, AcceptEnv, ...): every occurrence counts,
// joined by ", " in order, instead of the first one winning.
bool sshd_key_accumulates(std::string_view key);
// OpenSSH 9.2p1's defaults (servconf.c fill_default_server_options, myproposal.h) as
// `sshd -T` prints them, for the keys whose default does not depend on how sshd was
// built or on the distribution's patches (docs/facts.md, "sshd").
const std::map<std::string, std::string>& sshd_92_defaults();

}  // namespace edict::collectors
