/* Certificates for --tls: a private CA plus a server certificate for
 * localhost/127.0.0.1/::1 (and the --host name), generated once and kept in
 * the data directory so clients that trust the CA keep trusting it across
 * restarts. */
#ifndef EM_TLS_CERT_H
#define EM_TLS_CERT_H

typedef struct em_tls_material {
    char *cert_pem; /* server certificate (+ chain) */
    char *key_pem;
    char *ca_pem;   /* NULL when the caller supplied its own certificate */
} em_tls_material;

/* dir: where to keep generated files (NULL = generate in memory each start).
 * extra_name: a DNS name or IP literal to add to the certificate (may be NULL). */
int em_tls_generate(em_tls_material *out, const char *dir, const char *extra_name, char **err);
int em_tls_load(em_tls_material *out, const char *cert_file, const char *key_file, char **err);
void em_tls_free(em_tls_material *m);

#endif
