#!/usr/bin/env python3
"""PyTorch eager baseline for `hynas bench --train`.

Builds the network described by a hynas training program (JSON from the IR walk: layers with
parameter shapes, steps with operands; no hand-written model) as a torch.nn.Module and measures
training throughput: forward + cross-entropy + backward + optimiser step, batch B, on random
normalised images (the step's cost does not depend on the pixel values). Prints images/s.

    python bench_pytorch.py --program prog.json --threads 1 --steps 20 --batch 128 --optimizer sgd
"""
import argparse
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self, prog):
        super().__init__()
        self.prog = prog
        layers = []
        for spec in prog["layers"]:
            kind, shapes = spec["kind"], spec["shapes"]
            if kind == "conv":
                out_c, in_per_group, k, _ = shapes[0]
                g = spec["groups"]
                layers.append(nn.Conv2d(in_per_group * g, out_c, k, spec["stride"], spec["padding"],
                                        groups=g, bias=spec["bias"]))
            elif kind == "batch_norm":
                layers.append(nn.BatchNorm2d(shapes[0][0], eps=spec["eps"]))
            elif kind == "linear":
                out_f, in_f = shapes[0]
                layers.append(nn.Linear(in_f, out_f, bias=spec["bias"]))
            else:
                raise ValueError(f"unknown layer kind {kind}")
        self.layers = nn.ModuleList(layers)

    def forward(self, x):
        vals = [x]
        batch = x.shape[0]
        for step in self.prog["steps"]:
            op, a, args = step["op"], step["attrs"], [vals[i] for i in step["args"]]
            if op == "layer":
                v = self.layers[a["layer"]](args[0])
            elif op == "relu":
                v = F.relu(args[0])
            elif op == "add":
                v = args[0] + args[1]
            elif op == "mul":
                v = args[0] * a["scalar"]
            elif op == "pool":
                k, s, p = a["kernel"], a["stride"], a["padding"]
                mx = lambda t: F.max_pool2d(t, k, s, p)
                av = lambda t: F.avg_pool2d(t, k, s, p, count_include_pad=True)
                v = {"max": mx, "avg": av, "maxavg": lambda t: 0.5 * mx(t) + 0.5 * av(t)}[a["pool"]](args[0])
            elif op == "global_avg_pool":
                v = args[0].mean(dim=(2, 3), keepdim=True)
            elif op == "matmul":
                v = args[0] @ args[1]
            elif op == "softmax":
                v = F.softmax(args[0], dim=-1)
            elif op == "reshape":
                v = args[0].reshape([batch] + a["dims"])
            elif op == "swap":
                v = args[0].transpose(a["a"], a["b"])
            elif op == "linear_attention":
                # HANNAH's relu_linear_attention (hannah/nas/functional_operators/operators.py),
                # per head; q and k arrive ReLU'd, as HANNAH applies ReLU first.
                q, k, vv = F.relu(args[0]), F.relu(args[1]), args[2]
                vv = F.pad(vv, (0, 0, 0, 1), mode="constant", value=1)
                kv = torch.matmul(vv, k.transpose(-1, -2))
                out = torch.matmul(kv, q)
                v = out[:, :, :-1] / (out[:, :, -1:] + a["eps"])
            else:
                raise ValueError(f"unknown step {op}")
            vals.append(v)
        return vals[self.prog["output"]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--program", required=True)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--optimizer", choices=["sgd", "adamw"], default="adamw")
    ap.add_argument("--channels-last", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    with open(args.program) as f:
        prog = json.load(f)
    net = Net(prog)
    fmt = torch.channels_last if args.channels_last else torch.contiguous_format
    net = net.to(memory_format=fmt)
    if args.optimizer == "sgd":
        opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, nesterov=True, weight_decay=5e-4)
    else:
        opt = torch.optim.AdamW(net.parameters(), lr=1e-3, weight_decay=1e-5)
    x = torch.randn(args.batch, 3, 32, 32).contiguous(memory_format=fmt)
    y = torch.randint(0, 10, (args.batch,))

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()

    for _ in range(2):  # warm-up, as the Rust side
        step()
    t = time.perf_counter()
    for _ in range(args.steps):
        step()
    print(args.steps * args.batch / (time.perf_counter() - t))


if __name__ == "__main__":
    sys.exit(main())
