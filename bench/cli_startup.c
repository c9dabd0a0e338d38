/* What one `aml` command costs, end to end, as a user's shell sees it:
 *   - `aml --version`: process start, library load, exit (no network);
 *   - process start to its first HTTP request (the first line the library
 *     logs for a request, read from `--debug` output on a pipe; the first
 *     request of a run is the token request);
 *   - `aml batch-endpoint show`: the whole command (token + one ARM GET).
 * Against an in-memory aml-emulator it starts on a free port. Prints
 * figures (min / median / p90 over N runs); passes or fails nothing.
 *
 *   bench_cli_startup [--runs N] [--aml PATH] [--emulator PATH]
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Run argv; stdout to /dev/null, stderr read from a pipe. *first_line_ms is
 * the time (from the start) of the first stderr line containing `marker`
 * (negative when none). Returns the wall time to exit, or -1. */
static double run(char *const argv[], const char *marker, double *first_line_ms, int *status) {
  int fds[2];
  if (pipe(fds) != 0) return -1;
  double t0 = now_ms();
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, STDOUT_FILENO);
    dup2(fds[1], STDERR_FILENO);
    close(fds[0]);
    execv(argv[0], argv);
    _exit(127);
  }
  close(fds[1]);
  *first_line_ms = -1;
  char buf[4096];
  size_t have = 0;
  for (;;) {
    ssize_t n = read(fds[0], buf + have, sizeof buf - 1 - have);
    if (n <= 0) break;
    have += (size_t)n;
    buf[have] = '\0';
    if (marker && *first_line_ms < 0 && strstr(buf, marker)) *first_line_ms = now_ms() - t0;
    if (have > sizeof buf / 2) { /* keep the tail: a marker may straddle reads */
      memmove(buf, buf + have - 64, 64);
      have = 64;
    }
  }
  close(fds[0]);
  waitpid(pid, status, 0);
  return now_ms() - t0;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static void report(const char *label, double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmp_double);
  printf("%-44s min %7.2f ms   median %7.2f ms   p90 %7.2f ms   (%d runs)\n", label, v[0], v[n / 2],
         v[(n * 9) / 10 < n ? (n * 9) / 10 : n - 1], n);
}

/* Start the emulator with --env-file and load the variables it writes. */
static pid_t start_emulator(const char *path, const char *dir) {
  char env_file[512];
  snprintf(env_file, sizeof env_file, "%s/env", dir);
  pid_t pid = fork();
  if (pid == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, STDOUT_FILENO);
    dup2(devnull, STDERR_FILENO);
    execl(path, path, "--port", "0", "--quiet", "--env-file", env_file, "--provisioning-delay-ms", "0", (char *)NULL);
    _exit(127);
  }
  for (int i = 0; i < 400; i++) {
    FILE *f = fopen(env_file, "r");
    if (f) {
      char line[1024];
      int loaded = 0;
      while (fgets(line, sizeof line, f)) {
        char key[128], value[768];
        if (sscanf(line, "export %127[^=]='%767[^']'", key, value) == 2) {
          setenv(key, value, 1);
          loaded++;
        }
      }
      fclose(f);
      if (loaded) return pid;
    }
    struct timespec ts = {0, 25 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  kill(pid, SIGTERM);
  return -1;
}

int main(int argc, char **argv) {
  int runs = 30;
  const char *aml = AML_CLI_PATH, *emulator = AML_EMULATOR_PATH;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
      runs = atoi(argv[++i]);
    else if (strcmp(argv[i], "--aml") == 0 && i + 1 < argc)
      aml = argv[++i];
    else if (strcmp(argv[i], "--emulator") == 0 && i + 1 < argc)
      emulator = argv[++i];
    else {
      fprintf(stderr, "usage: %s [--runs N] [--aml PATH] [--emulator PATH]\n", argv[0]);
      return 2;
    }
  }
  if (runs < 1 || runs > 10000) runs = 30;
  char dir[] = "/tmp/aml-bench-cli-XXXXXX";
  if (!mkdtemp(dir)) return 1;
  pid_t emu = start_emulator(emulator, dir);
  if (emu < 0) {
    fprintf(stderr, "aml-emulator did not start\n");
    return 1;
  }
  int status = 0;
  double first = 0;
  char *create[] = {(char *)aml, "batch-endpoint", "create", "-n", "bench-endpoint", NULL};
  run(create, NULL, &first, &status);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fprintf(stderr, "aml batch-endpoint create failed (status %d)\n", status);
    kill(emu, SIGTERM);
    return 1;
  }
  double *version = calloc((size_t)runs, sizeof *version), *to_first = calloc((size_t)runs, sizeof *to_first),
         *show = calloc((size_t)runs, sizeof *show), *show_debug = calloc((size_t)runs, sizeof *show_debug);
  char *version_argv[] = {(char *)aml, "--version", NULL};
  char *show_argv[] = {(char *)aml, "batch-endpoint", "show", "-n", "bench-endpoint", NULL};
  char *debug_argv[] = {(char *)aml, "batch-endpoint", "show", "-n", "bench-endpoint", "--debug", NULL};
  int ok = 1;
  for (int i = 0; i < runs && ok; i++) {
    version[i] = run(version_argv, NULL, &first, &status);
    show[i] = run(show_argv, NULL, &first, &status);
    ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    show_debug[i] = run(debug_argv, "DEBUG: ", &to_first[i], &status);
    ok = ok && to_first[i] >= 0;
  }
  kill(emu, SIGTERM);
  waitpid(emu, NULL, 0);
  char env_file[600];
  snprintf(env_file, sizeof env_file, "%s/env", dir);
  unlink(env_file);
  rmdir(dir);
  if (!ok) {
    fprintf(stderr, "a run failed (status %d)\n", status);
    return 1;
  }
  printf("aml %s against aml-emulator (HTTP on loopback)\n", aml);
  report("aml --version (start, load, exit)", version, runs);
  report("start -> first HTTP request (--debug)", to_first, runs);
  report("aml batch-endpoint show (token + GET)", show, runs);
  report("aml batch-endpoint show --debug", show_debug, runs);
  free(version);
  free(to_first);
  free(show);
  free(show_debug);
  return 0;
}
