/* JSON syntax check without allocation (see json_check.h). */
#include "core/json_check.h"

#include <stdint.h>

/* jansson's JSON_PARSER_MAX_DEPTH: deeper text is rejected by jansson too. */
#define MAX_DEPTH 2048

typedef struct cursor {
  const unsigned char *p, *end;
} cursor;

static int peek(const cursor *c) { return c->p < c->end ? *c->p : -1; }

static void skip_ws(cursor *c) {
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')) c->p++;
}

static bool literal(cursor *c, const char *word) {
  for (; *word; word++, c->p++)
    if (c->p >= c->end || *c->p != (unsigned char)*word) return false;
  return true;
}

static bool digits(cursor *c) {
  const unsigned char *start = c->p;
  while (c->p < c->end && *c->p >= '0' && *c->p <= '9') c->p++;
  return c->p > start;
}

static bool number(cursor *c) {
  if (peek(c) == '-') c->p++;
  if (peek(c) == '0') {
    c->p++;
    if (peek(c) >= '0' && peek(c) <= '9') return false; /* no leading zeros */
  } else if (!digits(c)) {
    return false;
  }
  if (peek(c) == '.') {
    c->p++;
    if (!digits(c)) return false;
  }
  if (peek(c) == 'e' || peek(c) == 'E') {
    c->p++;
    if (peek(c) == '+' || peek(c) == '-') c->p++;
    if (!digits(c)) return false;
  }
  return true;
}

static int hex(int ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

/* After "\u": four hex digits. */
static bool hex4(cursor *c, int32_t *value) {
  int32_t v = 0;
  for (int i = 0; i < 4; i++) {
    int h = hex(peek(c));
    if (h < 0) return false;
    v = v * 16 + h;
    c->p++;
  }
  *value = v;
  return true;
}

static bool string(cursor *c) {
  c->p++; /* opening quote */
  for (;;) {
    int ch = peek(c);
    if (ch < 0) return false; /* unterminated */
    c->p++;
    if (ch == '"') return true;
    if (ch < 0x20) return false; /* control character */
    if (ch != '\\') continue;
    ch = peek(c);
    c->p++;
    if (ch == '"' || ch == '\\' || ch == '/' || ch == 'b' || ch == 'f' || ch == 'n' || ch == 'r' || ch == 't')
      continue;
    if (ch != 'u') return false;
    int32_t v;
    if (!hex4(c, &v)) return false;
    if (v >= 0xDC00 && v <= 0xDFFF) return false; /* lone low surrogate */
    if (v >= 0xD800 && v <= 0xDBFF) {
      int32_t low;
      if (!literal(c, "\\u") || !hex4(c, &low) || low < 0xDC00 || low > 0xDFFF) return false;
    }
  }
}

static bool value(cursor *c, int depth);

static bool container(cursor *c, int depth, bool object) {
  c->p++; /* '{' or '[' */
  skip_ws(c);
  if (peek(c) == (object ? '}' : ']')) {
    c->p++;
    return true;
  }
  for (;;) {
    if (object) {
      if (peek(c) != '"' || !string(c)) return false;
      skip_ws(c);
      if (peek(c) != ':') return false;
      c->p++;
      skip_ws(c);
    }
    if (!value(c, depth + 1)) return false;
    skip_ws(c);
    int ch = peek(c);
    c->p++;
    if (ch == (object ? '}' : ']')) return true;
    if (ch != ',') return false;
    skip_ws(c);
  }
}

/* depth counts like jansson's: every value, scalars included. */
static bool value(cursor *c, int depth) {
  if (depth > MAX_DEPTH) return false;
  switch (peek(c)) {
    case '{': return container(c, depth, true);
    case '[': return container(c, depth, false);
    case '"': return string(c);
    case 't': return literal(c, "true");
    case 'f': return literal(c, "false");
    case 'n': return literal(c, "null");
    default: return number(c);
  }
}

bool aml__json_syntax_ok(const char *data, size_t len) {
  if (!data) return false;
  cursor c = {(const unsigned char *)data, (const unsigned char *)data + len};
  skip_ws(&c);
  if (peek(&c) != '{' && peek(&c) != '[') return false; /* jansson wants an object or array */
  if (!value(&c, 1)) return false;
  skip_ws(&c);
  return c.p == c.end;
}
