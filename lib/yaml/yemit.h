/* Writing specs as YAML through libyaml's emitter (it does the quoting and
 * escaping). Errors are sticky: call the writers in sequence and check once
 * in aml__yw_finish(). Unset values (NULL strings, AML_UNSET numbers) are
 * skipped, so a writer call per field is all a spec needs. */
#ifndef AML_YAML_YEMIT_H
#define AML_YAML_YEMIT_H

#include <azureml/common.h>
#include <azureml/compute.h>
#include <azureml/errors.h>
#include <yaml.h>

#include "core/buf.h"

#include "yaml/ydoc.h"

typedef struct aml__yw {
  yaml_emitter_t em;
  aml_buf out;
  aml_result rc; /* first failure */
  int started;
  int top_map; /* the document is a mapping the writer opened */
} aml__yw;

/* Start a document whose top level is a mapping; schema_url (nullable) is
 * written first as `$schema`. */
void aml__yw_begin(aml__yw *w, const char *schema_url);
void aml__yw_str(aml__yw *w, const char *key, const char *value);
void aml__yw_int(aml__yw *w, const char *key, int64_t value, int64_t unset);
void aml__yw_bool(aml__yw *w, const char *key, int32_t tristate);
void aml__yw_strmap(aml__yw *w, const char *key, const aml_string_pair *pairs, size_t count);
/* A nested mapping under key (key NULL: a mapping as a sequence item). */
void aml__yw_map_begin(aml__yw *w, const char *key);
void aml__yw_map_end(aml__yw *w);
void aml__yw_seq_begin(aml__yw *w, const char *key);
void aml__yw_seq_end(aml__yw *w);
/* identity: {type, user_assigned_identities: [{resource_id}]} when set. */
void aml__yw_identity(aml__yw *w, const aml_compute_identity *id);
/* A parsed node (and everything under it) as the value of key; plain
 * scalars stay plain, quoted ones are quoted. */
void aml__yw_node(aml__yw *w, const char *key, const aml__ynode *n);
/* End the document and hand over the text (free with aml_free). */
aml_result aml__yw_finish(aml__yw *w, char **out, aml_error **err);
/* A whole document holding just this node (no `$schema`). */
aml_result aml__yw_node_document(const aml__ynode *n, char **out, aml_error **err);

#endif
