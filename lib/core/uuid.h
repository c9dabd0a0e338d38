/* Random (version 4) UUIDs for request ids and operation ids. */
#ifndef AML_CORE_UUID_H
#define AML_CORE_UUID_H

#define AML_UUID_STR_LEN 36

/* Writes 36 characters and a NUL into out. */
void aml__uuid4(char out[AML_UUID_STR_LEN + 1]);

#endif
