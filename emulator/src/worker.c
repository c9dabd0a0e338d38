#include "worker.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int64_t em_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

/* fd moved to a number >= 5 (close-on-exec): the child's dup2 targets are
 * 0-4, and a source already sitting on its target would keep its
 * close-on-exec flag and vanish at exec. */
static int high_fd(int fd)
{
    if (fd < 0 || fd >= 5)
        return fd;
    int h = fcntl(fd, F_DUPFD_CLOEXEC, 5);
    close(fd);
    return h;
}

static int spawn(pid_t *pid, const em_worker_launch *l, int in_fd, int out_fd, int log_fd)
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&fa);
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_adddup2(&fa, in_fd, 3);
    posix_spawn_file_actions_adddup2(&fa, out_fd, 4);
    posix_spawn_file_actions_adddup2(&fa, log_fd, 1);
    posix_spawn_file_actions_adddup2(&fa, log_fd, 2);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addchdir_np(&fa, l->code_dir);
    /* Nothing of the emulator (sockets, the database) leaks into the worker. */
    posix_spawn_file_actions_addclosefrom_np(&fa, 5);
    /* The emulator blocks SIGTERM/SIGINT (taken by sigwait) and ignores
     * SIGPIPE; a worker starts with neither. Its own process group lets one
     * kill() end it with everything it started. */
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
                                        POSIX_SPAWN_SETPGROUP);
    char *argv[] = {(char *)l->python, (char *)l->driver, (char *)l->code_dir, (char *)l->script,
                    NULL};
    int rc = posix_spawn(pid, l->python, &fa, &attr, argv, l->envp);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    return rc;
}

int em_worker_start(em_worker *w, const em_worker_launch *l, const char *log_path, char **err)
{
    int to[2] = {-1, -1}, from[2] = {-1, -1};
    w->pid = 0;
    w->to_fd = w->from_fd = -1;
    w->ready = false;
    w->batch = -1;
    w->partial.len = 0;
    if (w->partial.data)
        w->partial.data[0] = '\0';
    int log_fd = high_fd(open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
    if (log_fd < 0) {
        *err = em_printf("cannot open the worker log %s: %s", log_path, strerror(errno));
        return -1;
    }
    if (pipe2(to, O_CLOEXEC) != 0 || pipe2(from, O_CLOEXEC) != 0) {
        *err = em_printf("cannot create the worker's pipes: %s", strerror(errno));
        close_fd(&to[0]);
        close_fd(&to[1]);
        close(log_fd);
        return -1;
    }
    to[0] = high_fd(to[0]);
    from[1] = high_fd(from[1]);
    int rc = spawn(&w->pid, l, to[0], from[1], log_fd);
    close_fd(&to[0]);
    close_fd(&from[1]);
    close(log_fd);
    if (rc != 0) {
        *err = em_printf("cannot start %s: %s", l->python, strerror(rc));
        close_fd(&to[1]);
        close_fd(&from[0]);
        w->pid = 0;
        return -1;
    }
    w->to_fd = to[1];
    w->from_fd = from[0];
    fcntl(w->from_fd, F_SETFL, fcntl(w->from_fd, F_GETFL) | O_NONBLOCK);
    return 0;
}

int em_worker_send(em_worker *w, const json_t *request)
{
    if (w->to_fd < 0)
        return -1;
    char *text = json_dumps(request, JSON_COMPACT);
    em_buf b = {0};
    em_buf_puts(&b, text);
    em_buf_puts(&b, "\n");
    free(text);
    /* Blocking write: the worker is idle, reading its next request. */
    size_t off = 0;
    int rc = 0;
    while (off < b.len) {
        ssize_t n = write(w->to_fd, b.data + off, b.len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            rc = -1;
            break;
        }
        off += (size_t)n;
    }
    em_buf_free(&b);
    return rc;
}

static void take_lines(em_worker *w, json_t *answers)
{
    if (!w->partial.data)
        return;
    char *start = w->partial.data, *end = start + w->partial.len;
    char *nl;
    while ((nl = memchr(start, '\n', (size_t)(end - start)))) {
        *nl = '\0';
        if (*start) {
            json_t *m = json_loads(start, 0, NULL);
            if (!json_is_object(m)) {
                json_decref(m);
                m = json_pack("{s:s}", "invalid", start);
            }
            json_array_append_new(answers, m);
        }
        start = nl + 1;
    }
    if (start != w->partial.data) {
        size_t rest = w->partial.len - (size_t)(start - w->partial.data);
        memmove(w->partial.data, start, rest);
        w->partial.len = rest;
        w->partial.data[rest] = '\0';
    }
}

int em_worker_read(em_worker *w, json_t *answers)
{
    if (w->from_fd < 0)
        return 1;
    char buf[65536];
    for (;;) {
        ssize_t n = read(w->from_fd, buf, sizeof buf);
        if (n > 0) {
            em_buf_append(&w->partial, buf, (size_t)n);
            continue;
        }
        int e = n < 0 ? errno : 0;
        if (e == EINTR)
            continue;
        take_lines(w, answers);
        if (e == EAGAIN || e == EWOULDBLOCK)
            return 0;
        close_fd(&w->from_fd);
        return 1;
    }
}

static void finish(em_worker *w)
{
    /* Anything the script left running in the worker's group goes too. */
    kill(-w->pid, SIGKILL);
    w->pid = 0;
    close_fd(&w->to_fd);
}

void em_worker_close(em_worker *w)
{
    close_fd(&w->to_fd);
    close_fd(&w->from_fd);
}

int em_worker_reap(em_worker *w)
{
    if (w->pid <= 0)
        return -1;
    int status = 0;
    pid_t r = waitpid(w->pid, &status, WNOHANG);
    if (r == 0 || (r < 0 && errno == EINTR))
        return -1;
    finish(w);
    return status;
}

int em_worker_kill(em_worker *w)
{
    if (w->pid <= 0)
        return 0;
    kill(-w->pid, SIGKILL);
    int status = 0;
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
        ;
    finish(w);
    em_worker_close(w);
    return status;
}

int em_worker_stop(em_worker *w, int grace_ms)
{
    if (w->pid <= 0)
        return 0;
    close_fd(&w->to_fd);
    int64_t until = em_mono_ms() + grace_ms;
    while (em_mono_ms() < until) {
        int st = em_worker_reap(w);
        if (st >= 0) {
            em_worker_close(w);
            return st;
        }
        struct timespec ts = {0, 10 * 1000000};
        nanosleep(&ts, NULL);
    }
    return em_worker_kill(w);
}

void em_worker_free(em_worker *w)
{
    em_buf_free(&w->partial);
}

char *em_wait_status_text(int status)
{
    if (WIFSIGNALED(status))
        return em_printf("was killed by signal %d", WTERMSIG(status));
    return em_printf("exited with status %d", WEXITSTATUS(status));
}
