// One external program, bounded in time and output, and nothing left behind (see
// subprocess.h).
#include "collectors/subprocess.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

namespace edict {

namespace {

using Clock = std::chrono::steady_clock;

// Rounds of "kill the processes reparented to us and all below them". One round takes
// a whole tree; another is needed only for a child forked while its parent was being
// stopped, or for the zombies the round left. Bounds the loop should /proc lie.
constexpr int kMaxKillRounds = 64;
// Processes stopped and killed in one round: a fork bomb is taken a bounded slice at a
// time (the rest are still below a stopped or dead parent, found next round).
constexpr size_t kMaxKilledPerRound = 65536;
// Without a pidfd (kernels before 5.3), how often the program's exit is checked.
constexpr int kExitPollMs = 10;

int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left < 0 ? 0 : static_cast<int>(left);
}

// Orphans of the program's descendants come to edict, not to init, so they can be
// found and killed. Process-wide and permanent; harmless for a CLI.
void become_subreaper() {
  static const bool done = [] {
    ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    return true;
  }();
  (void)done;
}

// The children of `pid` from /proc/<pid>/task/*/children (CONFIG_PROC_CHILDREN);
// false when the kernel has no such files.
bool children_from_task_files(pid_t pid, std::vector<pid_t>* out) {
  std::string base = "/proc/" + std::to_string(pid) + "/task";
  DIR* tasks = ::opendir(base.c_str());
  if (!tasks) return false;
  bool found = false;
  while (struct dirent* e = ::readdir(tasks)) {
    if (e->d_name[0] == '.') continue;
    std::ifstream in(base + "/" + e->d_name + "/children");
    if (!in) continue;
    found = true;
    long child;
    while (in >> child) out->push_back(static_cast<pid_t>(child));
  }
  ::closedir(tasks);
  return found;
}

// Children of processes, from the task files where the kernel has them, else from one
// scan of /proc per lookup round. Empty without /proc.
class ChildLister {
 public:
  std::vector<pid_t> of(pid_t pid) {
    std::vector<pid_t> out;
    if (!no_task_files_ && children_from_task_files(pid, &out)) return out;
    if (pid == ::getpid()) no_task_files_ = true;  // our own task files are missing: the kernel lacks them
    if (!tree_) tree_ = process_tree();
    auto [begin, end] = tree_->equal_range(pid);
    for (auto it = begin; it != end; ++it) out.push_back(it->second);
    return out;
  }

 private:
  bool no_task_files_ = false;
  std::optional<std::multimap<pid_t, pid_t>> tree_;
};

std::set<pid_t> children_of_this_process() {
  std::vector<pid_t> children = ChildLister().of(::getpid());
  return std::set<pid_t>(children.begin(), children.end());
}

// Waits for `pid` (already sent SIGKILL) for at most a second: a process stuck in an
// uninterruptible sleep must not hang the run; it stays a zombie until it wakes.
void reap(pid_t pid) {
  for (int i = 0; i < 100; ++i) {
    pid_t w = ::waitpid(pid, nullptr, WNOHANG);
    if (w == pid || (w < 0 && errno != EINTR)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

// Kills the program's process group, then every process reparented to us since it
// started (not in `before`) with everything below it: each is stopped (SIGSTOP, so it
// forks no more) and its children looked up before any is killed, so a chain of
// setsid'd generations goes in one round, not one generation per round. A child forked
// in the instant before its parent stopped is reparented to us and taken next round.
void kill_descendants(pid_t group, const std::set<pid_t>& before) {
  ::kill(-group, SIGKILL);
  for (int round = 0; round < kMaxKillRounds; ++round) {
    ChildLister children;
    std::vector<pid_t> strays;
    for (pid_t child : children.of(::getpid())) {
      if (!before.count(child)) strays.push_back(child);
    }
    if (strays.empty()) return;
    std::vector<pid_t> doomed;
    std::set<pid_t> seen;
    std::deque<pid_t> frontier(strays.begin(), strays.end());
    while (!frontier.empty() && doomed.size() < kMaxKilledPerRound) {
      pid_t p = frontier.front();
      frontier.pop_front();
      if (!seen.insert(p).second) continue;
      ::kill(p, SIGSTOP);
      doomed.push_back(p);
      for (pid_t c : children.of(p)) frontier.push_back(c);
    }
    for (pid_t p : doomed) ::kill(p, SIGKILL);
    for (pid_t p : strays) reap(p);  // ours to reap; the others become ours as zombies
  }
}

}  // namespace

std::multimap<pid_t, pid_t> process_tree() {
  std::multimap<pid_t, pid_t> tree;
  if (DIR* proc = ::opendir("/proc")) {
    while (struct dirent* e = ::readdir(proc)) {
      if (e->d_name[0] < '1' || e->d_name[0] > '9') continue;
      std::ifstream in(std::string("/proc/") + e->d_name + "/stat");
      std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      size_t close = stat.rfind(')');  // the command name may hold spaces and parentheses
      if (close == std::string::npos) continue;
      std::istringstream fields(stat.substr(close + 1));
      std::string state;
      long ppid = 0;
      if (fields >> state >> ppid) tree.emplace(static_cast<pid_t>(ppid), static_cast<pid_t>(std::atol(e->d_name)));
    }
    ::closedir(proc);
  }
  return tree;
}

std::vector<std::string> collector_environment(const std::vector<std::string>& allowed) {
  std::vector<std::string> env;
  const char* path = std::getenv("PATH");
  env.push_back(std::string("PATH=") + (path && *path ? path : kDefaultPath));
  std::set<std::string> seen = {"PATH"};
  std::vector<std::string> names = {"LANG"};
  names.insert(names.end(), allowed.begin(), allowed.end());
  for (const std::string& name : names) {
    if (!seen.insert(name).second) continue;
    if (const char* value = std::getenv(name.c_str())) env.push_back(name + "=" + value);
  }
  return env;
}

RunResult run_program(const std::string& path, const RunLimits& limits) {
  RunResult result;
  auto start = Clock::now();
  auto deadline = start + std::chrono::milliseconds(limits.timeout_ms);
  become_subreaper();
  int out_pipe[2], err_pipe[2], exec_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    result.error = std::strerror(errno);
    return result;
  }
  if (::pipe2(err_pipe, O_CLOEXEC) != 0 || ::pipe2(exec_pipe, O_CLOEXEC) != 0) {
    result.error = std::strerror(errno);
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    return result;
  }
  // Everything the child needs is prepared before fork: after it, only
  // async-signal-safe calls.
  const char* argv[] = {path.c_str(), nullptr};
  std::vector<std::string> env = collector_environment(limits.env);
  std::vector<char*> envp;
  for (auto& entry : env) envp.push_back(entry.data());
  envp.push_back(nullptr);
  std::set<pid_t> children_before = children_of_this_process();
  pid_t pid = ::fork();
  if (pid < 0) {
    result.error = std::strerror(errno);
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1], exec_pipe[0], exec_pipe[1]}) ::close(fd);
    return result;
  }
  if (pid == 0) {
    ::setpgid(0, 0);
    int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
    ::dup2(out_pipe[1], STDOUT_FILENO);
    ::dup2(err_pipe[1], STDERR_FILENO);
    ::signal(SIGPIPE, SIG_DFL);
    ::execve(path.c_str(), const_cast<char* const*>(argv), envp.data());
    int e = errno;
    ssize_t ignored = ::write(exec_pipe[1], &e, sizeof e);
    (void)ignored;
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also in the parent, so the kill below never races the child
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  ::close(exec_pipe[1]);
  int exec_errno = 0;
  ssize_t got = ::read(exec_pipe[0], &exec_errno, sizeof exec_errno);  // EOF when exec succeeded
  ::close(exec_pipe[0]);
  if (got == static_cast<ssize_t>(sizeof exec_errno)) {
    ::waitpid(pid, nullptr, 0);
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    result.error = std::string("cannot run: ") + std::strerror(exec_errno);
    return result;
  }
  result.started = true;

  // The program's exit wakes poll through a pidfd where the kernel has one (5.3+);
  // without, poll wakes every kExitPollMs to ask waitpid.
#ifdef SYS_pidfd_open
  int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
#else
  int pidfd = -1;
#endif
  pollfd fds[3] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}, {pidfd, POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_fds = 2;
  bool exited = false;
  int status = 0;
  Clock::time_point drain_until{};
  char buf[65536];
  while (true) {
    if (!exited) {
      pid_t w = ::waitpid(pid, &status, WNOHANG);
      if (w == pid) {
        exited = true;
        // Its descendants go now: they would hold the pipes open (and are not to
        // outlive it anyway); what the program wrote is already in the pipes.
        kill_descendants(pid, children_before);
        drain_until = std::min(deadline, Clock::now() + std::chrono::milliseconds(kDrainAfterExitMs));
        if (fds[2].fd >= 0) fds[2].fd = -1;
      }
    }
    if (exited && open_fds == 0) break;
    int left = remaining_ms(exited ? drain_until : deadline);
    if (left == 0) {
      if (!exited) result.timed_out = true;
      break;  // exited: the drain is over, whatever someone else still holds open
    }
    int wait_ms = (exited || fds[2].fd >= 0) ? left : std::min(left, kExitPollMs);
    int n = ::poll(fds, 3, wait_ms);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t r = ::read(fds[i].fd, buf, sizeof buf);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
        continue;
      }
      if (sinks[i]->size() + static_cast<size_t>(r) > limits.max_output) {
        sinks[i]->append(buf, limits.max_output - sinks[i]->size());
        result.overflowed = true;
      } else {
        sinks[i]->append(buf, static_cast<size_t>(r));
      }
    }
    if (result.overflowed) break;
  }
  for (int i = 0; i < 2; ++i) {
    if (fds[i].fd >= 0) ::close(fds[i].fd);
  }
  if (pidfd >= 0) ::close(pidfd);
  if (!exited) {
    // Timed out or flooded: the program and everything it started go.
    ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL);
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    kill_descendants(pid, children_before);
  } else if (!result.overflowed) {
    if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

}  // namespace edict
