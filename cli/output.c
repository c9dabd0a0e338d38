/* --output json|table|tsv. JSON keeps the service's member order; table and
 * tsv print one row per item of a list (one row for a single resource):
 * the command's own columns, or — when --query reshaped the result — the
 * scalar members of the first item, as az does. */
#include "output.h"

#include "query.h"

#include <stdlib.h>
#include <string.h>

int cli_format_parse(const char *text, cli_format *out) {
  if (!text || strcmp(text, "json") == 0 || strcmp(text, "jsonc") == 0)
    *out = CLI_FORMAT_JSON;
  else if (strcmp(text, "table") == 0)
    *out = CLI_FORMAT_TABLE;
  else if (strcmp(text, "tsv") == 0)
    *out = CLI_FORMAT_TSV;
  else
    return -1;
  return 0;
}

json_t *cli_json_path(json_t *v, const char *path) {
  const char *p = path;
  while (v && *p) {
    const char *dot = strchr(p, '.');
    size_t len = dot ? (size_t)(dot - p) : strlen(p);
    char key[128];
    if (len >= sizeof key || !json_is_object(v)) return NULL;
    memcpy(key, p, len);
    key[len] = '\0';
    v = json_object_get(v, key);
    p = dot ? dot + 1 : p + len;
  }
  return v;
}

char *cli_cell_text(json_t *v) {
  if (!v || json_is_null(v)) return strdup("");
  if (json_is_string(v)) {
    /* One cell, one line: tabs and newlines would break the columns. */
    char *s = strdup(json_string_value(v));
    for (char *c = s; c && *c; c++)
      if (*c == '\t' || *c == '\n' || *c == '\r') *c = ' ';
    return s;
  }
  if (json_is_true(v)) return strdup("True"); /* as az prints booleans in tables */
  if (json_is_false(v)) return strdup("False");
  return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

/* Columns (header, path) for a reshaped result: the scalar members of the first item. */
typedef struct colset {
  char **headers;
  char **paths;
  size_t count;
} colset;

static void colset_free(colset *c) {
  for (size_t i = 0; i < c->count; i++) {
    free(c->headers[i]);
    free(c->paths[i]);
  }
  free(c->headers);
  free(c->paths);
}

static int colset_add(colset *c, const char *header, const char *path) {
  char **h = realloc(c->headers, (c->count + 1) * sizeof *h);
  if (!h) return -1;
  c->headers = h;
  char **p = realloc(c->paths, (c->count + 1) * sizeof *p);
  if (!p) return -1;
  c->paths = p;
  c->headers[c->count] = strdup(header);
  c->paths[c->count] = path ? strdup(path) : NULL;
  c->count++;
  return 0;
}

/* az's table header: the first letter up ("name" → "Name"). */
static char *title(const char *key) {
  char *t = strdup(key);
  if (t && t[0] >= 'a' && t[0] <= 'z') t[0] = (char)(t[0] - 'a' + 'A');
  return t;
}

static void build_columns(json_t *rows, const cli_column *columns, colset *c) {
  if (columns) {
    for (const cli_column *col = columns; col->header; col++) colset_add(c, col->header, col->path);
    return;
  }
  json_t *first = json_array_get(rows, 0);
  if (json_is_object(first)) {
    const char *key;
    json_t *val;
    json_object_foreach(first, key, val) {
      if (json_is_object(val) || json_is_array(val)) continue;
      char *t = title(key);
      colset_add(c, t ? t : key, key);
      free(t);
    }
  } else {
    colset_add(c, "Result", NULL); /* a list of scalars */
  }
}

static char *cell(json_t *row, const char *path) {
  if (!path) return cli_cell_text(json_is_object(row) ? NULL : row);
  json_t *v = json_is_object(row) ? (strchr(path, '.') ? cli_json_path(row, path) : json_object_get(row, path)) : NULL;
  if (v && (json_is_object(v) || json_is_array(v))) return strdup(""); /* tables show scalars only */
  return cli_cell_text(v);
}

static void write_rows(FILE *out, json_t *rows, const colset *c, int table) {
  size_t n = json_array_size(rows);
  size_t *width = calloc(c->count ? c->count : 1, sizeof *width);
  char **cells = calloc((n ? n : 1) * (c->count ? c->count : 1), sizeof *cells);
  if (!width || !cells) {
    free(width);
    free(cells);
    return;
  }
  for (size_t j = 0; j < c->count; j++) width[j] = strlen(c->headers[j]);
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < c->count; j++) {
      char *t = cell(json_array_get(rows, i), c->paths[j]);
      cells[i * c->count + j] = t;
      if (t && strlen(t) > width[j]) width[j] = strlen(t);
    }
  if (table && n > 0) {
    for (size_t j = 0; j < c->count; j++)
      fprintf(out, "%-*s%s", j + 1 < c->count ? (int)width[j] : 0, c->headers[j], j + 1 < c->count ? "  " : "\n");
    for (size_t j = 0; j < c->count; j++) {
      for (size_t k = 0; k < width[j]; k++) fputc('-', out);
      fputs(j + 1 < c->count ? "  " : "\n", out);
    }
  }
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < c->count; j++) {
      const char *t = cells[i * c->count + j] ? cells[i * c->count + j] : "";
      if (table)
        fprintf(out, "%-*s%s", j + 1 < c->count ? (int)width[j] : 0, t, j + 1 < c->count ? "  " : "\n");
      else
        fprintf(out, "%s%s", t, j + 1 < c->count ? "\t" : "\n");
    }
  for (size_t i = 0; i < n * c->count; i++) free(cells[i]);
  free(cells);
  free(width);
}

int cli_output_write(FILE *out, json_t *result, cli_format format, const char *query, const cli_column *columns,
                     char *errbuf, size_t errlen) {
  json_t *shown = json_incref(result);
  if (query) {
    cli_query *q = NULL;
    if (cli_query_compile(query, &q, errbuf, errlen) < 0) {
      json_decref(shown);
      return CLI_EXIT_USAGE;
    }
    json_decref(shown);
    shown = cli_query_eval(q, result);
    cli_query_free(q);
    columns = NULL; /* the query chose the shape */
  }
  if (format == CLI_FORMAT_JSON) {
    char *text = json_dumps(shown, JSON_INDENT(2) | JSON_ENCODE_ANY);
    if (text) fprintf(out, "%s\n", text);
    free(text);
  } else if (json_is_array(shown) || json_is_object(shown)) {
    json_t *rows = json_is_array(shown) ? json_incref(shown) : json_pack("[O]", shown);
    colset c = {0};
    build_columns(rows, columns, &c);
    write_rows(out, rows, &c, format == CLI_FORMAT_TABLE);
    colset_free(&c);
    json_decref(rows);
  } else if (!json_is_null(shown)) {
    char *t = cli_cell_text(shown);
    if (t) fprintf(out, "%s\n", t);
    free(t);
  }
  json_decref(shown);
  return CLI_EXIT_OK;
}
