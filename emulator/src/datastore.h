/* Where job data lives on disk. Azure ML jobs read and write datastores
 * (blob containers); the emulator maps every datastore to a folder under one
 * local root (--datastore-dir), so that
 *   azureml://datastores/<ds>/paths/<path>   ->  ROOT/<ds>/<path>
 * (the long form azureml://subscriptions/.../datastores/<ds>/paths/<path> too),
 * and also accepts file:///abs/path and absolute paths. Nothing here touches
 * the network: any other scheme is refused with a message saying so. */
#ifndef EM_DATASTORE_H
#define EM_DATASTORE_H

#include <stdbool.h>

/* The datastore every job writes its outputs to, as on the service. */
#define EM_DEFAULT_DATASTORE "workspaceblobstore"

/* uri as messages and logs may show it: a query (a SAS: sig=...) becomes
 * "?REDACTED". Caller frees. */
char *em_uri_shown(const char *uri);
/* Local path of a data URI (caller frees), or NULL with *err set (caller
 * frees) when the URI is not one the emulator can serve from disk. */
char *em_datastore_path(const char *root, const char *uri, char **err);
/* Local path of a datastore named by its ARM id (…/datastores/<ds>) or by
 * name, plus a path inside it; NULL with *err as above. */
char *em_datastore_join(const char *root, const char *datastore, const char *path, char **err);
/* A relative path that stays inside its folder: no ".." segment (which
 * would let a datastore URI or a file name reach any file of the machine). */
bool em_relpath_ok(const char *rel);
/* path resolves (symbolic links followed) to root or below it. */
bool em_path_inside(const char *root, const char *path);
/* A job's output folder: ROOT/workspaceblobstore/azureml/<job>/score. */
char *em_job_score_dir(const char *root, const char *job_name);
/* The same folder as the URI clients see in the job's outputs. */
char *em_job_score_uri(const char *job_name);
/* The datastore of a job's logs, as on the service. */
#define EM_ARTIFACT_DATASTORE "workspaceartifactstore"
/* A job's log folder: ROOT/workspaceartifactstore/ExperimentRun/dcid.<job>
 * (logs/job.log: the runner's lines; user_logs/std_log.txt: the scoring
 * script's output), and its URI (the job's "default" output). */
char *em_job_log_dir(const char *root, const char *job_name);
char *em_job_log_uri(const char *job_name);

#endif
