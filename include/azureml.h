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

#endif /* AZUREML_H */
