# discretisation bias: SGD vs heavy ball at fixed bT=6, h=k=1 (H_a=8)
import numpy as np
from laws import *
from run import sim
h=k=1.0; T=1/6.0; t_od=mfpt_dw(h,k,T)
print("| optimizer | η H_a | η_eff H_a | sim/law ± SE |")
print("|---|---|---|---|")
for beta in [0.0, 0.5, 0.8]:
    for eHa in [0.02, 0.08, 0.16, 0.32]:
        eta=eHa/8; s2=2*T*(1-beta)/eta
        if beta==0:
            r=sim(land='dw',h=h,k=k,opt='sgd',lr=eta,s0=float(np.sqrt(s2)),N=6000,seed=int(eHa*1000)+7); law=t_od/eta
        else:
            if eta*4/(1-beta)**2>1.0: continue
            r=sim(land='dw',h=h,k=k,opt='hb',lr=eta,beta=beta,s0=float(np.sqrt(s2)),N=6000,seed=int(eHa*1000)+9); law=hb_dw_steps(eta,beta,s2,h,k)['mm']
        print(f"| {'SGD' if beta==0 else 'HB β=%g'%beta} | {eHa} | {eHa/(1-beta):.3g} | {r['mean']/law:.3f} ± {r['se']/law:.3f} |",flush=True)
