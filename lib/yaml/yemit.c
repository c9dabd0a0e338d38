/* libyaml emitter glue (see yemit.h). */
#include "yaml/yemit.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/str.h"

static int on_output(void *data, unsigned char *buffer, size_t size) {
  aml__yw *w = data;
  if (aml__buf_append(&w->out, buffer, size) < 0) {
    w->rc = AML_ERR_NOMEM;
    return 0;
  }
  return 1;
}

static void emit(aml__yw *w, yaml_event_t *ev, int made) {
  if (w->rc < 0) {
    if (made) yaml_event_delete(ev);
    return;
  }
  if (!made) {
    w->rc = AML_ERR_NOMEM;
    return;
  }
  /* yaml_emitter_emit takes the event in every case. */
  if (!yaml_emitter_emit(&w->em, ev) && w->rc == AML_OK)
    w->rc = w->em.error == YAML_MEMORY_ERROR || w->em.error == YAML_WRITER_ERROR ? AML_ERR_NOMEM : AML_ERR_INTERNAL;
}

/* Would a plain scalar read back as something else than this string (a
 * number, a boolean, null) or not parse at all? Then it is quoted. */
static bool needs_quotes(const char *s) {
  if (!*s) return true;
  static const char *const words[] = {"true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (aml__strcasecmp(s, words[i]) == 0) return true;
  const char *p = s;
  if (*p == '+' || *p == '-') p++;
  bool number = true, digit = false;
  for (; *p; p++) {
    if (*p >= '0' && *p <= '9')
      digit = true;
    else if (!(*p == '.' || *p == 'e' || *p == 'E' || *p == '_' || *p == '+' || *p == '-' || *p == 'x' ||
               *p == 'o' || *p == ':'))
      number = false;
  }
  /* ".inf", ".nan" are floats too. */
  return (number && digit) || aml__strcasecmp(s, ".inf") == 0 || aml__strcasecmp(s, ".nan") == 0;
}

static void scalar(aml__yw *w, const char *text, bool is_string) {
  yaml_event_t ev;
  yaml_scalar_style_t style =
      is_string && needs_quotes(text) ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE;
  int made = yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)text, (int)strlen(text), 1, 1, style);
  emit(w, &ev, made);
}

static void start(aml__yw *w) {
  memset(w, 0, sizeof *w);
  if (!yaml_emitter_initialize(&w->em)) {
    w->rc = AML_ERR_NOMEM;
    return;
  }
  w->started = 1;
  yaml_emitter_set_output(&w->em, on_output, w);
  yaml_emitter_set_unicode(&w->em, 1);
  yaml_emitter_set_width(&w->em, -1);
  yaml_emitter_set_indent(&w->em, 2);
  yaml_event_t ev;
  emit(w, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
  emit(w, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
}

void aml__yw_begin(aml__yw *w, const char *schema_url) {
  start(w);
  yaml_event_t ev;
  emit(w, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE));
  w->top_map = 1;
  if (schema_url) aml__yw_str(w, "$schema", schema_url);
}

static void node_value(aml__yw *w, const aml__ynode *n) {
  yaml_event_t ev;
  if (n->kind == AML__Y_SCALAR) {
    yaml_scalar_style_t style = n->plain ? YAML_PLAIN_SCALAR_STYLE : YAML_DOUBLE_QUOTED_SCALAR_STYLE;
    emit(w, &ev, yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)n->text, (int)n->len, 1, 1, style));
    return;
  }
  if (n->kind == AML__Y_MAP) {
    emit(w, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE));
    for (size_t i = 0; i < n->count; i++) node_value(w, n->kids[i]);
    aml__yw_map_end(w);
    return;
  }
  emit(w, &ev, yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE));
  for (size_t i = 0; i < n->count; i++) node_value(w, n->kids[i]);
  aml__yw_seq_end(w);
}

void aml__yw_node(aml__yw *w, const char *key, const aml__ynode *n) {
  if (!n) return;
  if (key) scalar(w, key, false);
  node_value(w, n);
}

void aml__yw_str(aml__yw *w, const char *key, const char *value) {
  if (!value) return;
  if (key) scalar(w, key, false);
  scalar(w, value, true);
}

void aml__yw_int(aml__yw *w, const char *key, int64_t value, int64_t unset) {
  if (value == unset) return;
  char num[32];
  snprintf(num, sizeof num, "%" PRId64, value);
  scalar(w, key, false);
  scalar(w, num, false);
}

void aml__yw_bool(aml__yw *w, const char *key, int32_t tristate) {
  if (tristate != 0 && tristate != 1) return;
  scalar(w, key, false);
  scalar(w, tristate ? "true" : "false", false);
}

void aml__yw_map_begin(aml__yw *w, const char *key) {
  if (key) scalar(w, key, false);
  yaml_event_t ev;
  emit(w, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE));
}

void aml__yw_map_end(aml__yw *w) {
  yaml_event_t ev;
  emit(w, &ev, yaml_mapping_end_event_initialize(&ev));
}

void aml__yw_seq_begin(aml__yw *w, const char *key) {
  if (key) scalar(w, key, false);
  yaml_event_t ev;
  emit(w, &ev, yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE));
}

void aml__yw_seq_end(aml__yw *w) {
  yaml_event_t ev;
  emit(w, &ev, yaml_sequence_end_event_initialize(&ev));
}

void aml__yw_strmap(aml__yw *w, const char *key, const aml_string_pair *pairs, size_t count) {
  if (!pairs) return;
  if (count == 0) {
    /* An empty map that is set: `{}` (flow style), not a missing key. */
    scalar(w, key, false);
    yaml_event_t ev;
    emit(w, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_FLOW_MAPPING_STYLE));
    aml__yw_map_end(w);
    return;
  }
  aml__yw_map_begin(w, key);
  for (size_t i = 0; i < count; i++) {
    if (!pairs[i].key || !pairs[i].value) continue;
    scalar(w, pairs[i].key, true);
    scalar(w, pairs[i].value, true);
  }
  aml__yw_map_end(w);
}

void aml__yw_identity(aml__yw *w, const aml_compute_identity *id) {
  if (!id || !id->type) return;
  aml__yw_map_begin(w, "identity");
  aml__yw_str(w, "type", id->type);
  if (id->user_assigned_identities && id->user_assigned_identities_count) {
    aml__yw_seq_begin(w, "user_assigned_identities");
    for (size_t i = 0; i < id->user_assigned_identities_count; i++) {
      if (!id->user_assigned_identities[i]) continue;
      aml__yw_map_begin(w, NULL);
      aml__yw_str(w, "resource_id", id->user_assigned_identities[i]);
      aml__yw_map_end(w);
    }
    aml__yw_seq_end(w);
  }
  aml__yw_map_end(w);
}

aml_result aml__yw_finish(aml__yw *w, char **out, aml_error **err) {
  *out = NULL;
  yaml_event_t ev;
  if (w->top_map) aml__yw_map_end(w);
  emit(w, &ev, yaml_document_end_event_initialize(&ev, 1));
  emit(w, &ev, yaml_stream_end_event_initialize(&ev));
  if (w->rc == AML_OK && !yaml_emitter_flush(&w->em)) w->rc = AML_ERR_NOMEM;
  if (w->started) yaml_emitter_delete(&w->em);
  aml_result rc = w->rc;
  if (rc < 0) {
    aml__buf_free(&w->out);
    return aml__fail(err, rc, rc == AML_ERR_NOMEM ? "out of memory" : "the YAML emitter failed");
  }
  *out = aml__buf_detach(&w->out);
  if (!*out) return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  return AML_OK;
}

aml_result aml__yw_node_document(const aml__ynode *n, char **out, aml_error **err) {
  aml__yw w;
  start(&w);
  node_value(&w, n);
  return aml__yw_finish(&w, out, err);
}
