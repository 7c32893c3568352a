import numpy as np
from saddle import *
from run import sim
eta=0.01; R=1.0; r0=1e-3
print("| optimizer | γ | sim steps | law (exact) | ln G | asym ln(R/A)/lnG | lag ln(r0/A)/lnG |")
print("|---|---|---|---|---|---|---|")
for opt,b in [("sgd",0.0),("hb",0.9),("ema",0.9)]:
    for g in [0.025,0.05,0.1,0.2,0.4]:
        kw=dict(land="saddle",gam=g,dim=1,R=R,crit="coord",s0=0.0,r0=r0,N=1,opt=opt,lr=eta,seed=1)
        if b: kw["beta"]=b
        r=sim(**kw)
        n=noise_free_steps(opt,eta,b,g,r0,R)
        G,rr=G_of(opt,eta,b,g)
        if opt=="hb":
            nc,A,lag=noise_free_closed(eta,b,g,r0,R); assert nc==n
        elif opt=="sgd": A,lag=r0,0.0
        else:
            # EMA: amplitude from long iteration
            x,bb=r0,0.0
            for k in range(1,20000):
                gg=-g*x; bb=b*bb+(1-b)*gg; x-=eta*bb/(1-b**k)
            A=x/G**19999; lag=np.log(r0/A)/np.log(G)
        print(f"| {opt} | {g} | {int(r['naive'])} | {n} | {np.log(G):.5g} | {np.log(R/A)/np.log(G):.1f} | {lag:.2f} |")
# slopes
print()
gams=np.array([0.025,0.05,0.1,0.2,0.4])
def slope(y): return np.polyfit(np.log(gams),np.log(y),1)[0]
for noise in ["sgd","white"]:
  for opt,b,e0 in [("sgd",0.0,eta),("hb",0.9,eta),("ema",0.9,eta),("adam",0.9,eta)]:
    o = "ema" if opt=="adam" else opt
    Gs=[];Vs=[];laws=[]; lawsV=[]
    for g in gams:
        s2 = g if noise=="sgd" else 1.0
        e = e0/np.sqrt(s2) if opt=="adam" else e0
        G,_=G_of(o,e,b,g); V=V_exact(o,e,b,g,s2)
        Gs.append(G); Vs.append(V); laws.append(steps_asym(G,V,R))
    Gs=np.array(Gs); Vs=np.array(Vs)
    print(noise, opt, "law slope %.3f"%slope(laws), " growth-only slope (1/lnG) %.3f"%slope(1/np.log(Gs)), " amplitude part %.3f"%(slope(laws)-slope(1/np.log(Gs))),
          " ln(R^2/V)+C:", np.round(np.log(R*R/Vs)+C0,2))
