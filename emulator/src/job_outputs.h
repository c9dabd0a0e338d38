/* The control API's view of a job's files (loopback only, like the rest of
 * /_emulator): what the runner wrote in the job's folder (the output file),
 * in its log folder (logs/job.log, user_logs/std_log.txt; "job.log" still
 * names logs/job.log) and the output file when the invoke sent it
 * elsewhere, listed and served, so that a test or a user can read them
 * without knowing where the datastore folder is. */
#ifndef EM_JOB_OUTPUTS_H
#define EM_JOB_OUTPUTS_H

#include "app.h"
#include "http.h"

/* GET /_emulator/jobs/{name}/outputs: {"name", "status", "folder", "uri",
 * "run", "files": [{"name", "size", "path"}]}.
 * GET /_emulator/jobs/{name}/outputs/{file}: the file's bytes (file is a
 * name from the list, possibly with a folder: user_logs/std_log.txt). */
void em_job_outputs(em_app *app, em_response *resp, const char *key, char **file, int nfile);

#endif
