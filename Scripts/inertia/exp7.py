# EMA momentum (bias-corrected) and real 1-D Adai on the double well, beta=0.9; SGD-like noise B=1 (sigma^2 = H_a/B scaled via T)
import numpy as np
from laws import *
from run import sim
h=k=1.0; Hb=4.0; Ha=8.0
print("| optimizer | lr | X=lr|H_b|/(1-β) | ΔU/T (T=lr σ²/2) | sim ± SE | law (MM) | sim/law ± SE |")
print("|---|---|---|---|---|---|---|")
for name in ["ema","adai"]:
    for X in [0.25,1.0]:
        for bT in [4,6,8]:
            beta=0.9; eta=X*(1-beta)/Hb; T=h/bT; s2=2*T/eta
            L=ema_dw_steps(eta,beta,s2,h,k)
            kw=dict(land="dw",h=h,k=k,lr=eta,s0=float(np.sqrt(s2)),N=3000,seed=int(31*X)+bT+(0 if name=="ema" else 50))
            if name=="ema": kw.update(opt="ema",beta=beta)
            else: kw.update(opt="adai",beta0=0.1,b2=0.99,eps=1e-3)
            r=sim(**kw)
            print(f"| {name} | {eta:.4g} | {L['X']:.3g} | {bT} | {r['mean']:.5g} ± {r['se']:.3g} | {L['mm']:.5g} | {r['mean']/L['mm']:.3f} ± {r['se']/L['mm']:.3f} |",flush=True)
