/* Peer for VerifyScan.java: memcmp of TOTAL bytes in BLOCK-sized buffers against one expected
 * block; prints the median rate over PASSES passes in bytes per second. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    long total = atol(argv[1]);
    long block = atol(argv[2]);
    int passes = atoi(argv[3]);
    long n = total / block;
    unsigned char *expected = aligned_alloc(4096, block);
    unsigned char **data = malloc(n * sizeof *data);
    for (long w = 0; w < block / 8; w++)
        ((uint64_t *)expected)[w] = (w & 1) ? 0 : UINT64_MAX;
    for (long i = 0; i < n; i++) {
        data[i] = aligned_alloc(4096, block);
        memcpy(data[i], expected, block);
    }
    double *rates = malloc(passes * sizeof *rates);
    long differ = 0;
    for (int p = 0; p < passes; p++) {
        double t0 = now();
        for (long i = 0; i < n; i++)
            differ += memcmp(expected, data[i], block) != 0;
        rates[p] = (double)n * block / (now() - t0);
    }
    if (differ) return 1;
    qsort(rates, passes, sizeof *rates, cmp);
    printf("%.0f\n", rates[passes / 2]);
    return 0;
}
