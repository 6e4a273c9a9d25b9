// The RPM side of the `packages` fact: where a root's rpmdb lives, reading it (with
// librpm, collectors/linux_rpmdb.cpp, only in a build that has it: EDICT_WITH_RPM),
// and folding several installed versions of one name into one entry
// (collectors/linux_rpm_packages.cpp). docs/facts.md and docs/collectors.md say why.
#pragma once

#include <string>
#include <vector>

#include "collectors/collector.h"
#include "collectors/root_fs.h"

namespace edict::collectors {

// One rpmdb file set below a root: the directory (relative to the root), the librpm
// backend that reads it, and the file that told us which.
struct RpmdbLocation {
  std::string dir;      // "usr/lib/sysimage/rpm" or "var/lib/rpm"
  std::string backend;  // librpm's %_db_backend: "sqlite", "bdb_ro" or "ndb"
  std::string file;     // "rpmdb.sqlite", "Packages" or "Packages.db"
};

// One installed package header, as `rpm -qa --qf '%{NAME} %{EVR} %{ARCH}'` shows it.
struct RpmPackage {
  std::string name;
  std::string evr;   // [epoch:]version-release; the epoch only when the header has one
  std::string arch;  // "" when the header has none (gpg-pubkey)
};

// Finds the rpmdb below the root: rpm's two dbpaths, in the order the distributions
// configure them (/usr/lib/sysimage/rpm on Fedora 36+ and openSUSE, /var/lib/rpm on
// RHEL 9 and older; the other is then usually a symlink to it). A directory with no
// database file (Debian's `rpm` package ships an empty /var/lib/rpm) does not count.
// Returns 0 when none is found, 1 with *found set, -1 with *error when the root is
// ambiguous (two different directories both hold one) or a candidate cannot be read.
int find_rpmdb(const RootFs& fs, RpmdbLocation* found, std::string* error);

// Reads every header of the rpmdb. False with *error (librpm's own message) when
// the database cannot be opened or a header is damaged: never a shorter list.
using RpmdbReader = bool (*)(const RootFs& fs, const RpmdbLocation& where, std::vector<RpmPackage>* out,
                             std::string* error);
// The librpm reader, or nullptr in a build without librpm (the static binary, MinGW).
RpmdbReader librpm_reader();

// Sets `packages` from the rpmdb at `where` through `reader`; unknown (report.ok
// false, the reason in report.message) when there is no reader or the read fails.
void collect_rpm_packages(const RootFs& fs, const RpmdbLocation& where, RpmdbReader reader, FactsBuilder& out,
                          CollectorReport& report);

}  // namespace edict::collectors
