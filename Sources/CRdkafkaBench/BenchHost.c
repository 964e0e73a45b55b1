// What the benches ask of the host: the CPUs they may use, and memory
// handed back so that resident-memory readings count live data only.
#if defined(__linux__)
#define _GNU_SOURCE  /* sched_getaffinity, CPU_COUNT */
#include <sched.h>
#endif
#include "CRdkafkaBench.h"
#include <stddef.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

/* jemalloc's control interface: present when the program links jemalloc
   (`homeward` does), absent otherwise (the tests). */
extern int mallctl(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen) __attribute__((weak));

void homeward_return_freed_memory(void) {
    if (mallctl != NULL) {
        /* Every arena (MALLCTL_ARENAS_ALL): purge dirty and muzzy pages. */
        mallctl("arena.4096.purge", NULL, NULL, NULL, 0);
        return;
    }
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

int homeward_usable_cpus(void) {
#if defined(__linux__)
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof(set), &set) == 0) return CPU_COUNT(&set);
#endif
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    return online > 0 ? (int)online : 1;
}
