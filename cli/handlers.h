/* The command handlers, one file per command group; commands.c wires them
 * into the table. Each returns an exit code (cli.h). */
#ifndef AML_CLI_HANDLERS_H
#define AML_CLI_HANDLERS_H

#include "cli.h"

int cmd_endpoint_create(cli_ctx *ctx);
int cmd_endpoint_update(cli_ctx *ctx);
int cmd_endpoint_show(cli_ctx *ctx);
int cmd_endpoint_list(cli_ctx *ctx);
int cmd_endpoint_delete(cli_ctx *ctx);
int cmd_endpoint_invoke(cli_ctx *ctx);
int cmd_endpoint_list_jobs(cli_ctx *ctx);

int cmd_deployment_create(cli_ctx *ctx);
int cmd_deployment_update(cli_ctx *ctx);
int cmd_deployment_show(cli_ctx *ctx);
int cmd_deployment_list(cli_ctx *ctx);
int cmd_deployment_delete(cli_ctx *ctx);
int cmd_deployment_list_jobs(cli_ctx *ctx);

int cmd_compute_create(cli_ctx *ctx);
int cmd_compute_update(cli_ctx *ctx);
int cmd_compute_show(cli_ctx *ctx);
int cmd_compute_list(cli_ctx *ctx);
int cmd_compute_delete(cli_ctx *ctx);
int cmd_compute_list_nodes(cli_ctx *ctx);
int cmd_compute_list_sizes(cli_ctx *ctx);
int cmd_compute_list_usage(cli_ctx *ctx);

int cmd_model_create(cli_ctx *ctx);
int cmd_model_show(cli_ctx *ctx);
int cmd_model_list(cli_ctx *ctx);
int cmd_code_create(cli_ctx *ctx);
int cmd_code_show(cli_ctx *ctx);
int cmd_code_list(cli_ctx *ctx);
int cmd_environment_create(cli_ctx *ctx);
int cmd_environment_show(cli_ctx *ctx);
int cmd_environment_list(cli_ctx *ctx);
int cmd_data_create(cli_ctx *ctx);
int cmd_data_show(cli_ctx *ctx);
int cmd_data_list(cli_ctx *ctx);

int cmd_job_show(cli_ctx *ctx);
int cmd_job_list(cli_ctx *ctx);
int cmd_job_cancel(cli_ctx *ctx);
int cmd_job_stream(cli_ctx *ctx);
int cmd_job_download(cli_ctx *ctx);
int cmd_job_wait(cli_ctx *ctx);

int cmd_datastore_list(cli_ctx *ctx);
int cmd_datastore_show(cli_ctx *ctx);
int cmd_datastore_upload(cli_ctx *ctx);
int cmd_datastore_download(cli_ctx *ctx);

#endif
