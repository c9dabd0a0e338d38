/* Results on stdout: JSON (the default: the ARM resource as the service
 * returned it, indented as az prints it), a table, or tab-separated values,
 * after --query. */
#ifndef AML_CLI_OUTPUT_H
#define AML_CLI_OUTPUT_H

#include "cli.h"

#include <jansson.h>

/* "json", "table" or "tsv" → 0 and *out; -1 for anything else. */
int cli_format_parse(const char *text, cli_format *out);

/* Apply the query (when not NULL) and print `result` in `format` to `out`.
 * `columns` (NULL-header terminated, or NULL) choose the table's columns when
 * no query reshaped the result. Returns CLI_EXIT_OK, or CLI_EXIT_USAGE with a
 * message in errbuf for a malformed query. Does not take `result`. */
int cli_output_write(FILE *out, json_t *result, cli_format format, const char *query, const cli_column *columns,
                     char *errbuf, size_t errlen);

/* A JSON scalar as a table/tsv cell: strings bare, null empty. [transfer full] free() */
char *cli_cell_text(json_t *v);

/* Follow a dotted path ("properties.provisioningState") into an object; borrowed or NULL. */
json_t *cli_json_path(json_t *v, const char *path);

#endif
