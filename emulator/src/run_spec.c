#include "run_spec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arm.h"
#include "asset_ref.h"
#include "datastore.h"
#include "util.h"
#include "validate.h"

/* What is read from the store, copied so that the rest runs unlocked. */
typedef struct looked_up {
    json_t *dep;     /* the deployment's properties */
    char *code_uri;  /* the code asset's codeUri */
    char *model_uri; /* the model asset's modelUri (referenceType Id) */
} looked_up;

/* The path member (codeUri/modelUri) of the asset version ref names. */
static char *asset_uri(em_store *st, const char *ws_key, const char *collection,
                       const char *field, const char *ref, char **err)
{
    char *key = em_asset_key(ws_key, collection, ref);
    json_t *asset = key ? em_res_get(st, key, NULL) : NULL;
    free(key);
    json_t *props = json_object_get(asset, "properties");
    const char *uri = json_string_value(json_object_get(props, field));
    char *out = uri ? em_xstrdup(uri) : NULL;
    if (!out)
        *err = em_printf("The %s asset '%s' the deployment references was not found in the "
                         "workspace%s.",
                         strcmp(collection, "codes") == 0 ? "code" : "model", ref,
                         asset ? " with a path" : "");
    json_decref(asset);
    return out;
}

static int look_up(em_app *app, const em_job *job, looked_up *l, char **err)
{
    char *ep_key = em_arm_child_key(job->workspace, "batchEndpoints", job->endpoint);
    char *dep_key = em_arm_child_key(ep_key, "deployments", job->deployment);
    em_store_lock(app->store);
    json_t *dep = em_res_get(app->store, dep_key, NULL);
    json_t *p = json_object_get(dep, "properties");
    json_t *cc = json_object_get(p, "codeConfiguration");
    json_t *model = json_object_get(p, "model");
    const char *code_id = json_string_value(json_object_get(cc, "codeId"));
    int rc = -1;
    if (!dep) {
        *err = em_printf("The batch deployment '%s' of endpoint '%s' no longer exists.",
                         job->deployment, job->endpoint);
    } else if (!json_is_object(cc)) {
        *err = em_printf(
            "The batch deployment '%s' has no code configuration (a model-only deployment, such "
            "as an MLflow model, is scored by a runtime the emulator does not have). Give the "
            "deployment codeConfiguration.codeId and codeConfiguration.scoringScript.",
            job->deployment);
    } else if (!code_id) {
        *err = em_printf("The batch deployment '%s' has no codeConfiguration.codeId: the emulator "
                         "needs the code asset that holds the scoring script.",
                         job->deployment);
    } else if ((l->code_uri = asset_uri(app->store, job->workspace, "codes", "codeUri", code_id,
                                        err)) != NULL) {
        const char *asset = json_string_value(json_object_get(model, "assetId"));
        const char *rt = json_string_value(json_object_get(model, "referenceType"));
        if (asset && rt && strcasecmp(rt, "Id") == 0)
            l->model_uri = asset_uri(app->store, job->workspace, "models", "modelUri", asset, err);
        if (!asset || l->model_uri)
            rc = 0;
    }
    em_store_unlock(app->store);
    if (rc == 0)
        l->dep = json_deep_copy(p);
    json_decref(dep);
    free(dep_key);
    free(ep_key);
    return rc;
}

/* An integer setting: the invoke's override, else the deployment's, else
 * def. false (with *err) when the override is not an integer >= min. */
static bool pick_int(const json_t *override, const json_t *dep_value, json_int_t def,
                     json_int_t min, const char *name, json_int_t *out, char **err)
{
    if (override && !json_is_null(override)) {
        if (!json_is_integer(override) || json_integer_value(override) < min) {
            *err = em_printf("The invoke's %s must be an integer >= %lld.", name, (long long)min);
            return false;
        }
        *out = json_integer_value(override);
        return true;
    }
    *out = json_is_integer(dep_value) && json_integer_value(dep_value) >= min
               ? json_integer_value(dep_value)
               : def;
    return true;
}

static bool pick_settings(em_run_spec *s, const json_t *settings, const json_t *dep, char **err)
{
    json_int_t mbs, inst, conc, thr, retries;
    json_t *rs = json_object_get(settings, "retrySettings");
    json_t *drs = json_object_get(dep, "retrySettings");
    if (!pick_int(json_object_get(settings, "miniBatchSize"), json_object_get(dep, "miniBatchSize"),
                  10, 1, "miniBatchSize", &mbs, err) ||
        !pick_int(json_object_get(json_object_get(settings, "compute"), "instanceCount"),
                  json_object_get(json_object_get(dep, "resources"), "instanceCount"), 1, 1,
                  "compute.instanceCount", &inst, err) ||
        !pick_int(json_object_get(settings, "maxConcurrencyPerInstance"),
                  json_object_get(dep, "maxConcurrencyPerInstance"), 1, 1,
                  "maxConcurrencyPerInstance", &conc, err) ||
        !pick_int(json_object_get(settings, "errorThreshold"),
                  json_object_get(dep, "errorThreshold"), -1, -1, "errorThreshold", &thr, err) ||
        !pick_int(json_object_get(rs, "maxRetries"), json_object_get(drs, "maxRetries"), 3, 0,
                  "retrySettings.maxRetries", &retries, err))
        return false;
    s->mini_batch_size = mbs > 1000000 ? 1000000 : (int)mbs;
    s->instances = inst > EM_RUN_MAX_WORKERS ? EM_RUN_MAX_WORKERS : (int)inst;
    s->concurrency = conc > EM_RUN_MAX_WORKERS ? EM_RUN_MAX_WORKERS : (int)conc;
    s->error_threshold = (long)thr;
    s->max_retries = retries > 1000 ? 1000 : (int)retries;
    const char *timeout = json_string_value(json_object_get(rs, "timeout"));
    const char *dep_timeout = json_string_value(json_object_get(drs, "timeout"));
    s->timeout_ms = 30000;
    if (timeout && (!em_duration_ms(timeout, &s->timeout_ms) || s->timeout_ms <= 0)) {
        *err = em_printf("The invoke's retrySettings.timeout '%s' is not a positive ISO-8601 "
                         "duration such as PT30S.",
                         timeout);
        return false;
    }
    /* The deployment's was validated when it was created. */
    if (!timeout && dep_timeout &&
        (!em_duration_ms(dep_timeout, &s->timeout_ms) || s->timeout_ms <= 0))
        s->timeout_ms = 30000;
    const char *action = json_string_value(json_object_get(dep, "outputAction"));
    s->append_row = !action || strcasecmp(action, "SummaryOnly") != 0;
    return true;
}

/* The single asset input of a model deployment (literal inputs are for
 * pipeline-component deployments and are ignored). */
static const json_t *the_input(const json_t *inputs, const char **name, char **err)
{
    const json_t *found = NULL;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)inputs, k, v) {
        const char *t = json_string_value(json_object_get(v, "jobInputType"));
        if (t && strcasecmp(t, "literal") == 0)
            continue;
        if (found) {
            *err = em_xstrdup("A model batch deployment takes one input; the invoke gave several.");
            return NULL;
        }
        found = v;
        *name = k;
    }
    if (!found)
        *err = em_xstrdup("The invoke gave no input with a uri.");
    return found;
}

/* What a datastore URI (or a datastore path, uri NULL) names must stay in
 * the datastore root: a symbolic link planted there does not lead a job to
 * any file of the machine. file:// and absolute paths are the user's own
 * choice and are not checked. */
static bool stays_inside(const char *root, const char *uri, const char *path, const char *what,
                         char **err)
{
    if ((uri && !em_starts_with_ci(uri, "azureml:")) || em_path_inside(root, path))
        return true;
    *err = em_printf("%s %s leads out of the datastore root (a symbolic link?); links out of "
                     "the datastores are not followed.",
                     what, path);
    return false;
}

static bool resolve_input(em_app *app, const em_job *job, em_run_spec *s, const json_t *props,
                          char **err)
{
    const char *root = app->datastore_dir;
    const char *name = NULL;
    const json_t *in = the_input(json_object_get(props, "inputs"), &name, err);
    if (!in)
        return false;
    const char *type = json_string_value(json_object_get(in, "jobInputType"));
    const char *uri = json_string_value(json_object_get(in, "uri"));
    if (type && strcasecmp(type, "uri_folder") != 0 && strcasecmp(type, "uri_file") != 0) {
        *err = em_printf("The input '%s' is of type %s; the emulator's runner reads uri_folder "
                         "and uri_file inputs.",
                         name, type);
        return false;
    }
    char *why = NULL, *asset_uri_of = NULL;
    /* A data asset stands for its dataUri. */
    em_store_lock(app->store);
    int is_asset = uri ? em_data_asset_uri(app->store, job->workspace, uri, &asset_uri_of, &why)
                       : 0;
    em_store_unlock(app->store);
    if (is_asset < 0) {
        *err = em_printf("The input '%s': %s", name, why);
        free(why);
        return false;
    }
    s->input_path = em_datastore_path(root, is_asset ? asset_uri_of : uri, &why);
    /* Links are checked for what came from a datastore URI. */
    const char *src = is_asset ? asset_uri_of : uri;
    const char *effective = src && em_starts_with_ci(src, "azureml:") ? NULL : "file:";
    free(asset_uri_of);
    if (!s->input_path) {
        *err = em_printf("The input '%s': %s", name, why);
        free(why);
        return false;
    }
    bool is_file = em_is_file(s->input_path), is_dir = em_is_dir(s->input_path);
    bool want_file = type ? strcasecmp(type, "uri_file") == 0 : is_file;
    if (!is_file && !is_dir) {
        char *shown = em_uri_shown(uri);
        *err = em_printf("The input '%s' (%s) was not found at %s.", name, shown, s->input_path);
        free(shown);
        return false;
    }
    if (want_file != is_file) {
        char *shown = em_uri_shown(uri);
        *err = em_printf("The input '%s' (%s) is of type %s but %s is a %s.", name, shown,
                         want_file ? "uri_file" : "uri_folder", s->input_path,
                         is_file ? "file" : "folder");
        free(shown);
        return false;
    }
    if (want_file) {
        em_strv_push(&s->files, s->input_path);
    } else if (em_list_files(s->input_path, &s->files) != 0 || s->files.n == 0) {
        char *shown = em_uri_shown(uri);
        *err = em_printf("The input folder %s (%s) has no files.", s->input_path, shown);
        free(shown);
        return false;
    }
    for (size_t i = 0; i < s->files.n; i++)
        if (!stays_inside(root, effective, s->files.v[i], "The input file", err))
            return false;
    return true;
}

/* Where AppendRow writes: the invoke's output (outputData, a folder or a
 * file), else its legacy outputDataset, else the job's folder; the file is
 * named by the invoke's outputFileName, else the deployment's. */
static bool resolve_output(em_run_spec *s, const json_t *props, const json_t *dep,
                           const char *root, char **err)
{
    json_t *settings = json_object_get(props, "settings");
    json_t *name_j = json_object_get(settings, "outputFileName");
    if (name_j && !json_is_null(name_j) && !json_is_string(name_j)) {
        *err = em_xstrdup("The invoke's outputFileName must be a string.");
        return false;
    }
    const char *file_name = json_string_value(name_j);
    if (!file_name)
        file_name = json_string_value(json_object_get(dep, "outputFileName"));
    if (!file_name)
        file_name = "predictions.csv";
    if (!*file_name || strchr(file_name, '/') || strcmp(file_name, "..") == 0 ||
        strcmp(file_name, ".") == 0) {
        *err = em_printf("The output file name '%s' must be a plain file name.", file_name);
        return false;
    }
    const char *k;
    json_t *o;
    json_object_foreach(json_object_get(props, "outputs"), k, o) {
        const char *uri = json_string_value(json_object_get(o, "uri"));
        if (!uri)
            continue;
        const char *type = json_string_value(json_object_get(o, "jobOutputType"));
        char *why = NULL;
        char *path = em_datastore_path(root, uri, &why);
        if (!path) {
            *err = em_printf("The output '%s': %s", k, why);
            free(why);
            return false;
        }
        if (type && strcasecmp(type, "uri_file") == 0) {
            s->output_file = path;
        } else {
            s->output_file = em_printf("%s/%s", path, file_name);
            free(path);
        }
        return true;
    }
    json_t *ds = json_object_get(settings, "outputDataset");
    const char *ds_id = json_string_value(json_object_get(ds, "datastoreId"));
    if (ds_id) {
        char *folder =
            em_datastore_join(root, ds_id, json_string_value(json_object_get(ds, "path")), err);
        if (!folder)
            return false;
        s->output_file = em_printf("%s/%s", folder, file_name);
        free(folder);
        return true;
    }
    s->output_file = em_printf("%s/%s", s->score_dir, file_name);
    return true;
}

/* code folder, scoring script and model path from the looked-up URIs. */
static bool resolve_assets(em_run_spec *s, const looked_up *l, const char *root, char **err)
{
    char *why = NULL;
    s->code_dir = em_datastore_path(root, l->code_uri, &why);
    if (!s->code_dir || !em_is_dir(s->code_dir)) {
        *err = s->code_dir ? em_printf("The code asset's folder %s (codeUri %s) does not exist.",
                                       s->code_dir, l->code_uri)
                           : em_printf("The code asset: %s", why);
        free(why);
        return false;
    }
    json_t *cc = json_object_get(l->dep, "codeConfiguration");
    const char *script = json_string_value(json_object_get(cc, "scoringScript"));
    if (!script || !*script || script[0] == '/' || !em_relpath_ok(script)) {
        *err = em_printf("The scoring script '%s' must be a path inside the code folder.",
                         script ? script : "");
        return false;
    }
    s->script = em_xstrdup(script);
    char *full = em_printf("%s/%s", s->code_dir, script);
    bool there = em_is_file(full);
    if (!there) {
        *err = em_printf("The scoring script '%s' was not found in the code folder %s.", script,
                         s->code_dir);
        free(full);
        return false;
    }
    bool inside = stays_inside(root, l->code_uri, full, "The scoring script", err);
    free(full);
    if (!inside)
        return false;
    const json_t *model = json_object_get(l->dep, "model");
    const char *rt = json_string_value(json_object_get(model, "referenceType"));
    if (l->model_uri) {
        s->model_path = em_datastore_path(root, l->model_uri, &why);
    } else if (rt && strcasecmp(rt, "DataPath") == 0) {
        const char *ds = json_string_value(json_object_get(model, "datastoreId"));
        s->model_path = em_datastore_join(root, ds ? ds : EM_DEFAULT_DATASTORE,
                                          json_string_value(json_object_get(model, "path")), &why);
    } else if (rt && strcasecmp(rt, "OutputPath") == 0) {
        const char *job_id = json_string_value(json_object_get(model, "jobId"));
        const char *slash = job_id ? strrchr(job_id, '/') : NULL;
        const char *p = json_string_value(json_object_get(model, "path"));
        char *rel = em_printf("azureml/%s/%s", slash ? slash + 1 : job_id ? job_id : "",
                              p ? p : "");
        s->model_path = em_datastore_join(root, EM_DEFAULT_DATASTORE, rel, &why);
        free(rel);
    } else {
        return true;
    }
    if (!s->model_path) {
        *err = em_printf("The model: %s", why);
        free(why);
        return false;
    }
    if (!em_is_dir(s->model_path) && !em_is_file(s->model_path)) {
        *err = em_printf("The model path %s does not exist.", s->model_path);
        return false;
    }
    return stays_inside(root, l->model_uri, s->model_path, "The model path", err);
}

int em_run_spec_build(em_app *app, const em_job *job, em_run_spec *spec, char **err)
{
    memset(spec, 0, sizeof *spec);
    *err = NULL;
    const char *root = app->datastore_dir;
    json_t *props = json_object_get(job->body, "properties");
    spec->score_dir = job->output_path ? em_xstrdup(job->output_path)
                                       : em_job_score_dir(root, job->name);
    spec->log_dir = em_job_log_dir(root, job->name);
    looked_up l = {0};
    bool ok = look_up(app, job, &l, err) == 0 &&
              pick_settings(spec, json_object_get(props, "settings"), l.dep, err) &&
              resolve_assets(spec, &l, root, err) && resolve_input(app, job, spec, props, err) &&
              resolve_output(spec, props, l.dep, root, err);
    if (ok) {
        json_t *env = json_object_get(l.dep, "environmentVariables");
        spec->env = json_is_object(env) ? json_incref(env) : json_object();
    }
    json_decref(l.dep);
    free(l.code_uri);
    free(l.model_uri);
    return ok ? 0 : -1;
}

int em_run_spec_workers(const em_run_spec *spec)
{
    int n = spec->instances * spec->concurrency;
    return n > EM_RUN_MAX_WORKERS ? EM_RUN_MAX_WORKERS : n < 1 ? 1 : n;
}

void em_run_spec_free(em_run_spec *spec)
{
    free(spec->code_dir);
    free(spec->script);
    free(spec->model_path);
    free(spec->input_path);
    em_strv_free(&spec->files);
    free(spec->score_dir);
    free(spec->log_dir);
    free(spec->output_file);
    json_decref(spec->env);
    memset(spec, 0, sizeof *spec);
}
