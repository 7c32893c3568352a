#ifndef ESCAPELAB_CGSL_SHIM_H
#define ESCAPELAB_CGSL_SHIM_H

// The only C surface EscapeLab sees. Swift cannot reliably import GSL's
// `extern const ... *` type globals, so each generator type we name, and
// GSL's GMRES solver type, is reached through a static inline accessor;
// everything else is GSL's own API.

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_matrix_double.h>
#include <gsl/gsl_vector_double.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_spmatrix.h>
#include <gsl/gsl_spblas.h>
#include <gsl/gsl_splinalg.h>

static inline const gsl_rng_type *cgsl_rng_taus2(void) { return gsl_rng_taus2; }
static inline const gsl_rng_type *cgsl_rng_taus113(void) { return gsl_rng_taus113; }
static inline const gsl_rng_type *cgsl_rng_taus(void) { return gsl_rng_taus; }
static inline const gsl_rng_type *cgsl_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *cgsl_rng_mt19937_1999(void) { return gsl_rng_mt19937_1999; }
static inline const gsl_rng_type *cgsl_rng_mt19937_1998(void) { return gsl_rng_mt19937_1998; }
static inline const gsl_rng_type *cgsl_rng_gfsr4(void) { return gsl_rng_gfsr4; }

/// GSL's restarted GMRES, the only sparse iterative solver type it has.
static inline const gsl_splinalg_itersolve_type *cgsl_splinalg_gmres(void) { return gsl_splinalg_itersolve_gmres; }

/// Uniform double in [0, 1).
static inline double cgsl_rng_uniform(const gsl_rng *r) { return r->type->get_double(r->state); }

#endif
