/* Internal side of credentials: the cache every credential handle carries. */
#ifndef AML_IDENTITY_CREDENTIAL_IMPL_H
#define AML_IDENTITY_CREDENTIAL_IMPL_H

#include <azureml/credential.h>

/* Refresh a cached token when it has less than this left. */
#define AML_TOKEN_REFRESH_MARGIN_S 300

struct aml_access_token {
  char *value;        /* wiped on free */
  int64_t expires_on; /* Unix seconds; 0 = never */
};

/* Drop the cached token for `scope` (after a 401). */
void aml__credential_invalidate(aml_credential *cred, const char *scope);

/* Replaceable clock for cache tests (NULL restores the real one). */
void aml__credential_set_clock(int64_t (*now_unix_s)(void));
/* That clock: token lifetimes (expires_in) are counted on it too, so a test
 * that moves it ages tokens consistently. */
int64_t aml__credential_now(void);

#endif
