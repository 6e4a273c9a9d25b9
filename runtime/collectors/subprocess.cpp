// One external program, bounded in time and output (see subprocess.h).
#include "runtime/collectors/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

extern char** environ;

namespace edict {

namespace {

using Clock = std::chrono::steady_clock;

int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left < 0 ? 0 : static_cast<int>(left);
}

}  // namespace

RunResult run_program(const std::string& path, const RunLimits& limits) {
  RunResult result;
  auto start = Clock::now();
  auto deadline = start + std::chrono::milliseconds(limits.timeout_ms);
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
    ::execve(path.c_str(), const_cast<char* const*>(argv), environ);
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

  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_fds = 2;
  bool killed = false;
  char buf[65536];
  while (open_fds > 0) {
    int left = remaining_ms(deadline);
    if (left == 0) {
      result.timed_out = true;
      break;
    }
    int n = ::poll(fds, 2, left);
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
  if (result.timed_out || result.overflowed) {
    ::kill(-pid, SIGKILL);
    killed = true;
  }
  for (auto& fd : fds) {
    if (fd.fd >= 0) ::close(fd.fd);
  }
  // Both pipes are closed; the program itself may still be running (it closed its
  // output and went on): wait for it until the deadline, then kill it.
  int status = 0;
  while (true) {
    pid_t w = ::waitpid(pid, &status, killed ? 0 : WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) break;
    if (!killed && remaining_ms(deadline) == 0) {
      result.timed_out = true;
      ::kill(-pid, SIGKILL);
      killed = true;
      continue;
    }
    if (!killed) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  // Leftover background children of the collector go with it.
  ::kill(-pid, SIGKILL);
  if (!killed) {
    if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

}  // namespace edict
