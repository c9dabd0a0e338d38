#include "core/uuid.h"

#include "core/clock.h"

#include <openssl/rand.h>
#include <stdint.h>
#include <stdio.h>

void aml__uuid4(char out[AML_UUID_STR_LEN + 1]) {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof(b)) != 1) {
    /* Request ids need uniqueness, not secrecy: fall back to the clock. */
    uint64_t seed = (uint64_t)aml__monotonic_ms() ^ 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < 16; i++) {
      seed = seed * 6364136223846793005ull + 1442695040888963407ull;
      b[i] = (unsigned char)(seed >> 56);
    }
  }
  b[6] = (unsigned char)((b[6] & 0x0F) | 0x40);
  b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);
  snprintf(out, AML_UUID_STR_LEN + 1,
           "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
           b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
           b[15]);
}
