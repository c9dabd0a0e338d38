#include "job_log.h"

#include <stdarg.h>
#include <string.h>

#include "util.h"

FILE *em_job_log_open(const char *path)
{
    FILE *f = fopen(path, "w");
    if (f)
        setvbuf(f, NULL, _IOLBF, 0); /* readable while the job runs */
    return f;
}

void em_job_log(FILE *f, const char *fmt, ...)
{
    if (!f)
        return;
    char ts[40];
    em_iso8601(em_now_ms(), ts);
    fprintf(f, "%s ", ts);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fputc('\n', f);
    fflush(f);
}

void em_job_log_block(FILE *f, const char *text)
{
    if (!f || !text)
        return;
    const char *p = text;
    while (*p) {
        size_t n = strcspn(p, "\n");
        fprintf(f, "    %.*s\n", (int)n, p);
        p += n;
        if (*p == '\n')
            p++;
    }
    fflush(f);
}
