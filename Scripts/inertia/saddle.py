"""Saddle-escape laws for SGD, heavy ball (PyTorch, dampening 0) and EMA momentum (bias-corrected; Adai 1-D, frozen-v Adam)."""
import numpy as np
from scipy import special
EG = 0.5772156649015329
C0 = EG + np.log(2.0)


def roots(a1, beta):
    """larger and smaller root of mu^2 - a1 mu + beta = 0."""
    d = np.sqrt(a1 * a1 - 4 * beta)
    G = (a1 + d) / 2
    return G, (beta / G if beta > 0 else 0.0)


def growth_hb(eta, beta, gam):
    return roots(1 + beta + eta * gam, beta)


def V_hb(eta, beta, gam, s2):
    """Var Z, x_n ~ G^n Z, heavy ball from x_0 = x_{-1} = 0 with gradient noise variance s2 (beta=0: SGD)."""
    G, r = growth_hb(eta, beta, gam)
    return eta * eta * s2 * G * G / ((G - r) ** 2 * (G * G - 1))


def steps_asym(G, V, R, V1=0.0):
    """E[n] ~ [ln((R^2 - V1)/V) + gamma_E + ln 2]/(2 ln G) + 1/2."""
    return (np.log((R * R - V1) / V) + C0) / (2 * np.log(G)) + 0.5


def var_stable(opt, eta, beta, lam, s2):
    """stationary variance of a stable coordinate (curvature lam) for sgd/hb/ema (ema: lr eta, bias correction irrelevant)."""
    if opt == "ema":
        eta, opt = eta * (1 - beta), "hb"
    if opt == "sgd":
        beta = 0.0
    return eta * s2 * (1 + beta) / (lam * (1 - beta) * (2 * (1 + beta) - eta * lam))


def var_path(opt, eta, beta, gam, s2, nmax, x0=0.0):
    """Exact mean and variance of x_n, n=0..nmax, for the linear unstable coordinate g = -gam x + xi.
    opt: 'sgd', 'hb' (PyTorch b_1=g), 'ema' (m=beta m+(1-beta)g, x -= eta m/(1-beta^n))."""
    mu = np.zeros(nmax + 1); var = np.zeros(nmax + 1)
    mu[0] = x0
    # state (x, b); covariance P
    m = np.array([x0, 0.0]); P = np.zeros((2, 2))
    for n in range(1, nmax + 1):
        if opt == "sgd":
            M = np.array([[1 + eta * gam, 0.0], [0.0, 0.0]]); w = np.array([-eta, 0.0])
        elif opt == "hb":
            bb = 0.0 if n == 1 else beta
            # b_n = bb b + g, g = -gam x + xi ; x_n = x - eta b_n
            M = np.array([[1 + eta * gam, -eta * bb], [-gam, bb]]); w = np.array([-eta, 1.0])
        else:
            c = eta / (1 - beta ** n)
            M = np.array([[1 + c * (1 - beta) * gam, -c * beta], [-(1 - beta) * gam, beta]]); w = np.array([-c * (1 - beta), 1 - beta])
        m = M @ m; P = M @ P @ M.T + s2 * np.outer(w, w)
        mu[n] = m[0]; var[n] = P[0, 0]
    return mu, var


def G_of(opt, eta, beta, gam):
    if opt == "sgd":
        return 1 + eta * gam, 0.0
    if opt == "hb":
        return growth_hb(eta, beta, gam)
    return growth_hb(eta * (1 - beta), beta, gam)


def V_exact(opt, eta, beta, gam, s2, tol=1e-10):
    """Var Z = lim Var(x_n)/G^(2n), by the exact covariance recursion."""
    G, _ = G_of(opt, eta, beta, gam)
    n = int(min(2e6, 60 / np.log(G) + 200))
    _, var = var_path(opt, eta, beta, gam, s2, n)
    return var[-1] / G ** (2 * n)


def steps_marginal(opt, eta, beta, gam, s2, R, V1=0.0, x0=0.0):
    """E[n] ~ sum_n P(|x_n| < R_eff), x_n ~ N(mu_n, var_n) exactly (assumes no return after first exit)."""
    G, _ = G_of(opt, eta, beta, gam)
    n = int(min(2e6, 80 / np.log(G) + 400))
    mu, var = var_path(opt, eta, beta, gam, s2, n, x0)
    Re = np.sqrt(R * R - V1)
    sd = np.sqrt(np.maximum(var, 1e-300))
    p = 0.5 * (special.erf((Re - mu) / (np.sqrt(2) * sd)) + special.erf((Re + mu) / (np.sqrt(2) * sd)))
    return p.sum()


def noise_free_steps(opt, eta, beta, gam, r0, R):
    """exact count by iterating the deterministic recursion."""
    x, b, n = r0, 0.0, 0
    while x < R:
        n += 1
        g = -gam * x
        if opt == "sgd":
            x -= eta * g
        elif opt == "hb":
            b = g if n == 1 else beta * b + g; x -= eta * b
        else:
            b = beta * b + (1 - beta) * g; x -= eta * b / (1 - beta ** n)
    return n


def noise_free_closed(eta, beta, gam, r0, R):
    """heavy ball closed form: x_n = A G^n + C r^n, A = r0(1+eta gam - r)/(G - r), C = r0 - A; first n with x_n >= R."""
    G, r = growth_hb(eta, beta, gam)
    A = r0 * (1 + eta * gam - r) / (G - r); C = r0 - A
    n = max(0, int(np.floor(np.log(R / A) / np.log(G))) - 5)
    while A * G ** n + C * r ** n < R:
        n += 1
    return n, A, np.log(r0 / A) / np.log(G)
