/**
 * @file azureml/credential.h
 * @brief Credentials: where bearer tokens come from.
 *
 * Every ::aml_credential caches its tokens in memory, per scope, and asks its
 * source for a new one only when the cached token is within 5 minutes of
 * expiry. Concurrent callers of one credential share one refresh. Secrets and
 * tokens are wiped from memory when they are replaced or freed, and never
 * appear in log lines or error messages.
 *
 * Credentials are reference counted and safe to share between clients and
 * threads.
 */
#ifndef AZUREML_CREDENTIAL_H
#define AZUREML_CREDENTIAL_H

#include "pipeline.h"
#include "transport.h"

AML_BEGIN_DECL

/** The ARM scope (management operations). */
#define AML_SCOPE_ARM "https://management.azure.com/.default"
/** The Azure ML data-plane scope (invoking a batch endpoint). */
#define AML_SCOPE_ML "https://ml.azure.com/.default"
/** The default Entra ID authority host. */
#define AML_DEFAULT_AUTHORITY_HOST "https://login.microsoftonline.com"

/** A reference-counted token source with a cache. */
typedef struct aml_credential aml_credential;

/**
 * @brief An access token: the secret value and its expiry. Used both as the
 *        result of aml_credential_get_token() and as the place a user-written
 *        credential puts the token it obtained. The value is wiped on free.
 */
typedef struct aml_access_token aml_access_token;

/**
 * @brief Store a token (for user-written credentials). Copies @p value.
 * @param tok the token passed to the credential's get_token function.
 * @param value the bearer token, non-empty.
 * @param expires_on expiry as Unix time in seconds.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 * @retval AML_ERR_NOMEM
 */
AML_API aml_result aml_access_token_set(aml_access_token *tok, const char *value,
                                        int64_t expires_on);

/**
 * @brief The token value. [transfer none]; "" for NULL. Do not log it.
 * @param tok [nullable] the token.
 */
AML_API const char *aml_access_token_value(const aml_access_token *tok);

/**
 * @brief The expiry, Unix seconds; 0 for NULL.
 * @param tok [nullable] the token.
 */
AML_API int64_t aml_access_token_expires_on(const aml_access_token *tok);

/**
 * @brief Wipe and free a token returned by aml_credential_get_token(). NULL-safe.
 * @param tok [nullable] the token.
 */
AML_API void aml_access_token_free(aml_access_token *tok);

/** Version of ::aml_credential_vtable understood by this header. */
#define AML_CREDENTIAL_VTABLE_VERSION 1

/**
 * @brief Functions of a credential implementation.
 *
 * `get_token` fetches a fresh token for one scope and stores it with
 * aml_access_token_set(); the library caches it. It is called from any
 * thread, but never twice at once for one credential.
 */
typedef struct aml_credential_vtable {
  uint32_t version; /**< #AML_CREDENTIAL_VTABLE_VERSION */
  /** Obtain a token for @p scope. On failure return a negative code, optionally with *err. */
  aml_result (*get_token)(void *self, const char *scope, aml_access_token *out, aml_error **err);
  /** [nullable] Release @p self when the last reference goes. */
  void (*destroy)(void *self);
} aml_credential_vtable;

/**
 * @brief Wrap an implementation in a (caching) credential handle.
 * @param[in] vtable [transfer none] copied.
 * @param self [nullable] owned by the credential if `vtable->destroy` is set
 *        (destroyed on failure too).
 * @param[out] out [transfer full] release with aml_credential_unref().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL vtable, get_token or out.
 * @retval AML_ERR_VERSION unknown vtable version.
 * @retval AML_ERR_NOMEM
 */
AML_API aml_result aml_credential_new(const aml_credential_vtable *vtable, void *self,
                                      aml_credential **out, aml_error **err);

/** The delegate form: one function and user data (for bindings). */
typedef aml_result (*aml_get_token_fn)(const char *scope, aml_access_token *out, void *user_data);

/**
 * @brief Make a credential from one function.
 * @param get_token called (never concurrently) when the cache needs a token.
 * @param user_data [nullable] passed to @p get_token, never dereferenced.
 * @param[out] out [transfer full] release with aml_credential_unref().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL @p get_token or @p out.
 * @retval AML_ERR_NOMEM
 */
AML_API aml_result aml_credential_delegate_new(aml_get_token_fn get_token, void *user_data,
                                               aml_credential **out, aml_error **err);

/**
 * @brief A credential that always returns the same token (which it never refreshes).
 * @param token the bearer token; copied and wiped on free.
 * @param expires_on Unix seconds; 0 means "does not expire".
 * @param[out] out [transfer full] release with aml_credential_unref().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL/empty token or NULL out.
 * @retval AML_ERR_NOMEM
 */
AML_API aml_result aml_static_token_credential_new(const char *token, int64_t expires_on,
                                                   aml_credential **out, aml_error **err);

/** Version of ::aml_credential_options understood by this header (2 added
 *  @c send_certificate_chain). Every version from 1 on is accepted. */
#define AML_CREDENTIAL_OPTIONS_VERSION 2

/** @brief Options shared by the credentials that call Entra ID. */
typedef struct aml_credential_options {
  uint32_t version; /**< Struct version, set by the matching _init function (or the library). */
  /** [nullable] Authority host (sovereign clouds, the emulator, e.g.
   *  aml_cloud_authority_host()). NULL = the `AZURE_AUTHORITY_HOST`
   *  environment variable when set (as azure-identity reads it), else
   *  #AML_DEFAULT_AUTHORITY_HOST. */
  const char *authority_host;
  /** [nullable] Transport for token requests; NULL = a new libcurl transport. Referenced, not stolen. */
  aml_transport *transport;
  /** [nullable] CA bundle for the default transport. */
  const char *ca_bundle;
  /** Retry settings for token requests (aml_retry_options_init() defaults). */
  aml_retry_options retry;
  /** [nullable] Log callback for token requests. */
  aml_log_fn log_fn;
  /** Passed to @ref log_fn. */
  void *log_user_data;
  /** Most verbose level passed to @ref log_fn (default AML_LOG_INFO). */
  int32_t log_level;
  /** [nullable] Replaces sleeping between retries. */
  aml_sleep_fn sleep_fn;
  /** Passed to @ref sleep_fn. */
  void *sleep_user_data;
  /* ---- version 2 ---- */
  /** Client certificate credential: 1 sends the certificate chain in the
   *  assertion's `x5c` header (subject name / issuer authentication, azure-identity's
   *  `send_certificate_chain`); 0 (default) sends only the thumbprints. */
  int32_t send_certificate_chain;
} aml_credential_options;

/**
 * @brief Set the defaults. Writes only the fields of @p version (a program
 *        built against an older header passes its own version).
 * @param opts [out] the options to initialise.
 * @param version 1 to #AML_CREDENTIAL_OPTIONS_VERSION.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL @p opts.
 * @retval AML_ERR_VERSION unknown @p version.
 */
AML_API aml_result aml_credential_options_init(aml_credential_options *opts, uint32_t version);

/**
 * @brief The OAuth2 client-credentials flow with a client secret:
 *        `POST {authority}/{tenant}/oauth2/v2.0/token`.
 *
 * Token-endpoint failures become an aml_error with code AML_ERR_AUTH whose
 * service code and message are the endpoint's `error` and
 * `error_description`; the secret never appears in it.
 * @param tenant_id directory (tenant) id or domain.
 * @param client_id application (client) id.
 * @param client_secret the secret; copied, wiped on free.
 * @param[in] opts [nullable][transfer none] NULL = defaults.
 * @param[out] out [transfer full] release with aml_credential_unref().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG a NULL or empty string, or a tenant id with
 *         characters other than letters, digits, '-' and '.'.
 * @retval AML_ERR_VERSION unknown options version.
 * @retval AML_ERR_NOMEM
 */
AML_API aml_result aml_client_secret_credential_new(const char *tenant_id, const char *client_id,
                                                    const char *client_secret,
                                                    const aml_credential_options *opts,
                                                    aml_credential **out, aml_error **err);

/**
 * @brief The OAuth2 client-credentials flow with a certificate: each token
 *        request carries a JWT client assertion signed RS256 with the
 *        certificate's private key.
 *
 * The assertion's header holds the certificate's thumbprints (`x5t`, SHA-1,
 * and `x5t#S256`, SHA-256, base64url) and, with
 * aml_credential_options::send_certificate_chain, the chain (`x5c`); its
 * claims are `aud` = the token URL, `iss` = `sub` = @p client_id, a random
 * `jti`, `nbf`/`iat` = now and `exp` = now + 10 minutes. A new assertion is
 * made for every token request.
 *
 * The file is read once, here: either PEM holding the private key (plain or
 * encrypted PKCS#8, or traditional RSA) and its certificate in any order,
 * possibly followed by the rest of the chain; or PKCS#12 (`.pfx`, `.p12`),
 * with or without a password. The certificate used is the one whose public
 * key matches the private key. Only RSA keys are accepted. The file's bytes
 * and the password are wiped from memory once parsed; the key is kept (in
 * OpenSSL, which clears it on free) until the credential is freed. PKCS#12
 * files encrypted with legacy ciphers (RC2, as old exports use) need
 * OpenSSL's legacy provider: re-export them with AES.
 *
 * Token-endpoint failures are AML_ERR_AUTH with the endpoint's `error` and
 * `error_description` as service code and message; the assertion never
 * appears in an error or a log line.
 * @param tenant_id directory (tenant) id or domain.
 * @param client_id application (client) id.
 * @param certificate_path path of the PEM or PKCS#12 file.
 * @param password [nullable] password of the PKCS#12 file or encrypted PEM
 *        key; NULL when there is none (never prompted for).
 * @param[in] opts [nullable][transfer none] NULL = defaults.
 * @param[out] out [transfer full] release with aml_credential_unref().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG a NULL or empty argument, a malformed tenant id,
 *         or a wrong or missing password (the message says which).
 * @retval AML_ERR_NOT_FOUND the file does not exist or cannot be read.
 * @retval AML_ERR_PARSE the file is neither PEM nor PKCS#12, or holds no
 *         private key, no certificate for it, or a key that is not RSA.
 * @retval AML_ERR_VERSION unknown options version.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_client_certificate_credential_new(const char *tenant_id, const char *client_id,
                                                         const char *certificate_path, const char *password,
                                                         const aml_credential_options *opts,
                                                         aml_credential **out, aml_error **err);

/**
 * @brief aml_client_certificate_credential_new() with the certificate file's
 *        content in memory (a secret store, an embedded resource) instead of
 *        a path.
 * @param tenant_id directory (tenant) id or domain.
 * @param client_id application (client) id.
 * @param certificate [transfer none] PEM text or PKCS#12 bytes; read during
 *        the call only (the caller wipes its own copy).
 * @param certificate_len bytes in @p certificate.
 * @param password [nullable] as for aml_client_certificate_credential_new().
 * @param[in] opts [nullable][transfer none] NULL = defaults.
 * @param[out] out [transfer full] release with aml_credential_unref().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG a NULL or empty argument, a malformed tenant id,
 *         or a wrong or missing password.
 * @retval AML_ERR_PARSE as for aml_client_certificate_credential_new().
 * @retval AML_ERR_VERSION unknown options version.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_client_certificate_credential_new_from_memory(
    const char *tenant_id, const char *client_id, const uint8_t *certificate, size_t certificate_len,
    const char *password, const aml_credential_options *opts, aml_credential **out, aml_error **err);

/**
 * @brief Workload identity: a token that the platform gives the workload
 *        (Kubernetes' projected service-account token, a CI system's OIDC
 *        token) is read from a file and exchanged at Entra ID, as a client
 *        assertion, for a token of the application it is federated with.
 *
 * The file is read again at every token request, so a token the platform
 * rotates is always picked up (requests happen only when the cache needs a
 * token: once per token lifetime and scope). Its content is wiped from memory
 * after each request and never appears in an error or a log line.
 * @param tenant_id [nullable] directory (tenant) id; NULL = `AZURE_TENANT_ID`.
 * @param client_id [nullable] application (client) id; NULL = `AZURE_CLIENT_ID`.
 * @param token_file_path [nullable] the token file; NULL = `AZURE_FEDERATED_TOKEN_FILE`.
 * @param[in] opts [nullable][transfer none] NULL = defaults.
 * @param[out] out [transfer full] release with aml_credential_unref().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_CREDENTIAL_UNAVAILABLE a NULL argument whose variable is
 *         not set either (the message names every missing variable).
 * @retval AML_ERR_INVALID_ARG NULL @p out, an empty string argument, or a
 *         malformed tenant id.
 * @retval AML_ERR_VERSION unknown options version.
 * @retval AML_ERR_NOMEM
 * @threadsafety Reads the environment: do not call while another thread
 *         changes it. The credential is safe to share between threads.
 */
AML_API aml_result aml_workload_identity_credential_new(const char *tenant_id, const char *client_id,
                                                        const char *token_file_path,
                                                        const aml_credential_options *opts,
                                                        aml_credential **out, aml_error **err);

/**
 * @brief A service principal configured by the standard environment
 *        variables (azure-identity's `EnvironmentCredential`).
 *
 * `AZURE_TENANT_ID` and `AZURE_CLIENT_ID`, with either
 * - `AZURE_CLIENT_SECRET`: a client-secret credential
 *   (aml_client_secret_credential_new()); it wins when both forms are set;
 * - `AZURE_CLIENT_CERTIFICATE_PATH` (PEM or PKCS#12), with the optional
 *   `AZURE_CLIENT_CERTIFICATE_PASSWORD` and
 *   `AZURE_CLIENT_SEND_CERTIFICATE_CHAIN` (`1` or `true` sends `x5c`): a
 *   client-certificate credential (aml_client_certificate_credential_new()).
 *
 * `AZURE_AUTHORITY_HOST` applies when @p opts sets no authority host. The
 * variables are read once, here.
 * @param[in] opts [nullable][transfer none] NULL = defaults.
 * @param[out] out [transfer full] release with aml_credential_unref().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_CREDENTIAL_UNAVAILABLE the variables are incomplete; the
 *         message names the missing ones (never a value).
 * @retval AML_ERR_INVALID_ARG NULL @p out, a malformed tenant id, or a wrong
 *         certificate password.
 * @retval AML_ERR_NOT_FOUND the certificate file cannot be read.
 * @retval AML_ERR_PARSE the certificate file holds no usable key and certificate.
 * @retval AML_ERR_CONFIG `AZURE_AUTHORITY_HOST` is not an http(s) URL.
 * @retval AML_ERR_VERSION unknown options version.
 * @retval AML_ERR_NOMEM
 * @threadsafety Reads the environment: do not call while another thread
 *         changes it. The credential is safe to share between threads.
 */
AML_API aml_result aml_environment_credential_new(const aml_credential_options *opts, aml_credential **out,
                                                  aml_error **err);

/**
 * @brief Get a token for @p scope, from the cache when it is valid for more
 *        than 5 more minutes, otherwise from the source.
 * @param[out] out [transfer full] free with aml_access_token_free().
 * @param[out] err [nullable][transfer full]
 * @param cred the credential.
 * @param scope the token scope, e.g. #AML_SCOPE_ARM.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 * @retval AML_ERR_AUTH the source failed (see the error's service code/message).
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread; concurrent callers share one refresh.
 */
AML_API aml_result aml_credential_get_token(aml_credential *cred, const char *scope,
                                            aml_access_token **out, aml_error **err);

/** @brief Take a reference. @return @p cred. @threadsafety Safe from any thread. */
AML_API aml_credential *aml_credential_ref(aml_credential *cred);

/** @brief Drop a reference; the last one wipes and frees. NULL-safe. @threadsafety Safe from any thread. */
AML_API void aml_credential_unref(aml_credential *cred);

/* ------------------------------------------------------------------------ */
/* Managed identity                                                         */
/* ------------------------------------------------------------------------ */

/** The Azure Instance Metadata Service (IMDS) authority (link-local; reachable only on Azure). */
#define AML_IMDS_AUTHORITY "http://169.254.169.254"
/** The folder Azure Arc's agent writes its challenge files into (Linux). */
#define AML_ARC_KEY_DIR "/var/opt/azcmagent/tokens"

/** Version of ::aml_managed_identity_options understood by this header. */
#define AML_MANAGED_IDENTITY_OPTIONS_VERSION 1

/**
 * @brief Options of aml_managed_identity_credential_new(). Initialise with
 *        aml_managed_identity_options_init(); every field has a working default.
 *
 * At most one of `client_id`, `object_id` and `resource_id` may be
 * set; none selects the system-assigned identity.
 */
typedef struct aml_managed_identity_options {
  uint32_t version; /**< Struct version, set by the matching _init function (or the library). */
  /** [nullable] A user-assigned identity by its client (application) id. */
  const char *client_id;
  /** [nullable] A user-assigned identity by its object (principal) id. */
  const char *object_id;
  /** [nullable] A user-assigned identity by its ARM resource id. */
  const char *resource_id;
  /**
   * [nullable] The IMDS authority (`scheme://host[:port]`), to which
   * `/metadata/identity/oauth2/token` is appended. Setting it selects IMDS
   * whatever the environment says. NULL = `AZURE_POD_IDENTITY_AUTHORITY_HOST`
   * when set, else #AML_IMDS_AUTHORITY.
   */
  const char *imds_authority;
  /**
   * How long the first IMDS request may take, connection included, before
   * the credential concludes that no IMDS answers here and reports
   * #AML_ERR_CREDENTIAL_UNAVAILABLE (default 1000 ms; must be > 0).
   */
  int64_t probe_timeout_ms;
  /** [nullable] Folder an Azure Arc challenge file must be in; NULL = #AML_ARC_KEY_DIR. */
  const char *arc_key_dir;
  /**
   * [nullable][transfer none] Transport, CA bundle, retry settings, logging
   * and sleep hook for the token requests (its authority_host is not used).
   * NULL = defaults.
   */
  const aml_credential_options *credential;
} aml_managed_identity_options;

/**
 * @brief Set the defaults.
 * @param opts [out] the options to initialise.
 * @param version #AML_MANAGED_IDENTITY_OPTIONS_VERSION.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL @p opts.
 * @retval AML_ERR_VERSION unknown @p version.
 */
AML_API aml_result aml_managed_identity_options_init(aml_managed_identity_options *opts,
                                                     uint32_t version);

/**
 * @brief A credential for the managed identity of the Azure resource the
 *        program runs on.
 *
 * The source is chosen once, here, from the environment (as azure-identity
 * does): `IDENTITY_ENDPOINT` with `IDENTITY_HEADER` is App Service, Azure
 * Functions or Container Apps (`X-IDENTITY-HEADER`, api-version 2019-08-01);
 * `IDENTITY_ENDPOINT` with `IMDS_ENDPOINT` is Azure Arc (api-version
 * 2020-06-01; the endpoint answers 401 with `WWW-Authenticate: Basic
 * realm=<file>`, and the credential resends with the contents of that file,
 * which must be a `.key` file of at most 4096 bytes directly in
 * @ref aml_managed_identity_options.arc_key_dir); anything else is IMDS
 * (`Metadata: true`, api-version 2018-02-01). Setting
 * @ref aml_managed_identity_options.imds_authority forces IMDS. The token
 * resource is the scope without its `/.default` suffix.
 *
 * The first IMDS request is bounded by the probe timeout and not retried on
 * a connection failure: off Azure, the credential fails within about a
 * second with #AML_ERR_CREDENTIAL_UNAVAILABLE, and keeps failing so without
 * sending anything more. Once IMDS has answered, 410, 429 and 5xx answers
 * are retried with backoff (`Retry-After` honoured), and 400 or 404 (no such
 * identity on this resource) is #AML_ERR_CREDENTIAL_UNAVAILABLE.
 *
 * @param[in] opts [nullable][transfer none] NULL = system-assigned, defaults.
 * @param[out] out [transfer full] release with aml_credential_unref().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL @p out, more than one identity id, a
 *         non-positive probe timeout, or an endpoint that is not an http(s) URL.
 * @retval AML_ERR_UNSUPPORTED a user-assigned identity under Azure Arc (Arc
 *         has only the system-assigned one).
 * @retval AML_ERR_VERSION unknown options version.
 * @retval AML_ERR_NOMEM
 * @threadsafety The credential is safe to share between threads.
 */
AML_API aml_result aml_managed_identity_credential_new(const aml_managed_identity_options *opts,
                                                       aml_credential **out, aml_error **err);

/* ------------------------------------------------------------------------ */
/* Azure CLI                                                                */
/* ------------------------------------------------------------------------ */

/** Version of ::aml_azure_cli_options understood by this header. */
#define AML_AZURE_CLI_OPTIONS_VERSION 1

/**
 * @brief Options of aml_azure_cli_credential_new(). Initialise with
 *        aml_azure_cli_options_init().
 */
typedef struct aml_azure_cli_options {
  uint32_t version; /**< Struct version, set by the matching _init function (or the library). */
  /** [nullable] Tenant passed as `--tenant`; NULL = the CLI's current tenant. */
  const char *tenant_id;
  /**
   * How long `az` may run, in ms (default 10000; must be > 0). When it is
   * still running then, it is killed (with any process it started) and the
   * token request fails.
   */
  int64_t timeout_ms;
} aml_azure_cli_options;

/**
 * @brief Set the defaults.
 * @param opts [out] the options to initialise.
 * @param version #AML_AZURE_CLI_OPTIONS_VERSION.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL @p opts.
 * @retval AML_ERR_VERSION unknown @p version.
 */
AML_API aml_result aml_azure_cli_options_init(aml_azure_cli_options *opts, uint32_t version);

/**
 * @brief A credential that asks the Azure CLI for the signed-in account's
 *        token: it runs `az account get-access-token --output json --scope
 *        <scope>` (with `--tenant <tenant>` when set).
 *
 * `az` is looked up on `PATH` and run directly, without a shell, with its
 * standard input on /dev/null and its output read (at most 1 MiB each of
 * standard output and error). The token and its expiry come from
 * `accessToken` and `expires_on` (Unix seconds, newer CLIs) or `expiresOn`
 * (local time, older ones). Nothing the CLI prints on standard output
 * reaches an error or a log line; a line of its standard error may, when it
 * holds nothing that looks like a token.
 *
 * Failures: `az` not found on PATH, or not signed in (its error asks for
 * `az login`), is #AML_ERR_CREDENTIAL_UNAVAILABLE; a run past the timeout,
 * another non-zero exit, or output that is not the expected JSON is
 * #AML_ERR_AUTH with a message that says which.
 *
 * @param[in] opts [nullable][transfer none] NULL = defaults.
 * @param[out] out [transfer full] release with aml_credential_unref().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL @p out, a non-positive timeout, or a
 *         tenant id with characters other than letters, digits, '-' and '.'.
 * @retval AML_ERR_VERSION unknown options version.
 * @retval AML_ERR_NOMEM
 * @threadsafety The credential is safe to share between threads (one `az`
 *         runs at a time per credential).
 */
AML_API aml_result aml_azure_cli_credential_new(const aml_azure_cli_options *opts,
                                                aml_credential **out, aml_error **err);

/* ------------------------------------------------------------------------ */
/* The default chain                                                        */
/* ------------------------------------------------------------------------ */

/** Chain member: aml_environment_credential_new() (the `AZURE_*` service principal variables). */
#define AML_CHAIN_ENVIRONMENT "environment"
/** Chain member: aml_workload_identity_credential_new() from the environment. */
#define AML_CHAIN_WORKLOAD_IDENTITY "workload_identity"
/** Chain member: aml_managed_identity_credential_new(). */
#define AML_CHAIN_MANAGED_IDENTITY "managed_identity"
/** Chain member: aml_azure_cli_credential_new(). */
#define AML_CHAIN_AZURE_CLI "azure_cli"

/** Version of ::aml_default_credential_options understood by this header. */
#define AML_DEFAULT_CREDENTIAL_OPTIONS_VERSION 1

/**
 * @brief Options of aml_default_azure_credential_new(). Initialise with
 *        aml_default_credential_options_init().
 */
typedef struct aml_default_credential_options {
  uint32_t version; /**< Struct version, set by the matching _init function (or the library). */
  /**
   * [nullable] The members to try, in order, as a comma-separated list of
   * #AML_CHAIN_ENVIRONMENT, #AML_CHAIN_WORKLOAD_IDENTITY,
   * #AML_CHAIN_MANAGED_IDENTITY and #AML_CHAIN_AZURE_CLI (each at most once).
   * NULL = all four in that order.
   */
  const char *members;
  /** Non-zero leaves the environment member out. */
  int32_t exclude_environment;
  /** Non-zero leaves the workload identity member out. */
  int32_t exclude_workload_identity;
  /** Non-zero leaves the managed identity member out. */
  int32_t exclude_managed_identity;
  /** Non-zero leaves the Azure CLI member out. */
  int32_t exclude_azure_cli;
  /**
   * [nullable][transfer none] Authority host, transport, retry, logging and
   * sleep hook for the members that send requests. NULL = defaults.
   */
  const aml_credential_options *credential;
  /**
   * [nullable][transfer none] The managed identity member's options; when
   * their `credential` is NULL, @ref credential applies. NULL = defaults,
   * with the user-assigned identity whose client id is `AZURE_CLIENT_ID`
   * when that variable is set (as azure-identity does), else the
   * system-assigned one.
   */
  const aml_managed_identity_options *managed_identity;
  /** [nullable][transfer none] The Azure CLI member's options. NULL = defaults. */
  const aml_azure_cli_options *azure_cli;
} aml_default_credential_options;

/**
 * @brief Set the defaults.
 * @param opts [out] the options to initialise.
 * @param version #AML_DEFAULT_CREDENTIAL_OPTIONS_VERSION.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL @p opts.
 * @retval AML_ERR_VERSION unknown @p version.
 */
AML_API aml_result aml_default_credential_options_init(aml_default_credential_options *opts,
                                                       uint32_t version);

/**
 * @brief A chain of credentials that works unchanged on a developer's
 *        machine, in CI and on Azure: environment, workload identity,
 *        managed identity, Azure CLI (azure-identity's DefaultAzureCredential).
 *
 * At the first token request the members are tried in order. A member that
 * reports #AML_ERR_CREDENTIAL_UNAVAILABLE (or could not even be built for
 * that reason, such as missing variables) is passed over; the first member
 * that gets a token is kept, and every later request goes to it alone. A
 * member that fails for real (#AML_ERR_AUTH: it was asked and refused)
 * stops the search. When no member gets a token, one error lists each member
 * tried and why it failed (never a secret): #AML_ERR_CREDENTIAL_UNAVAILABLE
 * when every member was unavailable, otherwise #AML_ERR_AUTH.
 *
 * @param[in] opts [nullable][transfer none] NULL = defaults.
 * @param[out] out [transfer full] release with aml_credential_unref().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL @p out, an unknown or repeated member
 *         name, no member left, or invalid member options.
 * @retval AML_ERR_VERSION unknown options version (this struct's or a member's).
 * @retval AML_ERR_NOMEM
 * @threadsafety Reads the environment: do not call while another thread
 *         changes it. The credential is safe to share between threads.
 */
AML_API aml_result aml_default_azure_credential_new(const aml_default_credential_options *opts,
                                                    aml_credential **out, aml_error **err);

AML_END_DECL

#endif /* AZUREML_CREDENTIAL_H */
