// list_manager_units (linux_systemd_bus.h): one ListUnits call to the running systemd
// over the system bus, with a deadline of our own around the whole exchange (connect,
// authentication, Hello, the call): sd_bus_call's wait for the connection to come up has
// no bound of its own (bus_ensure_running waits without a timeout until sd-bus's 90 s
// authentication timeout), so the call is sent asynchronously and the bus is driven by
// hand until the reply or the deadline.
#include "collectors/linux_systemd_bus.h"

#ifdef EDICT_HAVE_SDBUS

#include <systemd/sd-bus.h>
#include <time.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace edict::collectors {

namespace {

// sd_bus_open_system(3)'s default when DBUS_SYSTEM_BUS_ADDRESS is unset.
constexpr const char* kDefaultSystemBus = "unix:path=/run/dbus/system_bus_socket";

uint64_t now_usec() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000 + static_cast<uint64_t>(ts.tv_nsec) / 1000;
}

struct BusDeleter {
  // Not sd_bus_flush_close_unref: flushing a bus that never came up waits for it without end.
  void operator()(sd_bus* b) const { sd_bus_close_unref(b); }
};
struct MessageDeleter {
  void operator()(sd_bus_message* m) const { sd_bus_message_unref(m); }
};
struct SlotDeleter {
  void operator()(sd_bus_slot* s) const { sd_bus_slot_unref(s); }
};

struct Pending {
  bool done = false;
  sd_bus_message* reply = nullptr;  // referenced while held
  std::string error;
};

int on_reply(sd_bus_message* m, void* userdata, sd_bus_error* /*unused*/) {
  auto* p = static_cast<Pending*>(userdata);
  p->done = true;
  if (const sd_bus_error* e = sd_bus_message_get_error(m)) {
    p->error = std::string(e->name ? e->name : "error") + (e->message ? std::string(": ") + e->message : "");
  } else {
    p->reply = sd_bus_message_ref(m);
  }
  return 0;
}

std::string errno_text(int r) { return std::strerror(r < 0 ? -r : r); }

bool read_units(sd_bus_message* reply, std::map<std::string, ManagerUnit>* out, std::string* error) {
  int r = sd_bus_message_enter_container(reply, SD_BUS_TYPE_ARRAY, "(ssssssouso)");
  while (r >= 0) {
    const char *name, *description, *load, *active, *sub, *following, *unit_path, *job_type, *job_path;
    uint32_t job_id;
    r = sd_bus_message_read(reply, "(ssssssouso)", &name, &description, &load, &active, &sub, &following,
                            &unit_path, &job_id, &job_type, &job_path);
    if (r == 0) return true;
    if (r > 0) (*out)[name] = ManagerUnit{load, active, sub};
  }
  *error = "malformed ListUnits reply (" + errno_text(r) + ")";
  return false;
}

}  // namespace

bool manager_available(std::string* /*why*/) { return true; }

bool list_manager_units(std::map<std::string, ManagerUnit>* out, std::string* error, uint64_t timeout_usec) {
  const uint64_t deadline = now_usec() + timeout_usec;
  const char* env = std::getenv("DBUS_SYSTEM_BUS_ADDRESS");
  std::string address = env && *env ? env : kDefaultSystemBus;
  sd_bus* raw = nullptr;
  int r = sd_bus_new(&raw);
  if (r < 0) {
    *error = "cannot create a D-Bus connection: " + errno_text(r);
    return false;
  }
  std::unique_ptr<sd_bus, BusDeleter> bus(raw);
  // As sd_bus_open_system sets it up, with our timeout on every call (Hello included).
  if ((r = sd_bus_set_address(bus.get(), address.c_str())) < 0 || (r = sd_bus_set_bus_client(bus.get(), 1)) < 0 ||
      (r = sd_bus_set_trusted(bus.get(), 0)) < 0 ||
      (r = sd_bus_set_method_call_timeout(bus.get(), timeout_usec)) < 0 || (r = sd_bus_start(bus.get())) < 0) {
    *error = "cannot connect to the system bus (" + address + "): " + errno_text(r);
    return false;
  }
  sd_bus_message* call_raw = nullptr;
  r = sd_bus_message_new_method_call(bus.get(), &call_raw, "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
                                     "org.freedesktop.systemd1.Manager", "ListUnits");
  if (r < 0) {
    *error = "cannot build the ListUnits call: " + errno_text(r);
    return false;
  }
  std::unique_ptr<sd_bus_message, MessageDeleter> call(call_raw);
  Pending pending;
  sd_bus_slot* slot_raw = nullptr;
  r = sd_bus_call_async(bus.get(), &slot_raw, call.get(), on_reply, &pending, timeout_usec);
  if (r < 0) {
    *error = "cannot send ListUnits on the system bus (" + address + "): " + errno_text(r);
    return false;
  }
  std::unique_ptr<sd_bus_slot, SlotDeleter> slot(slot_raw);
  while (!pending.done) {
    r = sd_bus_process(bus.get(), nullptr);
    if (r < 0) {
      *error = "the system bus (" + address + ") failed: " + errno_text(r);
      return false;
    }
    if (r > 0) continue;
    uint64_t now = now_usec();
    if (now >= deadline) {
      *error = "systemd did not answer within " + std::to_string(timeout_usec / 1000) + " ms (kManagerTimeoutUsec)";
      return false;
    }
    r = sd_bus_wait(bus.get(), deadline - now);
    if (r < 0 && r != -EINTR) {
      *error = "the system bus (" + address + ") failed: " + errno_text(r);
      return false;
    }
  }
  if (!pending.reply) {
    *error = "systemd refused ListUnits: " + pending.error;
    return false;
  }
  std::unique_ptr<sd_bus_message, MessageDeleter> reply(pending.reply);
  return read_units(reply.get(), out, error);
}

}  // namespace edict::collectors

#else  // no sd-bus in this build

namespace edict::collectors {

bool manager_available(std::string* why) {
  *why = "this build of Edict has no sd-bus (libsystemd): the static binary cannot link it";
  return false;
}

bool list_manager_units(std::map<std::string, ManagerUnit>*, std::string* error, uint64_t) {
  manager_available(error);
  return false;
}

}  // namespace edict::collectors

#endif
