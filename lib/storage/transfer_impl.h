/* Shared inside the transfer engine (upload and download files). */
#ifndef AML_STORAGE_TRANSFER_IMPL_H
#define AML_STORAGE_TRANSFER_IMPL_H

#include "core/alloc.h"
#include "storage/blob_transfer.h"
#include "storage/parallel.h"

aml_result aml__transfer_options_check(const aml_blob_transfer_options *o, aml_error **err);
aml_result aml__read_fully_at(int fd, void *buf, size_t len, uint64_t offset, const char *path, aml_error **err);
aml_result aml__write_fully_at(int fd, const void *buf, size_t len, uint64_t offset, const char *path,
                               aml_error **err);
/* Piece `index` of a `total`-byte file cut in `piece`-byte pieces (the last may be short). */
void aml__piece(uint64_t index, uint64_t piece, uint64_t total, uint64_t *offset, uint64_t *len);
aml_result aml__fd_md5(int fd, const char *path, uint8_t md5[16], uint64_t *size, aml_error **err);

#endif
