#!/usr/bin/env python3
"""Independent high-precision mean first-passage times for the theory tests.

Evaluates the mean first-passage time of dX = -U'(X) dt + sqrt(2 D(X)) dW
(Ito, as the simulator's Euler-Maruyama steps are) with mpmath (30
significant digits) for the cases in Tests/EscapeLabTests/TheoryQuadratureTests.swift.
It is the solution of D tau'' - U' tau' = -1 with tau(c) = 0 and a
reflecting boundary at xL:

    tau(x0) = Int_{x0}^{c} dy exp(Phi(y)) Int_{xL}^{y} dz exp(-Phi(z)) / D(z),
    Phi' = U' / D

((exp(-Phi) tau')' = -exp(-Phi) / D). For constant D = T this is the classical
formula (Theory article, § Exact mean first-passage time); for position-dependent D the 1/D belongs to the inner
integral (on the outer one it would solve the
anti-Ito / isothermal convention instead). Phi is written in closed form and
checked against U'/D by numerical differentiation (the Swift code integrates U'/D numerically,
so the two evaluations share no code and no method). Every value is computed
twice, by nested tanh-sinh and by nested Gauss-Legendre quadrature; the
script fails unless the two agree to 1e-15 relative. Escape to the left
(c < x0) is mirrored, x -> -x, as the formula is written for c > x0.

    usage: python3 Scripts/mfpt_reference.py > /tmp/table.txt

Prints one Swift array literal row per case:
    (case, ratio, x0, c, tau)
"""
import sys
import mpmath as mp

mp.mp.dps = 30


def double_well(r):
    """U = (x^2 - 1)^2 at T = 1/r: Phi = r U, D = 1/r."""
    T = mp.mpf(1) / r
    return (lambda x: (x * x - 1) ** 2 / T), (lambda x: T), (lambda x: 4 * x * (x * x - 1)), [-1, 0, 1]


def tilted_well(r):
    """U = (x^2 - 1)^2 - x/4 at T = 1/r (escape from the right well to the left)."""
    T = mp.mpf(1) / r
    return (lambda x: ((x * x - 1) ** 2 - x / 4) / T), (lambda x: T), (lambda x: 4 * x * (x * x - 1) - mp.mpf(1) / 4), [-1, 0, 1]


def variable_diffusion(r):
    """U = (x^2 - 1)^2, D = (1/r)(1 + x^2/2): Phi = 4 r (x^2 - 3 log(x^2 + 2))."""
    T = mp.mpf(1) / r
    return ((lambda x: 4 * r * (x * x - 3 * mp.log(x * x + 2))), (lambda x: T * (1 + x * x / 2)),
            (lambda x: 4 * x * (x * x - 1)), [-1, 0, 1])


def inverted_parabola(r):
    """U = -x^2/2 (a saddle's unstable direction, gamma = 1) at D = 1/r, reflecting at 0."""
    T = mp.mpf(1) / r
    return (lambda x: -x * x / 2 / T), (lambda x: T), (lambda x: -x), [0]


CASES = {
    "doubleWell": double_well,
    "tiltedWell": tilted_well,
    "variableDiffusion": variable_diffusion,
    "invertedParabola": inverted_parabola,
}


def mfpt(phi, diff, marks, x0, c, xl, method):
    s = 1 if c > x0 else -1
    a, b = s * x0, s * c
    ph = lambda x: phi(s * x)
    d = lambda x: diff(s * x)
    lo = -mp.inf if xl is None else s * xl
    pts = sorted({s * m for m in marks})

    def split(u, v):
        inner = [p for p in pts if u < p < v]
        return [u] + inner + [v]

    # Shift both exponents by Phi's extreme values: the integrands stay <= 1.
    grid = [a + (b - a) * k / 64 for k in range(65)] + pts
    phimax = max(ph(x) for x in grid if a <= x <= b)
    left = [a - 3 + 3 * k / 64 for k in range(65)] + grid
    phimin = min(ph(x) for x in left if (xl is None or x >= lo) and x <= b)

    def inner(y):
        return mp.quad(lambda z: mp.exp(-(ph(z) - phimin)) / d(z), split(lo, y), method=method)

    outer = mp.quad(lambda y: mp.exp(ph(y) - phimax) * inner(y), split(a, b), method=method)
    return outer * mp.exp(phimax - phimin)


RUNS = [
    # (case, ratios, x0, c, reflecting boundary or None for -infinity)
    ("doubleWell", [1, 2, 3, 5, 8, 12, 20, 30], -1, 1, None),
    ("doubleWell", [1, 5, 30], -1, 0, None),
    ("tiltedWell", [1, 5, 30], 1, -1, None),
    ("variableDiffusion", [1, 3, 10, 30], -1, 1, None),
    ("invertedParabola", [1, 10, 30], 0, 1, 0),
]


def main():
    for case, ratios, x0, c, xl in RUNS:
        for r in ratios:
            phi, diff, grad, marks = CASES[case](mp.mpf(r))
            for x in map(mp.mpf, ("-2.5", "-1.3", "-0.4", "0.7", "1.9")):   # the closed form really is Int U'/D
                slope = mp.diff(phi, x)
                if abs(slope - grad(x) / diff(x)) > mp.mpf("1e-20") * (1 + abs(slope)):
                    sys.exit(f"{case} r={r}: Phi' = {slope} but U'/D = {grad(x) / diff(x)} at x = {x}")
            t1 = mfpt(phi, diff, marks, mp.mpf(x0), mp.mpf(c), None if xl is None else mp.mpf(xl), "tanh-sinh")
            t2 = mfpt(phi, diff, marks, mp.mpf(x0), mp.mpf(c), None if xl is None else mp.mpf(xl), "gauss-legendre")
            rel = abs(t1 / t2 - 1)
            if rel > mp.mpf("1e-15"):
                sys.exit(f"{case} r={r}: tanh-sinh {t1} and Gauss-Legendre {t2} differ by {rel}")
            print(f'    ("{case}", {r}, {x0}, {c}, {mp.nstr(t1, 17, min_fixed=-1, max_fixed=-1)}),'
                  f'  // agreement {mp.nstr(rel, 2)}', flush=True)


if __name__ == "__main__":
    main()
