/* Many files, one transfer: defaults of the public options, bounded
 * parallelism across files (threads started and joined inside the call),
 * and one serialised progress stream over all of them. */
#include "ml/data_transfer.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/sync.h"

#include <pthread.h>
#include <string.h>

#define MIB (1024ull * 1024ull)
#define MAX_CONCURRENCY 64

aml_result aml_transfer_options_init(aml_transfer_options *opts, uint32_t version) {
  if (!opts) return AML_ERR_INVALID_ARG;
  if (version != AML_TRANSFER_OPTIONS_VERSION) return AML_ERR_VERSION;
  memset(opts, 0, sizeof(*opts));
  opts->version = version;
  opts->block_size = AML_UNSET64;
  opts->single_put_threshold = AML_UNSET64;
  opts->download_chunk_size = AML_UNSET64;
  opts->max_concurrency = AML_UNSET;
  opts->overwrite = AML_OVERWRITE_FAIL;
  return AML_OK;
}

aml_result aml__xfer_plan_add(aml__xfer_plan *p, const char *local, const char *blob, uint64_t size) {
  if (p->count == p->cap) {
    size_t cap = p->cap ? p->cap * 2 : 16;
    aml__xfer_item *n = aml__realloc(p->items, cap * sizeof(*n));
    if (!n) return AML_ERR_NOMEM;
    p->items = n;
    p->cap = cap;
  }
  aml__xfer_item *it = &p->items[p->count];
  it->local = aml__strdup(local);
  it->blob = aml__strdup(blob);
  if (!it->local || !it->blob) {
    aml__free(it->local);
    aml__free(it->blob);
    return AML_ERR_NOMEM;
  }
  it->size = size;
  p->count++;
  p->total += size;
  return AML_OK;
}

void aml__xfer_plan_free(aml__xfer_plan *p) {
  for (size_t i = 0; i < p->count; i++) {
    aml__free(p->items[i].local);
    aml__free(p->items[i].blob);
  }
  aml__free(p->items);
  memset(p, 0, sizeof(*p));
}

static aml_result size_opt(const char *fn, const char *name, int64_t v, uint64_t def, uint64_t min, uint64_t max,
                           uint64_t *out, aml_error **err) {
  if (v == AML_UNSET64) {
    *out = def;
    return AML_OK;
  }
  if (v < 0 || (uint64_t)v < min || (uint64_t)v > max)
    return aml__fail(err, AML_ERR_INVALID_ARG, "%s: %s must be between %llu and %llu bytes", fn, name,
                     (unsigned long long)min, (unsigned long long)max);
  *out = (uint64_t)v;
  return AML_OK;
}

aml_result aml__xfer_options(const aml_transfer_options *in, const char *fn, aml_transfer_options *resolved,
                             aml_blob_transfer_options *out, aml_error **err) {
  aml_transfer_options defaults;
  aml_transfer_options_init(&defaults, AML_TRANSFER_OPTIONS_VERSION);
  if (!in) in = &defaults;
  if (in->version != AML_TRANSFER_OPTIONS_VERSION)
    return aml__fail(err, AML_ERR_VERSION, "%s: unknown aml_transfer_options version %u", fn, in->version);
  *resolved = *in;
  aml__blob_transfer_options_init(out);
  aml_result rc;
  if ((rc = size_opt(fn, "block_size", in->block_size, 4 * MIB, 1, 4000 * MIB, &out->block_size, err)) < 0 ||
      (rc = size_opt(fn, "single_put_threshold", in->single_put_threshold, 64 * MIB, 0, 5000 * MIB,
                     &out->single_put_size, err)) < 0 ||
      (rc = size_opt(fn, "download_chunk_size", in->download_chunk_size, 4 * MIB, 1, 4000 * MIB, &out->chunk_size,
                     err)) < 0)
    return rc;
  int32_t conc = in->max_concurrency == AML_UNSET ? 4 : in->max_concurrency;
  if (conc < 1 || conc > MAX_CONCURRENCY)
    return aml__fail(err, AML_ERR_INVALID_ARG, "%s: max_concurrency must be between 1 and %d", fn, MAX_CONCURRENCY);
  resolved->max_concurrency = conc;
  out->max_concurrency = (uint32_t)conc;
  switch (in->overwrite) {
  case AML_OVERWRITE_FAIL: out->overwrite = AML_BLOB_OVERWRITE_FAIL; break;
  case AML_OVERWRITE_ALWAYS: out->overwrite = AML_BLOB_OVERWRITE_ALWAYS; break;
  case AML_OVERWRITE_SKIP_IDENTICAL: out->overwrite = AML_BLOB_OVERWRITE_SKIP_IDENTICAL; break;
  default:
    return aml__fail(err, AML_ERR_INVALID_ARG,
                     "%s: overwrite must be AML_OVERWRITE_FAIL, AML_OVERWRITE_ALWAYS or AML_OVERWRITE_SKIP_IDENTICAL", fn);
  }
  return AML_OK;
}

/* ---- running -------------------------------------------------------------- */

typedef struct run_state {
  const aml_blob_container *c;
  const aml__xfer_plan *plan;
  bool upload;
  const aml_transfer_options *opts;
  aml_blob_transfer_options engine; /* per file */
  aml_mutex lock;                   /* guards everything below and serialises the callback */
  size_t next;
  bool stop;
  uint64_t bytes_done, files_done;
  aml_result first_rc;
  aml_error *first_err;
} run_state;

typedef struct item_ctx {
  run_state *s;
  uint64_t size, reported;
} item_ctx;

/* Under the lock. */
static void report(run_state *s) {
  if (!s->opts->progress || s->stop) return;
  if (s->opts->progress(s->bytes_done, s->plan->total, s->files_done, s->plan->count, s->opts->progress_user_data) != 0) {
    s->stop = true;
    if (s->first_rc == AML_OK) s->first_rc = AML_ERR_USER;
  }
}

static int item_progress(uint64_t delta, uint64_t done, uint64_t total, void *user_data) {
  (void)done;
  (void)total;
  item_ctx *ic = user_data;
  run_state *s = ic->s;
  aml__mutex_lock(&s->lock);
  uint64_t room = ic->size - ic->reported; /* a retried piece is not counted twice */
  uint64_t add = delta < room ? delta : room;
  ic->reported += add;
  s->bytes_done += add;
  report(s);
  int stop = s->stop;
  aml__mutex_unlock(&s->lock);
  return stop;
}

static void *worker(void *arg) {
  run_state *s = arg;
  for (;;) {
    aml__mutex_lock(&s->lock);
    if (s->stop || s->next >= s->plan->count) {
      aml__mutex_unlock(&s->lock);
      return NULL;
    }
    const aml__xfer_item *it = &s->plan->items[s->next++];
    aml__mutex_unlock(&s->lock);
    item_ctx ic = {s, it->size, 0};
    aml_blob_transfer_options o = s->engine;
    o.progress = item_progress;
    o.progress_user_data = &ic;
    aml_error *e = NULL;
    aml_result rc = s->upload ? aml__blob_upload_file(s->c, it->local, it->blob, &o, NULL, &e)
                              : aml__blob_download_file(s->c, it->blob, it->local, &o, NULL, &e);
    aml__mutex_lock(&s->lock);
    if (rc < 0) {
      if (s->first_rc == AML_OK || (s->first_rc == AML_ERR_USER && !s->first_err && rc != AML_ERR_USER)) {
        s->first_rc = rc;
        s->first_err = e;
        e = NULL;
      }
      s->stop = true;
    } else {
      s->bytes_done += it->size - ic.reported; /* skipped files, and pieces reported short */
      s->files_done++;
      report(s);
    }
    aml__mutex_unlock(&s->lock);
    aml_error_free(e);
  }
}

aml_result aml__xfer_run(const aml_blob_container *c, const aml__xfer_plan *plan, bool upload,
                         const aml_transfer_options *opts, const aml_blob_transfer_options *engine,
                         aml_error **err) {
  run_state s;
  memset(&s, 0, sizeof(s));
  s.c = c;
  s.plan = plan;
  s.upload = upload;
  s.opts = opts;
  s.engine = *engine;
  if (!aml__mutex_init(&s.lock)) return aml__fail(err, AML_ERR_NOMEM, "cannot create a lock for a transfer");
  size_t workers = plan->count > 1 ? (size_t)opts->max_concurrency : 1;
  if (workers > plan->count) workers = plan->count ? plan->count : 1;
  if (plan->count > 1) s.engine.max_concurrency = 1; /* the parallelism is across files */
  aml__mutex_lock(&s.lock);
  report(&s); /* 0 of the totals: lets a UI size its bar */
  aml__mutex_unlock(&s.lock);
  pthread_t tids[64];
  size_t started = 0;
  for (size_t i = 1; i < workers && i <= 64; i++) {
    if (pthread_create(&tids[started], NULL, worker, &s) != 0) break; /* fewer threads still finish the work */
    started++;
  }
  worker(&s);
  for (size_t i = 0; i < started; i++) pthread_join(tids[i], NULL);
  aml__mutex_destroy(&s.lock);
  if (s.first_rc == AML_OK) return AML_OK;
  if (s.first_err) {
    aml__error_propagate(err, s.first_err);
    return s.first_rc;
  }
  return aml__fail(err, s.first_rc, "the progress callback stopped the transfer");
}
