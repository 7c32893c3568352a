// Escape-time Monte Carlo for noisy optimizers on 1-D double well / 1-2-D quadratic saddle.
// Usage: ./sim key=value ...   (see defaults below)
// land=dw h k [xe]            start -1/sqrt(k), escape x >= xe (default +1/sqrt(k))
// land=saddle gam lam dim R crit=coord|radius [r0]   start (r0,0), escape |x0|>=R or |x|>=R
// opt=sgd|hb|ema|adam|adamfrozen|adai   lr beta (hb/ema), b1 b2 eps (adam), v0 v1 (adamfrozen), beta0 (adai)
// noise: s0 s1 (per-coordinate std of gradient noise)
// N maxsteps seed
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t S[4];
static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
static inline uint64_t nxt(void) {
  uint64_t r = rotl(S[1] * 5, 7) * 9, t = S[1] << 17;
  S[2] ^= S[0]; S[3] ^= S[1]; S[1] ^= S[2]; S[0] ^= S[3]; S[2] ^= t; S[3] = rotl(S[3], 45);
  return r;
}
static void seed(uint64_t s) {
  for (int i = 0; i < 4; i++) { s += 0x9E3779B97F4A7C15ULL; uint64_t z = s;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL; z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL; S[i] = z ^ (z >> 31); }
}
#define NB 8192
static double U1[NB / 2], U2[NB / 2], BUF[NB];
static int bp = NB;
static void refill(void) {
  for (int i = 0; i < NB / 2; i++) {
    U1[i] = ((nxt() >> 11) + 0.5) * 0x1.0p-53;
    U2[i] = (nxt() >> 11) * 0x1.0p-53;
  }
#pragma omp simd
  for (int i = 0; i < NB / 2; i++) U1[i] = sqrt(-2.0 * log(U1[i]));
#pragma omp simd
  for (int i = 0; i < NB / 2; i++) { double a = 6.283185307179586 * U2[i]; BUF[i] = U1[i] * cos(a); }
#pragma omp simd
  for (int i = 0; i < NB / 2; i++) { double a = 6.283185307179586 * U2[i]; BUF[i + NB / 2] = U1[i] * sin(a); }
  bp = 0;
}
static inline double gauss(void) { if (bp == NB) refill(); return BUF[bp++]; }

static double par(int argc, char **argv, const char *k, double d) {
  size_t n = strlen(k);
  for (int i = 1; i < argc; i++) if (!strncmp(argv[i], k, n) && argv[i][n] == '=') return atof(argv[i] + n + 1);
  return d;
}
static const char *spar(int argc, char **argv, const char *k, const char *d) {
  size_t n = strlen(k);
  for (int i = 1; i < argc; i++) if (!strncmp(argv[i], k, n) && argv[i][n] == '=') return argv[i] + n + 1;
  return d;
}

int main(int argc, char **argv) {
  const char *land = spar(argc, argv, "land", "dw"), *opt = spar(argc, argv, "opt", "sgd"),
             *crit = spar(argc, argv, "crit", "coord");
  double h = par(argc, argv, "h", 1), k = par(argc, argv, "k", 1);
  double gam = par(argc, argv, "gam", 0.1), lam = par(argc, argv, "lam", 1), R = par(argc, argv, "R", 1),
         r0 = par(argc, argv, "r0", 0);
  int dim = (int)par(argc, argv, "dim", 1);
  double lr = par(argc, argv, "lr", 0.01), beta = par(argc, argv, "beta", 0.9);
  double b1 = par(argc, argv, "b1", 0.9), b2 = par(argc, argv, "b2", 0.999), eps = par(argc, argv, "eps", 1e-8);
  double v0f = par(argc, argv, "v0", 1), v1f = par(argc, argv, "v1", 1), beta0 = par(argc, argv, "beta0", 0.1);
  double s0 = par(argc, argv, "s0", 1), s1 = par(argc, argv, "s1", 1);
  long N = (long)par(argc, argv, "N", 1000);
  long maxs = (long)par(argc, argv, "maxsteps", 100000000);
  seed((uint64_t)par(argc, argv, "seed", 1));
  int isdw = !strcmp(land, "dw");
  if (isdw) dim = 1;
  double xa = 1 / sqrt(k), xe = par(argc, argv, "xe", xa), fourhk = 4 * h * k;
  int radius = !strcmp(crit, "radius");
  int o = !strcmp(opt, "sgd") ? 0 : !strcmp(opt, "hb") ? 1 : !strcmp(opt, "ema") ? 2 : !strcmp(opt, "adam") ? 3
        : !strcmp(opt, "adamfrozen") ? 4 : !strcmp(opt, "adai") ? 5 : -1;
  if (o < 0) { fprintf(stderr, "bad opt\n"); return 1; }
  double sumT = 0, sumT2 = 0, S_risk = 0, sumsqv = 0, nsqv = 0; long d = 0;
  enum { L = 8 };
  double x[L][2], b[L][2], v[L][2], P[L][2], p1[L], p2[L]; long n[L]; int act[L];
  long started = 0, finished = 0;
  #define RESET(l) do { x[l][0] = isdw ? -xa : r0; x[l][1] = 0; b[l][0] = b[l][1] = v[l][0] = v[l][1] = 0; \
     P[l][0] = P[l][1] = 1; p1[l] = p2[l] = 1; n[l] = 0; act[l] = 1; started++; } while (0)
  for (int l = 0; l < L; l++) { if (started < N) RESET(l); else act[l] = 0; }
  while (finished < N) {
    for (int l = 0; l < L; l++) {
      n[l]++;
      double g[2], *xl = x[l], *bl = b[l], *vl = v[l];
      if (isdw) { double u = xl[0]; g[0] = fourhk * u * (k * u * u - 1) + s0 * gauss(); }
      else { g[0] = -gam * xl[0] + s0 * gauss(); if (dim == 2) g[1] = lam * xl[1] + s1 * gauss(); }
      switch (o) {
        case 0: for (int i = 0; i < dim; i++) xl[i] -= lr * g[i]; break;
        case 1: for (int i = 0; i < dim; i++) { bl[i] = (n[l] == 1) ? g[i] : beta * bl[i] + g[i]; xl[i] -= lr * bl[i]; } break;
        case 2: p1[l] *= beta; for (int i = 0; i < dim; i++) { bl[i] = beta * bl[i] + (1 - beta) * g[i]; xl[i] -= lr * bl[i] / (1 - p1[l]); } break;
        case 3: p1[l] *= b1; p2[l] *= b2; if (p1[l] < 1e-300) p1[l] = 0; if (p2[l] < 1e-300) p2[l] = 0;
          for (int i = 0; i < dim; i++) {
            bl[i] = b1 * bl[i] + (1 - b1) * g[i]; vl[i] = b2 * vl[i] + (1 - b2) * g[i] * g[i];
            double vh = vl[i] / (1 - p2[l]);
            if (i == 0 && act[l]) { sumsqv += sqrt(vh); nsqv += 1; }
            xl[i] -= lr * (bl[i] / (1 - p1[l])) / (sqrt(vh) + eps);
          } break;
        case 4: p1[l] *= b1; if (p1[l] < 1e-300) p1[l] = 0;
          for (int i = 0; i < dim; i++) { bl[i] = b1 * bl[i] + (1 - b1) * g[i]; xl[i] -= lr * (bl[i] / (1 - p1[l])) / (sqrt(i ? v1f : v0f) + eps); } break;
        case 5: { p2[l] *= b2; if (p2[l] < 1e-300) p2[l] = 0; double vh[2], vbar = 0;
          for (int i = 0; i < dim; i++) { vl[i] = b2 * vl[i] + (1 - b2) * g[i] * g[i]; vh[i] = vl[i] / (1 - p2[l]); vbar += vh[i]; }
          vbar /= dim;
          for (int i = 0; i < dim; i++) {
            double bb = vbar > 0 ? 1 - beta0 * vh[i] / vbar : 1 - beta0;
            if (bb < 0) bb = 0; if (bb > 1 - eps) bb = 1 - eps;
            bl[i] = bb * bl[i] + (1 - bb) * g[i]; P[l][i] *= bb; if (P[l][i] < 1e-300) P[l][i] = 0;
            xl[i] -= lr * bl[i] / (1 - P[l][i]);
          } } break;
      }
      int esc;
      if (isdw) esc = xl[0] >= xe;
      else if (radius) esc = xl[0] * xl[0] + (dim == 2 ? xl[1] * xl[1] : 0) >= R * R;
      else esc = fabs(xl[0]) >= R;
      if (esc || n[l] >= maxs) {
        if (act[l]) {
          finished++;
          if (esc) { d++; sumT += n[l]; sumT2 += (double)n[l] * n[l]; S_risk += n[l]; } else S_risk += maxs;
        }
        if (started < N) RESET(l); else { act[l] = 0; x[l][0] = isdw ? -xa : r0; n[l] = 0; }
      }
    }
  }
  double mle = d ? S_risk / d : INFINITY;
  double naive = d ? sumT / d : 0, sd = d > 1 ? sqrt((sumT2 - sumT * sumT / d) / (d - 1)) : 0;
  // mean (MLE, censoring-aware), SE (exponential: mean/sqrt(d)), naive mean, naive SE (sample SD), escapes, N, mean sqrt(vhat)
  printf("%.6g %.4g %.6g %.4g %ld %ld %.6g\n", mle, mle / sqrt((double)(d ? d : 1)), naive, d > 1 ? sd / sqrt((double)d) : 0,
         d, N, nsqv > 0 ? sumsqv / nsqv : 0);
  return 0;
}
