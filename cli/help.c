/* Help text and the Markdown reference, both generated from the command
 * table (commands.c) and the two lists below, so they cannot drift apart. */
#include "help.h"

#include <string.h>

static const struct {
  int code;
  const char *meaning;
} k_exit_codes[] = {
    {CLI_EXIT_OK, "done"},
    {CLI_EXIT_FAILED, "failed: the service refused, the operation or job ended Failed/Canceled, a network or "
                      "local file error, a --file spec that does not load (missing, unknown key, wrong type)"},
    {CLI_EXIT_USAGE, "bad usage: unknown command or flag, missing or malformed value, malformed --set or --query"},
    {CLI_EXIT_NOT_FOUND, "a resource of the service does not exist (as az: 3 for a missing resource)"},
    {CLI_EXIT_TIMEOUT, "a wait reached --timeout; the operation goes on"},
    {CLI_EXIT_UNSUPPORTED, "the command or option is not supported yet"},
};

static const struct {
  const char *name;
  const char *meaning;
} k_env[] = {
    {"AZURE_SUBSCRIPTION_ID", "subscription of the workspace (--subscription overrides)"},
    {"AZURE_RESOURCE_GROUP", "resource group of the workspace (-g overrides)"},
    {"AZUREML_WORKSPACE", "workspace name (-w overrides)"},
    {"AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET", "the service principal that signs in"},
    {"AZURE_RESOURCE_MANAGER_URL", "ARM endpoint (default https://management.azure.com; aml-emulator prints its own)"},
    {"AZURE_AUTHORITY_HOST", "Microsoft Entra authority"},
    {"AZUREML_CA_BUNDLE", "CA bundle (PEM) to trust"},
    {"AZUREML_POLL_INTERVAL_MS", "wait between status requests when the service sends no Retry-After"},
};

static void flag_label(const cli_flag *f, char *buf, size_t len) {
  char s[8] = "";
  if (f->short_name) snprintf(s, sizeof s, " -%c", f->short_name);
  snprintf(buf, len, "--%s%s%s%s", f->name, s, f->metavar ? " " : "", f->metavar ? f->metavar : "");
}

static void print_flag_line(FILE *out, const cli_flag *f, const char *help, int required) {
  char label[96];
  flag_label(f, label, sizeof label);
  fprintf(out, "    %-40s %s%s\n", label, required ? "[Required] " : "", help ? help : f->help);
}

static void print_globals(FILE *out) {
  size_t n = 0;
  const cli_flag *const *g = cli_global_flags(&n);
  fprintf(out, "Global Arguments\n");
  for (size_t i = 0; i < n; i++) print_flag_line(out, g[i], NULL, 0);
  fprintf(out, "    %-40s %s\n", "--help -h", "Show this help.");
}

static void print_main(FILE *out) {
  size_t n = 0;
  const cli_group *groups = cli_groups(&n);
  fprintf(out, "aml %s: Azure Machine Learning batch scoring from the command line (libazureml %s).\n\n",
          AML_VERSION_STRING, aml_version_string());
  fprintf(out, "Usage: aml GROUP COMMAND [ARGUMENTS]\n\nGroups\n");
  for (size_t i = 0; i < n; i++) fprintf(out, "    %-18s : %s\n", groups[i].name, groups[i].summary);
  fputc('\n', out);
  print_globals(out);
  fprintf(out, "    %-40s %s\n", "--version", "Print the version.");
  fprintf(out, "\nConfiguration (environment variables, as the library reads them)\n");
  for (size_t i = 0; i < sizeof k_env / sizeof k_env[0]; i++)
    fprintf(out, "    %s\n        %s\n", k_env[i].name, k_env[i].meaning);
  fprintf(out, "\nExit codes\n");
  for (size_t i = 0; i < sizeof k_exit_codes / sizeof k_exit_codes[0]; i++)
    fprintf(out, "    %d  %s\n", k_exit_codes[i].code, k_exit_codes[i].meaning);
  fprintf(out, "\nRun 'aml GROUP --help' for a group's commands, 'aml GROUP COMMAND --help' for a command's "
               "arguments.\n");
}

static void print_group(FILE *out, const cli_group *g) {
  fprintf(out, "Group\n    aml %s : %s\n\nCommands\n", g->name, g->summary);
  for (size_t i = 0; i < g->count; i++) fprintf(out, "    %-12s : %s\n", g->commands[i].name, g->commands[i].summary);
  fprintf(out, "\nRun 'aml %s COMMAND --help' for a command's arguments.\n", g->name);
}

static void print_command(FILE *out, const cli_group *g, const cli_command *c) {
  fprintf(out, "Command\n    aml %s %s : %s\n", g->name, c->name, c->summary);
  if (c->description) fprintf(out, "\n    %s\n", c->description);
  fprintf(out, "\nArguments\n");
  int any = 0;
  for (int pass = 0; pass < 2; pass++) /* required first, as az lists them */
    for (const cli_option *o = c->options; o->flag; o++)
      if (o->required == !pass) {
        print_flag_line(out, o->flag, o->help, o->required);
        any = 1;
      }
  if (!any) fprintf(out, "    (none)\n");
  fputc('\n', out);
  print_globals(out);
  if (c->example) fprintf(out, "\nExample\n    %s\n", c->example);
}

void cli_help_text(FILE *out, const cli_group *group, const cli_command *command) {
  if (group && command)
    print_command(out, group, command);
  else if (group)
    print_group(out, group);
  else
    print_main(out);
}

/* ---- Markdown (docs/cli.md) ---- */

/* Table cells: '|' would end the cell. */
static void md_cell(FILE *out, const char *s) {
  for (; s && *s; s++) {
    if (*s == '|')
      fputs("\\|", out);
    else
      fputc(*s, out);
  }
}

static void md_flag_row(FILE *out, const cli_flag *f, const char *help, int required) {
  fprintf(out, "| `--%s`", f->name);
  if (f->short_name) fprintf(out, " `-%c`", f->short_name);
  fprintf(out, " | %s | %s | ", f->metavar ? f->metavar : "", required ? "yes" : "");
  md_cell(out, help ? help : f->help);
  fputs(" |\n", out);
}

void cli_help_markdown(FILE *out) {
  size_t ngroups = 0, nglobal = 0;
  const cli_group *groups = cli_groups(&ngroups);
  const cli_flag *const *g = cli_global_flags(&nglobal);
  fputs("# `aml`: the command line\n\n"
        "<!-- Generated by `aml --help-markdown` from the command table (cli/commands.c): do not edit by hand.\n"
        "     Regenerate with `cmake --build build --target cli-docs`; the test check.cli_docs compares. -->\n\n"
        "`aml` does the batch-scoring work of `az ml` through libazureml: the same command groups and flag\n"
        "names, the same YAML files, JSON output in the shape the service returns. It is installed with the\n"
        "library (`bin/aml`).\n\n"
        "```sh\n"
        "aml compute create --file compute.yml\n"
        "aml batch-endpoint create --file endpoint.yml\n"
        "aml batch-deployment create --file deployment.yml --set-default\n"
        "job=$(aml batch-endpoint invoke -n heart-endpoint --input ./data --query name -o tsv)\n"
        "aml job stream -n \"$job\"\n"
        "aml job download -n \"$job\" --download-path ./out\n"
        "```\n\n",
        out);
  fputs("## Configuration\n\nThe same environment variables as `aml_client_new_from_env()`:\n\n"
        "| variable | meaning |\n|---|---|\n",
        out);
  for (size_t i = 0; i < sizeof k_env / sizeof k_env[0]; i++) fprintf(out, "| `%s` | %s |\n", k_env[i].name, k_env[i].meaning);
  fputs("\n## Global arguments\n\nEvery command takes them.\n\n| argument | value | required | meaning |\n|---|---|---|---|\n",
        out);
  for (size_t i = 0; i < nglobal; i++) md_flag_row(out, g[i], NULL, 0);
  fputs("| `--help` `-h` |  |  | Show the help of the group or command. |\n\n", out);
  fputs("## Output\n\n"
        "- `json` (default): the resource as the service returned it (the ARM shape), indented; lists are JSON arrays.\n"
        "- `table`: one row per item, with the command's columns (the scalar members of the first item when\n"
        "  `--query` reshaped the result).\n"
        "- `tsv`: the same cells, tab-separated, without a header: `-o tsv --query name` prints a bare name.\n\n"
        "`--query` takes a subset of JMESPath: fields and dotted paths (`name`, `properties.provisioningState`,\n"
        "`\"quoted-name\"`), indexes (`[0]`, `[-1]`), projections over lists (`[].name`, `[*].properties.status`;\n"
        "items for which the rest is null are dropped), and a multiselect hash at the end\n"
        "(`[].{name: name, state: properties.provisioningState}`). Filters, functions, slices and pipes are a\n"
        "usage error (exit code 2).\n\n"
        "Progress (the status of an operation while it is waited for, bytes and files of uploads and downloads)\n"
        "goes to standard error, only when it is a terminal and without `--only-show-errors`. Errors go to\n"
        "standard error as `ERROR: ...` with the service's code and request id.\n\n",
        out);
  fputs("## YAML specs: --file and --set\n\n"
        "`create` and `update` take the YAML files of the `az ml` schema (`--file/-f`), read by the library's\n"
        "loaders (see [YAML specs](yaml.md)): relative paths in a file are resolved against its folder, and\n"
        "`--set FIELD=VALUE` overrides a field before the file is checked (`--set tags.team=vision\n"
        "max_instances=8`). Flags such as `--name` win over the file. A file that does not load fails with\n"
        "its file, line, column and field (`endpoint.yml:4:1: traffic: unknown key`), exit code 1.\n"
        "`batch-endpoint update -n NAME --set FIELD=VALUE` (without a file) applies the overrides to the\n"
        "endpoint as the service has it.\n\n",
        out);
  fputs("## Exit codes\n\n| code | meaning |\n|---|---|\n", out);
  for (size_t i = 0; i < sizeof k_exit_codes / sizeof k_exit_codes[0]; i++)
    fprintf(out, "| %d | %s |\n", k_exit_codes[i].code, k_exit_codes[i].meaning);
  fputs("\n## Commands\n\n", out);
  for (size_t i = 0; i < ngroups; i++) {
    fprintf(out, "- [`aml %s`](#aml-%s): %s\n", groups[i].name, groups[i].name, groups[i].summary);
  }
  for (size_t i = 0; i < ngroups; i++) {
    fprintf(out, "\n## aml %s\n\n%s\n", groups[i].name, groups[i].summary);
    for (size_t j = 0; j < groups[i].count; j++) {
      const cli_command *c = &groups[i].commands[j];
      fprintf(out, "\n### aml %s %s\n\n%s", groups[i].name, c->name, c->summary);
      if (c->description) fprintf(out, " %s", c->description);
      fputs("\n\n", out);
      if (c->options[0].flag) {
        fputs("| argument | value | required | meaning |\n|---|---|---|---|\n", out);
        for (int pass = 0; pass < 2; pass++)
          for (const cli_option *o = c->options; o->flag; o++)
            if (o->required == !pass) md_flag_row(out, o->flag, o->help, o->required);
        fputc('\n', out);
      }
      if (c->example) fprintf(out, "```sh\n%s\n```\n", c->example);
    }
  }
}
