#include "storage_crypto.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

unsigned char *em_b64_decode(const char *s, size_t *out_len)
{
    size_t n = strlen(s);
    if (n == 0 || n % 4 != 0)
        return NULL;
    unsigned char *out = em_xmalloc(n / 4 * 3 + 1);
    int got = EVP_DecodeBlock(out, (const unsigned char *)s, (int)n);
    if (got < 0) {
        free(out);
        return NULL;
    }
    /* EVP_DecodeBlock counts the padding as zero bytes. */
    size_t len = (size_t)got;
    if (s[n - 1] == '=')
        len--;
    if (s[n - 2] == '=')
        len--;
    *out_len = len;
    return out;
}

char *em_hmac_sha256_b64(const unsigned char *key, size_t key_len, const char *msg)
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_len = 0;
    if (!HMAC(EVP_sha256(), key, (int)key_len, (const unsigned char *)msg, strlen(msg), mac,
              &mac_len))
        return em_xstrdup("");
    return em_b64_encode(mac, mac_len);
}

bool em_sig_equal(const char *a, const char *b)
{
    size_t n = strlen(a);
    return n == strlen(b) && CRYPTO_memcmp(a, b, n) == 0;
}

char *em_md5_b64(const void *data, size_t len)
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int dl = 0;
    EVP_Digest(data, len, d, &dl, EVP_md5(), NULL);
    return em_b64_encode(d, dl);
}

char *em_md5_file_b64(const char *path, int64_t offset, int64_t len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_md5(), NULL);
    char *buf = em_xmalloc(1 << 16);
    int64_t left = len;
    bool ok = true;
    while (len < 0 || left > 0) {
        size_t want = 1 << 16;
        if (len >= 0 && (int64_t)want > left)
            want = (size_t)left;
        ssize_t r = pread(fd, buf, want, (off_t)offset);
        if (r < 0) {
            ok = false;
            break;
        }
        if (r == 0) {
            ok = len < 0; /* a range past the end was asked for */
            break;
        }
        EVP_DigestUpdate(ctx, buf, (size_t)r);
        offset += r;
        left -= r;
    }
    free(buf);
    close(fd);
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int dl = 0;
    EVP_DigestFinal_ex(ctx, d, &dl);
    EVP_MD_CTX_free(ctx);
    return ok ? em_b64_encode(d, dl) : NULL;
}
