/* --query: the small part of JMESPath that `az ... --query` is mostly used
 * with. Supported (and documented in docs/cli.md):
 *   name, a.b.c          fields (identifiers, or "quoted-names")
 *   [0], [-1]            an element of an array
 *   [] or [*]            a projection: the rest applies to every element
 *                        (elements for which it is null are dropped)
 *   {k: a.b, n: name}    a multiselect hash, last in an expression (or after [])
 * Anything else (filters, functions, pipes, slices) is a usage error. */
#ifndef AML_CLI_QUERY_H
#define AML_CLI_QUERY_H

#include <jansson.h>
#include <stddef.h>

typedef struct cli_query cli_query;

/* 0 and *out, or -1 with a message in errbuf. */
int cli_query_compile(const char *expr, cli_query **out, char *errbuf, size_t errlen);
/* A new reference (json null when nothing matches). */
json_t *cli_query_eval(const cli_query *q, json_t *in);
void cli_query_free(cli_query *q);

#endif
