# Heavy-ball escape from the double well: friction-regime verification.
import numpy as np, sys
from laws import *
from run import sim
h, k = 1.0, 1.0
Ha, Hb = 8*h*k, 4*h*k
rows = []
cfgs = []
for beta in [0.5, 0.9, 0.95]:
    for etaHb in [0.01, 0.04]:
        for bT in [4, 6, 8]:
            cfgs.append((beta, etaHb/Hb, bT))
N = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
print("| β | η | X=η|H_b|/(1-β)² | ΔU/T | Δ | sim ± SE | overdamped law | sim/od | KH law | sim/KH ± SE | MM law | sim/MM |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for i,(beta, eta, bT) in enumerate(cfgs):
    T = h/bT
    s2 = 2*T*(1-beta)/eta
    L = hb_dw_steps(eta, beta, s2, h, k)
    r = sim(land="dw", h=h, k=k, opt="hb", lr=eta, beta=beta, s0=float(np.sqrt(s2)), N=N, seed=100+i)
    print(f"| {beta} | {eta:.4g} | {L['X']:.3g} | {bT} | {L['Delta']:.3g} | {r['mean']:.5g} ± {r['se']:.3g} | {L['od']:.5g} | {r['mean']/L['od']:.3f} | {L['kh']:.5g} | {r['mean']/L['kh']:.3f} ± {r['se']/L['kh']:.3f} | {L['mm']:.5g} | {r['mean']/L['mm']:.3f} |", flush=True)
