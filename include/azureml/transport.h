/**
 * @file azureml/transport.h
 * @brief The pluggable HTTP transport: a vtable, a one-function delegate, and
 *        the built-in libcurl transport.
 *
 * A transport sends one request and fills one response; it does not retry,
 * log or authenticate (the client's pipeline does). An ::aml_transport is
 * reference counted and safe to share between clients and threads; the
 * functions a user plugs in must therefore be safe to call from several
 * threads at once (the library itself starts no threads).
 */
#ifndef AZUREML_TRANSPORT_H
#define AZUREML_TRANSPORT_H

#include "http.h"

AML_BEGIN_DECL

/** A reference-counted HTTP transport. */
typedef struct aml_transport aml_transport;

/** Version of ::aml_transport_vtable understood by this header. */
#define AML_TRANSPORT_VTABLE_VERSION 1

/**
 * @brief Functions of a transport implementation.
 *
 * `send` must return AML_OK once a response (any status) was received, and
 * otherwise one of: AML_ERR_CONNECT (nothing reached the server, so any
 * method may be retried), AML_ERR_TRANSPORT (the exchange broke after the
 * request may have been sent), AML_ERR_TIMEOUT, AML_ERR_TLS. It may set
 * `*err` (aml_error_new()) to explain; the library takes ownership.
 */
typedef struct aml_transport_vtable {
  uint32_t version; /**< #AML_TRANSPORT_VTABLE_VERSION */
  /** Send @p req and fill @p resp. Called from any thread. */
  aml_result (*send)(void *self, const aml_http_request *req, aml_http_response *resp,
                     aml_error **err);
  /** [nullable] Release @p self when the last reference goes. */
  void (*destroy)(void *self);
} aml_transport_vtable;

/**
 * @brief Wrap an implementation in a transport handle.
 * @param[in] vtable [transfer none] copied.
 * @param self [nullable] passed to every vtable function; owned by the
 *        transport from now on if `vtable->destroy` is set (also on failure:
 *        destroy is called before an error is returned).
 * @param[out] out [transfer full] release with aml_transport_unref().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL vtable, vtable->send or out.
 * @retval AML_ERR_VERSION unknown vtable version.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_transport_new(const aml_transport_vtable *vtable, void *self,
                                     aml_transport **out, aml_error **err);

/** The delegate form of a transport: one function and its user data (for bindings). */
typedef aml_result (*aml_transport_send_fn)(const aml_http_request *req, aml_http_response *resp,
                                            void *user_data);

/**
 * @brief Make a transport from one function. Errors it returns are reported
 *        with the message of aml_result_str().
 * @param send Called for every request, from any thread.
 * @param user_data [nullable] passed to @p send; never dereferenced.
 * @param[out] out [transfer full] release with aml_transport_unref().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL @p send or @p out.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_transport_delegate_new(aml_transport_send_fn send, void *user_data,
                                              aml_transport **out, aml_error **err);

/**
 * @brief Send one request through a transport directly (no pipeline).
 *
 * Meant for testing a transport; operations go through a client.
 * @param[in] t the transport.
 * @param method e.g. "GET".
 * @param url absolute URL.
 * @param headers [nullable] "Name: value" lines separated by '\n'.
 * @param body [nullable] request body bytes.
 * @param body_size number of bytes in @p body.
 * @param timeout_ms per-try timeout, 0 for none.
 * @param[out] out [transfer full] the response; free with aml_http_response_free().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK a response was received (any status).
 * @retval AML_ERR_INVALID_ARG a required argument is NULL or malformed.
 * @retval AML_ERR_CONNECT / AML_ERR_TRANSPORT / AML_ERR_TIMEOUT / AML_ERR_TLS as the transport says.
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_transport_send(aml_transport *t, const char *method, const char *url,
                                      const char *headers, const uint8_t *body, size_t body_size,
                                      int64_t timeout_ms, aml_http_response **out,
                                      aml_error **err);

/**
 * @brief Take a reference.
 * @param t [nullable] any transport: from aml_transport_new(), aml_transport_delegate_new(),
 *        aml_curl_transport_new() or aml_fake_transport_new().
 * @return @p t (for chaining); NULL for NULL.
 * @threadsafety Safe from any thread.
 */
AML_API aml_transport *aml_transport_ref(aml_transport *t);

/**
 * @brief Drop a reference; the last one destroys the transport. NULL-safe.
 * @param t [nullable] any transport: from aml_transport_new(), aml_transport_delegate_new(),
 *        aml_curl_transport_new() or aml_fake_transport_new().
 * @threadsafety Safe from any thread.
 */
AML_API void aml_transport_unref(aml_transport *t);

/* ------------------------------------------------------------------------ */
/* The libcurl transport                                                     */
/* ------------------------------------------------------------------------ */

/** Version of ::aml_curl_transport_options understood by this header. */
#define AML_CURL_TRANSPORT_OPTIONS_VERSION 1

/**
 * @brief Options of the libcurl transport. Initialise with
 *        aml_curl_transport_options_init(); every field has a working default.
 */
typedef struct aml_curl_transport_options {
  uint32_t version; /**< Struct version, set by the matching _init function (or the library). */
  /** Connect timeout in ms (default 30000; 0 = libcurl's default). */
  int64_t connect_timeout_ms;
  /** Per-try timeout in ms used when a request carries none (default 0 = none). */
  int64_t timeout_ms;
  /** [nullable] PEM file of CA certificates to trust instead of the system's. */
  const char *ca_bundle;
  /** [nullable] Proxy URL ("http://host:port"); NULL = libcurl's environment handling. */
  const char *proxy;
  /**
   * Non-zero turns TLS certificate and host name verification OFF. Only for
   * throw-away tests against a server whose certificate cannot be trusted;
   * never in production (anyone on the path can read tokens). Default 0.
   */
  int32_t insecure_skip_tls_verify;
  /** Non-zero (default) offers HTTP/2 over TLS; the server decides. */
  int32_t enable_http2;
  /** Idle connections kept for reuse (default 16). */
  int32_t max_idle_connections;
} aml_curl_transport_options;

/**
 * @brief Set the defaults.
 * @param opts [out] the options to initialise.
 * @param version the version constant of the header (AML_*_VERSION).
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL @p opts.
 * @retval AML_ERR_VERSION unknown @p version.
 */
AML_API aml_result aml_curl_transport_options_init(aml_curl_transport_options *opts,
                                                   uint32_t version);

/**
 * @brief Create the libcurl transport.
 *
 * Connections are kept alive and reused by every request sent through the
 * transport, from any number of threads.
 * @param[in] opts [nullable][transfer none] NULL = defaults; strings are copied.
 * @param[out] out [transfer full] release with aml_transport_unref().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL @p out or a negative timeout.
 * @retval AML_ERR_VERSION unknown options version.
 * @retval AML_ERR_CONFIG the CA bundle file cannot be read.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_curl_transport_new(const aml_curl_transport_options *opts,
                                          aml_transport **out, aml_error **err);

AML_END_DECL

#endif /* AZUREML_TRANSPORT_H */
