/* Wiping secrets (client secrets, tokens) before their memory is released. */
#ifndef AML_CORE_SECURE_H
#define AML_CORE_SECURE_H

#include <stddef.h>

/* Overwrite len bytes in a way the compiler may not optimise away. */
void aml__secure_wipe(void *ptr, size_t len);
/* Wipe a NUL-terminated string, then free it. NULL-safe. */
void aml__free_secret(char *s);

#endif
