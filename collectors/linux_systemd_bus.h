// The running systemd's view of its units, asked over D-Bus (sd-bus, libsystemd): the
// `active` field of `services` (linux_services.cpp). Only on the live host: under --root
// the tree has no running manager. Builds without libsystemd (the static binary: Debian
// ships no libsystemd.a; Windows) have no sd-bus: manager_available() says why.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "collectors/linux.h"

namespace edict::collectors {

// One unit as org.freedesktop.systemd1.Manager.ListUnits reports it (org.freedesktop.systemd1(5)).
struct ManagerUnit {
  std::string load_state;    // "loaded", "not-found", "masked", "error", ...
  std::string active_state;  // "active", "inactive", "failed", "activating", "deactivating", "reloading", ...
  std::string sub_state;     // "running", "exited", "dead", ...
};

// The longest one question to the manager may take, connecting and authenticating
// included: systemd answers ListUnits in about a millisecond; a manager or bus that is
// stuck (a hung PID 1, a dbus-daemon that accepts and never answers) must not hold the
// run for sd-bus's own 25 s method timeout or its 90 s authentication timeout. Past it,
// `active` is unknown with the reason.
inline constexpr uint64_t kManagerTimeoutUsec = 2'000'000;

// False (with *why) when this build cannot ask a manager at all (no sd-bus).
bool manager_available(std::string* why);

// Every unit the running manager has loaded, by name (aliases are not listed: a unit is
// listed under its primary name), from one ListUnits call on the system bus
// (DBUS_SYSTEM_BUS_ADDRESS, else /run/dbus/system_bus_socket, as sd_bus_open_system(3)).
// False with *error when the bus cannot be reached, the manager refuses or does not
// answer within timeout_usec, or the reply is malformed.
bool list_manager_units(std::map<std::string, ManagerUnit>* out, std::string* error,
                        uint64_t timeout_usec = kManagerTimeoutUsec);

// `services[name].active` given the manager's units: the ActiveState of the unit (of the
// unit an alias names), "inactive" for a unit the manager has not loaded.
std::string active_state(const std::string& name, const UnitFacts& unit,
                         const std::map<std::string, ManagerUnit>& manager);

}  // namespace edict::collectors
