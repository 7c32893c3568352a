# Saddle escape: SGD, heavy ball 0.9, EMA momentum 0.9 (Adai 1-D), frozen-v Adam, real Adam; eta=0.01, R=1.
import numpy as np, sys
from saddle import *
from run import sim
eta=0.01; R=1.0; lam=1.0; B=1
N=int(sys.argv[1]) if len(sys.argv)>1 else 4000
gams=[0.025,0.05,0.1,0.2,0.4]
noise=sys.argv[2] if len(sys.argv)>2 else "sgd"
dim=int(sys.argv[3]) if len(sys.argv)>3 else 1
crit="radius" if dim==2 else "coord"
print(f"noise={noise} dim={dim} crit={crit}")
print("| optimizer | γ | ln G | V | V1 | sim ± SE | asym law | sim/asym | marginal law | sim/marg |")
print("|---|---|---|---|---|---|---|---|---|---|")
for name in ["sgd","hb","ema","adamfrozen","adam"]:
    for i,g in enumerate(gams):
        s02 = g/B if noise=="sgd" else 1.0
        s12 = lam/B if noise=="sgd" else 1.0
        kw=dict(land="saddle",gam=g,lam=lam,dim=dim,R=R,crit=crit,s0=float(np.sqrt(s02)),s1=float(np.sqrt(s12)),N=N,seed=900+i)
        if name=="sgd": opt,e,b="sgd",eta,0.0; kw.update(opt="sgd",lr=eta)
        elif name=="hb": opt,e,b="hb",eta,0.9; kw.update(opt="hb",lr=eta,beta=0.9)
        elif name=="ema": opt,e,b="ema",eta,0.9; kw.update(opt="ema",lr=eta,beta=0.9)
        else:
            opt,b="ema",0.9
            # frozen v: noise variance per coordinate (v1 also gets lam^2 V1, self-consistently)
            v0=s02; e=eta/np.sqrt(v0)
            v1=s12
            for _ in range(30): v1 = s12 + lam**2*var_stable("ema", eta/np.sqrt(v1), 0.9, lam, s12)
            if name=="adamfrozen": kw.update(opt="adamfrozen",lr=eta,b1=0.9,v0=float(v0),v1=float(v1))
            else: kw.update(opt="adam",lr=eta,b1=0.9,b2=0.999)
        G,_=G_of(opt,e,b,g)
        V=V_exact(opt,e,b,g,s02)
        V1=0.0
        if dim==2:
            e1 = e if name in ("sgd","hb","ema") else eta/np.sqrt(v1)
            V1=var_stable(opt,e1,b,lam,s12)
        r=sim(**kw)
        la=steps_asym(G,V,R,V1); lm=steps_marginal(opt,e,b,g,s02,R,V1)
        print(f"| {name} | {g} | {np.log(G):.4g} | {V:.4g} | {V1:.3g} | {r['naive']:.5g} ± {r['naive_se']:.3g} | {la:.5g} | {r['naive']/la:.4f} | {lm:.5g} | {r['naive']/lm:.4f} |",flush=True)
