// The `packages` fact of an RPM root: finding the rpmdb, and one entry per name from
// its headers (the highest EVR by rpm's ordering, every installed EVR in `versions`).
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

#include "collectors/rpmdb.h"
#include "runtime/rpm_version.h"

namespace edict::collectors {

namespace {

// rpm's dbpaths, newest layout first (rpm 4.17+ %_dbpath on Fedora 36+ and openSUSE;
// /var/lib/rpm on RHEL 9 and every older release).
constexpr const char* kRpmdbDirs[] = {"usr/lib/sysimage/rpm", "var/lib/rpm"};

// The file each librpm backend keeps its packages in, and the backend's name.
struct BackendFile {
  const char* file;
  const char* backend;
};
constexpr BackendFile kBackendFiles[] = {
    {"rpmdb.sqlite", "sqlite"},  // rpm 4.16+: RHEL 9, Fedora 33+, openSUSE since 2022
    {"Packages", "bdb_ro"},      // Berkeley DB: RHEL 8 and older, SLES 12 (read-only in rpm 4.18)
    {"Packages.db", "ndb"},      // rpm's own ndb: SUSE (SLES 15 SP3+, Tumbleweed before sqlite)
};

int ordered(const std::string& a, const std::string& b) {
  int order = 0;
  if (!rpm_version_compare(a, b, &order)) order = a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
  return order;
}

}  // namespace

int find_rpmdb(const RootFs& fs, RpmdbLocation* found, std::string* error) {
  std::vector<RpmdbLocation> seen;
  std::vector<std::pair<dev_t, ino_t>> identities;
  for (const char* dir : kRpmdbDirs) {
    for (const BackendFile& b : kBackendFiles) {
      std::string path = std::string(dir) + "/" + b.file;
      struct stat st;
      int err = fs.lstat(path, &st);
      if (err == ENOENT || err == ENOTDIR) continue;
      if (err != 0) {
        *error = path + ": " + std::strerror(err);
        return -1;
      }
      // The directory's identity: /var/lib/rpm is a symlink to /usr/lib/sysimage/rpm on
      // Fedora and openSUSE, the same database seen twice.
      int fd = fs.open_directory_path(dir);
      struct stat dir_st;
      bool known = fd >= 0 && ::fstat(fd, &dir_st) == 0;
      if (fd >= 0) ::close(fd);
      if (!known) {
        *error = std::string(dir) + ": cannot open the rpmdb directory";
        return -1;
      }
      std::pair<dev_t, ino_t> id{dir_st.st_dev, dir_st.st_ino};
      if (std::find(identities.begin(), identities.end(), id) == identities.end()) {
        identities.push_back(id);
        seen.push_back(RpmdbLocation{dir, b.backend, b.file});
      }
      break;  // the first backend file of a directory is the one rpm would pick
    }
  }
  if (seen.empty()) return 0;
  if (seen.size() > 1) {
    // Which one rpm uses depends on the root's own %_dbpath: refuse to guess.
    *error = "two rpm databases: `" + seen[0].dir + "/" + seen[0].file + "` and `" + seen[1].dir + "/" +
             seen[1].file + "`; cannot tell which one rpm uses";
    return -1;
  }
  *found = seen[0];
  return 1;
}

void collect_rpm_packages(const RootFs& fs, const RpmdbLocation& where, RpmdbReader reader, FactsBuilder& out,
                          CollectorReport& report) {
  std::string db = where.dir + "/" + where.file;
  if (reader == nullptr) {
    report.ok = false;
    report.message = "`" + db + "`: this edict was built without librpm (EDICT_WITH_RPM off: the static and "
                     "Windows builds), so it cannot read an rpmdb; use the Debian package's edict";
    return;
  }
  std::vector<RpmPackage> headers;
  std::string error;
  if (!reader(fs, where, &headers, &error)) {
    report.ok = false;
    report.message = "`" + db + "`: " + error;
    return;
  }
  // Several headers per name (kernel, gpg-pubkey, multilib pairs): the entry is the
  // highest EVR, `versions` every installed EVR once, lowest first.
  std::map<std::string, std::vector<const RpmPackage*>> by_name;
  for (const RpmPackage& p : headers) by_name[p.name].push_back(&p);
  Arena& arena = out.arena();
  auto* entries = arena.allocate_array<MapEntry>(by_name.size());
  uint32_t n = 0;
  for (auto& [name, copies] : by_name) {
    std::stable_sort(copies.begin(), copies.end(), [](const RpmPackage* a, const RpmPackage* b) {
      int order = ordered(a->evr, b->evr);
      return order != 0 ? order < 0 : a->arch > b->arch;  // equal EVRs: the first arch by name ends last
    });
    std::vector<std::string_view> evrs;
    for (const RpmPackage* p : copies) {
      if (evrs.empty() || evrs.back() != p->evr) evrs.push_back(p->evr);
    }
    Value* items = arena.allocate_array<Value>(evrs.size());
    for (size_t i = 0; i < evrs.size(); ++i) items[i] = make_string(arena, evrs[i]);
    const RpmPackage& top = *copies.back();
    entries[n++] = MapEntry{arena.copy(name), make_record(arena, {{"version", make_string(arena, top.evr)},
                                                                  {"arch", make_string(arena, top.arch)},
                                                                  {"manager", make_string(arena, "rpm")},
                                                                  {"versions", Value::of_list(items, static_cast<uint32_t>(evrs.size()))}})};
  }
  out.set("packages", make_map(entries, n));
}

}  // namespace edict::collectors
