/* Run a developer tool (the Azure CLI) as a child process: posix_spawn, no
 * shell, both output pipes drained with poll() so neither can fill up and
 * block the child, and a deadline after which the child's whole process
 * group is killed (a tool that hangs must not hang the program). */
/* pipe2(O_CLOEXEC): a pipe another thread's child could inherit would keep
 * our read end from ever seeing end of file. */
#define _GNU_SOURCE
#include "identity/subprocess.h"

#include "core/alloc.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/str.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

char *aml__which(const char *name, bool *nomem) {
  *nomem = false;
  const char *path = getenv("PATH");
  if (aml__str_empty(path)) path = "/usr/local/bin:/usr/bin:/bin";
  for (const char *p = path;;) {
    size_t n = strcspn(p, ":");
    if (n > 0) { /* an empty entry would mean the current directory: never */
      aml_buf cand = AML_BUF_INIT;
      if (aml__buf_append(&cand, p, n) || aml__buf_putc(&cand, '/') || aml__buf_puts(&cand, name)) {
        aml__buf_free(&cand);
        *nomem = true;
        return NULL;
      }
      struct stat st;
      if (stat(aml__buf_cstr(&cand), &st) == 0 && S_ISREG(st.st_mode) && access(aml__buf_cstr(&cand), X_OK) == 0)
        return aml__buf_detach(&cand);
      aml__buf_free(&cand);
    }
    if (!p[n]) return NULL;
    p += n + 1;
  }
}

void aml__subprocess_result_free(aml_subprocess_result *res) {
  aml__buf_free_secret(&res->out);
  aml__buf_free_secret(&res->err);
}

static void close_fd(int *fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

/* Read what is there; -1 at end of file. Bytes past `max` are discarded. */
static int drain(int *fd, aml_buf *into, size_t max, bool *truncated) {
  char chunk[4096];
  for (;;) {
    ssize_t n = read(*fd, chunk, sizeof(chunk));
    if (n > 0) {
      size_t keep = into->len < max ? max - into->len : 0;
      if ((size_t)n > keep) *truncated = true;
      if (keep && aml__buf_append(into, chunk, (size_t)n < keep ? (size_t)n : keep) != AML_OK) return -2;
      continue;
    }
    if (n == 0) {
      close_fd(fd);
      return -1;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
    close_fd(fd);
    return -1;
  }
}

static void kill_group(pid_t pid) {
  kill(-pid, SIGKILL);
  kill(pid, SIGKILL); /* in case it left its group */
}

static void set_status(aml_subprocess_result *res, int status) {
  res->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

aml_result aml__subprocess_run(const char *path, char *const argv[], int64_t timeout_ms, size_t max_output,
                               aml_subprocess_result *res, aml_error **err) {
  *res = (aml_subprocess_result){.exit_code = -1, .out = AML_BUF_INIT, .err = AML_BUF_INIT};
  int out[2] = {-1, -1}, errp[2] = {-1, -1};
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(errp, O_CLOEXEC) != 0) {
    int e = errno;
    close_fd(&out[0]);
    close_fd(&out[1]);
    return aml__fail(err, AML_ERR_INTERNAL, "could not create a pipe: %s", strerror(e));
  }
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&fa);
  posix_spawnattr_init(&attr);
  posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&fa, errp[1], STDERR_FILENO);
  /* Its own process group (killed as one at the deadline), no blocked
   * signals and default SIGPIPE whatever this process does with them. */
  sigset_t none, pipe_only;
  sigemptyset(&none);
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &pipe_only);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t pid = -1;
  int spawn_rc = posix_spawn(&pid, path, &fa, &attr, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  close_fd(&out[1]);
  close_fd(&errp[1]);
  if (spawn_rc != 0) {
    close_fd(&out[0]);
    close_fd(&errp[0]);
    return aml__fail(err, AML_ERR_CONFIG, "could not start %s: %s", path, strerror(spawn_rc));
  }
  fcntl(out[0], F_SETFL, fcntl(out[0], F_GETFL) | O_NONBLOCK);
  fcntl(errp[0], F_SETFL, fcntl(errp[0], F_GETFL) | O_NONBLOCK);

  const int64_t deadline = aml__monotonic_ms() + timeout_ms;
  aml_result rc = AML_OK;
  bool reaped = false;
  int status = 0;
  while (!reaped) {
    int64_t left = deadline - aml__monotonic_ms();
    if (left <= 0) {
      res->timed_out = true;
      break;
    }
    if (out[0] < 0 && errp[0] < 0) {
      /* Both pipes closed: wait for the exit, still within the deadline. */
      pid_t w = waitpid(pid, &status, WNOHANG);
      if (w == pid) {
        reaped = true;
        set_status(res, status);
      } else if (w < 0 && errno != EINTR) {
        rc = aml__fail(err, AML_ERR_INTERNAL, "waitpid failed: %s", strerror(errno));
        break;
      } else {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
      }
      continue;
    }
    struct pollfd pf[2] = {{out[0], POLLIN, 0}, {errp[0], POLLIN, 0}};
    int r = poll(pf, 2, left > 1000 ? 1000 : (int)left);
    if (r < 0 && errno != EINTR) {
      rc = aml__fail(err, AML_ERR_INTERNAL, "poll failed: %s", strerror(errno));
      break;
    }
    if (r <= 0) continue;
    if (out[0] >= 0 && pf[0].revents && drain(&out[0], &res->out, max_output, &res->truncated) == -2) {
      rc = aml__fail(err, AML_ERR_NOMEM, "out of memory reading a child process's output");
      break;
    }
    if (errp[0] >= 0 && pf[1].revents && drain(&errp[0], &res->err, max_output, &res->truncated) == -2) {
      rc = aml__fail(err, AML_ERR_NOMEM, "out of memory reading a child process's output");
      break;
    }
  }
  if (!reaped) {
    kill_group(pid);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    res->exit_code = -1;
  }
  close_fd(&out[0]);
  close_fd(&errp[0]);
  if (rc != AML_OK) aml__subprocess_result_free(res);
  return rc;
}
