/* The control API's view of a job's files (loopback only, like the rest of
 * /_emulator): what the runner wrote in the job's folder (the output file,
 * job.log, the worker logs) and the output file when the invoke sent it
 * elsewhere, listed and served, so that a test or a user can read them
 * without knowing where the datastore folder is. */
#ifndef EM_JOB_OUTPUTS_H
#define EM_JOB_OUTPUTS_H

#include "app.h"
#include "http.h"

/* GET /_emulator/jobs/{name}/outputs: {"name", "status", "folder", "uri",
 * "run", "files": [{"name", "size", "path"}]}.
 * GET /_emulator/jobs/{name}/outputs/{file}: the file's bytes (file is a
 * name from the list, possibly with a folder: logs/worker-0.log). */
void em_job_outputs(em_app *app, em_response *resp, const char *key, char **file, int nfile);

#endif
