#include "azurite_harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void say(char *why, size_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, size, fmt, ap);
  va_end(ap);
}

static bool executable(const char *path) { return path && *path && access(path, X_OK) == 0; }

static bool on_path(const char *prog) {
  const char *path = getenv("PATH");
  if (!path) return false;
  char buf[1024];
  for (const char *p = path; *p;) {
    size_t len = strcspn(p, ":");
    if (len && len < sizeof(buf) - strlen(prog) - 2) {
      snprintf(buf, sizeof(buf), "%.*s/%s", (int)len, p, prog);
      if (executable(buf)) return true;
    }
    p += len;
    if (*p == ':') p++;
  }
  return false;
}

static bool find_azurite(char *out, size_t size) {
  const char *env = getenv("AML_AZURITE_BLOB");
  if (executable(env)) {
    snprintf(out, size, "%s", env);
    return true;
  }
  const char *dir = getenv("AML_AZURITE_DIR");
  if (dir) {
    snprintf(out, size, "%s/node_modules/.bin/azurite-blob", dir);
    if (executable(out)) return true;
  }
#ifdef AML_AZURITE_BLOB_PATH
  if (executable(AML_AZURITE_BLOB_PATH)) {
    snprintf(out, size, "%s", AML_AZURITE_BLOB_PATH);
    return true;
  }
#endif
  const char *home = getenv("HOME");
  if (home) {
    snprintf(out, size, "%s/.cache/aml-azurite/node_modules/.bin/azurite-blob", home);
    if (executable(out)) return true;
  }
  return false;
}

static int free_port(void) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0) return -1;
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(a);
  int port = -1;
  if (bind(s, (struct sockaddr *)&a, sizeof(a)) == 0 && getsockname(s, (struct sockaddr *)&a, &len) == 0)
    port = ntohs(a.sin_port);
  close(s);
  return port;
}

static bool accepts(int port) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0) return false;
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons((uint16_t)port);
  bool ok = connect(s, (struct sockaddr *)&a, sizeof(a)) == 0;
  close(s);
  return ok;
}

/* Only between polls for start-up and exit (readiness): nothing asserts on
 * how long anything took. */
static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static void remove_tree(const char *dir) {
  if (!dir[0]) return;
  pid_t pid = fork();
  if (pid == 0) {
    execlp("rm", "rm", "-rf", "--", dir, (char *)NULL);
    _exit(127);
  }
  if (pid > 0) waitpid(pid, NULL, 0);
}

int aml_azurite_start(aml_azurite *a, char *why, size_t why_size) {
  memset(a, 0, sizeof(*a));
  a->pid = -1;
  char exe[1024];
  if (!on_path("node")) {
    say(why, why_size, "Node.js (node) is not on PATH");
    return -1;
  }
  if (!find_azurite(exe, sizeof(exe))) {
    say(why, why_size,
        "azurite-blob not found (set AML_AZURITE_BLOB, or run scripts/check.sh to install azurite@3.35.0 "
        "into ~/.cache/aml-azurite)");
    return -1;
  }
  snprintf(a->dir, sizeof(a->dir), "/tmp/aml-azurite-XXXXXX");
  if (!mkdtemp(a->dir)) {
    say(why, why_size, "cannot create a temporary folder: %s", strerror(errno));
    a->dir[0] = '\0';
    return -1;
  }
  for (int attempt = 0; attempt < 3; attempt++) {
    a->port = free_port();
    if (a->port <= 0) continue;
    char port[16], log[300];
    snprintf(port, sizeof(port), "%d", a->port);
    snprintf(log, sizeof(log), "%s/azurite.log", a->dir);
    pid_t pid = fork();
    if (pid == 0) {
      int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
      if (fd >= 0) {
        dup2(fd, 1);
        dup2(fd, 2);
        close(fd);
      }
      execl(exe, exe, "--blobHost", "127.0.0.1", "--blobPort", port, "--location", a->dir, "--silent",
            (char *)NULL);
      _exit(127);
    }
    if (pid < 0) break;
    a->pid = pid;
    for (int i = 0; i < 600; i++) {
      if (accepts(a->port)) {
        snprintf(a->endpoint, sizeof(a->endpoint), "127.0.0.1:%d", a->port);
        return 0;
      }
      int status;
      if (waitpid(pid, &status, WNOHANG) == pid) {
        a->pid = -1;
        break;
      }
      sleep_ms(100);
    }
    if (a->pid > 0) { /* never came up */
      kill(a->pid, SIGKILL);
      waitpid(a->pid, NULL, 0);
      a->pid = -1;
    }
  }
  say(why, why_size, "Azurite (%s) did not start; see its log in %s", exe, a->dir);
  return -1; /* the folder is kept for the log; aml_azurite_stop removes it */
}

void aml_azurite_stop(aml_azurite *a) {
  if (a->pid > 0) {
    kill(a->pid, SIGTERM);
    int status;
    bool gone = false;
    for (int i = 0; i < 100 && !gone; i++) {
      if (waitpid(a->pid, &status, WNOHANG) == a->pid) gone = true;
      else sleep_ms(100);
    }
    if (!gone) {
      kill(a->pid, SIGKILL);
      waitpid(a->pid, NULL, 0);
    }
    a->pid = -1;
  }
  remove_tree(a->dir);
  a->dir[0] = '\0';
}
