/* The batch endpoint data plane: POST to an endpoint's scoringUri creates a
 * job (status NotStarted; running it is the job runner's business), and the
 * MFE "list jobs of an endpoint/deployment" calls azure-ai-ml makes. */
#ifndef EM_SCORING_H
#define EM_SCORING_H

#include "app.h"
#include "http.h"

/* /batchEndpoints/{sub}/{rg}/{ws}/{endpoint}/jobs (segs after "batchEndpoints") */
void em_scoring(em_app *app, const em_request *req, em_response *resp, char **segs, int nseg);
/* /mferp/managementfrontend/subscriptions/... (segs after "managementfrontend") */
void em_mfe(em_app *app, const em_request *req, em_response *resp, char **segs, int nseg);

#endif
