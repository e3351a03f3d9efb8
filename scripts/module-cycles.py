#!/usr/bin/env python3
"""Lists the cycles among a crate's modules: module A depends on B when A's file names `crate::B`
(or `super::B` from a submodule) or re-exports from it. Exit 1 when a cycle exists.

Usage: scripts/module-cycles.py driver/src [--allow FILE]   (default: driver/src)
"""
import re
import sys
from pathlib import Path


def module_of(root: Path, f: Path) -> str:
    rel = f.relative_to(root).with_suffix("")
    parts = [p for p in rel.parts if p not in ("lib", "main", "mod")]
    return "/".join(parts) or "crate"


def deps(root: Path) -> dict:
    files = sorted(root.rglob("*.rs"))
    mods = {module_of(root, f): f for f in files}
    tops = {m.split("/")[0] for m in mods}
    out = {}
    for m, f in mods.items():
        text = f.read_text()
        # Test modules may use anything; they are not part of the library's layering.
        text = re.split(r"#\[cfg\(test\)\]\s*mod tests", text)[0]
        text = re.sub(r"//[^\n]*", "", text)
        found = set()
        for name in re.findall(r"\bcrate::([a-z_][a-z0-9_]*)", text):
            if name in tops:
                found.add(name)
        if "/" in m:
            for name in re.findall(r"\bsuper::([a-z_][a-z0-9_]*)", text):
                parent = m.rsplit("/", 1)[0]
                sib = parent + "/" + name
                if sib in mods:
                    found.add(sib)
        top = m.split("/")[0]
        out.setdefault(top, set()).update(d.split("/")[0] for d in found if d.split("/")[0] != top)
    return out


def cycles(g: dict) -> list:
    index, low, stack, on, comps = {}, {}, [], set(), []
    counter = [0]

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(g.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            strong(v)
    return comps


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "driver/src")
    g = deps(root)
    found = cycles(g)
    for c in found:
        inner = {m: sorted(d for d in g[m] if d in c) for m in c}
        print(f"cycle of {len(c)} modules in {root}: " + "; ".join(f"{m} -> {', '.join(d)}" for m, d in inner.items()))
    if not found:
        print(f"{root}: no cycle among {len(g)} modules")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
