/* The service enums of the batch-scoring entities and their two spellings. */
#include "ml/enum_map.h"

#define TABLE(var, label, ...)                                                 \
  static const aml__enum_entry var##_entries[] = {__VA_ARGS__};                 \
  const aml__enum_table var = {label, var##_entries, sizeof(var##_entries) / sizeof(var##_entries[0])}

/* EndpointAuthMode: AMLToken | Key | AADToken (azure-ai-ml 1.4.0 sends
 * "aadToken", which the normalised comparison also accepts). */
TABLE(aml__enum_auth_mode, "auth_mode", {"aad_token", "AADToken"}, {"aml_token", "AMLToken"},
      {"key", "Key"});
/* BatchOutputAction: SummaryOnly | AppendRow. */
TABLE(aml__enum_output_action, "output_action", {"append_row", "AppendRow"},
      {"summary_only", "SummaryOnly"});
/* BatchLoggingLevel: Info | Warning | Debug. */
TABLE(aml__enum_logging_level, "logging_level", {"info", "Info"}, {"warning", "Warning"},
      {"debug", "Debug"});
/* VmPriority: Dedicated | LowPriority. */
TABLE(aml__enum_compute_tier, "tier", {"dedicated", "Dedicated"}, {"low_priority", "LowPriority"});
/* OsType: Linux | Windows. */
TABLE(aml__enum_os_type, "os_type", {"linux", "Linux"}, {"windows", "Windows"});
/* ManagedServiceIdentityType (common-types v3 managedidentity.json). */
TABLE(aml__enum_identity_type, "identity type", {"system_assigned", "SystemAssigned"},
      {"user_assigned", "UserAssigned"},
      {"system_assigned,user_assigned", "SystemAssigned,UserAssigned"}, {"none", "None"});
/* ModelVersion.modelType as azure-ai-ml's AssetTypes name them. */
TABLE(aml__enum_model_type, "model_type", {"custom_model", "CustomModel"},
      {"mlflow_model", "MLFlowModel"}, {"triton_model", "TritonModel"});

static int fold(int c) { return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c; }
static const char *skip(const char *s) {
  while (*s == '_' || *s == ' ') s++;
  return s;
}

bool aml__enum_equal(const char *a, const char *b) {
  if (!a || !b) return false;
  for (;;) {
    a = skip(a);
    b = skip(b);
    if (fold((unsigned char)*a) != fold((unsigned char)*b)) return false;
    if (!*a) return true;
    a++;
    b++;
  }
}

const aml__enum_entry *aml__enum_find(const aml__enum_table *t, const char *value) {
  if (!value) return NULL;
  for (size_t i = 0; i < t->count; i++)
    if (aml__enum_equal(value, t->entries[i].python) || aml__enum_equal(value, t->entries[i].wire))
      return &t->entries[i];
  return NULL;
}

const char *aml__enum_to_wire(const aml__enum_table *t, const char *value) {
  const aml__enum_entry *e = aml__enum_find(t, value);
  return e ? e->wire : value;
}

const char *aml__enum_to_python(const aml__enum_table *t, const char *value) {
  const aml__enum_entry *e = aml__enum_find(t, value);
  return e ? e->python : value;
}
