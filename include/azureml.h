/**
 * @file azureml.h
 * @brief Umbrella header of libazureml, the C SDK for Azure Machine Learning
 *        batch scoring. Include this one header.
 */
#ifndef AZUREML_H
#define AZUREML_H

#include "azureml/common.h"
#include "azureml/errors.h"
#include "azureml/http.h"
#include "azureml/transport.h"
#include "azureml/fake_transport.h"
#include "azureml/pipeline.h"
#include "azureml/credential.h"
#include "azureml/client.h"
#include "azureml/workspace.h"
#include "azureml/batch_endpoint.h"
#include "azureml/batch_deployment.h"
#include "azureml/compute.h"
#include "azureml/assets.h"
#include "azureml/poller.h"
#include "azureml/pager.h"
#include "azureml/batch_endpoints.h"
#include "azureml/batch_deployments.h"
#include "azureml/computes.h"
#include "azureml/asset_versions.h"
#include "azureml/jobs.h"
#include "azureml/invoke.h"
#include "azureml/job_outputs.h"
#include "azureml/datastores.h"
#include "azureml/data_transfer.h"
#include "azureml/data_assets.h"
#include "azureml/yaml.h"

#endif /* AZUREML_H */
