/* aml_job: a read-only view of an ARM JobBase or a batch invoke's
 * BatchJobResource (both keep what matters under "properties"). */
#include "ml/entity_job.h"

#include "core/error.h"
#include "core/str.h"

#include <stddef.h>
#include <string.h>

#define TRY(x)               \
  do {                       \
    aml_result rc_ = (x);    \
    if (rc_ < 0) return rc_; \
  } while (0)

static void job_defaults(void *obj) {
  aml_job *j = obj;
  memset(j, 0, sizeof(*j));
  j->version = AML_JOB_VERSION;
}

static aml_result job_parse(aml__jr *r, json_t *root, void *obj) {
  aml_job *j = obj;
  json_t *props;
  TRY(aml__jr_str(r, root, "id", &j->id));
  TRY(aml__jr_str(r, root, "name", &j->name));
  TRY(aml__jr_object(r, root, "properties", &props));
  TRY(aml__jr_str(r, root, "properties.status", &j->status));
  TRY(aml__jr_str(r, root, "properties.jobType", &j->job_type));
  TRY(aml__jr_str(r, root, "properties.displayName", &j->display_name));
  TRY(aml__jr_str(r, root, "properties.experimentName", &j->experiment_name));
  TRY(aml__jr_str(r, root, "properties.description", &j->description));
  TRY(aml__jr_str(r, root, "properties.computeId", &j->compute_id));
  TRY(aml__jr_map(r, root, "properties.tags", &j->tags, &j->tags_count));
  TRY(aml__jr_map(r, root, "properties.properties", &j->properties, &j->properties_count));
  TRY(aml__jr_str(r, root, "systemData.createdAt", &j->created_at));
  return AML_OK;
}

static const aml__entity_desc JOB_DESC = {AML__KIND_JOB, sizeof(aml_job), "job", offsetof(aml_job, raw_json), 0,
                                          job_defaults, job_parse};

aml_result aml__job_from_json_value(json_t *item, aml_job **out, aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "job: NULL argument");
  return aml__entity_from_value(&JOB_DESC, item, NULL, (void **)out, err);
}

aml_result aml_job_from_json(const char *json, aml_job **out, aml_error **err) {
  if (out) *out = NULL;
  if (!json || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_job_from_json: NULL argument");
  return aml__entity_from_text(&JOB_DESC, json, (void **)out, err);
}

void aml_job_free(aml_job *job) { aml__owned_free(job, AML__KIND_JOB); }

int32_t aml_job_status_is_terminal(const char *status) {
  return status && (aml__strcasecmp(status, AML_JOB_STATUS_COMPLETED) == 0 ||
                    aml__strcasecmp(status, AML_JOB_STATUS_FAILED) == 0 ||
                    aml__strcasecmp(status, AML_JOB_STATUS_CANCELED) == 0 ||
                    aml__strcasecmp(status, "Cancelled") == 0);
}
