/* Service enums are strings. The API accepts the Python spellings
 * (append_row, low_priority, aad_token) and the wire spellings (AppendRow,
 * LowPriority, AADToken, aadToken) case-insensitively; requests carry the
 * spec's wire spelling; parsed entities present the Python spelling. Values
 * neither table knows pass through unchanged, so a new service value needs no
 * release of this library. */
#ifndef AML_ML_ENUM_MAP_H
#define AML_ML_ENUM_MAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct aml__enum_entry {
  const char *python; /* the spelling the public API presents */
  const char *wire;   /* the spec's spelling, sent to the service */
} aml__enum_entry;

typedef struct aml__enum_table {
  const char *name; /* for messages: "output_action" */
  const aml__enum_entry *entries;
  size_t count;
} aml__enum_table;

extern const aml__enum_table aml__enum_auth_mode;         /* EndpointAuthMode */
extern const aml__enum_table aml__enum_output_action;     /* BatchOutputAction */
extern const aml__enum_table aml__enum_logging_level;     /* BatchLoggingLevel */
extern const aml__enum_table aml__enum_compute_tier;      /* VmPriority */
extern const aml__enum_table aml__enum_os_type;           /* OsType */
extern const aml__enum_table aml__enum_identity_type;     /* ManagedServiceIdentityType */
extern const aml__enum_table aml__enum_model_type;        /* ModelVersion.modelType */

/* Equal ignoring ASCII case, '_' and ' ' ("append_row" == "AppendRow",
 * "system_assigned,user_assigned" == "SystemAssigned, UserAssigned").
 * NULL equals nothing. */
bool aml__enum_equal(const char *a, const char *b);
/* The entry a value names in either spelling, or NULL. */
const aml__enum_entry *aml__enum_find(const aml__enum_table *t, const char *value);
/* Wire spelling of a known value; the value itself otherwise (NULL -> NULL). */
const char *aml__enum_to_wire(const aml__enum_table *t, const char *value);
/* Python spelling of a known value; the value itself otherwise (NULL -> NULL). */
const char *aml__enum_to_python(const aml__enum_table *t, const char *value);

#endif
