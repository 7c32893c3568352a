# Heavy-ball: friction sweep at fixed X with eta->0 extrapolation (1-beta = sqrt(eta|H_b|/X)).
import numpy as np, sys
from laws import *
from run import sim
h, k = 1.0, 1.0
Hb = 4*h*k
bT = float(sys.argv[1]) if len(sys.argv) > 1 else 6
N = int(sys.argv[2]) if len(sys.argv) > 2 else 4000
Xs = [float(x) for x in sys.argv[3].split(",")] if len(sys.argv) > 3 else [0.25, 1, 4, 16, 64, 256]
etaHbs = [float(x) for x in sys.argv[4].split(",")] if len(sys.argv) > 4 else [0.0025, 0.01, 0.04]
print(f"ΔU/T = {bT}")
print("| X | η|H_b| | β | Δ | A(Δ) | κ | sim ± SE | KH law | sim/KH ± SE | MM law | sim/MM ± SE |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for X in Xs:
    for j, eh in enumerate(etaHbs):
        eta = eh/Hb; beta = 1 - np.sqrt(eh/X)
        T = h/bT; s2 = 2*T*(1-beta)/eta
        L = hb_dw_steps(eta, beta, s2, h, k)
        r = sim(land="dw", h=h, k=k, opt="hb", lr=eta, beta=float(beta), s0=float(np.sqrt(s2)), N=N, seed=int(1000*X)+j+int(10*bT))
        print(f"| {X:g} | {eh:g} | {beta:.5g} | {L['Delta']:.3g} | {L['A']:.3f} | {L['kappa']:.3f} | {r['mean']:.5g} ± {r['se']:.3g} | {L['kh']:.5g} | {r['mean']/L['kh']:.3f} ± {r['se']/L['kh']:.3f} | {L['mm']:.5g} | {r['mean']/L['mm']:.3f} ± {r['se']/L['mm']:.3f} |", flush=True)
