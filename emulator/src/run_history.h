/* The run history service as azure-ai-ml reads a job's outcome and logs:
 * GET {api}/history/v1.0/subscriptions/{sub}/resourceGroups/{rg}/providers/
 * Microsoft.MachineLearningServices/workspaces/{ws}/runs/{job}[/details]
 * (ARM token), answering {"runId", "status", "startTimeUtc", "endTimeUtc",
 * "error": {"error": {"code", "message"}} (Failed only), "logFiles": {name:
 * SAS URL of the log blob}, "warnings": []}. */
#ifndef EM_RUN_HISTORY_H
#define EM_RUN_HISTORY_H

#include "app.h"
#include "http.h"

/* segs: the path after "history/v1.0". */
void em_run_history(em_app *app, const em_request *req, em_response *resp, char **segs, int n);

#endif
