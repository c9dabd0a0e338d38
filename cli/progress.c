/* Progress lines on stderr (see progress.h). One line, rewritten in place;
 * the program runs one operation at a time, and transfer callbacks are
 * serialised by the library, so one piece of state is enough. */
#include "progress.h"

#include <string.h>
#include <time.h>

static struct {
  FILE *err;
  int quiet;
  uint64_t bytes_total, files_total;
  int line_shown;
  char what[96];
  char last_status[64];
  struct timespec started;
} g_progress;

static double elapsed_s(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - g_progress.started.tv_sec) +
         (double)(now.tv_nsec - g_progress.started.tv_nsec) / 1e9;
}

static void begin(cli_ctx *ctx, const char *what) {
  g_progress.err = ctx->err;
  g_progress.line_shown = 0;
  g_progress.last_status[0] = '\0';
  snprintf(g_progress.what, sizeof g_progress.what, "%s", what);
  clock_gettime(CLOCK_MONOTONIC, &g_progress.started);
}

void cli_format_bytes(uint64_t bytes, char *buf, size_t len) {
  static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = (double)bytes;
  size_t u = 0;
  while (v >= 1024 && u + 1 < sizeof units / sizeof units[0]) {
    v /= 1024;
    u++;
  }
  if (u == 0)
    snprintf(buf, len, "%llu B", (unsigned long long)bytes);
  else
    snprintf(buf, len, "%.1f %s", v, units[u]);
}

static void on_poll(const aml_poller *poller, void *user_data) {
  (void)user_data;
  const char *status = aml_poller_status(poller);
  fprintf(g_progress.err, "\r\033[K%s: %s (%.0f s)", g_progress.what, status && *status ? status : "waiting",
          elapsed_s());
  fflush(g_progress.err);
  g_progress.line_shown = 1;
  snprintf(g_progress.last_status, sizeof g_progress.last_status, "%s", status ? status : "");
}

void cli_progress_watch_poller(cli_ctx *ctx, aml_poller *poller, const char *what) {
  if (ctx->quiet) return;
  begin(ctx, what);
  aml_poller_set_progress(poller, on_poll, NULL);
}

static int32_t on_transfer(uint64_t bytes_done, uint64_t bytes_total, uint64_t files_done, uint64_t files_total,
                           void *user_data) {
  (void)user_data;
  g_progress.bytes_total = bytes_total;
  g_progress.files_total = files_total;
  if (g_progress.quiet) return 0;
  char done[32], total[32];
  cli_format_bytes(bytes_done, done, sizeof done);
  cli_format_bytes(bytes_total, total, sizeof total);
  int pct = bytes_total ? (int)(bytes_done * 100 / bytes_total) : 100;
  char bar[21];
  for (int i = 0; i < 20; i++) bar[i] = i < pct / 5 ? '#' : '.';
  bar[20] = '\0';
  fprintf(g_progress.err, "\r\033[K%s [%s] %3d%% %s / %s, %llu/%llu files", g_progress.what, bar, pct, done, total,
          (unsigned long long)files_done, (unsigned long long)files_total);
  fflush(g_progress.err);
  g_progress.line_shown = 1;
  return 0;
}

void cli_progress_transfer(cli_ctx *ctx, aml_transfer_options *opts, const char *what) {
  begin(ctx, what);
  g_progress.quiet = ctx->quiet;
  g_progress.bytes_total = g_progress.files_total = 0;
  opts->progress = on_transfer;
  opts->progress_user_data = NULL;
}

void cli_progress_clear(cli_ctx *ctx) {
  (void)ctx;
  if (!g_progress.line_shown) return;
  fputs("\r\033[K", g_progress.err);
  fflush(g_progress.err);
  g_progress.line_shown = 0;
}

void cli_progress_totals(uint64_t *bytes, uint64_t *files) {
  *bytes = g_progress.bytes_total;
  *files = g_progress.files_total;
}
