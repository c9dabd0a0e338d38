/* A small, bounded XML reader for what Blob Storage answers (EnumerationResults,
 * Error): elements, attributes, text, CDATA, comments, the five predefined
 * entities and numeric character references. No DTD (a <!DOCTYPE> is
 * rejected, so no entity can expand), no namespaces, no external anything.
 * Hostile input ends in AML_ERR_PARSE, never a crash: nesting is capped and
 * every read is bounded by the input's length. */
#ifndef AML_STORAGE_XML_H
#define AML_STORAGE_XML_H

#include <stddef.h>

#include "core/kv.h"

#define AML_XML_MAX_DEPTH 64

typedef struct aml_xml_node {
  char *name;
  char *text;            /* character data directly inside (decoded; "" when none) */
  aml_kvlist attributes; /* decoded values */
  struct aml_xml_node *first_child;
  struct aml_xml_node *last_child;
  struct aml_xml_node *next;
} aml_xml_node;

/* Parse one document; *root is the document element. AML_ERR_PARSE (with a
 * message naming the byte offset) or AML_ERR_NOMEM. */
aml_result aml__xml_parse(const char *data, size_t len, aml_xml_node **root, aml_error **err);
void aml__xml_free(aml_xml_node *node);

/* The first child element named `name` (case-sensitive), or NULL. */
const aml_xml_node *aml__xml_child(const aml_xml_node *node, const char *name);
/* Its text, or NULL when there is no such child. */
const char *aml__xml_child_text(const aml_xml_node *node, const char *name);

#endif
