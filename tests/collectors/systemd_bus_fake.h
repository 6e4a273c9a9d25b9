// A private D-Bus system bus (Debian's dbus-daemon on a unix socket in a temporary
// directory) and a fake systemd on it: a thread that owns org.freedesktop.systemd1 and
// answers org.freedesktop.systemd1.Manager.ListUnits with a fixed table, or never
// answers (hang). What the `services` collector's sd-bus client
// (collectors/linux_systemd_bus.cpp) is tested against, on machines without systemd.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <systemd/sd-bus.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace edict::testing {

// dbus-daemon, or "" (with a line on stdout) when it is not installed. On CI (CI set)
// a missing dbus-daemon is a failure, not a skip: scripts/bootstrap test installs it.
inline std::string dbus_daemon_or_skip() {
  if (std::system("command -v dbus-daemon >/dev/null 2>&1") == 0) return "dbus-daemon";
  if (std::getenv("CI")) {
    std::fprintf(stderr, "dbus-daemon is missing on CI: scripts/bootstrap test installs it (package dbus-daemon)\n");
    std::abort();
  }
  std::printf("dbus-daemon absent (package dbus-daemon): the systemd bus tests did not run\n");
  return "";
}

// A dbus-daemon of its own, killed with the object.
class PrivateBus {
 public:
  explicit PrivateBus(const std::string& name) {
    dir_ = std::filesystem::temp_directory_path() / ("edict-bus-" + std::to_string(::getpid()) + "-" + name);
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    socket_ = (dir_ / "bus").string();
    std::ofstream(dir_ / "bus.conf")
        << "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
           " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
           "<busconfig><listen>unix:path="
        << socket_
        << "</listen><auth>EXTERNAL</auth>"
           "<policy context=\"default\"><allow user=\"*\"/><allow own=\"*\"/>"
           "<allow send_destination=\"*\"/><allow receive_sender=\"*\"/></policy></busconfig>\n";
    pid_ = ::fork();
    if (pid_ == 0) {
      std::string config = "--config-file=" + (dir_ / "bus.conf").string();
      ::execlp("dbus-daemon", "dbus-daemon", config.c_str(), "--nofork", "--nopidfile", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 500 && !std::filesystem::exists(socket_); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  ~PrivateBus() {
    stop();
    std::filesystem::remove_all(dir_);
  }
  // The bus goes away (its socket file stays: connecting is refused).
  void stop() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }
  bool up() const { return pid_ > 0 && std::filesystem::exists(socket_); }
  std::string address() const { return "unix:path=" + socket_; }

 private:
  std::filesystem::path dir_;
  std::string socket_;
  pid_t pid_ = -1;
};

struct FakeUnit {
  std::string name, load_state, active_state, sub_state;
};

// org.freedesktop.systemd1 on `address`, serving `units` until destroyed.
class FakeSystemd {
 public:
  FakeSystemd(const std::string& address, std::vector<FakeUnit> units, bool hang = false)
      : units_(std::move(units)), hang_(hang) {
    static const sd_bus_vtable kVtable[] = {
        SD_BUS_VTABLE_START(0),
        SD_BUS_METHOD("ListUnits", "", "a(ssssssouso)", list_units, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_VTABLE_END,
    };
    sd_bus_new(&bus_);
    sd_bus_set_address(bus_, address.c_str());
    sd_bus_set_bus_client(bus_, 1);
    ready_ = sd_bus_start(bus_) >= 0 &&
             sd_bus_add_object_vtable(bus_, nullptr, "/org/freedesktop/systemd1", "org.freedesktop.systemd1.Manager",
                                      kVtable, this) >= 0 &&
             sd_bus_request_name(bus_, "org.freedesktop.systemd1", 0) >= 0;
    thread_ = std::thread([this] {
      while (!stop_) {
        if (sd_bus_process(bus_, nullptr) > 0) continue;
        sd_bus_wait(bus_, 20'000);
      }
    });
  }
  ~FakeSystemd() {
    stop_ = true;
    thread_.join();
    for (auto* m : held_) sd_bus_message_unref(m);
    sd_bus_flush_close_unref(bus_);
  }
  bool ready() const { return ready_; }
  int calls() const { return calls_; }

 private:
  static int list_units(sd_bus_message* call, void* userdata, sd_bus_error*) {
    auto* self = static_cast<FakeSystemd*>(userdata);
    ++self->calls_;
    if (self->hang_) {
      self->held_.push_back(sd_bus_message_ref(call));  // never answered
      return 1;
    }
    sd_bus_message* reply = nullptr;
    sd_bus_message_new_method_return(call, &reply);
    sd_bus_message_open_container(reply, SD_BUS_TYPE_ARRAY, "(ssssssouso)");
    for (const FakeUnit& u : self->units_) {
      sd_bus_message_append(reply, "(ssssssouso)", u.name.c_str(), "fake unit", u.load_state.c_str(),
                            u.active_state.c_str(), u.sub_state.c_str(), "", "/org/freedesktop/systemd1/unit/x",
                            0u, "", "/");
    }
    sd_bus_message_close_container(reply);
    int r = sd_bus_send(nullptr, reply, nullptr);
    sd_bus_message_unref(reply);
    return r < 0 ? r : 1;
  }

  sd_bus* bus_ = nullptr;
  std::vector<FakeUnit> units_;
  bool hang_ = false;
  bool ready_ = false;
  std::atomic<bool> stop_{false};
  std::atomic<int> calls_{0};
  std::vector<sd_bus_message*> held_;
  std::thread thread_;
};

}  // namespace edict::testing
