"""Compares the local and slurm searches of run.sh: same records (timings and job fields aside),
per-candidate seconds, and the cluster's overhead per candidate. Usage: compare.py OUT"""
import json, sys, statistics as st

out = sys.argv[1] if len(sys.argv) > 1 else "out/slurm-vs-local"
def hist(ex):
    return {r["i"]: r for r in map(json.loads, open(f"{out}/{ex}/history.jsonl"))}
loc, slu = hist("local"), hist("slurm")
strip = lambda r: {k: v for k, v in r.items() if k not in ("timings", "job")}
same = sorted(loc) == sorted(slu) and all(strip(loc[i]) == strip(slu[i]) for i in loc)
print(f"candidates: {sorted(loc)}; records identical apart from timings and job fields: {same}")
print("| candidate | status | val acc | local eval s | slurm eval s | slurm job s | job overhead s | queue wait s |")
print("|---|---|---|---|---|---|---|---|")
rows = []
for i in sorted(loc):
    l, s = loc[i], slu[i]
    js = s.get("job", {}).get("seconds")
    q = s["timings"].get("queue_wait")
    over = js - s["timings"]["total"] if js is not None else None
    rows.append((l["timings"]["total"], s["timings"]["total"], js, over, q))
    f = lambda x: "-" if x is None else f"{x:.1f}"
    print(f"| {i} | {l['status']} | {100*l.get('val_accuracy', 0):.2f}% | {f(l['timings']['total'])} | {f(s['timings']['total'])} | {f(js)} | {f(over)} | {f(q)} |")
m = lambda k: st.mean(r[k] for r in rows if r[k] is not None)
print(f"\nmeans: local eval {m(0):.1f} s, slurm eval {m(1):.1f} s, slurm job {m(2):.1f} s, "
      f"job overhead (start, reading the search folder and data) {m(3):.1f} s, queue wait {m(4):.1f} s")
