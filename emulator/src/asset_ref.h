/* References to asset versions as clients write them: an ARM id
 * (/subscriptions/.../workspaces/<ws>/<collection>/<name>/versions/<v>, also
 * with an "azureml:" prefix), azureml:<name>:<version>, and for data assets
 * also azureml:<name>@latest and the azureml://.../data/<name>/versions/<v>
 * asset-id URIs. The caller holds the store lock. */
#ifndef EM_ASSET_REF_H
#define EM_ASSET_REF_H

#include <stdbool.h>

#include "store.h"

/* Store key of the version ref names in collection (codes, models, data),
 * or NULL when ref is not a reference of that form. Caller frees. */
char *em_asset_key(const char *ws_key, const char *collection, const char *ref);

/* A job input's uri that names a data asset: 1 and *data_uri (its
 * properties.dataUri; caller frees) when it resolves, -1 and *err (caller
 * frees) when it names an asset that does not exist, 0 when uri is not a
 * data asset reference (a path: nothing to resolve). */
int em_data_asset_uri(em_store *st, const char *ws_key, const char *uri, char **data_uri,
                      char **err);

#endif
