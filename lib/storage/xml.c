/* The bounded XML reader (see xml.h): one pass, an explicit stack of open
 * elements, text decoded as it is read. */
#include "storage/xml.h"

#include "core/alloc.h"
#include "core/buf.h"

#include <stdbool.h>
#include <string.h>

typedef struct parser {
  const char *s;
  size_t len, pos;
  aml_error **err;
} parser;

static aml_result bad(parser *p, const char *what) {
  return aml__fail(p->err, AML_ERR_PARSE, "malformed XML at byte %zu: %s", p->pos, what);
}

static bool at(const parser *p, const char *lit) {
  size_t n = strlen(lit);
  return p->len - p->pos >= n && memcmp(p->s + p->pos, lit, n) == 0;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
static bool is_name_char(char c) {
  return !is_space(c) && c != '<' && c != '>' && c != '/' && c != '=' && c != '"' && c != '\'' && c != '&' &&
         c != '\0' && c != '?' && c != '!';
}

static void skip_space(parser *p) {
  while (p->pos < p->len && is_space(p->s[p->pos])) p->pos++;
}

/* Skip past the next occurrence of `end`; false when there is none. */
static bool skip_past(parser *p, const char *end) {
  size_t n = strlen(end);
  for (; p->pos + n <= p->len; p->pos++)
    if (memcmp(p->s + p->pos, end, n) == 0) {
      p->pos += n;
      return true;
    }
  return false;
}

static aml_result put_utf8(aml_buf *out, unsigned long cp) {
  char b[4];
  size_t n;
  if (cp < 0x80) {
    b[0] = (char)cp;
    n = 1;
  } else if (cp < 0x800) {
    b[0] = (char)(0xC0 | (cp >> 6));
    b[1] = (char)(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    b[0] = (char)(0xE0 | (cp >> 12));
    b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    b[2] = (char)(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    b[0] = (char)(0xF0 | (cp >> 18));
    b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    b[3] = (char)(0x80 | (cp & 0x3F));
    n = 4;
  }
  return aml__buf_append(out, b, n);
}

/* At '&': decode one reference into out. */
static aml_result reference(parser *p, aml_buf *out) {
  static const struct {
    const char *name;
    char ch;
  } named[] = {{"lt;", '<'}, {"gt;", '>'}, {"amp;", '&'}, {"quot;", '"'}, {"apos;", '\''}};
  p->pos++;
  for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
    if (at(p, named[i].name)) {
      p->pos += strlen(named[i].name);
      return aml__buf_putc(out, named[i].ch) ? AML_ERR_NOMEM : AML_OK;
    }
  if (!at(p, "#")) return bad(p, "unknown entity");
  p->pos++;
  bool hex = at(p, "x");
  if (hex) p->pos++;
  unsigned long cp = 0;
  size_t digits = 0;
  for (; p->pos < p->len && p->s[p->pos] != ';'; p->pos++, digits++) {
    char c = p->s[p->pos];
    int v = c >= '0' && c <= '9' ? c - '0'
            : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
            : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                          : -1;
    if (v < 0 || digits >= 8) return bad(p, "bad character reference");
    cp = cp * (hex ? 16 : 10) + (unsigned long)v;
  }
  if (p->pos >= p->len || digits == 0) return bad(p, "unterminated character reference");
  p->pos++;
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return bad(p, "character reference out of range");
  return put_utf8(out, cp) ? AML_ERR_NOMEM : AML_OK;
}

/* Text up to `stop` (or '<' when stop is 0), references decoded. */
static aml_result text_until(parser *p, char stop, aml_buf *out) {
  while (p->pos < p->len) {
    char c = p->s[p->pos];
    if (stop ? c == stop : c == '<') return AML_OK;
    if (stop && c == '<') return bad(p, "'<' in an attribute value");
    if (c == '&') {
      aml_result rc = reference(p, out);
      if (rc < 0) return rc;
    } else {
      if (aml__buf_putc(out, c)) return AML_ERR_NOMEM;
      p->pos++;
    }
  }
  return stop ? bad(p, "unterminated attribute value") : AML_OK;
}

static aml_result name(parser *p, char **out) {
  size_t start = p->pos;
  while (p->pos < p->len && is_name_char(p->s[p->pos])) p->pos++;
  if (p->pos == start) return bad(p, "expected a name");
  *out = aml__strndup(p->s + start, p->pos - start);
  return *out ? AML_OK : AML_ERR_NOMEM;
}

static aml_xml_node *node_new(void) {
  aml_xml_node *n = aml__calloc(1, sizeof(*n));
  if (n) aml__kvlist_init(&n->attributes, false);
  return n;
}

/* After '<' of a start tag: name, attributes, then '>' or '/>'. */
static aml_result start_tag(parser *p, aml_xml_node *n, bool *self_closing) {
  aml_result rc = name(p, &n->name);
  if (rc < 0) return rc;
  aml_buf value = AML_BUF_INIT;
  for (;;) {
    skip_space(p);
    if (p->pos >= p->len) {
      rc = bad(p, "unterminated start tag");
      break;
    }
    if (at(p, "/>") || p->s[p->pos] == '>') {
      *self_closing = p->s[p->pos] == '/';
      p->pos += *self_closing ? 2 : 1;
      break;
    }
    char *attr = NULL;
    if ((rc = name(p, &attr)) < 0) break;
    skip_space(p);
    char quote = p->pos < p->len ? p->s[p->pos] : 0;
    if (!at(p, "=")) {
      aml__free(attr);
      rc = bad(p, "expected '=' after an attribute name");
      break;
    }
    p->pos++;
    skip_space(p);
    quote = p->pos < p->len ? p->s[p->pos] : 0;
    if (quote != '"' && quote != '\'') {
      aml__free(attr);
      rc = bad(p, "expected a quoted attribute value");
      break;
    }
    p->pos++;
    aml__buf_clear(&value);
    rc = text_until(p, quote, &value);
    if (rc == AML_OK) {
      p->pos++;
      rc = aml__kvlist_add(&n->attributes, attr, aml__buf_cstr(&value)) ? AML_ERR_NOMEM : AML_OK;
    }
    aml__free(attr);
    if (rc < 0) break;
  }
  aml__buf_free(&value);
  return rc == AML_ERR_NOMEM ? aml__fail(p->err, rc, "out of memory reading XML") : rc;
}

/* Prolog: XML declaration, comments, processing instructions, spaces. */
static aml_result misc(parser *p) {
  for (;;) {
    skip_space(p);
    if (at(p, "<?")) {
      if (!skip_past(p, "?>")) return bad(p, "unterminated processing instruction");
    } else if (at(p, "<!--")) {
      if (!skip_past(p, "-->")) return bad(p, "unterminated comment");
    } else if (at(p, "<!")) {
      return bad(p, "DOCTYPE and declarations are not accepted");
    } else {
      return AML_OK;
    }
  }
}

aml_result aml__xml_parse(const char *data, size_t len, aml_xml_node **root, aml_error **err) {
  *root = NULL;
  parser p = {data, len, 0, err};
  if (at(&p, "\xEF\xBB\xBF")) p.pos = 3; /* UTF-8 byte order mark */
  aml_result rc = misc(&p);
  if (rc < 0) return rc;
  if (!at(&p, "<")) return bad(&p, "expected the document element");
  aml_xml_node *stack[AML_XML_MAX_DEPTH];
  size_t depth = 0;
  aml_buf text = AML_BUF_INIT;
  aml_xml_node *top = NULL;
  for (;;) {
    if (depth == 0 && top) break; /* document element closed */
    if (p.pos >= p.len) {
      rc = bad(&p, "unexpected end of document");
      goto fail;
    }
    if (at(&p, "<!--")) {
      if (!skip_past(&p, "-->")) {
        rc = bad(&p, "unterminated comment");
        goto fail;
      }
    } else if (at(&p, "<![CDATA[")) {
      p.pos += 9;
      size_t start = p.pos;
      if (!skip_past(&p, "]]>")) {
        rc = bad(&p, "unterminated CDATA section");
        goto fail;
      }
      if (!depth) {
        rc = bad(&p, "CDATA outside an element");
        goto fail;
      }
      if (aml__buf_append(&text, data + start, p.pos - 3 - start)) goto nomem;
    } else if (at(&p, "<?")) {
      if (!skip_past(&p, "?>")) {
        rc = bad(&p, "unterminated processing instruction");
        goto fail;
      }
    } else if (at(&p, "<!")) {
      rc = bad(&p, "declarations are not accepted inside the document");
      goto fail;
    } else if (at(&p, "</")) {
      p.pos += 2;
      char *end_name = NULL;
      if ((rc = name(&p, &end_name)) < 0) goto fail;
      bool match = depth && strcmp(end_name, stack[depth - 1]->name) == 0;
      aml__free(end_name);
      skip_space(&p);
      if (!match || !at(&p, ">")) {
        rc = bad(&p, "mismatched end tag");
        goto fail;
      }
      p.pos++;
      aml_xml_node *closing = stack[--depth];
      closing->text = aml__buf_detach(&text);
      if (!closing->text) goto nomem;
    } else if (at(&p, "<")) {
      if (depth == AML_XML_MAX_DEPTH) {
        rc = bad(&p, "elements nested too deeply");
        goto fail;
      }
      p.pos++;
      aml_xml_node *n = node_new();
      if (!n) goto nomem;
      /* Link first, so one free of the root releases everything on failure. */
      if (depth) {
        aml_xml_node *parent = stack[depth - 1];
        if (parent->last_child) parent->last_child->next = n;
        else parent->first_child = n;
        parent->last_child = n;
        /* Text of the parent around children is not kept (Blob Storage
         * puts text only in leaf elements). */
        aml__buf_clear(&text);
      } else {
        top = n;
      }
      bool self_closing = false;
      if ((rc = start_tag(&p, n, &self_closing)) < 0) goto fail;
      if (self_closing) {
        n->text = aml__strdup("");
        if (!n->text) goto nomem;
        if (!depth) break;
      } else {
        stack[depth++] = n;
      }
    } else {
      if (!depth) {
        rc = bad(&p, "text outside the document element");
        goto fail;
      }
      if ((rc = text_until(&p, 0, &text)) < 0) goto fail;
    }
  }
  aml__buf_free(&text);
  if ((rc = misc(&p)) < 0) {
    aml__xml_free(top);
    return rc;
  }
  if (p.pos != p.len) {
    aml__xml_free(top);
    return bad(&p, "content after the document element");
  }
  *root = top;
  return AML_OK;
nomem:
  rc = aml__fail(err, AML_ERR_NOMEM, "out of memory reading XML");
fail:
  aml__buf_free(&text);
  aml__xml_free(top);
  return rc == AML_ERR_NOMEM ? aml__fail(err, rc, "out of memory reading XML") : rc;
}

void aml__xml_free(aml_xml_node *node) {
  while (node) {
    aml_xml_node *next = node->next;
    aml__xml_free(node->first_child); /* depth is capped at AML_XML_MAX_DEPTH */
    aml__free(node->name);
    aml__free(node->text);
    aml__kvlist_clear(&node->attributes);
    aml__free(node);
    node = next;
  }
}

const aml_xml_node *aml__xml_child(const aml_xml_node *node, const char *name) {
  for (const aml_xml_node *c = node ? node->first_child : NULL; c; c = c->next)
    if (c->name && strcmp(c->name, name) == 0) return c;
  return NULL;
}

const char *aml__xml_child_text(const aml_xml_node *node, const char *name) {
  const aml_xml_node *c = aml__xml_child(node, name);
  return c ? (c->text ? c->text : "") : NULL;
}
