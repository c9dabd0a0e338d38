#include "core/secure.h"

#include "core/alloc.h"

#include <openssl/crypto.h>
#include <string.h>

void aml__secure_wipe(void *ptr, size_t len) {
  if (ptr && len) OPENSSL_cleanse(ptr, len);
}

void aml__free_secret(char *s) {
  if (!s) return;
  aml__secure_wipe(s, strlen(s));
  aml__free(s);
}
