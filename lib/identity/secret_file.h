/* Reading a small file that holds a secret (a certificate with its private
 * key, a federated token) whole into memory that is wiped when released. */
#ifndef AML_IDENTITY_SECRET_FILE_H
#define AML_IDENTITY_SECRET_FILE_H

#include <stddef.h>
#include <stdint.h>

#include <azureml/errors.h>

/* Files larger than this are refused: no certificate or token is that big,
 * and a wrong path (a log, a device) must not be read into memory. */
#define AML_SECRET_FILE_MAX (1024 * 1024)

/* Read `path` whole. *out is NUL-terminated (not counted in *len); release it
 * with aml__secret_file_free. `what` names the file in messages ("certificate
 * file", "federated token file"). AML_ERR_NOT_FOUND when the file does not
 * exist or cannot be opened, AML_ERR_INVALID_ARG when it is not a regular file
 * or is too large, AML_ERR_NOMEM. The content never appears in an error. */
aml_result aml__secret_file_read(const char *path, const char *what, uint8_t **out, size_t *len,
                                 aml_error **err);
/* Wipe and free. NULL-safe. */
void aml__secret_file_free(uint8_t *data, size_t len);

#endif
