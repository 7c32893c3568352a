// The floor of a W3 step: GSL's ziggurat Gaussian on taus2 alone, drawn in a
// loop and summed (so the compiler keeps every draw). Prints draws per second.
// Build: gcc -O3 -march=native gsl_draws.c -o gsl_draws $(pkg-config --cflags --libs gsl)
// Run: ./gsl_draws [DRAWS]   (default 3e8)
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>

static double now(void) { struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts); return ts.tv_sec + 1e-9 * ts.tv_nsec; }

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 300000000L;
  gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
  gsl_rng_set(r, 12345);
  double s = 0, t0 = now();
  for (long i = 0; i < n; i++) s += gsl_ran_gaussian_ziggurat(r, 1.0);
  double dt = now() - t0;
  printf("draws=%ld time_s=%.3f draws_per_s=%.4g checksum=%.6g\n", n, dt, n / dt, s);
  gsl_rng_free(r);
  return 0;
}
