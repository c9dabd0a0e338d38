/* The content hash azure-ai-ml names local uploads by. */
#ifndef AML_ML_DATA_HASH_H
#define AML_ML_DATA_HASH_H

#include <azureml/errors.h>

/* Lower-case hex MD5 of a file or folder, as azure-ai-ml's get_object_hash
 * (no ignore file applied). AML_ERR_NOT_FOUND when `path` does not exist. */
aml_result aml__local_content_hash(const char *path, char hex[33], aml_error **err);

#endif
