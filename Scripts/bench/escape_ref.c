// Escape-time reference benchmark: noisy SGD / Adam on L(x) = (x^2-1)^2.
// Vendored from the project's reference set (workloads W1/W2); see Scripts/bench/README.md.
// Build: gcc -O3 -march=native -fopenmp escape_ref.c -o escape_ref $(pkg-config --cflags --libs gsl)
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <math.h>
#include <time.h>
#include <omp.h>
#include <xmmintrin.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>

static inline uint64_t splitmix64(uint64_t z) {
  z += 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}
// per-trajectory seed = hash(masterSeed, trajectoryIndex)
static inline unsigned long traj_seed(uint64_t master, uint64_t i) {
  return (unsigned long)splitmix64(master ^ splitmix64(i));
}

static double now(void) { struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts); return ts.tv_sec + 1e-9 * ts.tv_nsec; }

typedef struct { double eta, sigma, thr, lr, b1, b2, eps; long cap; int adam, naive; } params;

// returns escape step (1-based); cap+1 means censored
static long run_sgd(gsl_rng *r, const params *p, double *xout) {
  double x = -1.0; long t;
  const double eta = p->eta, sigma = p->sigma, thr = p->thr; const long cap = p->cap;
  for (t = 1; t <= cap; t++) {
    double g = 4.0 * x * (x * x - 1.0) + sigma * gsl_ran_gaussian_ziggurat(r, 1.0);
    x = x - eta * g;
    if (x > thr) break;
  }
  *xout = x; return t;
}
static long run_adam(gsl_rng *r, const params *p, double *xout) {
  double x = -1.0, m = 0.0, v = 0.0, b1t = 1.0, b2t = 1.0; long t;
  const double lr = p->lr, sigma = p->sigma, thr = p->thr, b1 = p->b1, b2 = p->b2, eps = p->eps; const long cap = p->cap; const int naive = p->naive;
  for (t = 1; t <= cap; t++) {
    double g = 4.0 * x * (x * x - 1.0) + sigma * gsl_ran_gaussian_ziggurat(r, 1.0);
    m = b1 * m + (1.0 - b1) * g;
    v = b2 * v + (1.0 - b2) * (g * g);
    b1t *= b1; b2t *= b2;
    // PITFALL: b^t underflows into subnormals and then STICKS at the smallest subnormal
    // (4.9e-324*0.9 rounds back to 4.9e-324), so every later step pays a denormal assist.
    // Flushing to 0 below 1e-300 is exact here: 1.0 - 1e-300 == 1.0 in double.
    if (!naive) { if (b1t < 1e-300) b1t = 0.0; if (b2t < 1e-300) b2t = 0.0; }
    double mhat = m / (1.0 - b1t), vhat = v / (1.0 - b2t);
    x = x - lr * mhat / (sqrt(vhat) + eps);
    if (x > thr) break;
  }
  *xout = x; return t;
}

int main(int argc, char **argv) {
  params p = { .eta = 0.01, .sigma = 6.0, .thr = 0.5, .lr = 0.065, .b1 = 0.9, .b2 = 0.999, .eps = 1e-8, .cap = 1000000, .adam = 0 };
  long N = 10000; int threads = 1; const char *rngname = "taus2", *mode = "reseed", *dump = NULL; uint64_t master = 12345;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-n")) N = atol(argv[++i]);
    else if (!strcmp(argv[i], "-t")) threads = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--rng")) rngname = argv[++i];
    else if (!strcmp(argv[i], "--mode")) mode = argv[++i];     // reseed | alloc | worker
    else if (!strcmp(argv[i], "--sigma")) p.sigma = atof(argv[++i]);
    else if (!strcmp(argv[i], "--eta")) p.eta = atof(argv[++i]);
    else if (!strcmp(argv[i], "--lr")) p.lr = atof(argv[++i]);
    else if (!strcmp(argv[i], "--thr")) p.thr = atof(argv[++i]);
    else if (!strcmp(argv[i], "--cap")) p.cap = atol(argv[++i]);
    else if (!strcmp(argv[i], "--seed")) master = strtoull(argv[++i], 0, 10);
    else if (!strcmp(argv[i], "--adam")) p.adam = 1;
    else if (!strcmp(argv[i], "--naive-bias")) p.naive = 1;
    else if (!strcmp(argv[i], "--dump")) dump = argv[++i];
    else { fprintf(stderr, "bad arg %s\n", argv[i]); return 2; }
  }
  const gsl_rng_type *T = !strcmp(rngname, "mt19937") ? gsl_rng_mt19937 : gsl_rng_taus2;
  int m_alloc = !strcmp(mode, "alloc"), m_worker = !strcmp(mode, "worker");
  long *steps = malloc(N * sizeof(long)); double *xs = malloc(N * sizeof(double));
  omp_set_num_threads(threads);
  double t0 = now();
  #pragma omp parallel
  {
    int tid = omp_get_thread_num();
    if (getenv("FTZ")) _mm_setcsr(_mm_getcsr() | 0x8040); // FTZ|DAZ (diagnostic only)
    gsl_rng *r = m_alloc ? NULL : gsl_rng_alloc(T);
    if (m_worker) {
      gsl_rng_set(r, traj_seed(master, 0xFFFF0000u + tid));
      #pragma omp for schedule(static)
      for (long i = 0; i < N; i++) steps[i] = p.adam ? run_adam(r, &p, &xs[i]) : run_sgd(r, &p, &xs[i]);
    } else {
      #pragma omp for schedule(dynamic, 16)
      for (long i = 0; i < N; i++) {
        gsl_rng *rr = r;
        if (m_alloc) rr = gsl_rng_alloc(T);
        gsl_rng_set(rr, traj_seed(master, (uint64_t)i));
        steps[i] = p.adam ? run_adam(rr, &p, &xs[i]) : run_sgd(rr, &p, &xs[i]);
        if (m_alloc) gsl_rng_free(rr);
      }
    }
    if (r) gsl_rng_free(r);
  }
  double el = now() - t0;
  long censored = 0; double sum_esc = 0; long nesc = 0; long long tot = 0;
  uint64_t h = 1469598103934665603ULL; // FNV-1a over (steps, x bits) in index order
  for (long i = 0; i < N; i++) {
    long s = steps[i];
    if (s > p.cap) { censored++; tot += p.cap; } else { nesc++; sum_esc += s; tot += s; }
    uint64_t xb; memcpy(&xb, &xs[i], 8);
    uint64_t w[2] = { (uint64_t)s, xb };
    const unsigned char *c = (const unsigned char *)w;
    for (int k = 0; k < 16; k++) { h ^= c[k]; h *= 1099511628211ULL; }
  }
  if (dump) { FILE *f = fopen(dump, "w"); for (long i = 0; i < N; i++) fprintf(f, "%ld %.17g\n", steps[i], xs[i]); fclose(f); }
  printf("lang=C opt=%s%s rng=%s mode=%s threads=%d N=%ld sigma=%g eta=%g lr=%g thr=%g cap=%ld\n",
         p.adam ? "adam" : "sgd", p.naive ? "(naive-bias)" : "", rngname, mode, threads, N, p.sigma, p.eta, p.lr, p.thr, p.cap);
  printf("mean_escape_steps=%.1f escaped=%ld censored=%ld total_traj_steps=%lld time_s=%.3f throughput=%.4g steps/s ns_per_step=%.3f hash=%016llx\n",
         nesc ? sum_esc / nesc : 0.0, nesc, censored, tot, el, tot / el, 1e9 * el / tot, (unsigned long long)h);
  free(steps); free(xs);
  return 0;
}
