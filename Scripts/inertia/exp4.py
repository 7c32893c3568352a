# Adam (real, beta1=0.9, beta2=0.999) vs frozen-v Adam vs law, white noise, double well h=k=1
import numpy as np, sys
from laws import *
from run import sim
h=k=1.0; Ha=8.0
N=int(sys.argv[1]) if len(sys.argv)>1 else 4000
b2s=[0.999]+([0.99] if len(sys.argv)>2 else [])
print("| η_eff H_a (target) | ΔU/T_eff | σ | lr | β2 | sqrt(v) law | <sqrt(v̂)> sim | Adam sim ± SE | frozen-v sim ± SE | law (v=σ²+H_aT) | Adam/law | frozen/law | law with v=σ² | Adam/law(v=σ²) |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for i,eHa in enumerate([0.01, 0.04, 0.16]):
    for bT in [4,6,8]:
        T=h/bT; ee=eHa/Ha; s2=2*T/ee; s=np.sqrt(s2); lr=ee*s
        L=adam_dw_steps(lr,0.9,s2,h,k); L0=adam_dw_steps(lr,0.9,s2,h,k,vcorr=False)
        for b2 in b2s:
            ra=sim(land='dw',h=h,k=k,opt='adam',lr=float(lr),b1=0.9,b2=b2,s0=float(s),N=N,seed=500+10*i+bT)
            rf=sim(land='dw',h=h,k=k,opt='adamfrozen',lr=float(lr),b1=0.9,v0=float(L['v']),s0=float(s),N=N,seed=700+10*i+bT)
            print(f"| {eHa} | {L['bT']:.3g} | {s:.4g} | {lr:.4g} | {b2} | {np.sqrt(L['v']):.5g} | {ra['sqv']:.5g} | {ra['mean']:.5g} ± {ra['se']:.3g} | {rf['mean']:.5g} ± {rf['se']:.3g} | {L['mm']:.5g} | {ra['mean']/L['mm']:.3f} ± {ra['se']/L['mm']:.3f} | {rf['mean']/L['mm']:.3f} ± {rf['se']/L['mm']:.3f} | {L0['mm']:.5g} | {ra['mean']/L0['mm']:.3f} |",flush=True)
