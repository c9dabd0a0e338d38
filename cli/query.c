/* --query (see query.h for the subset): compiled once into a list of steps,
 * so that a malformed expression is a usage error even when the result is
 * empty, then evaluated over the JSON the command produced. */
#include "query.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum step_kind { STEP_FIELD, STEP_INDEX, STEP_PROJECT, STEP_HASH } step_kind;

typedef struct step {
  step_kind kind;
  char *field;      /* STEP_FIELD */
  long index;       /* STEP_INDEX */
  size_t nkeys;     /* STEP_HASH */
  char **keys;
  cli_query **values;
} step;

struct cli_query {
  step *steps;
  size_t count;
};

typedef struct parser {
  const char *p;
  char *err;
  size_t errlen;
} parser;

static int fail(parser *ps, const char *what) {
  snprintf(ps->err, ps->errlen, "--query: %s at '%s' (supported: fields a.b, [N], [] projections, {k: path} hashes)",
           what, *ps->p ? ps->p : "end");
  return -1;
}

static void skip_ws(parser *ps) {
  while (*ps->p == ' ' || *ps->p == '\t') ps->p++;
}

static int push(cli_query *q, step s) {
  step *n = realloc(q->steps, (q->count + 1) * sizeof *n);
  if (!n) return -1;
  q->steps = n;
  q->steps[q->count++] = s;
  return 0;
}

/* An identifier or a "quoted name"; NULL (with the parser's error set) when there is none. */
static char *parse_name(parser *ps) {
  skip_ws(ps);
  const char *start = ps->p;
  if (*ps->p == '"') {
    const char *end = strchr(ps->p + 1, '"');
    if (!end) {
      fail(ps, "unterminated quoted name");
      return NULL;
    }
    ps->p = end + 1;
    return strndup(start + 1, (size_t)(end - start - 1));
  }
  if (!(isalpha((unsigned char)*ps->p) || *ps->p == '_')) {
    fail(ps, "expected a field name");
    return NULL;
  }
  while (isalnum((unsigned char)*ps->p) || *ps->p == '_') ps->p++;
  return strndup(start, (size_t)(ps->p - start));
}

static int parse_expr(parser *ps, cli_query *q, int in_hash);

static int parse_hash(parser *ps, cli_query *q) {
  step s = {.kind = STEP_HASH};
  ps->p++; /* '{' */
  for (;;) {
    char *key = parse_name(ps);
    if (!key) goto bad;
    skip_ws(ps);
    if (*ps->p != ':') {
      free(key);
      fail(ps, "expected ':' in a {key: path} hash");
      goto bad;
    }
    ps->p++;
    cli_query *sub = calloc(1, sizeof *sub);
    char **nk = realloc(s.keys, (s.nkeys + 1) * sizeof *nk);
    cli_query **nv = nk ? realloc(s.values, (s.nkeys + 1) * sizeof *nv) : NULL;
    if (nk) s.keys = nk;
    if (nv) s.values = nv;
    if (!sub || !nk || !nv) {
      free(key);
      free(sub);
      fail(ps, "out of memory");
      goto bad;
    }
    s.keys[s.nkeys] = key;
    s.values[s.nkeys] = sub;
    s.nkeys++;
    if (parse_expr(ps, sub, 1) < 0) goto bad;
    skip_ws(ps);
    if (*ps->p == ',') {
      ps->p++;
      continue;
    }
    if (*ps->p == '}') {
      ps->p++;
      break;
    }
    fail(ps, "expected ',' or '}'");
    goto bad;
  }
  if (push(q, s) == 0) return 0;
  fail(ps, "out of memory");
bad:
  for (size_t i = 0; i < s.nkeys; i++) {
    free(s.keys[i]);
    cli_query_free(s.values[i]);
  }
  free(s.keys);
  free(s.values);
  return -1;
}

/* Steps up to the end of the text, or (inside a hash) up to ',' or '}'. */
static int parse_expr(parser *ps, cli_query *q, int in_hash) {
  int expect_name = 1; /* at the start or after '.' */
  for (;;) {
    skip_ws(ps);
    char c = *ps->p;
    if (c == '\0' || (in_hash && (c == ',' || c == '}'))) {
      if (expect_name && q->count > 0 && q->steps[q->count - 1].kind != STEP_PROJECT) return fail(ps, "expected a field name");
      if (q->count == 0) return fail(ps, "empty expression");
      return 0;
    }
    if (c == '[') {
      ps->p++;
      skip_ws(ps);
      step s = {.kind = STEP_PROJECT};
      if (*ps->p == ']' || (*ps->p == '*' && ps->p[1] == ']')) {
        ps->p += *ps->p == '*' ? 2 : 1;
      } else {
        char *end = NULL;
        long v = strtol(ps->p, &end, 10);
        if (end == ps->p) return fail(ps, "expected ], * or an index");
        ps->p = end;
        skip_ws(ps);
        if (*ps->p != ']') return fail(ps, "expected ]");
        ps->p++;
        s.kind = STEP_INDEX;
        s.index = v;
      }
      if (push(q, s) < 0) return fail(ps, "out of memory");
      expect_name = 0;
      continue;
    }
    if (c == '.') {
      if (expect_name) return fail(ps, "unexpected '.'");
      ps->p++;
      expect_name = 1;
      continue;
    }
    if (c == '{') {
      if (!expect_name && !(q->count && q->steps[q->count - 1].kind == STEP_PROJECT))
        return fail(ps, "unexpected '{'");
      if (parse_hash(ps, q) < 0) return -1;
      skip_ws(ps);
      if (*ps->p && !(in_hash && (*ps->p == ',' || *ps->p == '}'))) return fail(ps, "a {hash} must end the expression");
      return 0;
    }
    if (!expect_name) return fail(ps, "unexpected character");
    char *name = parse_name(ps);
    if (!name) return -1;
    step s = {.kind = STEP_FIELD, .field = name};
    if (push(q, s) < 0) {
      free(name);
      return fail(ps, "out of memory");
    }
    expect_name = 0;
  }
}

int cli_query_compile(const char *expr, cli_query **out, char *errbuf, size_t errlen) {
  *out = NULL;
  cli_query *q = calloc(1, sizeof *q);
  if (!q) {
    snprintf(errbuf, errlen, "--query: out of memory");
    return -1;
  }
  parser ps = {.p = expr ? expr : "", .err = errbuf, .errlen = errlen};
  if (parse_expr(&ps, q, 0) < 0) {
    cli_query_free(q);
    return -1;
  }
  *out = q;
  return 0;
}

static json_t *eval_from(const cli_query *q, size_t i, json_t *v) {
  if (!v) return json_null();
  if (i == q->count) return json_incref(v);
  const step *s = &q->steps[i];
  switch (s->kind) {
  case STEP_FIELD:
    return json_is_object(v) ? eval_from(q, i + 1, json_object_get(v, s->field)) : json_null();
  case STEP_INDEX: {
    if (!json_is_array(v)) return json_null();
    long n = (long)json_array_size(v);
    long k = s->index < 0 ? n + s->index : s->index;
    return k >= 0 && k < n ? eval_from(q, i + 1, json_array_get(v, (size_t)k)) : json_null();
  }
  case STEP_PROJECT: {
    if (!json_is_array(v)) return json_null();
    json_t *res = json_array();
    size_t k;
    json_t *el;
    json_array_foreach(v, k, el) {
      json_t *r = eval_from(q, i + 1, el);
      if (json_is_null(r))
        json_decref(r);
      else
        json_array_append_new(res, r);
    }
    return res;
  }
  case STEP_HASH: {
    if (json_is_null(v)) return json_null();
    json_t *res = json_object();
    for (size_t k = 0; k < s->nkeys; k++) json_object_set_new(res, s->keys[k], cli_query_eval(s->values[k], v));
    return res;
  }
  }
  return json_null();
}

json_t *cli_query_eval(const cli_query *q, json_t *in) { return eval_from(q, 0, in); }

void cli_query_free(cli_query *q) {
  if (!q) return;
  for (size_t i = 0; i < q->count; i++) {
    step *s = &q->steps[i];
    free(s->field);
    for (size_t k = 0; k < s->nkeys; k++) {
      free(s->keys[k]);
      cli_query_free(s->values[k]);
    }
    free(s->keys);
    free(s->values);
  }
  free(q->steps);
  free(q);
}
