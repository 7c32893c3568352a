"""Escape laws for heavy-ball / EMA momentum / frozen-v Adam (minima) and saddle laws.
All 'steps' outputs are mean optimizer steps."""
import numpy as np
from scipy import integrate, special, optimize

EG = 0.5772156649015329


def mfpt_od(U, T, x0, c, xL, n=200001):
    """Exact overdamped MFPT (time units) dX=-U'dt+sqrt(2T)dW, reflecting at xL, absorbing at c."""
    z = np.linspace(xL, c, n)
    u = U(z) / T
    umin = u.min()
    inner = integrate.cumulative_trapezoid(np.exp(-(u - umin)), z, initial=0.0)  # * e^{-umin}
    outer = np.exp(u - u.max()) * inner                                               # * e^{umax-umin}
    m = z >= x0
    val = integrate.trapezoid(outer[m], z[m])
    return val * np.exp(u.max() - umin) / T


def dw(h, k):
    return lambda x: h * (k * x * x - 1) ** 2


def mfpt_dw(h, k, T, xe=None):
    a = 1 / np.sqrt(k)
    xe = a if xe is None else xe
    return mfpt_od(dw(h, k), T, -a, xe, -a - 6 * np.sqrt(T / (8 * h * k)) - 0.5 * a)


def kappa(X):
    """Kramers-Hanggi friction factor tau_KH / tau_overdamped; X = (omega_b/gamma)^2 = eta|H_b|/(1-beta)^2 (heavy ball)."""
    return (1 + np.sqrt(1 + 4 * X)) / 2


def mm_A(Delta):
    """Mel'nikov-Meshkov depopulation factor A(Delta) (single well, absorbing beyond barrier)."""
    if Delta > 200:
        return 1.0
    f = lambda y: np.log1p(-np.exp(-Delta * (0.25 + y * y))) / (0.25 + y * y)
    val, _ = integrate.quad(f, -np.inf, np.inf, limit=400)
    return np.exp(val / (2 * np.pi))


def hb_params(eta, beta, sigma2, Ha, Hb):
    """heavy ball (PyTorch, dampening 0): T, X."""
    T = eta * sigma2 / (2 * (1 - beta))
    X = eta * abs(Hb) / (1 - beta) ** 2
    return T, X


def hb_dw_steps(eta, beta, sigma2, h, k, mm=True, xe=None):
    """Law: heavy ball on L=h(kx^2-1)^2 from -a to +a. Returns dict with several levels."""
    Ha, Hb = 8 * h * k, -4 * h * k
    T, X = hb_params(eta, beta, sigma2, Ha, Hb)
    scale = (1 - beta) / eta                       # overdamped time -> steps
    t_od = mfpt_dw(h, k, T, xe)
    kap = kappa(X)
    # energy loss per barrier orbit / T : Delta = gamma*I_b/T, I_b=(8/3)sqrt(m h/k), m=eta, gamma=(1-beta)/eta
    Delta = (1 - beta) / eta * (8 / 3) * np.sqrt(eta * h / k) / T
    A = mm_A(Delta) if mm else 1.0
    kr = 2 * np.pi / np.sqrt(Ha * abs(Hb)) * np.exp(h / T)
    return dict(T=T, X=X, bT=h / T, Delta=Delta, A=A, kappa=kap,
                od=t_od * scale, kh=t_od * scale * kap, mm=t_od * scale * kap / A,
                kramers_kh=kr * scale * kap, kramers_mm=kr * scale * kap / A)


if __name__ == "__main__":
    # check against the Theory article (THEORY section 9)
    for bt, ref in [(10, 25527.09), (15, 3.730203e6), (20, 5.496611e8)]:
        print(bt, mfpt_dw(1, 1, 1 / bt), ref)
    for D in [0.1, 1, 3, 10, 30, 100]:
        print("A", D, mm_A(D))


def action_integral(U, xl, xb, n=20001):
    """J = int_{xl}^{xb} sqrt(U(xb)-U(x)) dx over the well side of the barrier (xl: turning point at energy U(xb))."""
    x = np.linspace(xl, xb, n)
    return integrate.trapezoid(np.sqrt(np.maximum(U(xb) - U(x), 0)), x)


def ema_dw_steps(eta, beta, sigma2, h, k, xe=None):
    """EMA momentum m=beta m+(1-beta)g, theta -= eta m/(1-beta^t): heavy ball at lr eta(1-beta)."""
    return hb_dw_steps(eta * (1 - beta), beta, sigma2, h, k, xe=xe)


def adam_v(eta, sigma2, Ha, T_of=None, iters=50):
    """Self-consistent frozen v for Adam at a minimum: v = sigma^2 + E[U'^2], E[U'^2] ~ Ha*T, T = eta sigma^2/(2 sqrt v)."""
    v = sigma2
    for _ in range(iters):
        v = sigma2 + Ha * eta * sigma2 / (2 * np.sqrt(v))
    return v


def adam_dw_steps(eta, b1, sigma2, h, k, eps=1e-8, vcorr=True, xe=None):
    """Frozen-v Adam = EMA momentum at lr eta/(sqrt(v)+eps)."""
    Ha = 8 * h * k
    v = adam_v(eta, sigma2, Ha) if vcorr else sigma2
    eeff = eta / (np.sqrt(v) + eps)
    d = ema_dw_steps(eeff, b1, sigma2, h, k, xe=xe)
    d["v"] = v; d["eta_eff"] = eeff
    return d
