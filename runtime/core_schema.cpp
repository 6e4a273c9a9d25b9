// docs/facts.md as code: the core fact paths, their types and providers. Names are
// public contracts; rename or retype none without a schema version bump.
#include <cstdlib>
#include <cstdio>

#include "runtime/schema.h"

namespace edict {

namespace {

struct CoreFact {
  const char* path;
  const char* type;
  const char* provider;
  const char* description;
  bool keyed = false;  // FactDecl::keyed: read only by literal keys
};

constexpr const char* kRouteType =
    "list<{destination: string, gateway: string, interface: string, metric: int, family: string, table: string, "
    "type: string}>";
constexpr const char* kRuleType =
    "list<{family: string, priority: int, action: string, table: string, matches_all: bool}>";
// One file system entry, as lstat(2) sees the path (a symlink is described itself,
// not its target) plus what a program asks of the file it resolves to inside the root.
constexpr const char* kFileType =
    "map<string, {exists: bool, type: string, mode: int, mode_octal: string, uid: int, gid: int, owner: string, "
    "group: string, size: int, mtime: int, target: string, sha256: string, lines: list<string>, version: version, "
    "product_version: version}>";

constexpr const char* kInterfaceType = "list<{name: string, up: bool, addresses: list<string>}>";

const CoreFact kCoreFacts[] = {
    {"host.name", "string", "host", "the host name"},
    {"host.id", "string", "host", "a stable machine id (/etc/machine-id, MachineGuid)"},
    {"os.family", "string", "os", "\"linux\" or \"windows\""},
    {"os.name", "string", "os", "the product or distribution name"},
    {"os.distro", "string", "os", "os-release ID, or \"windows\""},
    {"os.version", "version", "os", "os-release VERSION_ID, or major.minor.build on Windows"},
    {"os.build", "int", "os", "the Windows build number"},
    {"os.service_pack", "int", "os", "the Windows service pack level"},
    {"os.product_type", "string", "os", "\"server\" or \"workstation\""},
    {"os.arch", "string", "os", "x86_64, x86, ia64, aarch64"},
    {"os.kernel.release", "string", "os", "the kernel release string"},
    {"os.kernel.version", "version", "os", "the leading numeric part of the kernel release"},
    {"network.routes", kRouteType, "network", "routes on interfaces that are up, from every routing table"},
    {"network.rules", kRuleType, "network", "the policy routing rules (ip rule), IPv4 and IPv6"},
    {"network.interfaces", kInterfaceType, "network", "network interfaces and their addresses"},
    {"network.proxy", "string", "network", "the configured proxy, \"\" when none"},
    {"packages", "map<string, {version: string, arch: string, manager: string, versions: list<string>}>", "packages",
     "installed packages (dpkg or rpm)"},
    {"sysctl", "map<string, string>", "sysctl", "kernel parameters under /proc/sys"},
    {"windows.hotfixes", "list<string>", "windows.updates", "installed KBs"},
    {"windows.build.registry", "int", "os", "the registry's CurrentBuildNumber"},
    {"windows.build.kernel", "int", "os", "the build RtlGetVersion reports"},
    {"windows.build.ntoskrnl", "int", "os", "the build part of ntoskrnl.exe's file version"},
    {"windows.build.ntoskrnl_version", "string", "os", "ntoskrnl.exe's file version (\"6.0.6003.20489\")"},
    {"windows.esu.licensed", "bool", "windows.license", "an ESU license is activated"},
    {"windows.esu.year", "int", "windows.license", "the highest ESU year licensed"},
    {"windows.esu.products", "list<{id: string, name: string, license_status: int}>", "windows.license",
     "SoftwareLicensingProduct rows with an ESU activation id"},
    {"windows.firewall.domain.enabled", "bool", "windows.registry", "the domain firewall profile is on"},
    {"windows.firewall.private.enabled", "bool", "windows.registry", "the private firewall profile is on"},
    {"windows.firewall.public.enabled", "bool", "windows.registry", "the public firewall profile is on"},
    {"windows.rdp.enabled", "bool", "windows.registry", "RDP accepts connections"},
    {"windows.rdp.nla_required", "bool", "windows.registry", "RDP requires network level authentication"},
    {"windows.smb.v1_enabled", "bool", "windows.registry", "the SMBv1 server is enabled"},
    {"windows.removable.usb_storage_disabled", "bool", "windows.registry",
     "the USB mass storage driver is disabled (USBSTOR Start = 4)"},
    {"windows.removable.deny_all", "bool", "windows.registry",
     "the Removable Storage Access \"deny all\" policy is on (Deny_All = 1)"},
    {"windows.autorun.off_all_drives", "bool", "windows.registry",
     "AutoRun is off for every drive type (NoDriveTypeAutoRun = 0xFF)"},
    {"windows.software",
     "list<{name: string, version: string, publisher: string, install_date: string, arch: string, "
     "system_component: bool, update: bool, key: string}>",
     "windows.software", "programs registered under the Uninstall keys of both registry views"},
    {"windows.services", "map<string, {name: string, display_name: string, start: string, state: string, delayed: bool}>",
     "windows.services", "Win32 services as the service control manager lists them, by lower-case name"},
    {"windows.administrators", "list<string>", "windows.accounts",
     "members of the local Administrators group (S-1-5-32-544), \"DOMAIN\\name\", sorted"},
    {"users",
     "map<string, {uid: int, gid: int, group: string, home: string, shell: string, gecos: string, password: string, "
     "password_changed: int, password_min_days: int, password_max_days: int, password_warn_days: int, "
     "password_inactive_days: int, expires: int}>",
     "users", "local accounts (/etc/passwd), password state and aging (/etc/shadow, when readable)"},
    {"groups", "map<string, {gid: int, members: list<string>}>", "users", "local groups (/etc/group)"},
    {"modules.loaded", "list<string>", "modules", "kernel modules loaded now (/proc/modules)"},
    {"modules.blocked", "list<string>", "modules",
     "modules modprobe.d keeps from loading (blacklist, or install ... /bin/false or /bin/true)"},
    {"ports", "list<{protocol: string, family: string, address: string, port: int, processes: list<string>}>", "ports",
     "listening TCP and unconnected UDP sockets of the running host, with the commands holding them (/proc)"},
    {"mounts", "map<string, {type: string, source: string, options: list<string>, origin: string}>", "mounts",
     "mounts by mount point (/proc/self/mountinfo; /etc/fstab under --root), origin says which"},
    {"services", "map<string, {state: string, enabled: bool, loaded: bool, active: string}>", "services",
     "systemd units by unit name: systemctl is-enabled's state from the unit files and links"},
    {"files", kFileType, "files",
     "file system entries by absolute path (`/etc/passwd`, `C:\\Windows\\System32\\ntoskrnl.exe`): only the paths a "
     "program names (a keyed resource)",
     true},
    {"sshd.config", "map<string, string>", "sshd",
     "the SSH server's global configuration as `sshd -T` prints it: keys lower-cased, Includes read, OpenSSH 9.2's "
     "defaults for keys not set"},
    {"sshd.match", "list<{criteria: string, config: map<string, string>}>", "sshd",
     "sshd_config's Match blocks in order, each with its own keys (not merged into sshd.config)"},
};

FactSchema build_core() {
  FactSchema schema;
  for (const CoreFact& f : kCoreFacts) {
    std::string error;
    auto type = parse_type(f.type, &error);
    std::string conflict;
    // INVARIANT: the table above is well-formed; a mistake in it is a programming error.
    if (!type || !schema.add(FactDecl{f.path, *type, f.provider, f.description, f.keyed}, &conflict)) {
      std::fprintf(stderr, "edict: internal error in the core fact schema at %s: %s%s\n", f.path, error.c_str(),
                   conflict.c_str());
      std::abort();
    }
  }
  return schema;
}

}  // namespace

const FactSchema& FactSchema::core() {
  static const FactSchema schema = build_core();
  return schema;
}

}  // namespace edict
